"""Typing slips in one text: placeholders left in, half-width punctuation (straight quotes too)
in Chinese, a doubled word, unpaired brackets. Each function gives short Chinese descriptions,
with the place in the text; zwdesk.core.problems turns them into problems (text_findings also
names the words each is about, for the app to select).
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
    return [what for what, _words in text_findings(text)]


def text_findings(text: str) -> list[tuple[str, str]]:
    """What looks wrong in one typed string: (the description, the words of ``text`` it is
    about — the doubled 政务政务, the quoted "一件事一次办" — or '' for a count of the rest)."""
    found: dict[str, str] = {}
    for at, length, what in [*_punctuation(text), *_doubled(text), *_unpaired(text)]:
        found.setdefault(_say(text, at, length, what), text[at:at + length])
    items = list(found.items())
    if len(items) > MAX_WARNINGS_PER_TEXT:
        rest = len(items) - MAX_WARNINGS_PER_TEXT
        items = [*items[:MAX_WARNINGS_PER_TEXT], (f"另有 {rest} 处类似问题，请通读这一段", "")]
    return items


# A finding in one string: where it starts, how long it is, and what is wrong there.
Finding = tuple[int, int, str]


def _say(text: str, at: int, length: int, what: str) -> str:
    return f"{what}：{_excerpt(text, at, length)}"


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
    """Half-width , ; : ? ! ( ) " ' written in Chinese text.

    A mark counts as Chinese text when the nearest character beside it is Chinese, so
    ``9:30``, ``1,000``, ``1.5`` and URLs are left alone. Parentheses are judged as a pair by
    what they enclose: ``(RB/T214-2017)`` or ``(WTO)`` around plain ASCII is accepted even
    beside Chinese (both forms are common and it is not worth a warning); a pair enclosing
    Chinese is reported once. A parenthesis without its partner is judged like the others.
    Quotes are paired in order (see _half_width_quotes) and the full-width pair offered.
    """
    return [_say(text, *finding) for finding in _punctuation(text)]


def _punctuation(text: str) -> list[Finding]:
    pairs, lone = _ascii_paren_pairs(text)
    found = []
    for opening, closing in pairs:
        if any(_is_cjk(ch) for ch in text[opening + 1:closing]):
            found.append((opening, closing - opening + 1,
                          "半角括号“()”应为全角“（）”"))
    for at, ch in enumerate(text):
        if ch in _HALF_TO_FULL and (ch not in "()" or at in lone) and _next_to_cjk(text, at):
            found.append((at, 1, f"半角“{ch}”应为全角“{_HALF_TO_FULL[ch]}”"))
    return sorted(found + _half_width_quotes(text))


_QUOTES = {'"': ("“", "”"), "'": ("‘", "’")}


def full_width(fragment: str) -> str:
    """The words a 半角 line is about, in full-width punctuation: straight quotes paired in
    order (the first opens, the next closes), , ; : ? ! ( ) as their Chinese forms."""
    out, opened = [], dict.fromkeys(_QUOTES, False)
    for ch in fragment:
        if ch in _QUOTES:
            out.append(_QUOTES[ch][1 if opened[ch] else 0])
            opened[ch] = not opened[ch]
        else:
            out.append(_HALF_TO_FULL.get(ch, ch))
    return "".join(out)
QUOTED_SHOWN = 12  # characters of a quoted phrase repeated in the message


def _half_width_quotes(text: str) -> list[Finding]:
    """Straight quotes " and ' in Chinese text (推行"一件事一次办"), with the full-width pair
    offered: “一件事一次办”. Each mark is paired with the next one of its kind; a pair is
    Chinese text when it encloses Chinese or stands beside it. An apostrophe between Latin
    letters (don't) and a mark right after a digit (5'30", a prime) are not quotes."""
    found = []
    for mark, (left, right) in _QUOTES.items():
        marks = [at for at, ch in enumerate(text) if ch == mark and not _is_prime(text, at)]
        for opening, closing in zip(marks[0::2], marks[1::2], strict=False):
            inner = text[opening + 1:closing]
            if (any(_is_cjk(ch) for ch in inner) or _next_to_cjk(text, opening)
                    or _next_to_cjk(text, closing)):
                shown = inner if len(inner) <= QUOTED_SHOWN else inner[:QUOTED_SHOWN - 1] + "…"
                found.append((opening, closing - opening + 1,
                              f"半角引号{mark}{shown}{mark}应为全角{left}{shown}{right}"))
        if len(marks) % 2 and _next_to_cjk(text, marks[-1]):
            found.append((marks[-1], 1, f"半角引号{mark}应为全角{left}或{right}"))
    return found


def _is_prime(text: str, at: int) -> bool:
    """An apostrophe inside a Latin word, or a prime: ' after a digit (5'), " after the
    digits that follow one (5'30")."""
    before = text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if text[at] == "'":
        return (before.isascii() and before.isdigit()) or (
            before.isascii() and before.isalpha() and after.isascii() and after.isalpha())
    digits = len(text[:at]) - len(text[:at].rstrip("0123456789."))
    return digits > 0 and text[:at - digits].endswith("'") and _is_prime(text, at - digits - 1)


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
    return [_say(text, *finding) for finding in _doubled(text)]


def _doubled(text: str) -> list[Finding]:
    found = []
    for match in _DOUBLED.finditer(text):
        run = match[1]
        if run in ALLOWED_REPEATS or (run[0] == "一" and len(run) <= 3):
            continue
        found.append((match.start(), len(match[0]), f"词语重复“{match[0]}”"))
    return found


_BRACKETS = (("“", "”", "引号"), ("《", "》", "书名号"), ("（", "）", "括号"),
             ("【", "】", "方括号"))


def unpaired_brackets(text: str) -> list[str]:
    """Full-width quotes and brackets “” 《》 （） 【】 that are not closed, or closed twice."""
    return [_say(text, *finding) for finding in _unpaired(text)]


def _unpaired(text: str) -> list[Finding]:
    found = []
    for opening, closing, name in _BRACKETS:
        open_at: list[int] = []
        for at, ch in enumerate(text):
            if ch == opening:
                open_at.append(at)
            elif ch == closing and open_at:
                open_at.pop()
            elif ch == closing:
                found.append((at, 1, f"{name}不成对：多了 {closing}"))
        found += [(at, 1, f"{name}不成对：{opening} 缺少对应的 {closing}") for at in open_at]
    return sorted(found)
