"""Bad values on the command line and in 来稿 files: each refused with one clear message
(a usage error for an argument), never a traceback, nothing stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from support.builders import cli_env, db_snapshot, write_json
from support.builders import run_main as run

from zwdesk import cli
from zwdesk.core.dates import DateError, find_date
from zwdesk.store.models import Submission

HUGE = "9" * 25  # beyond SQLite's integers
THOUSANDS = "1" * 5000  # beyond Python's conversion of a digit string (4 300 digits)


def submission(version: str) -> str:
    """A submission file whose "version" is ``version`` as written in JSON."""
    text = json.dumps({"format": "zwdesk-submission", "version": 0, "unit": "省医保局窗口",
                       "date": "2023-03-15", "items": [{"text": f"版本{version}。"}]},
                      ensure_ascii=False)
    return text.replace('"version": 0', f'"version": {version}')


def test_a_bad_version_refuses_its_file_and_the_others_go_on(db_with_sample, tmp_path,
                                                             capsys) -> None:  # noqa: ANN001
    versions = ['"1"', "1.5", "null", "NaN", "true"]
    for n, version in enumerate(versions):
        (tmp_path / f"{n}.json").write_text(submission(version), encoding="utf-8")
    (tmp_path / "9.json").write_text(submission("1"), encoding="utf-8")
    status, out, err = run(db_with_sample, capsys, "inbox", "add", str(tmp_path))
    assert status == 1 and len(out) == 1 and out[0].endswith("\t省医保局窗口\t版本1。")
    refused = [line for line in err.splitlines() if ": version: " in line]
    assert [line.split(": version: ")[1] for line in refused] == [
        "应为整数 (expected an integer, got string)",
        "应为整数，不能是小数 (expected a whole number, got 1.5)",
        "应为整数 (expected an integer, got null)",
        "应为整数 (expected an integer, got NaN)",
        "应为整数 (expected an integer, got boolean)"]
    assert Submission.select().count() == 1


@pytest.mark.parametrize(("argv", "message"), [
    (["inbox", "show", HUGE], f"参数 ID：应为正整数，而不是 '{HUGE}'（最大 9223372036854775807）"),
    (["inbox", "decline", HUGE], "参数 ID：应为正整数"),
    (["inbox", "return", HUGE, "--reason", "x"], "参数 ID：应为正整数"),
    (["inbox", "adopt", HUGE, "2023-9", "3.2"], "参数 ID：应为正整数"),
    (["inbox", "adopt", "1", "2023-9", HUGE], "参数 PLACE：位置应为 栏目号 或 栏目号.子栏目号"),
    (["inbox", "adopt", "1", "2023-9", f"3.{HUGE}"], "参数 PLACE：位置应为"),
    (["inbox", "adopt", "1", "2023-9", THOUSANDS], "参数 PLACE：位置应为"),
    (["inbox", "list", "--limit", HUGE], "参数 --limit：应为正整数"),
    (["inbox", "list", "--limit", THOUSANDS], "参数 --limit：应为正整数"),
    (["search", "大厅", "--limit", HUGE], "参数 --limit：应为正整数"),
    (["search", "大厅", "--limit", "0"], "参数 --limit：应为正整数"),
    (["search", "大厅", "--year", HUGE], "参数 --year：年份应为 2000–2100"),
    (["print", "2023-9", "--copies", "100000"],
     "参数 --copies：应为正整数，而不是 '100000'（最大 99999）"),
    (["inbox", "list", "--from", "12023-03-01"], "参数 --from：年份超出范围：12023-03-01"),
    (["tally", "--to", "99999-01-01"],
     "参数 --to：年份超出范围：99999-01-01（年份应为 2000–2100）"),
    (["stats", "--from", "1999-12-31"], "参数 --from：年份超出范围"),
    (["stats", "--from=--"], "参数 --from：需要一个值 (expected one argument)"),
    (["tally", "--from=--"], "参数 --from：需要一个值 (expected one argument)"),
    (["tally", "--to=--"], "参数 --to：需要一个值"),
])
def test_values_out_of_bounds_are_usage_errors(db_with_sample, capsys, argv, message) -> None:  # noqa: ANN001
    before = db_snapshot(db_with_sample)
    with pytest.raises(SystemExit) as caught:
        cli.main(["--db", str(db_with_sample), *argv])
    assert caught.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err.splitlines()[-1]
    assert "用法错误：" in err and message in err
    assert db_snapshot(db_with_sample) == before


@pytest.mark.parametrize("text", ["12023-03-01", "99999-01-01", "2023-03-011", "1999年3月1日",
                                  "一九九九年三月一日", f"{THOUSANDS}-01-01"])
def test_a_date_outside_the_years_is_refused_not_cut(text) -> None:  # noqa: ANN001
    with pytest.raises(DateError):
        find_date(text)


def test_dates_within_the_years_are_read_as_before() -> None:
    assert [find_date(t).isoformat() for t in ("2023-03-01", "2100年12月31日", "20000101",
                                                "二〇二三年三月十五日", "x2023-3-1")] == [
        "2023-03-01", "2100-12-31", "2000-01-01", "2023-03-15", "2023-03-01"]


@pytest.mark.parametrize("argv", [["search", b"\xff\xfe"], ["search", "大厅", b"\xe5\xa4"],
                                  ["inbox", "list", "--unit", b"\xff"],
                                  ["inbox", "decline", "1", "--reason", b"\xff"]])
def test_a_word_that_is_not_utf8_is_a_usage_error(db_with_sample, tmp_path, argv) -> None:  # noqa: ANN001
    """Bytes that are not UTF-8 on a UTF-8 command line (Python keeps them as lone
    surrogates): a usage error naming the argument, no UnicodeEncodeError."""
    result = subprocess.run([sys.executable, "-m", "zwdesk", "--db", str(db_with_sample),
                             *(os.fsencode(a) if isinstance(a, str) else a for a in argv)],
                            env=cli_env(tmp_path, LC_ALL="C.UTF-8"), capture_output=True,
                            timeout=120)
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err
    assert "Traceback" not in err and "用法错误：" in err and "UTF-8" in err


def test_a_file_name_that_is_not_utf8_is_stored_readable(db_with_sample, tmp_path,
                                                          capsys) -> None:  # noqa: ANN001
    name = os.fsdecode(b"\xff\xfe.json")
    write_json(tmp_path / name, json.loads(submission("1")))
    status, out, err = run(db_with_sample, capsys, "inbox", "add", str(tmp_path / name))
    assert status == 0, err
    assert Submission.get().source == "\ufffd\ufffd.json"
