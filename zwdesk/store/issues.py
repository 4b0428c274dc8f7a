"""Storing whole issues: an issue dict (see zwdesk.core.exchange) in, rows out, and back."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from peewee import IntegrityError

from zwdesk.core import limits
from zwdesk.core.errors import ZwdeskError, quote
from zwdesk.core.limits import FORMAT_NAME, FORMAT_VERSION

if TYPE_CHECKING:
    from zwdesk.core.problems import Problem

from zwdesk.store import history
from zwdesk.store.blocks import insert_block, load_blocks
from zwdesk.store.changes import touch
from zwdesk.store.links import carry_links, issue_links
from zwdesk.store.models import STATUS_DRAFT as STATUS_DRAFT  # for the app, which sees no models
from zwdesk.store.models import (
    STATUS_FINAL,
    Distribution,
    Issue,
    Publication,
    Recipient,
    Section,
    database,
)
from zwdesk.store.transaction import reads, writes


class IssueExistsError(ZwdeskError):
    """The year-number or the serial of an issue is already taken."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


class IssueNotFoundError(ZwdeskError):
    pass


def issue_label(year: int, number: int) -> str:
    return f"{year}年第{number}期"


@dataclass(frozen=True)
class IssueSummary:
    """An issue as the issue list shows it: its numbers, its period and its status."""

    id: int
    year: int
    number: int
    serial: int  # 总第M期
    period_start: dt.date
    period_end: dt.date
    status: str  # STATUS_DRAFT / STATUS_FINAL

    @property
    def label(self) -> str:
        return issue_label(self.year, self.number)

    @property
    def final(self) -> bool:
        return self.status == STATUS_FINAL


@dataclass(frozen=True)
class IssueInfo(IssueSummary):
    """An issue's 报头 without its content: what the app keeps of the issue it has open."""

    issue_date: dt.date
    publication: str  # 政务服务工作
    editor: str  # 四川省政府政务服务和公共资源交易服务中心


# An issue as the store's functions take it: a row (the store, the command line) or the plain
# summary the app holds; only its id (and for some, its numbers and status) is read.
IssueRef = Issue | IssueSummary


def parse_issue_key(key: str) -> tuple[int, int]:
    """'2023-9' → (2023, 9); year and number within the limits an issue can have."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,4})\s*", key, re.ASCII)
    if not match:
        raise ZwdeskError(f"期号格式应为 年-期，例如 2023-9 "
                          f"(expected YEAR-NUMBER, got '{quote(key)}')")
    year, number = int(match[1]), int(match[2])
    if not limits.YEAR_MIN <= year <= limits.YEAR_MAX:
        raise ZwdeskError(f"年份应为 {limits.YEAR_MIN}–{limits.YEAR_MAX} "
                          f"(year must be {limits.YEAR_MIN}–{limits.YEAR_MAX}, got {year})")
    if not limits.NUMBER_MIN <= number <= limits.NUMBER_MAX:
        raise ZwdeskError(f"期号应为 {limits.NUMBER_MIN}–{limits.NUMBER_MAX} "
                          f"(number must be {limits.NUMBER_MIN}–{limits.NUMBER_MAX}, got {number})")
    return year, number


def find_issue(year: int, number: int) -> Issue | None:
    return Issue.get_or_none((Issue.year == year) & (Issue.number == number))


def get_issue(year: int, number: int) -> Issue:
    issue = find_issue(year, number)
    if issue is None:
        raise IssueNotFoundError(f"没有 {issue_label(year, number)} (no issue {year}-{number})")
    return issue


def list_issues() -> list[Issue]:
    """All issues, newest first."""
    return list(_newest_first(Issue.select()))


def _newest_first(query):  # noqa: ANN001, ANN202 - a peewee query
    return query.order_by(Issue.year.desc(), Issue.number.desc())


# The columns an issue list shows: a row per issue without loading its content.
_SUMMARY = (Issue.id, Issue.year, Issue.number, Issue.serial, Issue.period_start,
            Issue.period_end, Issue.status)


def count_issues() -> int:
    return Issue.select().count()


_INFO = (*_SUMMARY, Issue.issue_date, Publication.name, Publication.editor)


def issue_summaries(offset: int, limit: int) -> list[IssueSummary]:
    """``limit`` issues from the ``offset``-th, newest first (id, numbers, period, status)."""
    query = _newest_first(Issue.select(*_SUMMARY)).offset(offset).limit(limit)
    return [IssueSummary(*row) for row in query.tuples()]


def issue_summary(issue_id: int) -> IssueSummary | None:
    row = Issue.select(*_SUMMARY).where(Issue.id == issue_id).tuples().first()
    return None if row is None else IssueSummary(*row)


def _first_info(where: Any) -> IssueInfo | None:  # noqa: ANN401 - a peewee expression
    row = Issue.select(*_INFO).join(Publication).where(where).tuples().first()
    return None if row is None else IssueInfo(*row)


def issue_info(issue_id: int) -> IssueInfo | None:
    """The issue ``issue_id`` (its 报头, not its content); None if it is gone."""
    return _first_info(Issue.id == issue_id)


def find_issue_info(year: int, number: int) -> IssueInfo | None:
    """The issue 第``number``期 of ``year``; None if there is none."""
    return _first_info((Issue.year == year) & (Issue.number == number))


def number_taken_by(year: int, number: int, issue_id: int) -> IssueInfo | None:
    """Another issue than ``issue_id`` numbered 第``number``期 of ``year``, if one is."""
    return _first_info((Issue.year == year) & (Issue.number == number) & (Issue.id != issue_id))


def serial_taken_by(serial: int, issue_id: int) -> IssueInfo | None:
    """Another issue than ``issue_id`` numbered 总第``serial``期, if one is."""
    return _first_info((Issue.serial == serial) & (Issue.id != issue_id))


@reads
def issue_position(issue_id: int) -> int | None:
    """Where an issue stands in the newest-first list (0 for the newest); None if it is gone."""
    issue = Issue.select(Issue.year, Issue.number).where(Issue.id == issue_id).first()
    if issue is None:
        return None
    newer = (Issue.year > issue.year) | ((Issue.year == issue.year)
                                         & (Issue.number > issue.number))
    return Issue.select().where(newer).count()


def latest_issue() -> Issue | None:
    """The newest issue (the highest year, then number), read with one indexed query."""
    return _newest_first(Issue.select()).first()


@writes
def latest_issue_date() -> dt.date | None:
    """The 印发日期 of the newest issue; None when there is none."""
    latest = latest_issue()
    return latest.issue_date if latest is not None else None


@writes
def add_next_issue() -> IssueInfo | None:
    """新建下一期: the issue after the newest one (zwdesk.core.nextissue) stored; None when
    there is no issue yet to follow."""
    from zwdesk.core.nextissue import next_issue

    latest = latest_issue()
    if latest is None:
        return None
    with history.action(history.NEXT_ISSUE) as line:
        issue = save_issue(next_issue(load_issue(latest)))
        line.issue_id = issue.id
        line.new = f"{issue_words(issue)}，由{issue_label(latest.year, latest.number)}新建"
    return issue_info(issue.id)


def issue_words(issue: IssueRef) -> str:
    """2023年第9期（总第429期）."""
    return f"{issue_label(issue.year, issue.number)}（总第{issue.serial}期）"


@writes
def delete_issue(issue_id: int) -> None:
    """Delete an issue with all its content (its search rows go by ON DELETE CASCADE, its
    adopted 来稿 become 待审); a 定稿 issue is refused."""
    issue = Issue.get_or_none(Issue.id == issue_id)
    if issue is not None:
        refuse_final(issue)
        issue.delete_instance()


# --- saving ---


def refuse_final(issue: IssueRef) -> None:
    """A 定稿 issue is not changed by anything but 重新打开 (the app) first."""
    if issue.status == STATUS_FINAL:
        raise ZwdeskError(f"{issue_label(issue.year, issue.number)}已定稿，不能修改；如需修改，"
                          "请先在程序中“重新打开”本期 (the issue is final)")


def save_issue(data: dict[str, Any], replace: bool = False, source: str = "") -> Issue:
    """Store a validated issue dict in one transaction; refuse a taken year-number or serial,
    and a replacement of a 定稿 issue. One line in the issue's history: 导入 (naming the
    ``source`` file, if given), or 导入替换 with what changed (the replaced issue's history
    goes on in the new one's)."""
    with database.atomic():
        existing = find_issue(data["year"], data["number"])
        if existing is not None and not replace:
            raise _number_taken(data)
        if existing is not None:
            refuse_final(existing)
        _refuse_taken_serial(data, existing)
        from_file = f" ← {source}" if source else ""
        if existing is None:
            with history.action(history.IMPORTED) as line:
                issue = _insert_issue(data)
                line.issue_id, line.new = issue.id, issue_words(issue) + from_file
            return issue
        with history.action(history.REPLACED) as line:
            old, links, lines = load_issue(existing), issue_links(existing.id), \
                history.issue_history(existing.id)
            existing.delete_instance()
            issue = _insert_issue(data)
            history.add_lines(issue.id, lines)
            carry_links(issue.id, old, data, links)
            line.issue_id, line.new = issue.id, history.summary(old, data) + from_file
        return issue


def replace_issue_content(issue_id: int, data: dict[str, Any],
                          place: str = history.REVIEW_ACCEPTED) -> Issue:
    """Store a validated issue dict over the issue ``issue_id`` in one transaction, keeping
    its id and status (an accepted review); a year-number or serial of another issue is
    refused. One line in the issue's history, ``place`` naming the action."""
    with database.atomic():
        issue = Issue.get_by_id(issue_id)
        refuse_final(issue)
        owner = find_issue(data["year"], data["number"])
        if owner is not None and owner.id != issue_id:
            raise IssueExistsError("number", f"{issue_label(data['year'], data['number'])}已存在 "
                                   "(issue exists)")
        _refuse_taken_serial(data, issue)
        with history.action(place, issue_id) as line:
            old, links = load_issue(issue), issue_links(issue_id)
            Section.delete().where(Section.issue == issue).execute()
            Distribution.delete().where(Distribution.issue == issue).execute()
            Recipient.delete().where(Recipient.issue == issue).execute()
            Issue.update(updated_at=dt.datetime.now().replace(microsecond=0),
                         **_issue_columns(data)).where(Issue.id == issue_id).execute()
            _insert_content(Issue.get_by_id(issue_id), data)
            carry_links(issue_id, old, data, links)
            line.new = history.summary(old, data)
        return Issue.get_by_id(issue_id)


def _refuse_taken_serial(data: dict[str, Any], existing: Issue | None) -> None:
    serial_owner = Issue.get_or_none(Issue.serial == data["serial"])
    if serial_owner is not None and serial_owner != existing:
        raise IssueExistsError("serial", f"总第{data['serial']}期已被 "
                               f"{issue_label(serial_owner.year, serial_owner.number)}使用 "
                               "(serial number taken)")


def _issue_columns(data: dict[str, Any]) -> dict[str, Any]:
    publication, _ = Publication.get_or_create(name=data["publication"], editor=data["editor"])
    return {"publication": publication, "year": data["year"], "number": data["number"],
            "serial": data["serial"], "issue_date": data["issue_date"],
            "period_start": data["period"]["start"], "period_end": data["period"]["end"]}


def _insert_issue(data: dict[str, Any]) -> Issue:
    try:
        with database.atomic():
            issue = Issue.create(**_issue_columns(data))
    except IntegrityError:
        # Another desk stored the same year-number or serial since it was looked up (a server
        # does not hold the others off as SQLite's write lock does): refused as if seen.
        taken = find_issue(data["year"], data["number"])
        if taken is None:
            _refuse_taken_serial(data, None)
            raise
        raise _number_taken(data) from None
    return _insert_content(issue, data)


def _number_taken(data: dict[str, Any]) -> IssueExistsError:
    return IssueExistsError("number", f"{issue_label(data['year'], data['number'])}已存在，"
                            "如需覆盖请用 --replace (issue exists; use --replace)")


def _insert_content(issue: Issue, data: dict[str, Any]) -> Issue:
    for position, section in enumerate(data["sections"]):
        _insert_section(issue, None, position, section)
    _insert_distribution(issue, data["distribution"])
    touch(issue.id)
    return issue


def _insert_section(issue: Issue, parent: Section | None, position: int,
                    data: dict[str, Any]) -> None:
    block = data.get("block")
    section = Section.create(issue=issue, parent=parent, position=position, title=data["title"],
                             kind=block["kind"] if block else None)
    if block:
        insert_block(section, block)
    for sub_position, sub in enumerate(data.get("subsections", [])):
        _insert_section(issue, section, sub_position, sub)


def _insert_distribution(issue: Issue, data: dict[str, Any]) -> None:
    recipients = data.get("recipients", [])
    # A file says only how many copies; they follow the register if they equal its sum.
    auto = bool(recipients) and data["copies"] == sum(r["copies"] for r in recipients)
    Distribution.create(issue=issue, report=data["report"], send=data["send"],
                        issue_line=data["issue"], copies=data["copies"],
                        has_register="recipients" in data, copies_auto=auto)
    for position, recipient in enumerate(data.get("recipients", [])):
        Recipient.create(issue=issue, position=position, **recipient)


# --- loading ---


@reads
def load_issue(issue: IssueRef) -> dict[str, Any]:
    """The issue as an issue dict (the exchange format with dates as datetime.date)."""
    return load_issues([issue if isinstance(issue, Issue) else Issue.get_by_id(issue.id)])[0]


def load_issues(issues: Sequence[Issue]) -> list[dict[str, Any]]:
    """Issue dicts of many issues read together: a few queries per table, not per issue or
    section (rebuilding the search index reads every issue). Callers pass at most a few hundred
    issues at a time."""
    ids = [issue.id for issue in issues]
    sections = list(Section.select().where(Section.issue.in_(ids))
                    .order_by(Section.issue, Section.parent.is_null(False), Section.position))
    blocks = load_blocks([s for s in sections if s.kind is not None])
    children: dict[tuple[int, int | None], list[Section]] = {}
    for section in sections:
        children.setdefault((section.issue_id, section.parent_id), []).append(section)
    distributions = {d.issue_id: d for d in Distribution.select()
                     .where(Distribution.issue.in_(ids))}
    recipients: dict[int, list[Recipient]] = {}
    for recipient in Recipient.select().where(Recipient.issue.in_(ids)) \
            .order_by(Recipient.issue, Recipient.position):
        recipients.setdefault(recipient.issue_id, []).append(recipient)
    publications = {p.id: p for p in Publication.select()
                    .where(Publication.id.in_({i.publication_id for i in issues}))}
    return [{
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "publication": publications[issue.publication_id].name,
        "editor": publications[issue.publication_id].editor,
        "year": issue.year,
        "number": issue.number,
        "serial": issue.serial,
        "issue_date": issue.issue_date,
        "period": {"start": issue.period_start, "end": issue.period_end},
        "sections": [_section_data(s, children, blocks)
                     for s in children.get((issue.id, None), [])],
        "distribution": _distribution_data(distributions[issue.id],
                                           recipients.get(issue.id, [])),
    } for issue in issues]


def _section_data(section: Section, children: dict[tuple[int, int | None], list[Section]],
                  blocks: dict[int, dict[str, Any]]) -> dict[str, Any]:
    if section.kind is None:
        subs = children.get((section.issue_id, section.id), [])
        return {"title": section.title,
                "subsections": [_section_data(s, children, blocks) for s in subs]}
    return {"title": section.title, "block": blocks[section.id]}


def _distribution_data(dist: Distribution, recipients: list[Recipient]) -> dict[str, Any]:
    data: dict[str, Any] = {"report": dist.report, "send": dist.send,
                            "issue": dist.issue_line, "copies": dist.copies}
    if dist.has_register:
        data["recipients"] = [{"group": r.group, "name": r.name, "copies": r.copies}
                              for r in recipients]
    return data


def previous_issue(issue: IssueRef) -> Issue | None:
    """The issue just before ``issue`` in (year, number) order."""
    earlier = (Issue.year < issue.year) | ((Issue.year == issue.year)
                                           & (Issue.number < issue.number))
    return Issue.select().where(earlier).order_by(Issue.year.desc(), Issue.number.desc()).first()


@reads
def year_run(year: int) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The issue dicts of ``year`` in 第N期 order (read together: a year is at most a few hundred)
    and the last issue of the years before, loaded (None if there is none): what
    zwdesk.core.yearcheck.check_year takes."""
    issues = Issue.select().where(Issue.year == year).order_by(Issue.number)
    before = _newest_first(Issue.select().where(Issue.year < year)).first()
    return load_issues(list(issues)), None if before is None else load_issue(before)


@reads
def previous_issue_data(issue: IssueRef) -> dict[str, Any] | None:
    """The issue dict of the issue just before ``issue``; None for the first one stored."""
    previous = previous_issue(issue)
    return None if previous is None else load_issue(previous)


@reads
def check_stored_issue(issue: IssueRef, data: dict[str, Any] | None = None) -> list[Problem]:
    """The 检查 list of a stored issue (the app's panel and ``zwdesk check``).

    ``data`` is ``load_issue(issue)`` when the caller has it already. The previous issue is
    loaded for the sequence and year-to-date checks; whether the 期号 or 总期号 is taken by
    another issue is asked of the database directly.
    """
    from zwdesk.core.checks import check_issue  # the checks load only when used

    data = load_issue(issue) if data is None else data
    previous = previous_issue(issue)
    others = Issue.select().where(Issue.id != issue.id)
    year, number, serial = data["year"], data["number"], data["serial"]
    number_taken = others.where((Issue.year == year) & (Issue.number == number)).exists()
    serial_taken = others.where(Issue.serial == serial).exists()
    from zwdesk.store.settings import banji_even_page

    return check_issue(data, None if previous is None else load_issue(previous),
                       taken_numbers={(year, number)} if number_taken else set(),
                       taken_serials={serial} if serial_taken else set(),
                       even_page=banji_even_page())


def print_copies(issue: IssueRef) -> int:
    """How many copies to print: 共印N份 of the issue's 版记."""
    return Distribution.get(Distribution.issue == issue.id).copies
