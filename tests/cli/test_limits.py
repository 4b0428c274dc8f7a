"""The limits of zwdesk.core.limits agree everywhere: an issue at every limit imports, lists,
dumps, exports and opens; one beyond a limit is refused at import (BAD_CASES in builders),
by the issue key, and by the app's add buttons."""

from __future__ import annotations

import json

import docx
import pytest
from support.builders import inspection_block, items_block, leaf, make_issue, parent, write_json

from zwdesk import cli
from zwdesk.core import limits
from zwdesk.core.errors import ZwdeskError
from zwdesk.store.issues import parse_issue_key


def issue_at_the_limits() -> dict:
    """Largest year, 第N期 and 总第M期; most sections, subsections, checks, list entries; the
    longest string; the most copies."""
    many_subsections = parent("分项", *[leaf(f"第{n}项", items_block([]))
                                      for n in range(limits.MAX_SUBSECTIONS)])
    checks = inspection_block([(f"检查{n}", "良好。") for n in range(limits.MAX_CHECKS)])
    long_list = items_block(["条目。"] * (limits.MAX_LIST - 1) + ["长" * limits.MAX_TEXT])
    sections = [many_subsections, leaf("巡查", checks), leaf("动态", long_list)]
    sections += [leaf(f"标题{n}", items_block([])) for n in range(limits.MAX_SECTIONS - 3)]
    distribution = {"report": "中心领导", "send": "", "issue": "", "copies": limits.COPIES_MAX,
                    "recipients": [{"group": "发", "name": "窗口", "copies": limits.COPIES_MAX}]
                    * limits.MAX_LIST}
    return make_issue(limits.YEAR_MAX, limits.NUMBER_MAX, limits.SERIAL_MAX, sections=sections,
                      distribution=distribution)


def test_an_issue_at_every_limit_lists_dumps_exports_and_opens(tmp_path, capsys):
    from zwdesk.core.bulletin import compose
    from zwdesk.store.issues import get_issue, load_issue

    data = issue_at_the_limits()
    db = str(tmp_path / "limits.sqlite3")
    key = f"{limits.YEAR_MAX}-{limits.NUMBER_MAX}"
    assert cli.main(["--db", db, "import", str(write_json(tmp_path / "in.json", data))]) == 0
    assert cli.main(["--db", db, "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith(
        f"{key}\t{limits.YEAR_MAX}年第{limits.NUMBER_MAX}期\t总第{limits.SERIAL_MAX}期")
    assert cli.main(["--db", db, "dump", key, "-o", str(tmp_path / "out.json")]) == 0
    assert json.loads((tmp_path / "out.json").read_text("utf-8")) == data
    assert cli.main(["--db", db, "export", key, "-o", str(tmp_path / "out.docx")]) == 0
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "out.docx")).paragraphs)
    assert "九十九、标题95" in text and "（九十九）第98项" in text and "（九十九）检查98。" in text
    bulletin = compose(load_issue(get_issue(*parse_issue_key(key))))
    assert len(bulletin.paragraphs()) > limits.MAX_LIST


@pytest.mark.parametrize(("key", "expected"), [("2000-1", (2000, 1)), ("2100-999", (2100, 999)),
                                               ("2024-0999", (2024, 999))])
def test_issue_keys_within_the_limits(key, expected):
    assert parse_issue_key(key) == expected


@pytest.mark.parametrize(("key", "message"), [("2024-1000", "期号应为 1–999"),
                                              ("2024-0", "期号应为 1–999"),
                                              ("1999-9", "年份应为 2000–2100"),
                                              ("2101-9", "年份应为 2000–2100")])
def test_issue_keys_beyond_the_limits(key, message):
    with pytest.raises(ZwdeskError, match=message):
        parse_issue_key(key)


def test_an_issue_key_of_megabytes_is_quoted_short(tmp_path, capsys):
    db = str(tmp_path / "k.sqlite3")
    assert cli.main(["--db", db, "dump", "2024-\n已导入 " + "9" * 10**6, "-o", "x.json"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 200 and "\\n已导入" in err


# --- the app ---


def add_top_sections(issue, count: int) -> None:  # noqa: ANN001
    from zwdesk.store import editing

    for n in range(count):
        editing.add_section(issue, f"补充{n}", "items")


def test_the_app_refuses_a_100th_section(main_window, monkeypatch, dialogs):  # noqa: ANN001
    from zwdesk.app import dialogs as dialog_module
    from zwdesk.store.models import Section

    win = main_window
    issue = win.editor.issue
    top = Section.select().where(Section.parent.is_null() & (Section.issue == issue.id))
    add_top_sections(issue, limits.MAX_SECTIONS - top.count() - 1)
    win.open_issue(issue.id)  # written here behind the window's back: it reads them anew
    monkeypatch.setattr(dialog_module.NewSectionDialog, "exec", lambda self: True)
    monkeypatch.setattr(dialog_module.NewSectionDialog, "values", lambda self: ("新增", "text"))
    win.add_section()  # the 99th
    assert top.count() == limits.MAX_SECTIONS
    win.add_section()
    assert top.count() == limits.MAX_SECTIONS
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("inform", "不能添加一级标题")
    assert "最多只能有 99 个一级标题" in text
    win.undo_action.trigger()  # the refused edit left no undo step: undo takes the 99th away
    assert top.count() == limits.MAX_SECTIONS - 1


def test_the_store_refuses_a_100th_check(store):  # noqa: ANN001
    from zwdesk.store import editing
    from zwdesk.store.issues import save_issue
    from zwdesk.store.models import InspectionCheck, Section

    checks = inspection_block([("检查", "良好。")] * limits.MAX_CHECKS)
    issue = save_issue(json_issue(make_issue(sections=[leaf("巡查", checks)])))
    section = Section.get(Section.issue == issue.id)
    with pytest.raises(editing.TooManyError, match="最多只能有 99 个巡查项"):
        editing.add_check(section.id)
    assert InspectionCheck.select().count() == limits.MAX_CHECKS


def json_issue(data: dict) -> dict:
    from zwdesk.core.exchange import parse_issue

    return parse_issue(json.dumps(data))
