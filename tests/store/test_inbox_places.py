"""What the app's 来稿 view asks of the store and the core: the places an item can go and the one
its topic names, the adopted count, a pasted message's items, receiving files (shared with
``inbox add``), the tally's quarter and year."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from support.builders import SAMPLE_JSON, db_snapshot

from zwdesk.core.errors import ZwdeskError
from zwdesk.core.exchange import read_issue
from zwdesk.core.submission import make_submission, pasted_items
from zwdesk.core.tally import quarter_range, year_range
from zwdesk.inboxfiles import receive_file
from zwdesk.store import editing, inbox
from zwdesk.store.issues import save_issue
from zwdesk.store.models import Section, SubmittedItem


@pytest.fixture
def issue(store):  # noqa: ANN001, ANN201
    return save_issue(read_issue(SAMPLE_JSON))


def test_places_are_the_items_and_text_blocks_in_print_order(issue) -> None:  # noqa: ANN001
    labels = [place.label for place in inbox.places(issue.id)]
    assert labels == ["一、综窗改革攻坚行动 / （三）推进情况",
                      "三、窗口工作动态 / （一）优化营商环境工作开展情况",
                      "三、窗口工作动态 / （二）窗口服务效能提升工作情况",
                      "三、窗口工作动态 / （三）厅（局）长进大厅"]
    assert [p.section_id for p in inbox.places(issue.id)][-1] == inbox.find_place(issue, "3.3").id
    editing.add_section(issue, "其他工作", "text")  # a section of paragraphs takes them too
    assert inbox.places(issue.id)[-1].label == "五、其他工作"


@pytest.mark.parametrize(("topic", "expected"), [
    ("厅（局）长进大厅", "厅（局）长进大厅"),
    ("（三）厅（局）长进大厅", "厅（局）长进大厅"),  # numbered as printed
    ("窗口服务效能提升", "窗口服务效能提升工作情况"),  # part of one title only
    ("厅局长进大厅", "厅（局）长进大厅"),  # brackets left out
    ("厅(局)长进大厅", "厅（局）长进大厅"),  # ASCII brackets
    (" 厅（ 局 ）长 进大厅", "厅（局）长进大厅"),  # spaces
    ("(三)厅局长进大厅", "厅（局）长进大厅"),
    ("窗口工作动态", None),  # a section with subsections: the editor chooses
    ("情况", None),  # in several titles
    ("", None),
])
def test_the_place_a_topic_names(issue, topic, expected) -> None:  # noqa: ANN001
    found = inbox.place_for_topic(topic, inbox.places(issue.id))
    assert (found.title if found else None) == expected


def test_adopted_count_follows_the_links(issue) -> None:  # noqa: ANN001
    ids = inbox.add_submission(make_submission("t", "单位", "", "", dt.date(2023, 3, 1),
                                               [("一条", ""), ("两条", "")]), "t.json")
    assert inbox.adopted_count() == 0
    entry = inbox.adopt(ids[0], inbox.find_place(issue, "3.2").id)
    assert inbox.adopted_count() == 1 and inbox.pending_count() == 1
    editing.delete_row(type(entry), entry.id)
    assert inbox.adopted_count() == 0 and inbox.pending_count() == 2


def test_pasted_items_are_what_add_pasted_stores(store) -> None:  # noqa: ANN001
    message = "1. 第一条。\n\n  2、第二条。  \n（三）第三条。\n一是加强统筹。\n3.5万人次办件。"
    items = pasted_items("粘贴", message)
    assert items == ["第一条。", "第二条。", "第三条。", "一是加强统筹。", "3.5万人次办件。"]
    ids = inbox.add_pasted("单位", message, dt.date(2023, 3, 1))
    assert [SubmittedItem.get_by_id(i).text for i in ids] == items
    with pytest.raises(ZwdeskError, match="没有填写任何信息"):
        pasted_items("粘贴", "\n \n")
    with pytest.raises(ZwdeskError, match="第2条信息"):
        pasted_items("粘贴", "好的\n" + "字" * 10_001)  # one line too long


def test_receive_file_stores_or_names_the_file(store, tmp_path: Path) -> None:  # noqa: ANN001
    good = tmp_path / "来稿.json"
    good.write_text(json.dumps({"format": "zwdesk-submission", "version": 1, "unit": "单位",
                                "date": "2023-03-01", "items": [{"text": "一条"}]},
                               ensure_ascii=False), encoding="utf-8")
    result = receive_file(good)
    assert (result.unit, [text for _id, text in result.items], result.error) == (
        "单位", ["一条"], "")
    assert SubmittedItem.get_by_id(result.items[0][0]).text == "一条"
    before = db_snapshot(store.location)
    again = receive_file(good)
    assert again.items == [] and again.error.startswith(f"{good}: 已收过")
    other = receive_file(tmp_path / "来稿.txt")
    assert "来稿.txt" in other.error and ".json" in other.error
    missing = receive_file(tmp_path / "没有.json")
    assert "没有.json" in missing.error
    assert db_snapshot(store.location) == before
    assert Section.select().count() == 0


def test_quarter_and_year_ranges() -> None:
    assert quarter_range(2023, 1) == (dt.date(2023, 1, 1), dt.date(2023, 3, 31))
    assert quarter_range(2024, 4) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert year_range(2023) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


@pytest.mark.parametrize(("message", "shown"), [
    ("坏的.json: 不是有效的 JSON (not JSON: line 1, column 43: Expecting ',' delimiter)",
     "坏的.json: 不是有效的 JSON"),
    ("a.json: 已收过：省公安厅窗口 2023-03-16 的报送（b.json），未重复加入 (received before)",
     "a.json: 已收过：省公安厅窗口 2023-03-16 的报送（b.json），未重复加入"),
    ("没有.json: 无法读取文件 (cannot read: [Errno 2] No such file (or folder))",
     "没有.json: 无法读取文件"),
    ("报送 (1).json: 报送单位不能为空", "报送 (1).json: 报送单位不能为空"),  # no English at the end
    ("文件夹中没有来稿文件（.json、.docx）", "文件夹中没有来稿文件（.json、.docx）"),
])
def test_the_chinese_part_of_a_message(message: str, shown: str) -> None:
    from zwdesk.core.errors import chinese_part

    assert chinese_part(message) == shown
