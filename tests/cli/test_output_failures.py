"""Standard output that cannot be written: a full disk (/dev/full) is one line on standard error
and exit status 1, never a traceback, and what the command stores is stored; a reader that goes
away (``| head``) ends the command quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.builders import SAMPLE_JSON, cli_env, row_counts, write_json

from zwdesk import cli

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")

FULL = "zwdesk: 写出失败：磁盘已满 (cannot write the output: No space left on device)"


def zwdesk(db: Path, tmp_path: Path, *args: str, stdout: object) -> tuple[int, str]:
    result = subprocess.run([sys.executable, "-m", "zwdesk", "--db", str(db), *args],
                            cwd=tmp_path, env=cli_env(tmp_path), stdout=stdout,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", timeout=120)
    return result.returncode, result.stderr


@pytest.mark.parametrize("argv", [
    ["list"], ["search", "大厅"], ["search", "大厅", "窗口"], ["check", "2023-9"],
    ["check", "2023"], ["settings"], ["stats"], ["tally", "--from", "2023-01-01"],
    ["dump", "2023-9", "-o", "x.json"], ["--help"], ["--version"],
    ["inbox", "--help"],
])
def test_a_full_disk_is_one_line_and_exit_1(db_with_sample, tmp_path, argv) -> None:  # noqa: ANN001
    with open("/dev/full", "w") as full:
        status, err = zwdesk(db_with_sample, tmp_path, *argv, stdout=full)
    assert (status, err.splitlines()) == (cli.EXIT_ERROR, [FULL])


def test_what_is_stored_is_stored_when_the_output_is_full(db_with_sample, tmp_path) -> None:  # noqa: ANN001
    """import and inbox add go on after the output failed: every file is stored."""
    import json

    issue = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    issue.update(number=10, serial=430)
    write_json(tmp_path / "10.json", issue)
    issue.update(number=11, serial=431)
    write_json(tmp_path / "11.json", issue)
    units = [write_json(tmp_path / f"u{n}.json", {
        "format": "zwdesk-submission", "version": 1, "unit": "省医保局窗口",
        "date": f"2023-03-1{n}", "items": [{"text": f"第{n}条。"}]}) for n in range(3)]
    with open("/dev/full", "w") as full:
        status, err = zwdesk(db_with_sample, tmp_path, "import", "10.json", "11.json",
                             stdout=full)
        assert (status, err.splitlines()) == (1, [FULL])
        status, err = zwdesk(db_with_sample, tmp_path, "inbox", "add", *map(str, units),
                             stdout=full)
        assert status == 1 and err.splitlines()[-1] == FULL and "Traceback" not in err
        for argv in (["inbox", "list"], ["inbox", "show", "1"]):
            assert zwdesk(db_with_sample, tmp_path, *argv, stdout=full) == (1, FULL + "\n")
    counts = row_counts(db_with_sample)
    assert counts["issue"] == 3 and counts["submitteditem"] == 3


@pytest.mark.parametrize("argv", [["list"], ["search", "大厅"], ["inbox", "list"],
                                  ["--help"]])
def test_a_reader_that_goes_away_ends_it_quietly(db_with_sample, tmp_path, argv) -> None:  # noqa: ANN001
    process = subprocess.Popen([sys.executable, "-m", "zwdesk", "--db", str(db_with_sample),
                                *argv], cwd=tmp_path, env=cli_env(tmp_path),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # as `| head -0`: nobody reads
    err = process.stderr.read().decode("utf-8")
    process.stderr.close()
    process.wait(timeout=120)
    assert err == ""
