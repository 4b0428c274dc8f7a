"""The command line: its forms, ``python -m zwdesk``, clean errors, atomic dump output."""

from __future__ import annotations

import errno
import json
import os

import pytest
from support.backends import sqlite_only
from support.builders import (
    BAD_CASES,
    SAMPLE_JSON,
    TAKEN,
    cli_env,
    db_snapshot,
    file_hash,
    make_issue,
    modules_loaded_by,
    run_cli,
    sample_data,
    write_json,
)

from zwdesk import __version__, cli

COMMANDS = ("import", "review", "dump", "export", "print", "check", "list", "sample")


# --- help and forms ---


def test_help_in_process_mentions_every_command(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command in out
    for form in ("--db PATH", "import FILE... [--replace]",
                 "review YEAR-NUMBER FILE.docx [--accept]", "dump YEAR-NUMBER -o FILE.json",
                 "export YEAR-NUMBER -o FILE.docx", "export YEAR-NUMBER -o FILE.pdf",
                 "print YEAR-NUMBER [--printer NAME] [--copies N] [--output FILE.pdf]",
                 "check YEAR-NUMBER", "check YEAR "):
        assert form in out


def test_help_through_python_dash_m(tmp_path):
    result = run_cli(tmp_path, "--help")
    assert result.returncode == 0
    assert result.stderr == ""
    assert all(command in result.stdout for command in COMMANDS)
    assert "用法：zwdesk" in result.stdout
    assert "positional arguments" not in result.stdout and "options:" not in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as info:
        cli.main([command, "--help"])
    assert info.value.code == 0
    assert f"用法：zwdesk {command}" in capsys.readouterr().out


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"zwdesk {__version__}"


@pytest.mark.parametrize("argv", [
    ["dump", "2023-9"],  # -o is required
    ["export", "2023-9"],
    ["import"],
    ["frobnicate"],
    ["list", "extra"],
    ["print"],
    ["print", "2023-9", "--copies", "0"],
    ["print", "2023-9", "--copies", "两份"],
    ["print", "2023-9", "--printer", "HP", "--output", "out.pdf"],  # one or the other
])
def test_usage_errors_exit_2_without_traceback(tmp_path, argv):
    result = run_cli(tmp_path, "--db", str(tmp_path / "x.sqlite3"), *argv)
    assert result.returncode == 2
    assert "用法：zwdesk" in result.stderr
    assert "用法错误：" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.sqlite3").exists()


def test_python_dash_m_runs_the_commands(tmp_path):
    db = tmp_path / "m.sqlite3"
    first = run_cli(tmp_path, "--db", str(db), "sample")
    assert first.returncode == 0, first.stderr
    assert "示例期 2023年第9期已加入" in first.stdout
    listed = run_cli(tmp_path, "--db", str(db), "list")
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == [
        "2023-9\t2023年第9期\t总第429期\t（3月6日\u20143月10日）\t草稿"]
    out = tmp_path / "dumped.json"
    dumped = run_cli(tmp_path, "--db", str(db), "dump", "2023-9", "-o", str(out))
    assert dumped.returncode == 0, dumped.stderr
    assert json.loads(out.read_text("utf-8")) == sample_data()


def test_import_reports_what_it_stored(tmp_path, capsys):
    source = write_json(tmp_path / "i.json", make_issue(2024, 12, 480))
    assert cli.main(["--db", str(tmp_path / "d.sqlite3"), "import", str(source)]) == 0
    assert capsys.readouterr().out.strip() == "已导入 2024年第12期（总第480期） ← i.json"


# --- bad files through the real program (the full list runs in-process in test_exchange) ---

SUBPROCESS_CASES = ["not-json", "empty-file", "binary-file", "version-2", "version-string",
                    "unknown-top-key", "missing-count", "bool-count", "impossible-date",
                    "date-without-zeros", "section-with-both", "inspection-in-subsection",
                    "recipient-group-unknown", "deep-nesting", "count-beyond-sqlite",
                    "year-number-taken", "serial-taken"]


@pytest.fixture(scope="module")
def prepared_template(tmp_path_factory):
    """A database holding TAKEN, made once by the real program; each test gets a copy."""
    folder = tmp_path_factory.mktemp("prepared")
    db = folder / "prepared.sqlite3"
    year, number, serial = TAKEN
    source = write_json(folder / "taken.json", make_issue(year, number, serial))
    result = run_cli(folder, "--db", str(db), "import", str(source))
    assert result.returncode == 0, result.stderr
    assert not (folder / "prepared.sqlite3-wal").exists()  # the CLI closed the database
    return db


@pytest.mark.parametrize("case", [c for c in BAD_CASES if c.id in SUBPROCESS_CASES],
                         ids=lambda c: c.id)
def test_bad_file_through_python_dash_m(tmp_path, prepared_template, case):
    db = tmp_path / "db.sqlite3"
    db.write_bytes(prepared_template.read_bytes())
    source = tmp_path / f"{case.id}.json"
    source.write_bytes(case.content())
    before = db_snapshot(db)

    result = run_cli(tmp_path, "--db", str(db), "import", str(source))

    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    expected = f"{source}: {case.path}: " if case.path else f"{source}: "
    assert expected in lines[0]
    assert case.fragment in lines[0]
    assert db_snapshot(db) == before


def test_subprocess_cases_exist():
    assert len([c for c in BAD_CASES if c.id in SUBPROCESS_CASES]) == len(SUBPROCESS_CASES)


# --- dump ---


def test_dump_leaves_no_temporary_files(tmp_path, db_with_sample):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "2023-09.json"
    assert cli.main(["--db", str(db_with_sample), "dump", "2023-9", "-o", str(target)]) == 0
    assert [p.name for p in folder.iterdir()] == ["2023-09.json"]
    assert json.loads(target.read_text("utf-8")) == sample_data()


def test_dump_replaces_an_existing_file(tmp_path, db_with_sample):
    target = tmp_path / "old.json"
    target.write_text("an older draft", encoding="utf-8")
    assert cli.main(["--db", str(db_with_sample), "dump", "2023-9", "-o", str(target)]) == 0
    assert json.loads(target.read_text("utf-8")) == sample_data()


def test_dump_into_a_path_under_a_regular_file(tmp_path, db_with_sample, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("I am a file", encoding="utf-8")
    target = blocker / "out.json"
    capsys.readouterr()
    assert cli.main(["--db", str(db_with_sample), "dump", "2023-9", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"无法写入文件 {target}" in err
    assert blocker.read_text("utf-8") == "I am a file"


def test_dump_onto_a_folder_leaves_it_alone(tmp_path, db_with_sample, capsys):
    folder = tmp_path / "taken.json"
    folder.mkdir()
    (folder / "inside.txt").write_text("x", encoding="utf-8")
    assert cli.main(["--db", str(db_with_sample), "dump", "2023-9", "-o", str(folder)]) == 1
    assert f"无法写入文件 {folder}" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["inside.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".zwdesk-")]


def test_failed_dump_keeps_the_existing_file(tmp_path, db_with_sample, capsys, monkeypatch):
    target = tmp_path / "archive.json"
    target.write_text("the archived copy", encoding="utf-8")

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr("zwdesk.core.atomic.os.replace", refuse)
    assert cli.main(["--db", str(db_with_sample), "dump", "2023-9", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"无法写入文件 {target}" in err and "permission denied" in err
    assert target.read_text("utf-8") == "the archived copy"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".zwdesk-")]


@pytest.mark.parametrize(("key", "message"), [
    ("2023-10", "没有 2023年第10期"),
    ("2022-9", "没有 2022年第9期"),
    ("2023/9", "YEAR-NUMBER"),
    ("2023", "YEAR-NUMBER"),
    ("23-9", "YEAR-NUMBER"),
    ("2023-9-1", "YEAR-NUMBER"),
])
@pytest.mark.parametrize("command", ["dump", "export"])
def test_dump_and_export_refuse_unknown_or_malformed_keys(tmp_path, db_with_sample, capsys,
                                                          command, key, message):
    target = tmp_path / ("out.json" if command == "dump" else "out.docx")
    capsys.readouterr()
    assert cli.main(["--db", str(db_with_sample), command, key, "-o", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err and captured.err.count("\n") == 1
    assert not target.exists()


@pytest.mark.parametrize("name", ["out.odt", "out.doc", "out", "out.docx.json", "out.pdf.txt"])
def test_export_refuses_a_target_neither_docx_nor_pdf(tmp_path, db_with_sample, capsys, name):
    target = tmp_path / name
    capsys.readouterr()
    assert cli.main(["--db", str(db_with_sample), "export", "2023-9", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert ".docx" in err and ".pdf" in err and str(target) in err
    assert not target.exists()


def test_errors_never_touch_the_default_database(tmp_path, db_with_sample):
    """--db is honoured by every command: the env default stays absent."""
    cli.main(["--db", str(db_with_sample), "list"])
    cli.main(["--db", str(db_with_sample), "dump", "2023-10", "-o", str(tmp_path / "x.json")])
    assert not (tmp_path / "env-default.sqlite3").exists()
    assert not (tmp_path / "appdirs").exists()


def test_import_from_another_working_folder(tmp_path):
    """Relative paths are taken from the working folder, like any command-line tool."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "issue.json").write_bytes(SAMPLE_JSON.read_bytes())
    result = run_cli(work, "--db", "rel.sqlite3", "import", "issue.json",
                     env=cli_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (work / "rel.sqlite3").exists()
    assert file_hash(work / "issue.json") == file_hash(SAMPLE_JSON)
    assert os.path.getsize(work / "rel.sqlite3") > 0


# --- check ---


def _check(db, key: str, capsys) -> tuple[int, list[str]]:  # noqa: ANN001
    capsys.readouterr()
    status = cli.main(["--db", str(db), "check", key])
    return status, capsys.readouterr().out.splitlines()


def _import(tmp_path, db, data: dict) -> None:  # noqa: ANN001
    source = write_json(tmp_path / f"{data['year']}-{data['number']}.json", data)
    assert cli.main(["--db", str(db), "import", str(source)]) == 0


def _sample_without_the_doubled_word() -> dict:
    data = sample_data()
    items = data["sections"][2]["subsections"][1]["block"]["items"]
    items[3] = items[3].replace("政务政务", "政务")
    return data


def test_check_lists_the_samples_one_doubled_word_and_exits_3(db_with_sample, capsys):
    status, lines = _check(db_with_sample, "2023-9", capsys)
    assert status == 3
    assert len(lines) == 1
    assert lines[0].startswith("提醒\t三、窗口工作动态 / （二）窗口服务效能提升工作情况 / 第4条\t"
                               "（二）窗口服务效能提升工作情况 第4条：词语重复“政务政务”：")


def test_check_of_a_clean_issue_prints_nothing_and_exits_0(tmp_path, capsys):
    db = tmp_path / "c.sqlite3"
    _import(tmp_path, db, _sample_without_the_doubled_word())
    assert _check(db, "2023-9", capsys) == (0, [])


def test_check_compares_with_the_previous_issue(tmp_path, capsys):
    db = tmp_path / "c.sqlite3"
    issue = _sample_without_the_doubled_word()
    issue["sections"][0]["subsections"][2]["block"]["items"][2] = "3.组织业务培训。"
    issue["distribution"]["recipients"] = [{"group": "报", "name": "（请填写单位名称）",
                                            "copies": 94}]
    _import(tmp_path, db, issue)
    previous = _sample_without_the_doubled_word()
    previous.update(number=8, serial=428, issue_date="2023-03-14",
                    period={"start": "2023-02-27", "end": "2023-03-03"})
    previous["sections"][0]["subsections"][0]["block"]["year_to_date"] = {
        "consult": 3466, "accept": 2000, "issue": 10435, "transfer": 27584}
    _import(tmp_path, db, previous)
    status, lines = _check(db, "2023-9", capsys)
    assert status == 3
    assert lines == [
        "错误\t一、综窗改革攻坚行动 / （一）省本级综窗办件情况\t（一）省本级综窗办件情况："
        "今年以来受理（1545）小于上期（2023年第8期）的今年以来受理（2000）",
        "错误\t一、综窗改革攻坚行动 / （三）推进情况 / 第3条\t（三）推进情况 第3条："
        "开头的编号“3.”会与自动编号重复，印成“3.3.…”，请删去",
        "错误\t版记 / 分发名单第1行\t版记 分发名单第1行：含有待填写的占位文字“（请填写单位名称）”",
    ]


def test_check_of_an_unknown_issue_is_an_error(db_with_sample, capsys):
    capsys.readouterr()
    assert cli.main(["--db", str(db_with_sample), "check", "2023-10"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "没有 2023年第10期" in captured.err


@pytest.mark.parametrize(("argv", "message"), [
    (["dump", "2023-9"], "zwdesk dump: 用法错误：缺少参数 -o "
                         "(the following arguments are required: -o)"),
    (["list", "extra"], "zwdesk: 用法错误：无法识别的参数 extra (unrecognized arguments: extra)"),
    (["frobnicate"], "zwdesk: 用法错误：参数 COMMAND：无效的选项 'frobnicate'，可选："),
    (["dump", "2023-9", "-o"],
     "zwdesk dump: 用法错误：参数 -o：需要一个值 (expected one argument)"),
    (["print", "2023-9", "--copies", "两份"], "参数 --copies：应为正整数，而不是 '两份'"),
    (["print", "2023-9", "--printer", "HP", "--output", "o.pdf"],
     "参数 --output：不能与 --printer 同时使用 (not allowed with argument --printer)"),
])
def test_usage_errors_are_in_chinese(tmp_path, argv, message):
    result = run_cli(tmp_path, "--db", str(tmp_path / "x.sqlite3"), *argv)
    assert result.returncode == cli.EXIT_USAGE == 2
    assert message in result.stderr.splitlines()[-1]


def test_usage_error_translation_keeps_unknown_messages():
    assert cli.translate_usage_error("argument --x: invalid int value: 'a'") == (
        "参数 --x：无效的值 'a' (invalid int value: 'a')")
    assert cli.translate_usage_error("something new") == "something new"


def test_a_forged_line_in_an_argument_stays_on_one_line(tmp_path):
    result = run_cli(tmp_path, "--db", str(tmp_path / "x.sqlite3"), "list", "\n已导入 第1期")
    assert result.returncode == 2
    assert not any(line.startswith("已导入") for line in result.stderr.splitlines())


def test_list_into_a_closed_pipe_ends_quietly(tmp_path):
    """zwdesk list | head -1: the reader leaves after one line; no BrokenPipeError traceback."""
    import subprocess
    import sys

    from zwdesk.store.database import open_database
    from zwdesk.store.models import Issue, Publication

    db = tmp_path / "many.sqlite3"
    open_database(db)
    publication = Publication.create(name="政务服务工作", editor="中心")
    rows = [{"publication": publication, "year": 2000 + n // 999, "number": n % 999 + 1,
             "serial": n + 1, "issue_date": "2023-03-10", "period_start": "2023-03-06",
             "period_end": "2023-03-10"} for n in range(3000)]  # ~200 KB: more than a pipe holds
    Issue.insert_many(rows).execute()
    Issue._meta.database.close()
    process = subprocess.Popen([sys.executable, "-m", "zwdesk", "--db", str(db), "list"],
                               cwd=tmp_path, env=cli_env(tmp_path), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout.readline().startswith(b"2003-3\t")
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    process.wait(timeout=60)
    assert stderr == ""
    assert process.returncode == cli.EXIT_ERROR


@sqlite_only  # a server's archive needs its driver
def test_export_loads_only_what_it_needs(db_with_sample, tmp_path):
    """The user waits for the whole command: the Word export must not load the checks, the
    exchange parser, the office suite, Qt, the schema-migration tools or the server's driver."""
    code, loaded = modules_loaded_by(tmp_path, "--db", str(db_with_sample), "export", "2023-9",
                                     "-o", str(tmp_path / "x.docx"))
    assert code == "0" and (tmp_path / "x.docx").exists()
    assert "docx" in loaded and "peewee" in loaded
    for heavy in ("zwdesk.core.checks", "zwdesk.core.exchange", "zwdesk.core.office",
                  "playhouse.migrate", "PySide6", "tempfile", "importlib.resources",
                  "psycopg"):  # the server's driver: not for a file
        assert heavy not in loaded, heavy
