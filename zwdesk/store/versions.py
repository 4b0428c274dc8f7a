"""No lost update: every part of an issue carries a version, and a write made against a version
that is no longer current is refused inside its own transaction, nothing of it stored.

The parts of an issue are its sections (``s12``: the section with id 12, its title and its
block's rows), its 报头 (``masthead``) and its 版记 (``distribution``, with the recipients);
``issue`` is the issue as a whole, for whole-issue actions (定稿, import --replace, a review
accepted, undo and redo, 新建下一期 from it).

How the versions are kept (the ``PartVersion`` rows, one per issue and part):

- ``issue`` counts every committed write of the issue: the database's commit bumps it for
  every issue the transaction touched (zwdesk.store.changes), however the write was made
  (the app, the command line, another desk).
- A part's version is the ``issue`` count of the last write that claimed it (``checked``).
- ``all`` is the ``issue`` count of the last write that changed the issue without naming its
  parts (a command-line import, a 来稿 adopted, a whole-issue action): every part's version is
  at least that, so such a write makes every part's older version stale. That is cautious (an
  edit of another part may be refused, and is then made again after reloading) but never lets
  an edit overwrite what it did not see.

Versions only grow (a part's row deleted with its issue comes back at the count), so a version
once stale never becomes current again. Writes are one at a time (SQLite's write lock, the
server's advisory write lock: zwdesk.store.server), so two writers of one issue take turns and
the second sees the first's versions.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from zwdesk.core.errors import ZwdeskError
from zwdesk.store.models import Issue, PartVersion, Section, database
from zwdesk.store.user import current_user

ISSUE = "issue"  # the whole issue: bumped by every write
ALL = "all"  # the last write that did not name its parts
MASTHEAD = "masthead"
DISTRIBUTION = "distribution"
_ROW_PARTS = (ISSUE, ALL)

# The issues the open transaction has claimed parts of (their ``issue`` count is bumped here,
# not again at commit); one writing thread per process, as for zwdesk.store.changes.
_claimed: dict[int, bool] = {}  # issue id → whether it claimed the whole issue


def section_part(section_id: int) -> str:
    return f"s{section_id}"


@dataclass(frozen=True)
class Version:
    number: int
    by: str = ""
    at: dt.datetime | None = None


class StaleWriteError(ZwdeskError):
    """A part changed since the version the write was made against; nothing was stored."""

    def __init__(self, part: str, current: Version, message: str) -> None:
        super().__init__(message)
        self.part, self.current = part, current


@dataclass(frozen=True)
class IssueVersions:
    """The versions of an issue's parts as they were read: what later writes are made
    against."""

    issue_id: int
    parts: dict[str, Version]

    def of(self, part: str) -> int:
        return max(self.parts.get(part, Version(0)).number, self._floor())

    def after_write(self, expected: Mapping[str, int], made: int) -> IssueVersions:
        """The versions as this reader knows them after its own write ``checked(expected)``
        stored as ``made``: the parts it claimed are at ``made``; the issue too, unless
        another writer came in between (then whole-issue actions wait for a fresh read)."""
        parts = dict(self.parts)
        if ISSUE in expected:  # a whole-issue write: every part's older version is stale
            return IssueVersions(self.issue_id, {**parts, ISSUE: Version(made),
                                                 ALL: Version(made)})
        for part in expected:
            parts[part] = Version(made)
        if self.of(ISSUE) == made - 1:  # nobody else wrote since these versions were read
            parts[ISSUE] = Version(made)
        return IssueVersions(self.issue_id, parts)

    def _floor(self) -> int:
        return self.parts[ALL].number if ALL in self.parts else 0


def read_versions(issue_id: int) -> IssueVersions:
    """The current version of every part of an issue (its sections, 报头, 版记, the issue)."""
    rows = {row.part: row for row in PartVersion.select().where(PartVersion.issue == issue_id)}
    floor = _version(rows.get(ALL))
    parts = {ISSUE: _version(rows.get(ISSUE)), ALL: floor}
    names = [MASTHEAD, DISTRIBUTION, *(section_part(s) for s in Section.select(Section.id)
                                       .where(Section.issue == issue_id).scalars())]
    for name in names:
        parts[name] = _newer(_version(rows.get(name)), floor)
    return IssueVersions(issue_id, parts)


def last_writer(issue_id: int) -> str:
    """The user whose write of the issue was the last committed ('' if none is known)."""
    row = PartVersion.get_or_none((PartVersion.issue == issue_id) & (PartVersion.part == ISSUE))
    return row.changed_by if row is not None and row.changed_by else ""


def _version(row: Any) -> Version:  # noqa: ANN401 - a PartVersion row or None
    return Version(0) if row is None else Version(row.version, row.changed_by, row.changed_at)


def _newer(one: Version, other: Version) -> Version:
    return one if one.number >= other.number else other


@contextlib.contextmanager
def checked(issue_id: int, expected: Mapping[str, int]) -> Iterator[int]:
    """A write transaction made against the versions ``expected`` (part → version, as
    ``read_versions`` gave them, or as an earlier ``checked`` left them): refused with
    StaleWriteError before anything is written when one of them is no longer current.
    Yields the version the claimed parts have once it commits (``ISSUE`` in ``expected``: a
    whole-issue action, which makes every part's older version stale)."""
    with database.atomic():
        number = claim(issue_id, expected)
        yield number


def claim(issue_id: int, expected: Mapping[str, int]) -> int:
    """Inside a write transaction: check the versions, then give the parts the issue's next
    count (see ``checked``)."""
    rows = _part_rows(issue_id, [*expected, ALL])
    current = _version(rows.get(ISSUE))
    floor = _version(rows.get(ALL))
    for part, version in expected.items():
        now = current if part == ISSUE else _newer(_version(rows.get(part)), floor)
        if now.number != version:
            raise _stale(issue_id, part, now)
    number = current.number + 1
    whole = ISSUE in expected
    _set(issue_id, [ISSUE, *([ALL] if whole else [p for p in expected if p not in _ROW_PARTS])],
         number)
    _claimed[issue_id] = _claimed.get(issue_id, False) or whole
    return number


def _part_rows(issue_id: int, parts: list[str]) -> dict[str, Any]:
    """The issue's rows of ``parts`` and of its write count (a missing row is version 0), in
    one statement. They stay as read until the transaction ends: writes are one at a time
    (SQLite's write lock taken at BEGIN IMMEDIATE, the server's write lock taken at BEGIN:
    zwdesk.store.server), so another writer of the issue waits, then sees what this one
    wrote."""
    return {row.part: row for row in PartVersion.select().where(
        (PartVersion.issue == issue_id) & PartVersion.part.in_([ISSUE, *parts]))}


def _set(issue_id: int, parts: list[str], number: int) -> None:
    """Give the issue's ``parts`` the version ``number``, with who and when (one statement)."""
    by, at = current_user(), dt.datetime.now().replace(microsecond=0)
    PartVersion.insert_many([{"issue": issue_id, "part": part, "version": number,
                              "changed_by": by, "changed_at": at} for part in parts]) \
        .on_conflict(conflict_target=[PartVersion.issue, PartVersion.part],
                     update={PartVersion.version: number, PartVersion.changed_by: by,
                             PartVersion.changed_at: at}).execute()


def bump_touched(issue_ids: list[int]) -> None:
    """At commit: every issue the transaction wrote counts one more write; one that did not
    claim its parts makes them all stale (``ALL``). A deleted issue has no versions left."""
    unclaimed = [i for i in issue_ids if i not in _claimed]
    _claimed.clear()
    if not unclaimed:
        return
    for issue_id in Issue.select(Issue.id).where(Issue.id.in_(unclaimed)).scalars():
        number = _version(_part_rows(issue_id, []).get(ISSUE)).number + 1
        _set(issue_id, [ISSUE, ALL], number)


def forget_claims() -> None:
    """The transaction was rolled back."""
    _claimed.clear()


def _stale(issue_id: int, part: str, now: Version) -> StaleWriteError:
    what = _part_name(issue_id, part)
    who = now.by or "其他用户"
    when = f"于 {now.at:%H:%M} " if now.at else ""
    return StaleWriteError(part, now, f"{what}已被 {who} {when}修改，您的修改未保存。"
                                      f" ({part} changed since version was read)")


def _part_name(issue_id: int, part: str) -> str:
    if part == ISSUE:
        return "本期"
    if part == MASTHEAD:
        return "报头"
    if part == DISTRIBUTION:
        return "版记"
    section = Section.get_or_none(Section.id == int(part[1:])) if part[1:].isdigit() else None
    if section is None:
        return "该栏目"
    from zwdesk.store.editing import heading_number

    return f"「{heading_number(section)}{section.title}」"
