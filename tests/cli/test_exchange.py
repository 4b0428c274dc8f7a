"""The exchange format issue-v1: import → dump is the identity, bad files are refused cleanly."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from support.builders import (
    BAD_CASES,
    SAMPLE_JSON,
    TAKEN,
    BadCase,
    db_snapshot,
    department_block,
    inspection_block,
    items_block,
    leaf,
    make_issue,
    parent,
    platform_block,
    random_issue,
    run_cli,
    sample_data,
    text_block,
    window_block,
    write_json,
)

from zwdesk import cli
from zwdesk.core import limits
from zwdesk.core.errors import quote
from zwdesk.core.exchange import FormatError, issue_to_json, parse_issue, read_issue
from zwdesk.store.issues import load_issue, save_issue

# --- valid issues of many outlines ---

ALL_SIX_KINDS = [
    parent("综窗改革攻坚行动",
           leaf("省本级综窗办件情况", window_block((0, 0, 0, 0), (1, 2, 3, 4))),
           leaf("省级部门（单位）事项纳入及授权情况", department_block(["科技厅", "民政厅"])),
           leaf("推进情况", items_block(["第一条。", "第二条。"])),
           leaf("说明", text_block(["不编号的段落。"]))),
    leaf("省级政务服务事项受理办理情况", platform_block()),
    leaf("大厅巡查情况", inspection_block([("按时到岗情况", "总体情况良好。"),
                                          ("着装情况", "总体情况良好。")])),
]

UNICODE_TEXT = ("省市场监管局发布《关于简化检验检测机构人员信息变更办理程序的通知》，"
                "“一件事一次办”‘跨省通办’——好评👍🏽🇨🇳 e\u0301 \u200d\u3000（RB/T214-2017）")

VALID_ISSUES = {
    "direct-text-block": make_issue(2024, 2, 471, sections=[
        leaf("工作动态", text_block(["第一段。", "第二段，\t带制表符。", "第三段\n换行。"]))]),
    "direct-items-block": make_issue(2024, 3, 472, sections=[
        leaf("窗口服务效能提升工作情况", items_block(["公安厅窗口开展业务培训。"] * 3))]),
    "inspection-only": make_issue(2024, 4, 473, sections=[
        leaf("大厅巡查情况", inspection_block([("纪律秩序", "总体情况良好。")] * 6))]),
    "all-six-kinds": make_issue(2024, 5, 474, sections=ALL_SIX_KINDS),
    "recipients-present": make_issue(2024, 6, 475, distribution={
        "report": "中心领导", "send": "各相关省级部门（单位）", "issue": "各部门窗口", "copies": 94,
        "recipients": [{"group": "报", "name": "中心主任", "copies": 1},
                       {"group": "送", "name": "民政厅", "copies": 2},
                       {"group": "发", "name": "公安厅窗口", "copies": 3},
                       {"group": "送", "name": "科技厅", "copies": 1}]}),
    "recipients-empty-list": make_issue(2024, 7, 476, distribution={
        "report": "中心领导", "send": "", "issue": "", "copies": 1, "recipients": []}),
    "period-across-year-end": make_issue(2024, 1, 469, issue_date="2024-01-05",
                                         period=("2023-12-28", "2024-01-03"), sections=[
        leaf("省级政务服务事项受理办理情况", platform_block("2023-01-01", "2024-01-03"))]),
    "empty-distribution-lines": make_issue(2024, 8, 477, distribution={
        "report": "", "send": "", "issue": "", "copies": 3}),
    "unicode-and-emoji": make_issue(2024, 9, 478, publication="政务服务工作📰", sections=[
        parent("“综窗”改革《攻坚》行动🚀",
               leaf("部门（单位）", department_block(["成都海关🛃", "省贸促会"])),
               leaf("推进情况", items_block([UNICODE_TEXT]))),
        leaf("巡查", inspection_block([("着装情况😀", UNICODE_TEXT)]))],
        distribution={"report": "中心领导“甲”", "send": "《送》", "issue": "发🙂", "copies": 7,
                      "recipients": [{"group": "发", "name": "窗口👩‍💼", "copies": 2}]}),
    "empty-lists-and-titles": make_issue(2024, 10, 479, sections=[
        parent("", leaf("", department_block([])), leaf("无", items_block([]))),
        leaf("空", text_block([])), leaf("空巡查", inspection_block([]))]),
    "zero-and-huge-counts": make_issue(2024, 11, 480, sections=[
        leaf("统计", window_block((0, 0, 0, 0), (2**63 - 1, 10**15, 1, 0))),
        leaf("平台", platform_block(other=(0, 0, 0)))]),
    "twelve-sections": make_issue(2100, 99, 99999, sections=[
        leaf(f"第{n}节", text_block([f"段落{n}"])) for n in range(12)]),
    "first-year": make_issue(2000, 1, 1),
    "period-of-one-day": make_issue(2024, 12, 481, period=("2024-02-29", "2024-02-29")),
}


def _store_roundtrip(data: dict) -> dict:
    issue = parse_issue(json.dumps(data, ensure_ascii=False), "built.json")
    saved = save_issue(issue)
    return json.loads(issue_to_json(load_issue(saved)))


@pytest.mark.parametrize("name", VALID_ISSUES)
def test_store_roundtrip_is_identity(store, name):
    data = VALID_ISSUES[name]
    assert _store_roundtrip(data) == data


def test_store_roundtrip_of_the_sample(store):
    assert _store_roundtrip(sample_data()) == sample_data()


@pytest.mark.parametrize("seed", range(25))
def test_store_roundtrip_of_random_outlines(store, seed):
    data = random_issue(seed)
    assert _store_roundtrip(data) == data


def test_random_builder_covers_every_kind_and_shape():
    """The random outlines above are worth running only if they reach every kind and shape."""
    kinds, shapes, registers = set(), set(), set()
    for seed in range(25):
        data = random_issue(seed)
        recipients = data["distribution"].get("recipients")
        registers.add("absent" if recipients is None else "filled" if recipients else "empty")
        for section in data["sections"]:
            shapes.add("block" if "block" in section else "subsections")
            for node in [section, *section.get("subsections", [])]:
                if "block" in node:
                    kinds.add(node["block"]["kind"])
    assert kinds == {"window_stats", "department_list", "items", "platform_stats", "inspection",
                     "text"}
    assert shapes == {"block", "subsections"}
    assert registers == {"absent", "filled", "empty"}


def _cli_roundtrip(tmp_path: Path, data: dict, *, ascii_only: bool = False) -> dict:
    db = tmp_path / "cli.sqlite3"
    source = write_json(tmp_path / "in.json", data, ascii_only=ascii_only)
    assert cli.main(["--db", str(db), "import", str(source)]) == 0
    out = tmp_path / "out.json"
    key = f"{data['year']}-{data['number']}"
    assert cli.main(["--db", str(db), "dump", key, "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["sample", *VALID_ISSUES])
def test_cli_import_then_dump_is_identity(tmp_path, capsys, name):
    data = sample_data() if name == "sample" else VALID_ISSUES[name]
    assert _cli_roundtrip(tmp_path, data) == data
    assert capsys.readouterr().err == ""


def test_dump_is_readable_utf8_not_escaped(tmp_path):
    _cli_roundtrip(tmp_path, sample_data())
    raw = (tmp_path / "out.json").read_bytes()
    text = raw.decode("utf-8")
    assert "政务服务工作" in text and "\\u" not in text
    assert text.endswith("\n")


def test_several_issues_dump_back_each_their_own(tmp_path):
    db = tmp_path / "many.sqlite3"
    names = ["all-six-kinds", "recipients-present", "period-across-year-end", "unicode-and-emoji"]
    for name in names:
        source = write_json(tmp_path / f"{name}.json", VALID_ISSUES[name])
        assert cli.main(["--db", str(db), "import", str(source)]) == 0
    for name in names:
        data = VALID_ISSUES[name]
        out = tmp_path / f"{name}.out.json"
        assert cli.main(["--db", str(db), "dump", f"{data['year']}-{data['number']}",
                         "-o", str(out)]) == 0
        assert json.loads(out.read_text("utf-8")) == data


def test_parse_gives_dates_and_keeps_numbers():
    issue = read_issue(SAMPLE_JSON)
    assert issue["issue_date"] == dt.date(2023, 3, 21)
    assert issue["period"] == {"start": dt.date(2023, 3, 6), "end": dt.date(2023, 3, 10)}
    platform = issue["sections"][1]["block"]
    assert (platform["from"], platform["to"]) == (dt.date(2023, 1, 1), dt.date(2023, 3, 10))
    assert platform["other"] == {"categories": 9, "accepted": 7389, "completed": 7571}
    assert "recipients" not in issue["distribution"]


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE_JSON.read_bytes())
    assert read_issue(path)["serial"] == 429


# --- control characters ---

FORBIDDEN = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])) + "\ufffe\uffff"
KEPT = "\t\n\r\x7f\x85\u2028\u200b\u00a0\u3000“”《》😀"


def _dirty(text: str) -> str:
    """``text`` with every forbidden character spread through it and every kept one appended."""
    return FORBIDDEN[:10] + text + FORBIDDEN[10:] + KEPT


def test_control_characters_are_removed_everywhere_else_kept(tmp_path):
    clean = VALID_ISSUES["unicode-and-emoji"]
    dirty = json.loads(json.dumps(clean))
    dirty["publication"] = _dirty(dirty["publication"])
    dirty["editor"] = _dirty(dirty["editor"])
    section = dirty["sections"][0]
    section["title"] = _dirty(section["title"])
    section["subsections"][0]["title"] = _dirty(section["subsections"][0]["title"])
    section["subsections"][0]["block"]["departments"][0] = _dirty("成都海关")
    section["subsections"][1]["block"]["items"][0] = _dirty(UNICODE_TEXT)
    check = dirty["sections"][1]["block"]["checks"][0]
    check["title"], check["finding"] = _dirty(check["title"]), _dirty(check["finding"])
    for key in ("report", "send", "issue"):
        dirty["distribution"][key] = _dirty(dirty["distribution"][key])
    dirty["distribution"]["recipients"][0]["name"] = _dirty("窗口")
    # A lone surrogate (only a JSON escape can make one) cannot even be stored: removed too.
    dirty["sections"][0]["subsections"][1]["block"]["items"].append("a\ud800b\udfffc")

    dumped = _cli_roundtrip(tmp_path, dirty, ascii_only=True)

    text = json.dumps(dumped, ensure_ascii=False)
    assert not any(ch in text for ch in FORBIDDEN)
    assert dumped["publication"] == clean["publication"] + KEPT
    assert dumped["sections"][0]["title"] == clean["sections"][0]["title"] + KEPT
    assert dumped["sections"][0]["subsections"][0]["block"]["departments"][0] == "成都海关" + KEPT
    assert dumped["sections"][0]["subsections"][1]["block"]["items"] == [UNICODE_TEXT + KEPT,
                                                                        "abc"]
    assert dumped["sections"][1]["block"]["checks"][0] == {
        "title": clean["sections"][1]["block"]["checks"][0]["title"] + KEPT,
        "finding": UNICODE_TEXT + KEPT}
    assert dumped["distribution"]["report"] == clean["distribution"]["report"] + KEPT
    assert dumped["distribution"]["recipients"][0]["name"] == "窗口" + KEPT


def test_platform_source_is_cleaned_too():
    data = sample_data()
    data["sections"][1]["block"]["source"] = "四川一体化\x00政务服务平台\x1f"
    issue = parse_issue(json.dumps(data), "x.json")
    assert issue["sections"][1]["block"]["source"] == "四川一体化政务服务平台"


# --- bad input ---


@pytest.fixture
def prepared_db(tmp_path):
    """A database that already holds one issue (TAKEN), so 'changes nothing' is not trivial."""
    path = tmp_path / "prepared.sqlite3"
    year, number, serial = TAKEN
    source = write_json(tmp_path / "taken.json", make_issue(year, number, serial))
    assert cli.main(["--db", str(path), "import", str(source)]) == 0
    return path


def test_the_unchanged_sample_imports_into_the_prepared_db(tmp_path, prepared_db, capsys):
    """Control for the bad cases: without its change, each file would have been accepted."""
    path = tmp_path / "good.json"
    path.write_bytes(BadCase("control", "", "").content())
    before = db_snapshot(prepared_db)
    assert cli.main(["--db", str(prepared_db), "import", str(path)]) == 0
    assert db_snapshot(prepared_db) != before
    assert "已导入 2023年第9期（总第429期）" in capsys.readouterr().out


def assert_one_clean_message(err: str, source: Path, case: BadCase) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("zwdesk: ")
    if case.path:
        assert f"{source}: {case.path}: " in line
    else:
        assert f"{source}: " in line
    assert case.fragment in line
    return line


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_file_is_refused_with_one_message_and_no_change(tmp_path, prepared_db, capsys, case):
    source = tmp_path / f"{case.id}.json"
    source.write_bytes(case.content())
    capsys.readouterr()
    before = db_snapshot(prepared_db)

    code = cli.main(["--db", str(prepared_db), "import", str(source)])

    captured = capsys.readouterr()
    assert code != 0
    assert captured.out == ""
    assert_one_clean_message(captured.err, source, case)
    assert db_snapshot(prepared_db) == before


FILE_CASES = [c for c in BAD_CASES if not c.id.endswith("-taken")]


@pytest.mark.parametrize("case", FILE_CASES, ids=[c.id for c in FILE_CASES])
def test_parse_issue_raises_format_error_with_path(case):
    with pytest.raises(FormatError) as info:
        parse_issue(case.content(), "bad.json")
    assert info.value.source == "bad.json"
    assert info.value.path == case.path
    assert case.fragment in info.value.problem


def test_taken_cases_are_valid_files():
    """The two 'taken' cases fail only because of the database."""
    for case in BAD_CASES:
        if case.id.endswith("-taken"):
            assert parse_issue(case.content(), "ok.json")["year"] == 2023


def test_missing_file_and_folder_are_refused(tmp_path, capsys):
    db = tmp_path / "x.sqlite3"
    missing = tmp_path / "nope.json"
    assert cli.main(["--db", str(db), "import", str(missing)]) == 1
    err = capsys.readouterr().err
    assert str(missing) in err and "cannot read" in err and "Traceback" not in err
    assert cli.main(["--db", str(db), "import", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "文件夹中没有可导入的文件" in err


# --- files that are not ordinary files, or too big; content quoted short and safe ---


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "issue.json"
    os.mkfifo(fifo)
    result = run_cli(tmp_path, "--db", str(tmp_path / "f.sqlite3"), "import", str(fifo))
    assert result.returncode == 1
    assert result.stderr == (f"zwdesk: {fifo}: 不是普通文件（是设备、管道或套接字），不读取 "
                             "(not a regular file: a device, a FIFO or a socket)\n")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused(tmp_path, capsys):
    assert cli.main(["--db", str(tmp_path / "z.sqlite3"), "import", "/dev/zero"]) == 1
    assert "not a regular file" in capsys.readouterr().err


def test_a_file_over_the_size_limit_is_refused(tmp_path, capsys):
    big = tmp_path / "big.json"
    with big.open("wb") as file:
        file.truncate(limits.MAX_FILE_BYTES + 1)  # sparse: no disk used
    assert cli.main(["--db", str(tmp_path / "b.sqlite3"), "import", str(big)]) == 1
    assert capsys.readouterr().err == (f"zwdesk: {big}: "
                                       "文件过大，最多 20 MB (file too large, at most 20 MB)\n")


FORGED = "\n已导入 2024年第1期（总第480期）"


@pytest.mark.parametrize("where", ["key", "nested-key", "value", "kind", "date"])
def test_user_content_in_a_message_is_short_and_on_one_line(tmp_path, capsys, where):
    data = sample_data()
    huge = FORGED + "x" * 2_000_000
    if where == "key":
        data[huge] = 1
    elif where == "nested-key":
        data["distribution"][huge] = 1
    elif where == "value":
        data["distribution"]["recipients"] = [{"group": huge, "name": "x", "copies": 1}]
    elif where == "kind":
        data["sections"][1]["block"]["kind"] = huge
    else:
        data["issue_date"] = huge
    source = write_json(tmp_path / "forged.json", data)
    assert cli.main(["--db", str(tmp_path / "q.sqlite3"), "import", str(source)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith(f"zwdesk: {source}: ")
    assert "\\n已导入" in captured.err and "x" * 100 not in captured.err
    assert len(captured.err) < len(str(source)) + 250


def test_a_file_name_is_quoted_too(tmp_path, capsys):
    folder = tmp_path / ("名" * 80) / ("名" * 80)
    folder.mkdir(parents=True)
    source = folder / "a\n已导入 2024年第1期.json"
    source.write_text("not json", encoding="utf-8")
    assert cli.main(["--db", str(tmp_path / "n.sqlite3"), "import", str(source)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "a\\n已导入" in err and "…" in err


@pytest.mark.parametrize(("text", "shown"), [
    ("abc", "abc"), ("a\nb\tc\x1b[2J", "a\\nb\\tc\\x1b[2J"), ("\u202eevil", "\\u202eevil"),
    ("长" * 100, "长" * 39 + "…" + "长" * 40), ("", ""),
])
def test_quote(text, shown):
    assert quote(text) == shown
