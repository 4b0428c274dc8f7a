"""The store as the app's one door: each function the app calls returns plain values (never a
peewee row), changes what it says and only that, and runs in one transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from support.builders import make_issue, sample_data

from zwdesk.core.errors import ZwdeskError
from zwdesk.store import content, editing, inbox, sections, snapshots
from zwdesk.store.database import external_changes, open_database, open_database_path
from zwdesk.store.issues import (
    STATUS_DRAFT,
    STATUS_FINAL,
    IssueInfo,
    IssueSummary,
    add_next_issue,
    delete_issue,
    find_issue_info,
    issue_info,
    issue_summaries,
    issue_summary,
    load_issue,
    number_taken_by,
    previous_issue_data,
    print_copies,
    save_issue,
    serial_taken_by,
)
from zwdesk.store.models import (
    Distribution,
    InspectionCheck,
    Issue,
    PlatformStats,
    Recipient,
    Section,
    TextEntry,
    WindowStats,
    database,
)


@pytest.fixture
def ninth(store):  # noqa: ANN001, ANN201 - the store fixture
    """The sample issue 2023年第9期, stored."""
    return save_issue(sample_data())


def _section(issue_id: int, anchor: str) -> sections.SectionInfo:
    return next(s for s in sections.issue_sections(issue_id) if s.anchor == anchor)


def _plain(value: object) -> bool:
    """A dataclass, dict, list, tuple or scalar all the way down: no peewee row."""
    if dataclasses.is_dataclass(value):
        return all(_plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool, dt.date))


# --- issues ---


def test_issue_info_is_the_issue_without_its_content(ninth) -> None:  # noqa: ANN001
    info = issue_info(ninth.id)
    assert isinstance(info, IssueInfo) and _plain(info)
    assert (info.year, info.number, info.serial, info.status) == (2023, 9, 429, STATUS_DRAFT)
    assert (info.period_start, info.period_end) == (dt.date(2023, 3, 6), dt.date(2023, 3, 10))
    assert info.issue_date == dt.date(2023, 3, 21)
    assert (info.publication, info.editor) == ("政务服务工作",
                                               "四川省政府政务服务和公共资源交易服务中心")
    assert info.label == "2023年第9期" and not info.final
    assert find_issue_info(2023, 9) == info
    assert find_issue_info(2023, 8) is None and issue_info(ninth.id + 1) is None


def test_issue_summaries_are_plain_rows_newest_first(ninth) -> None:  # noqa: ANN001
    tenth = save_issue(make_issue(2023, 10, 430))
    listed = issue_summaries(0, 10)
    assert [type(s) for s in listed] == [IssueSummary, IssueSummary]
    assert [(s.id, s.number) for s in listed] == [(tenth.id, 10), (ninth.id, 9)]
    assert issue_summary(ninth.id) == listed[1] and issue_summary(999) is None
    assert _plain(listed)


def test_a_taken_number_or_serial_names_the_other_issue(ninth) -> None:  # noqa: ANN001
    tenth = save_issue(make_issue(2023, 10, 430))
    assert number_taken_by(2023, 9, tenth.id).id == ninth.id
    assert number_taken_by(2023, 9, ninth.id) is None  # its own number is not taken
    assert serial_taken_by(430, ninth.id).label == "2023年第10期"
    assert serial_taken_by(431, ninth.id) is None


def test_add_next_issue_follows_the_newest_and_none_without_one(store) -> None:  # noqa: ANN001
    assert add_next_issue() is None
    save_issue(sample_data())
    added = add_next_issue()
    assert (added.year, added.number, added.serial) == (2023, 10, 430)
    assert (added.period_start, added.period_end) == (dt.date(2023, 3, 13), dt.date(2023, 3, 17))
    assert Issue.select().count() == 2
    assert previous_issue_data(added)["number"] == 9
    assert previous_issue_data(find_issue_info(2023, 9)) is None


def test_delete_issue_removes_it_whole_and_refuses_a_final_one(ninth) -> None:  # noqa: ANN001
    tenth = add_next_issue()
    editing.set_status(tenth.id, STATUS_FINAL)
    with pytest.raises(ZwdeskError, match="已定稿"):
        delete_issue(tenth.id)
    assert issue_info(tenth.id).final
    delete_issue(ninth.id)
    assert issue_info(ninth.id) is None
    assert Section.select().where(Section.issue == ninth.id).count() == 0
    assert Distribution.select().where(Distribution.issue == ninth.id).count() == 0


def test_load_issue_and_print_copies_take_the_plain_issue(ninth) -> None:  # noqa: ANN001
    info = issue_info(ninth.id)
    assert load_issue(info) == load_issue(Issue.get_by_id(ninth.id))
    assert print_copies(info) == 94


# --- the outline ---


def test_issue_sections_in_print_order_with_numbers_and_anchors(ninth) -> None:  # noqa: ANN001
    listed = sections.issue_sections(ninth.id)
    assert _plain(listed)
    assert [(s.anchor, s.heading) for s in listed[:5]] == [
        ("s0", "一、综窗改革攻坚行动"), ("s0.0", "（一）省本级综窗办件情况"),
        ("s0.1", "（二）省级部门（单位）事项纳入及授权情况"), ("s0.2", "（三）推进情况"),
        ("s1", "二、省级政务服务事项受理办理情况")]
    assert [s.subsections for s in listed[:5]] == [3, 0, 0, 0, 0]
    assert listed[1].parent_id == listed[0].id and listed[1].kind == "window_stats"
    assert sections.section_info(listed[6].id) == listed[6]
    assert sections.section_info(10_000) is None
    assert [s.anchor for s in sections.siblings(listed[6].id)] == ["s2.0", "s2.1", "s2.2"]


def test_adding_sections_where_the_outline_says(ninth) -> None:  # noqa: ANN001
    first = _section(ninth.id, "s0.1")
    added = sections.add_top_section(ninth.id, "新一级", None, after=first.parent_id)
    new = sections.section_info(added)
    assert (new.anchor, new.kind, new.subsections) == ("s1", None, 1)
    assert _section(ninth.id, "s1.0").title == sections.NEW_SUBSECTION_TITLE
    leaf_id = sections.add_top_section(ninth.id, "末尾", "text")
    assert sections.section_info(leaf_id).anchor == "s5"
    assert load_issue(ninth)["sections"][5]["block"] == {"kind": "text", "paragraphs": []}
    after = sections.add_subsection(first.parent_id, "插入", "items", after=first.id)
    assert sections.section_info(after).anchor == "s0.2"
    at_end = sections.add_subsection(first.parent_id, "最后", "items")
    assert sections.section_info(at_end).anchor == "s0.4"


def test_renaming_moving_and_deleting_sections(ninth) -> None:  # noqa: ANN001
    inspection = _section(ninth.id, "s3")
    sections.set_section_title(inspection.id, "巡查")
    assert sections.move_section(inspection.id, -1)
    assert sections.section_info(inspection.id).heading == "三、巡查"
    assert not sections.move_section(_section(ninth.id, "s0").id, -1)
    sections.delete_section(inspection.id)
    assert sections.section_info(inspection.id) is None
    assert InspectionCheck.select().count() == 0
    assert [s["title"] for s in load_issue(ninth)["sections"]] == [
        "综窗改革攻坚行动", "省级政务服务事项受理办理情况", "窗口工作动态"]


# --- the blocks' rows ---


def test_window_and_platform_rows_by_section(ninth) -> None:  # noqa: ANN001
    stats = _section(ninth.id, "s0.0").id
    row = content.window_stats(stats)
    assert _plain(row) and (row["week_consult"], row["ytd_transfer"]) == (815, 29266)
    content.update_window_stats(stats, week_consult=900, ytd_consult=5000)
    assert WindowStats.get(WindowStats.section == stats).week_consult == 900
    assert content.window_stats(stats)["ytd_consult"] == 5000
    with pytest.raises(ValueError, match="source"):
        content.update_window_stats(stats, source="x")  # not a column of this block
    platform = _section(ninth.id, "s1").id
    content.update_platform_stats(platform, source="一体化平台", date_to=dt.date(2023, 3, 9))
    stored = PlatformStats.get(PlatformStats.section == platform)
    assert (stored.source, stored.date_to) == ("一体化平台", dt.date(2023, 3, 9))
    assert content.platform_stats(platform)["date_to"] == dt.date(2023, 3, 9)


def _texts(section_id: int) -> list[str]:
    return [e.text for e in content.entries(section_id)]


def test_entries_are_listed_edited_split_moved_and_deleted(ninth) -> None:  # noqa: ANN001
    place = _section(ninth.id, "s2.1").id
    listed = content.entries(place)
    assert len(listed) == 4 and _plain(listed)
    assert content.entry(listed[1].id) == listed[1] and content.entry(99_999) is None
    content.set_entry_text(listed[0].id, "改写。")
    content.split_entry(listed[1].id, ["前半。", "中间。", "后半。"])
    assert _texts(place)[:5] == ["改写。", "前半。", "中间。", "后半。", listed[2].text]
    assert content.move_entry(listed[0].id, 1)
    assert _texts(place)[:2] == ["前半。", "改写。"]
    assert not content.move_entry(content.entries(place)[0].id, -1)
    content.delete_entry(listed[0].id)
    added = content.new_entry(place, "插在第二。", 1)
    assert _texts(place)[:3] == ["前半。", "插在第二。", "中间。"]
    assert TextEntry.get_by_id(added).text == "插在第二。"
    positions = [e.position for e in TextEntry.select().where(TextEntry.section == place)
                 .order_by(TextEntry.position)]
    assert positions == list(range(len(positions)))


def test_split_keeps_the_link_to_the_adopted_item(ninth) -> None:  # noqa: ANN001
    from zwdesk.core.submission import Submission as Received
    from zwdesk.core.submission import SubmittedItem

    received = Received("省公安厅窗口", "", "", dt.date(2023, 3, 8), (SubmittedItem("前。后。"),))
    [item] = inbox.add_submission(received, "a.json")
    place = _section(ninth.id, "s2.1").id
    entry_id = inbox.adopt_item(item, place)
    assert content.entries(place)[-1].id == entry_id
    assert inbox.adopted_place(item) == ("2023年第9期 三、窗口工作动态 / "
                                         "（二）窗口服务效能提升工作情况 第5条")
    content.split_entry(entry_id, ["前。", "后。"])
    assert TextEntry.get_by_id(entry_id).submitted_item_id == item
    assert inbox.get_item(item).state == inbox.STATE_ADOPTED
    content.delete_entry(entry_id)
    assert inbox.adopted_place(item) is None


def test_checks_are_listed_and_edited(ninth) -> None:  # noqa: ANN001
    place = _section(ninth.id, "s3").id
    listed = content.checks(place)
    assert _plain(listed) and len(listed) == 6
    content.update_check(listed[0].id, title="仪容仪表", finding="良好。")
    assert content.check(listed[0].id) == content.CheckRow(listed[0].id, "仪容仪表", "良好。")
    added = content.new_check(place, "", "总体情况良好。")
    assert content.checks(place)[-1] == content.CheckRow(added, "", "总体情况良好。")
    assert content.move_check(added, -1)
    content.delete_check(listed[0].id)
    assert [c.id for c in content.checks(place)] == [
        *(c.id for c in listed[1:5]), added, listed[5].id]
    with pytest.raises(ValueError, match="position"):
        content.update_check(added, position=0)


# --- the 报头 and the 版记 ---


def test_masthead_fields_and_the_publication(ninth) -> None:  # noqa: ANN001
    content.update_issue(ninth.id, number=10, period_end=dt.date(2023, 3, 11))
    info = issue_info(ninth.id)
    assert (info.number, info.period_end) == (10, dt.date(2023, 3, 11))
    content.set_publication(ninth.id, "政务服务专报", "编发单位")
    assert (issue_info(ninth.id).publication, issue_info(ninth.id).editor) == (
        "政务服务专报", "编发单位")
    with pytest.raises(ValueError, match="status"):
        content.update_issue(ninth.id, status=STATUS_FINAL)  # 定稿 is set_status's
    assert not issue_info(ninth.id).final


def test_distribution_and_its_recipients(ninth) -> None:  # noqa: ANN001
    assert content.distribution(ninth.id) == content.DistributionRow(
        "中心领导", "各相关省级部门（单位），中心各处（室）、直属单位", "各部门窗口", 94,
        False, False)
    content.update_distribution(ninth.id, report="省政府办公厅", copies=10)
    assert (content.distribution(ninth.id).report, print_copies(ninth)) == ("省政府办公厅", 10)
    first = content.new_recipient(ninth.id, "报", "省政府办公厅", 2)
    second = content.new_recipient(ninth.id, "发", "（请填写单位名称）")
    assert content.distribution(ninth.id).has_register  # a recipient added: a register kept
    content.update_recipient(second, name="省发展改革委", copies=3)
    assert content.recipients(ninth.id) == [content.RecipientRow(first, "报", "省政府办公厅", 2),
                                            content.RecipientRow(second, "发", "省发展改革委", 3)]
    editing.set_copies_auto(ninth.id, True)
    assert print_copies(ninth) == 5
    assert content.move_recipient(second, -1)
    content.delete_recipient(first)
    assert [r.name for r in content.recipients(ninth.id)] == ["省发展改革委"]
    assert Recipient.select().count() == 1


# --- undo, other programs, transactions ---


def test_apply_edit_returns_the_issue_as_it_was(ninth) -> None:  # noqa: ANN001
    place = _section(ninth.id, "s2.2").id
    before_text = _texts(place)
    before = snapshots.apply_edit(ninth.id, lambda: content.new_entry(place, "新的一条。"))
    assert _texts(place) == [*before_text, "新的一条。"]
    assert snapshots.apply_edit(ninth.id, lambda: None, snapshot=False) is None
    snapshots.restore_snapshot(before)
    assert _texts(place) == before_text


def test_a_failed_edit_leaves_nothing_stored(ninth) -> None:  # noqa: ANN001
    place = _section(ninth.id, "s2.2").id
    before = _texts(place)

    def half() -> None:
        content.set_entry_text(content.entries(place)[0].id, "写了一半")
        raise ZwdeskError("refused")

    with pytest.raises(ZwdeskError):
        snapshots.apply_edit(ninth.id, half)
    assert _texts(place) == before


def test_fingerprint_changes_with_the_issue_and_is_empty_once_gone(ninth) -> None:  # noqa: ANN001
    first = snapshots.issue_fingerprint(ninth.id)
    assert first == snapshots.issue_fingerprint(ninth.id)
    content.update_distribution(ninth.id, send="另一行")
    assert snapshots.issue_fingerprint(ninth.id) not in ("", first)
    delete_issue(ninth.id)
    assert snapshots.issue_fingerprint(ninth.id) == ""


def test_another_connection_is_noticed(tmp_path) -> None:  # noqa: ANN001
    import sqlite3

    path = tmp_path / "watched.sqlite3"
    db = open_database(path)
    try:
        assert open_database_path() == path
        before = external_changes()
        assert external_changes() == before  # our own reads and writes do not count
        other = sqlite3.connect(path)
        other.execute("INSERT INTO department (name, position) VALUES ('新部门', 99)")
        other.commit()
        other.close()
        assert external_changes() != before
    finally:
        db.close()


def test_reads_see_one_state_and_take_no_write_lock(ninth, tmp_path) -> None:  # noqa: ANN001
    """A read function runs in a deferred transaction: another connection may write
    meanwhile (it is not locked out), and the read sees the database as it began."""
    import sqlite3

    import psycopg

    from zwdesk.store.transaction import reads

    where = database.obj.location
    if database.obj.server:  # a row lock held by the reader would stop it at once too
        other = psycopg.connect(**where.connect_params(), autocommit=True)
        other.execute("SET lock_timeout = 1")
    else:
        other = sqlite3.connect(str(where), timeout=0)

    @reads
    def read_twice() -> tuple[int, int]:
        first = Section.select().count()
        other.execute("DELETE FROM section WHERE parent_id IS NULL AND kind = 'inspection'")
        other.commit()  # would fail at once ("database is locked") under a write lock
        return first, Section.select().count()

    try:
        first, second = read_twice()
    finally:
        other.close()
    assert first == second  # one snapshot of the database
    assert Section.select().count() == first - 1  # the other's write is seen afterwards
