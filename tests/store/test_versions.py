"""No lost update: versions of an issue's parts, checked inside the write's own transaction,
with two real connections (two desks) on a SQLite file and on a server."""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterator

import pytest
from support.builders import SAMPLE_JSON, db_snapshot

from zwdesk.core.exchange import read_issue
from zwdesk.store import editing, inbox, versions
from zwdesk.store.database import open_database
from zwdesk.store.issues import find_issue, save_issue
from zwdesk.store.models import Issue, Section, TextEntry, database
from zwdesk.store.user import set_user
from zwdesk.store.versions import ISSUE, StaleWriteError, read_versions, section_part


@contextlib.contextmanager
def desk(db, user: str) -> Iterator[None]:  # noqa: ANN001 - an open Database
    """Work as the desk whose connection is ``db``, logged in as ``user``."""
    before = database.obj
    database.initialize(db)
    set_user(user)
    try:
        yield
    finally:
        set_user(None)
        database.initialize(before)


@pytest.fixture
def desks(db_location):  # noqa: ANN001, ANN201
    """Two connections to one new archive holding the sample issue: 王敏's and 李强's."""
    first = open_database(db_location)
    save_issue(read_issue(SAMPLE_JSON))
    second = open_database(db_location)
    yield first, second
    first.close()
    second.close()


def _items(issue_id: int) -> tuple[Section, list[TextEntry]]:
    section = inbox.find_place(Issue.get_by_id(issue_id), "3.2")
    return section, list(section.entries.order_by(TextEntry.position))


def test_a_write_against_an_old_version_is_refused_and_stores_nothing(desks, db_location) -> None:  # noqa: ANN001
    wang, li = desks
    with desk(wang, "王敏"):
        issue_id = find_issue(2023, 9).id
        section, entries = _items(issue_id)
        part = section_part(section.id)
        seen_by_wang = read_versions(issue_id)
    with desk(li, "李强"):
        seen_by_li = read_versions(issue_id)
        with versions.checked(issue_id, {part: seen_by_li.of(part)}) as now:
            editing.update_row(TextEntry, entries[0].id, text="李强改的。")
        assert now > seen_by_li.of(part)
    before = db_snapshot(db_location)
    with desk(wang, "王敏"), pytest.raises(StaleWriteError) as info, \
            versions.checked(issue_id, {part: seen_by_wang.of(part)}):
        editing.update_row(TextEntry, entries[0].id, text="王敏改的。")
    assert db_snapshot(db_location) == before
    message = str(info.value)
    assert message.startswith("「（二）窗口服务效能提升工作情况」已被 李强 于 ")
    assert "修改，您的修改未保存。" in message
    assert info.value.current.by == "李强"
    with desk(wang, "王敏"):
        assert TextEntry.get_by_id(entries[0].id).text == "李强改的。"
        # reloaded, 王敏 may write again
        fresh = read_versions(issue_id)
        with versions.checked(issue_id, {part: fresh.of(part)}):
            editing.update_row(TextEntry, entries[0].id, text="王敏改的。")
        assert TextEntry.get_by_id(entries[0].id).text == "王敏改的。"


def test_edits_of_different_parts_do_not_clash(desks) -> None:  # noqa: ANN001
    wang, li = desks
    with desk(wang, "王敏"):
        issue_id = find_issue(2023, 9).id
        section, entries = _items(issue_id)
        other = Section.select().where((Section.issue == issue_id)
                                       & (Section.id != section.id)
                                       & Section.parent.is_null()).first()
        seen = read_versions(issue_id)
    with desk(li, "李强"), versions.checked(issue_id, {section_part(other.id):
                                                    seen.of(section_part(other.id))}):
        editing.update_row(Section, other.id, title="李强的标题")
    with desk(wang, "王敏"):
        # the whole issue has changed since 王敏 read it: 定稿 is refused …
        with pytest.raises(StaleWriteError) as info, versions.checked(issue_id,
                                                                     {ISSUE: seen.of(ISSUE)}):
            editing.set_status(issue_id, "final")
        assert "本期已被 李强" in str(info.value)
        assert Issue.get_by_id(issue_id).status == "draft"
        # … but his edit of another part is stored
        with versions.checked(issue_id, {section_part(section.id):
                                         seen.of(section_part(section.id))}):
            editing.update_row(TextEntry, entries[0].id, text="王敏改的。")
        assert Section.get_by_id(other.id).title == "李强的标题"
        assert TextEntry.get_by_id(entries[0].id).text == "王敏改的。"


def test_a_write_that_names_no_part_makes_every_part_stale(desks) -> None:  # noqa: ANN001
    """Another program's write (an import, a 来稿 adopted) does not say which parts it
    changed: every edit made against what was read before it is refused."""
    wang, li = desks
    with desk(wang, "王敏"):
        issue_id = find_issue(2023, 9).id
        section, entries = _items(issue_id)
        seen = read_versions(issue_id)
    with desk(li, "李强"):
        editing.update_row(TextEntry, entries[1].id, text="命令行改的。")  # unchecked
    with desk(wang, "王敏"), pytest.raises(StaleWriteError), versions.checked(
            issue_id, {"masthead": seen.of("masthead")}):
        editing.update_row(Issue, issue_id, serial=430)
    with desk(wang, "王敏"):
        assert Issue.get_by_id(issue_id).serial == 429
        assert read_versions(issue_id).of("masthead") > seen.of("masthead")


def _race(location, user: str, expected: dict, entry_id: int, barrier, results) -> None:  # noqa: ANN001
    db = open_database(location)
    set_user(user)
    barrier.wait()
    try:
        with versions.checked(find_issue(2023, 9).id, expected):
            editing.update_row(TextEntry, entry_id, text=f"{user}改的。")
        results.put((user, "stored"))
    except StaleWriteError:
        results.put((user, "refused"))
    finally:
        db.close()


def test_two_desks_writing_at_once_one_is_refused(desks, db_location) -> None:  # noqa: ANN001
    wang, _ = desks
    with desk(wang, "王敏"):
        issue_id = find_issue(2023, 9).id
        section, entries = _items(issue_id)
        part = section_part(section.id)
        expected = {part: read_versions(issue_id).of(part)}
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    runs = [context.Process(target=_race, args=(db_location, user, expected, entries[0].id,
                                                barrier, results))
            for user in ("王敏", "李强")]
    for run in runs:
        run.start()
    for run in runs:
        run.join(60)
    outcome = dict(results.get(timeout=5) for _ in runs)
    assert sorted(outcome.values()) == ["refused", "stored"]
    winner = next(user for user, result in outcome.items() if result == "stored")
    with desk(wang, "王敏"):
        assert TextEntry.get_by_id(entries[0].id).text == f"{winner}改的。"


def _next_issue_race(location, barrier, results) -> None:  # noqa: ANN001
    from zwdesk.core.nextissue import next_issue
    from zwdesk.store.issues import IssueExistsError, latest_issue, load_issue

    db = open_database(location)
    following = next_issue(load_issue(latest_issue()))
    barrier.wait()
    try:
        save_issue(following)
        results.put("made")
    except IssueExistsError as exc:
        results.put(str(exc))
    finally:
        db.close()


def test_two_desks_making_the_next_issue_at_once_make_one(desks, db_location) -> None:  # noqa: ANN001
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    runs = [context.Process(target=_next_issue_race, args=(db_location, barrier, results))
            for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(60)
    outcome = sorted(results.get(timeout=5) for _ in runs)
    assert outcome[1] == "made" and outcome[0].startswith("2023年第10期已存在")
    with desk(desks[0], "王敏"):
        assert Issue.select().where((Issue.year == 2023) & (Issue.number == 10)).count() == 1
