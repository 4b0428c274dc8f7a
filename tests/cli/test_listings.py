"""The command line as people type it: several search words unquoted are one query; listings
print whole texts into a pipe or a file (grep finds every word) and cut them (…) only on a
terminal; ``inbox list --state 全部``."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.builders import on_a_terminal, write_json
from support.builders import run_main as run

from zwdesk.console import shown
from zwdesk.core.errors import quote

UNIT = "四川省" + "政务服务和公共资源交易服务中心" * 6 + "窗口"  # 99 characters
TEXT = ("省政务服务大厅推行“一窗通办”改革，窗口服务效能持续提升，本周共受理群众办件三百二十件，"
        "办结率百分之百，群众满意度明显提高，无人机航拍核查采伐许可现场。")


@pytest.fixture
def db(db_with_sample, tmp_path, capsys) -> Path:  # noqa: ANN001
    """The sample issue and one 来稿 whose unit and text are longer than a terminal line."""
    received = write_json(tmp_path / "来稿.json", {
        "format": "zwdesk-submission", "version": 1, "unit": UNIT, "date": "2023-03-15",
        "items": [{"text": TEXT}]})
    status, out, err = run(db_with_sample, capsys, "inbox", "add", str(received))
    assert status == 0, err
    assert out == [f"1\t{UNIT}\t{TEXT}"]  # into a pipe (captured): whole
    return db_with_sample


def test_search_takes_several_words_unquoted(db_with_sample, capsys) -> None:  # noqa: ANN001
    quoted = run(db_with_sample, capsys, "search", "窗口 巡查")
    unquoted = run(db_with_sample, capsys, "search", "窗口", "巡查")
    assert unquoted == quoted and unquoted[0] == 0 and len(unquoted[1]) > 1
    status, out, err = run(db_with_sample, capsys, "search", "窗口", "没有这个词")
    assert (status, out) == (1, []) and "没有找到“窗口 没有这个词”" in err


def test_listings_print_whole_texts_into_a_pipe(db, capsys) -> None:  # noqa: ANN001
    status, out, _ = run(db, capsys, "inbox", "list")
    assert status == 0 and out == [f"1\t待审\t2023-03-15\t{UNIT}\t{TEXT}"]
    status, out, _ = run(db, capsys, "inbox", "show", "1")
    assert f"报送单位\t{UNIT}" in out and f"内容\t{TEXT}" in out
    status, out, _ = run(db, capsys, "tally", "--from", "2023-03-01", "--to", "2023-03-31")
    assert out[1] == f"{UNIT}\t1\t0\t0.0%"
    # search: the whole text, the match marked
    status, out, _ = run(db, capsys, "search", "一件事一次办")
    assert status == 0 and out and all("…" not in line for line in out)
    texts = [line.split("\t")[2] for line in out]
    assert texts == ["2.召开综合窗口改革攻坚专班工作会，明确责任分工，安排部署无差别综合窗口、"
                     "“【一件事一次办】”、重大项目和惠企政策、跨域通办等工作，确保综合窗口改革攻坚顺利推进。"]


def test_listings_cut_texts_on_a_terminal(db, tmp_path) -> None:  # noqa: ANN001
    [line] = on_a_terminal(tmp_path, db, "inbox", "list")
    assert line == f"1\t待审\t2023-03-15\t{quote(UNIT, 80)}\t{quote(TEXT, 30)}"
    assert "…" in line and len(line) < len(UNIT) + len(TEXT)
    hits = on_a_terminal(tmp_path, db, "search", "一件事一次办")
    assert any("…" in hit for hit in hits)


def test_shown_escapes_control_characters_everywhere() -> None:
    assert shown("甲\n乙", 1) == "甲\\n乙"  # captured: not a terminal, so not cut


def test_inbox_list_state_all(db, capsys) -> None:  # noqa: ANN001
    assert run(db, capsys, "inbox", "decline", "1")[0] == 0
    assert run(db, capsys, "inbox", "list", "--state", "待审")[1] == []
    status, out, _ = run(db, capsys, "inbox", "list", "--state", "全部")
    assert status == 0 and [line.split("\t")[1] for line in out] == ["未采用"]
    assert run(db, capsys, "inbox", "list")[1] == out  # 全部 is what no --state lists
