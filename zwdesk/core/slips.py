"""Typing slips in one text: placeholders left in, half-width punctuation in Chinese, a
doubled word, unpaired brackets. Each function gives short Chinese descriptions, with the place
in the text; zwdesk.core.problems turns them into problems.
"""

from __future__ import annotations

import re

# A bracketed prompt such as （请填写单位名称） or 【待补充】, or a run of XXX / ××× / ＸＸＸ.
_PLACEHOLDER = re.compile(r"[（(【\[〔]\s*(?:请填写|请输入|请选择|待填|待补充|此处)"
                          r"[^（）()【】\[\]〔〕]{0,30}[）)】\]〕]?|[X×Ｘ]{3,}")


def placeholders(text: str) -> list[str]:
    """The placeholder texts left in ``text``: （请填写…）, (请输入…), 【待补充】, XXX…"""
    return [match[0] for match in _PLACEHOLDER.finditer(text)]


MAX_WARNINGS_PER_TEXT = 3  # a pasted text with a slip repeated 1000 times: 3 lines and a count


def text_warnings(text: str) -> list[str]:
    """What looks wrong in one typed string, each as a short Chinese description."""
    found = list(dict.fromkeys([*half_width_punctuation(text), *doubled_words(text),
                                *unpaired_brackets(text)]))
    if len(found) > MAX_WARNINGS_PER_TEXT:
        rest = len(found) - MAX_WARNINGS_PER_TEXT
        found = [*found[:MAX_WARNINGS_PER_TEXT], f"另有 {rest} 处类似问题，请通读这一段"]
    return found


def _excerpt(text: str, at: int, length: int = 1, around: int = 8) -> str:
    start, end = max(0, at - around), min(len(text), at + length + around)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


# Han ideographs (basic, extension A, compatibility, extensions B and up).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# Chinese context: Han plus CJK punctuation, full-width forms and the quotes/dash/ellipsis
# Chinese text uses.
_CJK = re.compile(f"[{_HAN}\u3000-\u303f\uff01-\uff60“”‘’…—·]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def _is_cjk(ch: str) -> bool:
    return _CJK.fullmatch(ch) is not None


def _next_to_cjk(text: str, at: int) -> bool:
    """Whether the nearest non-space character on either side of ``at`` is Chinese."""
    left = text[:at].rstrip(" ")
    right = text[at + 1:].lstrip(" ")
    return bool(left and _is_cjk(left[-1])) or bool(right and _is_cjk(right[0]))


def half_width_punctuation(text: str) -> list[str]:
    """Half-width , ; : ? ! ( ) written in Chinese text.

    A mark counts as Chinese text when the nearest character beside it is Chinese, so
    ``9:30``, ``1,000``, ``1.5`` and URLs are left alone. Parentheses are judged as a pair by
    what they enclose: ``(RB/T214-2017)`` or ``(WTO)`` around plain ASCII is accepted even
    beside Chinese (both forms are common and it is not worth a warning); a pair enclosing
    Chinese is reported once. A parenthesis without its partner is judged like the others.
    """
    pairs, lone = _ascii_paren_pairs(text)
    found = []
    for opening, closing in pairs:
        if any(_is_cjk(ch) for ch in text[opening + 1:closing]):
            found.append((opening, closing - opening + 1,
                          "半角括号“()”应为全角“（）”"))
    for at, ch in enumerate(text):
        if ch in _HALF_TO_FULL and (ch not in "()" or at in lone) and _next_to_cjk(text, at):
            found.append((at, 1, f"半角“{ch}”应为全角“{_HALF_TO_FULL[ch]}”"))
    return [f"{what}：{_excerpt(text, at, length)}" for at, length, what in sorted(found)]


def _ascii_paren_pairs(text: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Matched ``(``/``)`` positions, innermost first, and the positions left unmatched."""
    stack, pairs, lone = [], [], set()
    for at, ch in enumerate(text):
        if ch == "(":
            stack.append(at)
        elif ch == ")":
            if stack:
                pairs.append((stack.pop(), at))
            else:
                lone.add(at)
    return pairs, lone | set(stack)


_DOUBLED = re.compile(f"([{_HAN}]{{2,4}})\\1")
# Verb reduplications (研究研究 "look into it") that a leader's words may legitimately contain.
# A typing slip of these exact words goes unnoticed; the list is kept short on purpose.
ALLOWED_REPEATS = frozenset({"研究", "讨论", "商量", "考虑", "学习", "了解", "交流", "沟通"})


def doubled_words(text: str) -> list[str]:
    """A run of 2–4 Han characters written twice in a row, e.g. 推进政务政务服务.

    Single-character reduplication (常常, 人人, 层层, 一一) is ordinary Chinese and never
    matched. Also accepted: the verb reduplications in ALLOWED_REPEATS and the pattern
    一X一X / 一XY一XY (一步一步, 一项一项, 一件事一件事), which means "one by one".
    """
    found = []
    for match in _DOUBLED.finditer(text):
        run = match[1]
        if run in ALLOWED_REPEATS or (run[0] == "一" and len(run) <= 3):
            continue
        found.append(f"词语重复“{match[0]}”：{_excerpt(text, match.start(), len(match[0]))}")
    return found


_BRACKETS = (("“", "”", "引号"), ("《", "》", "书名号"), ("（", "）", "括号"),
             ("【", "】", "方括号"))


def unpaired_brackets(text: str) -> list[str]:
    """Full-width quotes and brackets “” 《》 （） 【】 that are not closed, or closed twice."""
    found = []
    for opening, closing, name in _BRACKETS:
        open_at: list[int] = []
        for at, ch in enumerate(text):
            if ch == opening:
                open_at.append(at)
            elif ch == closing and open_at:
                open_at.pop()
            elif ch == closing:
                found.append((at, f"{name}不成对：多了 {closing}"))
        found += [(at, f"{name}不成对：{opening} 缺少对应的 {closing}") for at in open_at]
    return [f"{what}：{_excerpt(text, at)}" for at, what in sorted(found)]
