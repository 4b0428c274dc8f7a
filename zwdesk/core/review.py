"""A reviewed copy of an issue against the stored one: the differences, and applying a choice.

``differences(stored, reviewed)`` walks both issue dicts (the exchange format) and returns one
``Difference`` per changed value. Lists (sections, items, paragraphs, checks…) are aligned with
difflib's SequenceMatcher on their texts or titles, so a deleted paragraph is one difference,
not a change of every paragraph after it. The distribution list (``recipients``) is never
compared: a Word document does not hold it. ``apply(stored, chosen)`` returns the stored issue
with a chosen subset of the differences made. Pure Python: no Qt, no database.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from zwdesk.core.bulletin import DISTRIBUTION_ANCHOR, MASTHEAD_ANCHOR, section_anchor
from zwdesk.core.checks import place_in_words
from zwdesk.core.errors import ZwdeskError, quote
from zwdesk.core.kinds.window_stats import COUNT_NAMES
from zwdesk.core.limits import MAX_TEXT
from zwdesk.core.wording import full_date

Issue = dict[str, Any]
Step = str | int

CHANGE, INSERT, DELETE = "change", "insert", "delete"
NOT_COMPARED = frozenset({"format", "version", "recipients"})
SIMILAR = 0.4  # texts at least this alike are one entry changed, not one deleted and one added
MISSING: Any = None  # the old value of an insert, the new value of a delete

# A field in words, by its path in the issue dict: the review's places, and the revision
# history's (zwdesk.store.history).
FIELD_WORDS = {
    "publication": "刊名", "editor": "编印单位", "year": "年份", "number": "期号",
    "serial": "总期号", "issue_date": "印发日期", "period.start": "时段开始日期",
    "period.end": "时段结束日期", "report": "报", "send": "送", "issue": "发",
    "copies": "共印份数", "title": "标题", "source": "数据来源", "from": "统计开始日期",
    "to": "统计结束日期", "": "内容",
    **{f"week.{k}": f"本周{v}" for k, v in COUNT_NAMES.items()},
    **{f"year_to_date.{k}": f"今年以来{v}" for k, v in COUNT_NAMES.items()},
    **{f"{group}.{key}": f"{name}{word}"
       for group, name in (("licensing", "行政许可事项"), ("public_service", "公共服务事项"),
                           ("other", "其它行权事项"))
       for key, word in (("accepted", "受理"), ("completed", "办结"), ("categories", "类数"))},
}
CHECK_PARTS = {"title": "标题", "finding": "情况"}


@dataclass(frozen=True)
class Difference:
    """One difference. ``steps`` lead to it in the stored issue; for an insert they end with
    the index the new entry takes among the stored ones (it goes before that entry)."""

    path: str  # sections[2].subsections[1].block.items[3]
    place: str  # 三、窗口工作动态 / （二）窗口服务效能提升工作情况 / 第4条
    old: Any
    new: Any
    kind: str = CHANGE
    steps: tuple[Step, ...] = field(default=(), repr=False)
    order: int = field(default=0, repr=False)  # among inserts at the same index


def differences(stored: Issue, reviewed: Issue) -> list[Difference]:
    """Every difference of ``reviewed`` from ``stored``, in the order of the issue."""
    return list(_compare(stored, reviewed, (), (), (stored, reviewed)))


def apply(issue: Issue, chosen: list[Difference]) -> Issue:
    """A copy of ``issue`` (as ``differences`` got it) with the ``chosen`` differences made.

    Changes go first, by their paths; then inserts and deletes, deepest lists first and from
    the end of each list, so no index is shifted before it is used.
    """
    result = copy.deepcopy(issue)
    for diff in chosen:
        if diff.kind == CHANGE:
            container = _follow(result, diff.steps[:-1]) if diff.steps else None
            if container is None:
                result = copy.deepcopy(diff.new)
            else:
                container[diff.steps[-1]] = copy.deepcopy(diff.new)
    structural = [d for d in chosen if d.kind != CHANGE]
    for diff in sorted(structural, key=_structural_order, reverse=True):
        entries = _follow(result, diff.steps[:-1])
        if diff.kind == DELETE:
            del entries[diff.steps[-1]]
        else:
            entries.insert(diff.steps[-1], copy.deepcopy(diff.new))
    return result


def _structural_order(diff: Difference) -> tuple:
    return (len(diff.steps), diff.steps[:-1], diff.steps[-1], diff.kind == DELETE, diff.order)


def _follow(data: Any, steps: tuple[Step, ...]) -> Any:
    for step in steps:
        data = data[step]
    return data


# --- comparing ---


def _compare(old: Any, new: Any, steps: tuple[Step, ...], new_steps: tuple[Step, ...],
             issues: tuple[Issue, Issue]) -> Iterator[Difference]:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict) and _same_shape(old, new):
        for key in old:
            if key not in NOT_COMPARED:
                yield from _compare(old[key], new[key], (*steps, key), (*new_steps, key), issues)
    elif isinstance(old, list) and isinstance(new, list):
        yield from _compare_lists(old, new, steps, new_steps, issues)
    else:
        yield _difference(CHANGE, steps, old, new, issues[0])


def _same_shape(old: dict, new: dict) -> bool:
    keys = set(old) - NOT_COMPARED
    return keys == set(new) - NOT_COMPARED and old.get("kind") == new.get("kind")


def _runs(old: list, new: list) -> Iterator[tuple[int, list[tuple[int | None, int | None]]]]:
    """The runs of two aligned lists: each its end in ``old`` and its pairs (old index, new
    index), an entry and its counterpart (similar enough: one entry changed), or None on one
    side (deleted, inserted)."""
    old_keys, new_keys = [_key(v) for v in old], [_key(v) for v in new]
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        yield i2, (list(zip(range(i1, i2), range(j1, j2), strict=True)) if tag == "equal"
                   else _pair(old_keys[i1:i2], new_keys[j1:j2], i1, j1))


def align(old: list, new: list) -> list[tuple[int | None, int | None]]:
    """Two lists (sections, items, checks…) aligned as the review compares them: pairs of
    (old index, new index), None on the side where an entry was deleted or inserted."""
    return [pair for _, pairs in _runs(old, new) for pair in pairs]


def corresponding(old: Any, new: Any, steps: tuple[Step, ...]) -> tuple[Step, ...] | None:
    """Where the value at ``steps`` of ``old`` is in ``new``, each list on the way aligned as
    the review aligns it (an entry whose text was edited is still the same entry); None when
    it was deleted, or its place no longer has that key (another block kind)."""
    found: list[Step] = []
    for step in steps:
        to: Step | None
        if isinstance(step, int):
            if not isinstance(old, list) or not isinstance(new, list):
                return None
            to = next((j for i, j in align(old, new) if i == step), None)
        else:
            to = step if isinstance(new, dict) and step in new else None
        if to is None:
            return None
        old, new = old[step], new[to]
        found.append(to)
    return tuple(found)


def _compare_lists(old: list, new: list, steps: tuple[Step, ...], new_steps: tuple[Step, ...],
                   issues: tuple[Issue, Issue]) -> Iterator[Difference]:
    for i2, pairs in _runs(old, new):
        for k, (i, j) in enumerate(pairs):  # never (None, None)
            if i is not None and j is not None:
                yield from _compare(old[i], new[j], (*steps, i), (*new_steps, j), issues)
            elif i is not None:
                yield _difference(DELETE, (*steps, i), old[i], MISSING, issues[0])
            elif j is not None:
                before = next((i for i, _ in pairs[k + 1:] if i is not None), i2)
                yield _difference(INSERT, (*steps, before), MISSING, new[j], issues[1],
                                  (*new_steps, j), k)


def _key(value: Any) -> str:
    """What lists are aligned on: a text itself, a section's or check's title."""
    if isinstance(value, dict):
        return str(value.get("title", value.get("name", "")))
    return str(value)


def _pair(olds: list[str], news: list[str], i0: int,
          j0: int) -> list[tuple[int | None, int | None]]:
    """Old and new entries of a replaced run matched in order, each pair alike enough (a
    single old and new entry are always a pair); the rest deleted (new None) or inserted
    (old None)."""
    if len(olds) == 1 and len(news) == 1:
        return [(i0, j0)]
    rows, cols = len(olds), len(news)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            alike = SequenceMatcher(None, olds[i], news[j], autojunk=False).ratio()
            paired = best[i + 1][j + 1] + alike if alike >= SIMILAR else -1.0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < rows or j < cols:
        if i < rows and j < cols and best[i][j] not in (best[i + 1][j], best[i][j + 1]):
            pairs.append((i0 + i, j0 + j))
            i, j = i + 1, j + 1
        elif i < rows and (j == cols or best[i][j] == best[i + 1][j]):
            pairs.append((i0 + i, None))
            i += 1
        else:
            pairs.append((None, j0 + j))
            j += 1
    return pairs


def _difference(kind: str, steps: tuple[Step, ...], old: Any, new: Any, named_in: Issue,
                place_steps: tuple[Step, ...] | None = None, order: int = 0) -> Difference:
    place = place_of(named_in, place_steps if place_steps is not None else steps)
    return Difference(path_text(steps), place, old, new, kind, steps, order)


# --- words ---


def path_text(steps: tuple[Step, ...]) -> str:
    """('sections', 0, 'block', 'items', 3) → sections[0].block.items[3]"""
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def place_of(issue: Issue, steps: tuple[Step, ...]) -> str:
    """The place of a path in words, as the 检查 list names places."""
    if steps[:1] == ("sections",) and len(steps) > 1:
        anchor, rest = _section_anchor(steps)
    elif steps[:1] == ("distribution",):
        anchor, rest = DISTRIBUTION_ANCHOR, steps[1:]
    else:
        anchor, rest = MASTHEAD_ANCHOR, steps
    rest = rest[1:] if rest[:1] == ("block",) else rest
    field_key = path_text(rest)
    place = place_in_words(issue, anchor, field_key if "[" in field_key else "")
    return _with_field_words(place, rest)


def _section_anchor(steps: tuple[Step, ...]) -> tuple[str, tuple[Step, ...]]:
    """The anchor of a path into ``sections`` (s2, s2.1), and the rest of the path."""
    match steps:
        case ("sections", int(index), "subsections", int(sub), *rest):
            return section_anchor(index, sub), tuple(rest)
        case ("sections", int(index), *rest):
            return section_anchor(index), tuple(rest)
    raise ValueError(f"not a path into the sections: {steps!r}")


def _with_field_words(place: str, rest: tuple[Step, ...]) -> str:
    if len(rest) >= 2 and isinstance(rest[1], int):  # an entry: its words are in the place
        part = CHECK_PARTS.get(rest[2]) if len(rest) > 2 and isinstance(rest[2], str) else None
        return f"{place} {part}" if part else place
    key = path_text(rest)
    words = FIELD_WORDS.get(key, key)
    return f"{place} / {words}" if rest or place in ("报头", "版记") else place


def shown(value: Any) -> str:
    """A value as the secretary reads it: a text as it is, a date in words, a section or
    check by its title."""
    if value is MISSING:
        return ""
    if isinstance(value, dt.date):
        return full_date(value)
    if isinstance(value, dict):
        if "finding" in value:
            return f"{value['title']}：{value['finding']}"
        return str(value.get("title", value.get("kind", "")))
    if isinstance(value, list):
        return "；".join(shown(v) for v in value)
    return str(value)


def describe(diff: Difference) -> str:
    """One line: the place, the path, the old and the new value (the command line's review)."""
    if diff.kind == INSERT:
        change = f"新增：{_line(diff.new)}"
    elif diff.kind == DELETE:
        change = f"删除：{_line(diff.old)}"
    else:
        change = f"{_line(diff.old)} → {_line(diff.new)}"
    return f"{diff.place}\t{diff.path}\t{change}"


def _line(value: Any) -> str:
    return quote(shown(value), MAX_TEXT)


# --- a review as read ---


@dataclass
class Review:
    """A reviewed document against its stored issue."""

    stored: Issue
    reviewed: Issue
    differences: list[Difference]
    comments: list[tuple[str, str]]  # (paragraph, comment)
    kept_as_text: list[str]  # paragraphs of the document not placed, so not compared
    warnings: list[str]

    def apply(self, chosen: list[Difference]) -> Issue:
        return apply(self.stored, chosen)

    def lines(self, context: int = 60) -> list[str]:
        """What the command line prints: differences, comments, what was not compared (the
        paragraphs of comments and those not compared cut to ``context`` characters)."""
        lines = [describe(d) for d in self.differences] or ["审阅稿与本期内容相同"]
        lines += [f"批注\t{quote(paragraph, context)}\t{quote(comment, MAX_TEXT)}"
                  for paragraph, comment in self.comments]
        lines += [f"未比较\t{quote(text, context)}\t这一段未能对应到本期的位置，请手工核对"
                  for text in self.kept_as_text]
        return lines + [f"提醒\t{quote(warning, 300)}" for warning in self.warnings]


def make_review(stored: Issue, read: Any) -> Review:
    """``read`` is the reader's ReadResult of the reviewed document; a document of another
    issue is refused."""
    reviewed = read.issue
    if (reviewed["year"], reviewed["number"]) != (stored["year"], stored["number"]):
        raise ZwdeskError(f"审阅稿是 {reviewed['year']}年第{reviewed['number']}期，不是 "
                          f"{stored['year']}年第{stored['number']}期 (another issue)")
    return Review(stored, reviewed, differences(stored, reviewed), list(read.comments),
                  list(read.kept_as_text), list(read.warnings))
