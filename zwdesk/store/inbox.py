"""The inbox (来稿): submissions received, their items, and what the editor made of them.

An item's state is 待审, 未采用 or 退回 as stored, or 采用 while an issue's entry links to it
(TextEntry.submitted_item, see zwdesk.store.links): removing that entry from the issue (or the
issue, or its section) makes the item 待审 again, with nothing else to update. Every write is
one transaction; a refused one leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from peewee import JOIN, Case, fn

from zwdesk.core import limits
from zwdesk.core.errors import ZwdeskError, quote
from zwdesk.core.kinds import kind as block_kind
from zwdesk.core.submission import Submission as Received
from zwdesk.core.submission import SubmittedItem as ReceivedItem
from zwdesk.core.submission import one_paragraph
from zwdesk.core.unitnames import unit_name
from zwdesk.store import history
from zwdesk.store.editing import heading_number, insert_row
from zwdesk.store.issues import get_issue, issue_label, refuse_final
from zwdesk.store.models import (
    STATE_ADOPTED,
    STATE_DECLINED,
    STATE_PENDING,
    STATE_RETURNED,
    Issue,
    Section,
    Submission,
    SubmittedItem,
    TextEntry,
    Unit,
    database,
)
from zwdesk.store.transaction import reads

STATES = (STATE_PENDING, STATE_ADOPTED, STATE_DECLINED, STATE_RETURNED)
PASTED = "粘贴"  # the source of a submission pasted in the app
ADOPTABLE_KINDS = ("items", "text")  # an adopted item is one more item or paragraph


class DuplicateSubmissionError(ZwdeskError):
    """The same submission was received before."""


class InboxError(ZwdeskError):
    pass


@dataclass(frozen=True)
class ItemFilter:
    """What the inbox list shows: None for any state, unit, first or last date."""

    state: str | None = None
    unit: str | None = None
    start: dt.date | None = None  # submission dates, inclusive
    end: dt.date | None = None
    unit_contains: bool = False  # ``unit`` is part of the name (the app), not all of it (CLI)


@dataclass(frozen=True)
class InboxItem:
    id: int
    state: str  # 待审 / 采用 / 未采用 / 退回
    date: dt.date
    unit: str
    author: str
    phone: str
    source: str
    text: str
    topic: str
    reason: str
    issue: tuple[int, int] | None  # (year, number) of the issue that adopted it


@dataclass(frozen=True)
class Origin:
    """Where an issue's entry came from (the app's form shows it)."""

    item_id: int
    unit: str
    date: dt.date


# --- receiving ---


def add_submission(received: Received, source: str) -> list[int]:
    """Store a submission and its items (ids in order); refuse one received before. Its unit
    is registered on first use, with the author and phone as its contact."""
    fingerprint = received.fingerprint()
    with database.atomic():
        earlier = (Submission.select(Submission, Unit).join(Unit)
                   .where(Submission.fingerprint == fingerprint).first())
        if earlier is not None:
            raise DuplicateSubmissionError(
                f"已收过：{quote(earlier.unit.name)} {earlier.date.isoformat()} 的报送"
                f"（{quote(earlier.source)}，{earlier.received_at:%Y-%m-%d %H:%M} 收到），"
                "未重复加入 (received before)")
        unit = _unit(received)
        row = Submission.create(unit=unit, author=received.author, phone=received.phone,
                                date=received.date, source=source, fingerprint=fingerprint)
        return [SubmittedItem.create(submission=row, position=position, text=item.text,
                                     topic=item.topic).id
                for position, item in enumerate(received.items)]


def add_pasted(unit: str, text: str, date: dt.date, author: str = "",
               phone: str = "") -> list[int]:
    """A unit's message pasted in the app: one item a paragraph, typed numbers (1. 一、)
    removed, held to the rules of a submission file (its errors name 粘贴 and the field)."""
    from zwdesk.core.submission import make_submission, pasted_paragraphs

    return add_submission(make_submission(PASTED, unit, author, phone, date,
                                          pasted_paragraphs(text)), PASTED)


def _unit(received: Received) -> Unit:
    name = unit_name(received.unit)
    unit = Unit.get_or_none(Unit.name == name)
    if unit is None:
        last = Unit.select(fn.MAX(Unit.position)).scalar() or 0
        unit = Unit.create(name=name, contact=received.author, phone=received.phone,
                           position=last + 1)
    return unit


def unit_names() -> list[str]:
    """The registry of units, in the order they were first seen (offered when typing)."""
    return list(Unit.select(Unit.name).order_by(Unit.position, Unit.id).scalars())


def is_registered(unit: str) -> bool:
    """Whether the registry holds this unit (its name in any of the forms unit_name folds)."""
    return Unit.select().where(Unit.name == unit_name(unit)).exists()


def fold_unit_names() -> int:
    """Units stored under names that unit_name folds into one (a no-break space, U+200D, a
    full-width space inside the name) merged into the first seen, their submissions with
    them, under the folded name; the submissions' fingerprints made again from it, so the
    same items sent again are known (one already held by another submission is left as it
    is). Idempotent; returns how many units were merged away (the schema step 6 → 7)."""
    groups: dict[str, list[Unit]] = {}
    for unit in Unit.select().order_by(Unit.position, Unit.id):
        groups.setdefault(unit_name(unit.name) or unit.name, []).append(unit)
    merged = 0
    for name, units in groups.items():
        if [unit.name for unit in units] == [name]:
            continue
        keep = next((unit for unit in units if unit.name == name), units[0])
        others = [unit.id for unit in units if unit is not keep]
        if others:
            Submission.update(unit=keep.id).where(Submission.unit.in_(others)).execute()
            Unit.delete().where(Unit.id.in_(others)).execute()
        Unit.update(name=name, contact=next((u.contact for u in units if u.contact), ""),
                    phone=next((u.phone for u in units if u.phone), "")).where(
            Unit.id == keep.id).execute()
        _refresh_fingerprints(keep.id, name)
        merged += len(others)
    return merged


def _refresh_fingerprints(unit_id: int, name: str) -> None:
    for row in Submission.select().where(Submission.unit == unit_id):
        items = tuple(ReceivedItem(item.text, item.topic) for item in
                      row.items.order_by(SubmittedItem.position))
        fingerprint = Received(name, row.author, row.phone, row.date, items).fingerprint()
        if not Submission.select().where(Submission.fingerprint == fingerprint).exists():
            Submission.update(fingerprint=fingerprint).where(Submission.id == row.id).execute()


# --- listing ---


def _state():  # noqa: ANN202 - a peewee expression
    """The state shown: 采用 while an entry links to the item, else the stored one."""
    return Case(None, ((TextEntry.id.is_null(False), STATE_ADOPTED),), SubmittedItem.state)


def _items_query(where: ItemFilter, *columns):  # noqa: ANN002, ANN202 - a peewee query
    if where.state not in (None, *STATES):
        raise InboxError(f"来稿状态应为 {'、'.join(STATES)} 之一，而不是 “{quote(where.state)}”")
    query = (SubmittedItem.select(*columns).join(Submission).join(Unit)
             .switch(SubmittedItem).join(TextEntry, JOIN.LEFT_OUTER)
             .join(Section, JOIN.LEFT_OUTER).join(Issue, JOIN.LEFT_OUTER))
    if where.state == STATE_ADOPTED:
        query = query.where(TextEntry.id.is_null(False))
    elif where.state is not None:
        query = query.where(TextEntry.id.is_null() & (SubmittedItem.state == where.state))
    unit = None if where.unit is None else unit_name(where.unit)
    if unit is not None and where.unit_contains:  # the registry is small: matched here,
        names = [name for name in unit_names() if unit in name]  # no LIKE and its escapes
        query = query.where(Unit.name.in_(names))
    elif unit is not None:
        query = query.where(Unit.name == unit)
    if where.start is not None:
        query = query.where(Submission.date >= where.start)
    if where.end is not None:
        query = query.where(Submission.date <= where.end)
    return query


def count_items(where: ItemFilter = ItemFilter()) -> int:
    return _items_query(where, SubmittedItem.id).count()


def list_items(where: ItemFilter = ItemFilter(), offset: int = 0,
               limit: int = 100) -> list[InboxItem]:
    """``limit`` items from the ``offset``-th, newest submission first (a submission's items
    in their order)."""
    query = (_items_query(where, *_COLUMNS)
             .order_by(Submission.date.desc(), Submission.id.desc(), SubmittedItem.position)
             .offset(offset).limit(limit))
    return [_inbox_item(row) for row in query.tuples()]


def get_item(item_id: int) -> InboxItem:
    row = _items_query(ItemFilter(), *_COLUMNS).where(SubmittedItem.id == item_id).tuples().first()
    if row is None:
        raise _no_item(item_id)
    return _inbox_item(row)


_COLUMNS = (SubmittedItem.id, _state(), Submission.date, Unit.name, Submission.author,
            Submission.phone, Submission.source, SubmittedItem.text, SubmittedItem.topic,
            SubmittedItem.reason, Issue.year, Issue.number)


def _inbox_item(row: tuple) -> InboxItem:
    *fields, year, number = row
    return InboxItem(*fields, None if year is None else (year, number))


def pending_count() -> int:
    """How many 来稿 wait for the editor (the app shows it)."""
    return count_items(ItemFilter(state=STATE_PENDING))


def adopted_count() -> int:
    """How many 来稿 an issue holds now (with ``pending_count``, whether the inbox changed)."""
    return TextEntry.select().where(TextEntry.submitted_item.is_null(False)).count()


# --- deciding ---


def _item(item_id: int) -> SubmittedItem:
    item = SubmittedItem.get_or_none(SubmittedItem.id == item_id)
    if item is None:
        raise _no_item(item_id)
    return item


def _no_item(item_id: int) -> InboxError:
    return InboxError(f"没有编号为 {item_id} 的来稿 (no submitted item {item_id})")


def adopted_at(item_id: int) -> TextEntry | None:
    """The issue's entry a 来稿 was adopted as; None while it is not adopted."""
    return TextEntry.get_or_none(TextEntry.submitted_item == item_id)


def describe_entry(entry: TextEntry) -> str:
    """2023年第9期 三、窗口工作动态 /（二）… 第3条: where an entry is, in words."""
    section = Section.get_by_id(entry.section_id)
    issue = Issue.get_by_id(section.issue_id)
    titles = [heading_number(section) + section.title]
    if section.parent_id is not None:
        parent = Section.get_by_id(section.parent_id)
        titles.insert(0, heading_number(parent) + parent.title)
    number = TextEntry.select().where((TextEntry.section == section.id)
                                      & (TextEntry.position < entry.position)).count() + 1
    return f"{issue_label(issue.year, issue.number)} {' / '.join(titles)} 第{number}条"


@reads
def adopted_place(item_id: int) -> str | None:
    """Where a 来稿 was adopted, in words (``describe_entry``); None while it is not."""
    entry = adopted_at(item_id)
    return None if entry is None else describe_entry(entry)


def _refuse_adopted(item_id: int) -> None:
    entry = adopted_at(item_id)
    if entry is not None:
        raise InboxError(f"来稿 {item_id} 已采用于 {describe_entry(entry)}"
                         " (already adopted)")


def adopt(item_id: int, section_id: int) -> TextEntry:
    """Put a 来稿's text at the end of a section's items or paragraphs, linked to it."""
    with database.atomic():
        item = _item(item_id)
        section = Section.get_or_none(Section.id == section_id)
        if section is None:  # another user's write (an import --replace) took it away
            raise InboxError("要放入的栏目已不存在，可能刚被其他用户修改，请重新选择 "
                             "(the section is gone)")
        refuse_final(Issue.get_by_id(section.issue_id))
        _refuse_adopted(item_id)
        heading = heading_number(section) + section.title
        if section.kind is None:
            raise InboxError(f"“{quote(heading)}”下有二级标题，请选择其中一个 "
                             "(choose a subsection)")
        if section.kind not in ADOPTABLE_KINDS:
            raise InboxError(f"“{quote(heading)}”是{block_kind(section.kind).label}，"
                             "不能放入来稿 (not an items or text block)")
        _set_state(item, STATE_PENDING, "")  # adopted now; 待审 again if the entry goes
        with history.action(history.ADOPTED, section.issue_id) as line:
            entry = insert_row(TextEntry, None, section=section.id, text=item.text,
                               submitted_item=item.id)
            unit = Unit.get_by_id(item.submission.unit_id).name
            line.new = (f"来稿 {item.id}（{unit}）→ "
                        f"{history.place_of(TextEntry, entry, section.issue_id)}")
        return entry


def adopt_into(item_id: int, year: int, number: int, place: str) -> TextEntry:
    """``adopt`` into the section ``place`` (``3.2``) of the issue 第``number``期 of ``year``,
    found in the same transaction: another user's write between finding and adopting cannot
    take the section away."""
    with database.atomic():
        return adopt(item_id, find_place(get_issue(year, number), place).id)


def adopt_item(item_id: int, section_id: int) -> int:
    """``adopt``, for a caller that keeps no rows: the new entry's id."""
    return adopt(item_id, section_id).id


def decline(item_id: int, reason: str = "") -> None:
    """未采用, with an optional reason."""
    _decide(item_id, STATE_DECLINED, reason)


def return_item(item_id: int, reason: str) -> None:
    """退回 to the unit for changes: the reason says what to change."""
    if not reason.strip():
        raise InboxError("退回须说明原因 (a return needs a reason)")
    _decide(item_id, STATE_RETURNED, reason)


def reset(item_id: int) -> None:
    """Back to 待审."""
    _decide(item_id, STATE_PENDING, "")


def _decide(item_id: int, state: str, reason: str) -> None:
    reason = one_paragraph(reason)
    if len(reason) > limits.MAX_TEXT:
        raise InboxError(f"原因过长，最多 {limits.MAX_TEXT} 个字符 (the reason is too long)")
    with database.atomic():
        item = _item(item_id)
        _refuse_adopted(item_id)  # an adopted one is taken out of the issue first
        _set_state(item, state, reason)


def _set_state(item: SubmittedItem, state: str, reason: str) -> None:
    decided = None if state == STATE_PENDING else dt.datetime.now().replace(microsecond=0)
    SubmittedItem.update(state=state, reason=reason, decided_at=decided).where(
        SubmittedItem.id == item.id).execute()


# --- places and origins ---


_PLACE = re.compile(r"\s*(\d{1,9})(?:\.(\d{1,9}))?\s*", re.ASCII)  # any longer: no such place


def place_numbers(place: str) -> tuple[int, ...]:
    """(3,) for ``3``, (3, 2) for ``3.2``: a section or subsection as printed, from 1."""
    match = _PLACE.fullmatch(place)
    if match is None:
        raise InboxError(f"位置应为 栏目号 或 栏目号.子栏目号，例如 3 或 3.2，而不是"
                         f" “{quote(place)}” (expected N or N.M)")
    return tuple(int(number) for number in match.groups() if number is not None)


def find_place(issue: Issue, place: str) -> Section:
    """The section ``3`` or subsection ``3.2`` of an issue (numbers as printed, from 1)."""
    numbers = place_numbers(place)
    parts = [str(number) for number in numbers]
    parent = None
    for depth, number in enumerate(numbers):
        siblings = (Section.select().where((Section.issue == issue.id) & (
            Section.parent.is_null() if parent is None else Section.parent == parent.id))
            .order_by(Section.position, Section.id))
        found = siblings.offset(number - 1).first() if number >= 1 else None
        if found is None:
            where = "" if depth == 0 else f"第{parts[0]}个栏目下"
            what = "栏目" if depth == 0 else "子栏目"
            raise InboxError(f"{issue_label(issue.year, issue.number)}{where}没有第{number}个"
                             f"{what} (no section {'.'.join(parts[:depth + 1])})")
        parent = found
    return parent


def origins(issue_id: int) -> dict[int, Origin]:
    """Which 来稿 each of an issue's entries came from, by entry id (one query)."""
    query = (TextEntry.select(TextEntry.id, SubmittedItem.id, Unit.name, Submission.date)
             .join(Section).switch(TextEntry).join(SubmittedItem).join(Submission).join(Unit)
             .where(Section.issue == issue_id))
    return {entry: Origin(item, unit, date) for entry, item, unit, date in query.tuples()}


# --- the tally ---


def tally_counts(start: dt.date, end: dt.date) -> list[tuple[str, int, int]]:
    """Per unit, of the items submitted from ``start`` to ``end``: (unit, 报送, 采用), in one
    grouped query. Units that submitted nothing then are not listed."""
    query = (Unit.select(Unit.name, fn.COUNT(SubmittedItem.id), fn.COUNT(TextEntry.id))
             .join(Submission).join(SubmittedItem).join(TextEntry, JOIN.LEFT_OUTER)
             .where(Submission.date.between(start, end))
             .group_by(Unit.id, Unit.name))
    return list(query.tuples())



# --- where an item can go ---


@dataclass(frozen=True)
class Place:
    """A section or subsection of an issue that takes 来稿 (items or paragraphs)."""

    section_id: int
    label: str  # 三、窗口工作动态 / （二）厅（局）长进大厅
    title: str  # 厅（局）长进大厅


def places(issue_id: int) -> list[Place]:
    """The issue's sections and subsections that can take a 来稿, in print order (one query)."""
    from zwdesk.core import wording

    sections = list(Section.select(Section.id, Section.parent, Section.title, Section.kind)
                    .where(Section.issue == issue_id).order_by(Section.position, Section.id))
    found: list[Place] = []
    for number, top in enumerate((s for s in sections if s.parent_id is None), 1):
        heading = wording.section_label(number) + top.title
        if top.kind in ADOPTABLE_KINDS:
            found.append(Place(top.id, heading, top.title))
        subs = (s for s in sections if s.parent_id == top.id)
        found.extend(Place(sub.id, f"{heading} / {wording.subsection_label(n)}{sub.title}",
                           sub.title)
                     for n, sub in enumerate(subs, 1) if sub.kind in ADOPTABLE_KINDS)
    return found


_BRACKETS = str.maketrans("", "", "()[]【】〔〕")  # after NFKC: （） are ()


def place_for_topic(topic: str, offered: list[Place]) -> Place | None:
    """The place a 来稿's intended topic names: its title exactly (numbers, spaces and
    brackets aside: 厅局长进大厅 and 厅(局)长进大厅 name 厅（局）长进大厅), else the one place
    whose title holds the topic or is held in it; None if none or several."""
    from zwdesk.core.numbering import split_leading_number

    def bare(text: str) -> str:
        text = unicodedata.normalize("NFKC", split_leading_number(text.strip())[1])
        return "".join(text.translate(_BRACKETS).split())

    wanted = bare(topic)
    if not wanted:
        return None
    exact = [p for p in offered if bare(p.title) == wanted]
    if exact:
        return exact[0]
    near = [p for p in offered if bare(p.title) and (wanted in bare(p.title)
                                                     or bare(p.title) in wanted)]
    return near[0] if len(near) == 1 else None


def last_place_of_unit(issue_id: int, unit: str) -> int | None:
    """The section of an issue that took this unit's 来稿 last (the adopt dialog offers it
    when an item's topic names no place); None when the issue took none of the unit's."""
    return (TextEntry.select(TextEntry.section).join(Section).switch(TextEntry)
            .join(SubmittedItem).join(Submission).join(Unit)
            .where((Section.issue == issue_id) & (Unit.name == unit_name(unit)))
            .order_by(TextEntry.id.desc()).scalar())
