"""Files from outside through every way in of the command line — ``import``, ``inbox add``,
``review`` — each file alone and in a folder: what is not a bulletin, not a regular file or
nested too deep is refused on its own line, the valid files beside it are stored, and the exit
status says that something was refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support.builders import cli_env, db_snapshot, run_cli, sample_data, write_json
from support.hostile import guide_docx, nested_content_controls, nested_tables

from zwdesk import cli

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
                                reason="POSIX FIFOs and /dev/zero")


def run(db: Path, capsys, *args: str) -> tuple[int, list[str], list[str]]:  # noqa: ANN001
    status = cli.main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), problems(err)


def problems(stderr: str) -> list[str]:
    """The lines of standard error that are problems: ``inbox add`` also says there which
    units it registered (新单位：…), which is news, not a refusal."""
    return [line for line in stderr.splitlines() if not line.startswith("zwdesk: 新单位：")]


def issue_json(path: Path, number: int) -> Path:
    data = sample_data()
    data.update(number=number, serial=500 + number)
    return write_json(path, data)


def submission_json(path: Path, unit: str, text: str) -> Path:
    return write_json(path, {"format": "zwdesk-submission", "version": 1, "unit": unit,
                             "date": "2023-03-15", "items": [{"text": text}]})


# --- a document is a bulletin only if it opens with a 报头 -------------------------------------


def test_a_guide_quoting_an_issue_is_neither_imported_nor_reviewed(db_with_sample, tmp_path,  # noqa: ANN001
                                                                   capsys) -> None:
    guide = tmp_path / "编写指南.docx"
    guide.write_bytes(guide_docx())
    before = db_snapshot(db_with_sample)
    status, out, err = run(db_with_sample, capsys, "import", str(guide))
    assert (status, out) == (1, [])
    assert err == [line for line in err if "编写指南.docx" in line and "不像一期简报：没有找到报头"
                   in line] and len(err) == 1
    status, out, err = run(db_with_sample, capsys, "review", "2023-9", str(guide))
    assert (status, out) == (1, []) and "不像一期简报：没有找到报头" in err[0]
    assert db_snapshot(db_with_sample) == before


# --- what is not a regular file, on every way in -------------------------------------------------


@posix_only
def test_devices_fifos_and_folders_named_like_documents_are_refused_everywhere(
        tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = cli_env(tmp_path, TMPDIR=str(scratch))
    db = str(tmp_path / "z.sqlite3")
    incoming = tmp_path / "收到"
    incoming.mkdir()
    (incoming / "零.doc").symlink_to("/dev/zero")
    os.mkfifo(incoming / "管道.docx")
    (incoming / "夹.docx").mkdir()  # inside a folder: a subfolder, skipped
    submission_json(incoming / "a.json", "省公安厅窗口", "公安厅窗口延时服务20次。")
    specials = [incoming / "零.doc", incoming / "管道.docx"]
    folder_named = tmp_path / "文件夹.docx"
    folder_named.mkdir()

    assert run_cli(tmp_path, "--db", db, "sample", env=env).returncode == 0
    result = run_cli(tmp_path, "--db", db, "inbox", "add", str(incoming), env=env)
    assert result.returncode == 1
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == ["省公安厅窗口"]
    refused_each(result.stderr, specials)
    for args in (["import", *map(str, specials), str(folder_named)],
                 ["inbox", "add", *map(str, specials), str(folder_named)]):
        result = run_cli(tmp_path, "--db", db, *args, env=env)
        assert result.returncode == 1 and result.stdout == ""
        refused_each(result.stderr, [*specials, folder_named])
    for special in [*specials, folder_named]:
        result = run_cli(tmp_path, "--db", db, "review", "2023-9", str(special), env=env)
        assert result.returncode == 1 and result.stdout == ""
        refused_each(result.stderr, [special])
    assert list(scratch.iterdir()) == []  # nothing was copied for the office suite


def refused_each(stderr: str, paths: list[Path]) -> None:
    """One line for each path, saying why, and nothing else."""
    lines = problems(stderr)
    assert len(lines) == len(paths), lines
    for path in paths:
        [line] = [line for line in lines if str(path) in line]
        assert line.startswith("zwdesk: ") and ("这是一个文件夹，不是文件" in line if path.is_dir()
                                                else "不是普通文件（是设备、管道或套接字）" in line)


# --- one bad file never stops a folder ------------------------------------------------------------


def test_an_import_folder_goes_on_after_a_bad_file(tmp_path, capsys) -> None:  # noqa: ANN001
    folder = tmp_path / "往期"
    folder.mkdir()
    issue_json(folder / "1.json", 1)
    (folder / "2-深.docx").write_bytes(nested_content_controls(900))
    (folder / "3-表.docx").write_bytes(nested_tables(200))
    bad_version = sample_data()
    bad_version.update(version="1", number=4)
    write_json(folder / "4-版本.json", bad_version)
    issue_json(folder / "5.json", 5)
    status, out, err = run(tmp_path / "z.sqlite3", capsys, "import", str(folder))
    assert status == 1
    assert [line.split(" ← ")[1] for line in out] == ["1.json", "5.json"]
    assert len(err) == 3 and all(str(folder) in line for line in err)
    assert "嵌套超过 100 层" in err[0] and "嵌套超过 100 层" in err[1] and "4-版本.json" in err[2]
    status, out, _ = run(tmp_path / "z.sqlite3", capsys, "list")
    assert len(out) == 2


def test_an_inbox_folder_goes_on_after_a_bad_file(db_with_sample, tmp_path, capsys) -> None:  # noqa: ANN001
    folder = tmp_path / "来稿"
    folder.mkdir()
    submission_json(folder / "1.json", "省公安厅窗口", "公安厅窗口延时服务20次。")
    (folder / "2-深.docx").write_bytes(nested_content_controls(900))
    bad = json.loads((folder / "1.json").read_text("utf-8"))
    bad.update(version=1.5, unit="省税务局窗口")
    write_json(folder / "3-版本.json", bad)
    submission_json(folder / "4.json", "省医保局窗口", "医保局窗口办件300件。")
    status, out, err = run(db_with_sample, capsys, "inbox", "add", str(folder))
    assert status == 1
    assert [line.split("\t")[1] for line in out] == ["省公安厅窗口", "省医保局窗口"]
    assert len(err) == 2 and "2-深.docx" in err[0] and "嵌套超过" in err[0]
    assert "3-版本.json" in err[1]


def test_an_unforeseen_error_costs_only_its_file(tmp_path, capsys, monkeypatch) -> None:  # noqa: ANN001
    from zwdesk.core import reader

    def broken(data: bytes, source: str):  # noqa: ANN202 - a reader bug, for one file
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(reader, "read_docx_bytes", broken)
    (tmp_path / "a.docx").write_bytes(b"PK")
    issue_json(tmp_path / "b.json", 2)
    status, out, err = run(tmp_path / "z.sqlite3", capsys, "import", str(tmp_path / "a.docx"),
                           str(tmp_path / "b.json"))
    assert status == 1 and [line.split(" ← ")[1] for line in out] == ["b.json"]
    assert err == [f"zwdesk: {tmp_path / 'a.docx'}: 无法读取：程序内部错误，已跳过此文件，"
                   "其余文件不受影响 (internal error: RecursionError: maximum recursion depth "
                   "exceeded)"]


# --- leftovers of a writer killed in the middle --------------------------------------------------

_KILLED_WHILE_SAVING = """
import os, signal, sys, zipfile
from zwdesk import cli
write = zipfile.ZipFile.write  # openpyxl adds each sheet's temporary file with it
def killed(self, *args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
zipfile.ZipFile.write = killed
cli.main(sys.argv[1:])
"""


@pytest.mark.skipif(not hasattr(os, "getpgid"), reason="SIGKILL and pids as on POSIX")
def test_stats_xlsx_killed_while_saving_leaves_nothing_after_the_next_run(tmp_path) -> None:  # noqa: ANN001
    import subprocess
    import sys

    scratch = tmp_path / "tmp"
    out = tmp_path / "出表"
    scratch.mkdir()
    out.mkdir()
    env = cli_env(tmp_path, TMPDIR=str(scratch))
    db, target = str(tmp_path / "z.sqlite3"), str(out / "统计.xlsx")
    assert run_cli(tmp_path, "--db", db, "sample", env=env).returncode == 0
    killed = subprocess.run([sys.executable, "-c", _KILLED_WHILE_SAVING, "--db", db, "stats",
                             "-o", target], env=env, capture_output=True, timeout=120)
    assert killed.returncode == -9
    assert [p.name for p in scratch.rglob("openpyxl.*")] and \
        [p.name for p in out.iterdir()] == [p.name for p in out.glob(".zwdesk-*.tmp")] != []
    again = run_cli(tmp_path, "--db", db, "stats", "-o", target, env=env)
    assert again.returncode == 0, again.stderr
    assert list(scratch.iterdir()) == []  # openpyxl's temporaries and their folder are gone
    assert [p.name for p in out.iterdir()] == ["统计.xlsx"]


# --- inbox add of a folder of .doc forms: one office run, as import -----------------------------


@pytest.mark.render
def test_inbox_add_converts_a_folder_of_doc_forms_in_one_run(db_with_sample, tmp_path, capsys,  # noqa: ANN001
                                                             monkeypatch) -> None:
    from support.builders import fill_form

    from zwdesk.core import office

    if office.find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    assert run(db_with_sample, capsys, "form", "-o", str(tmp_path / "空白.docx"))[0] == 0
    units = ["省公安厅窗口", "省医保局窗口", "省税务局窗口"]
    filled = [fill_form(tmp_path / "空白.docx", tmp_path / f"{index}.docx",
                        [("", f"{unit}延时服务{index}次。")], unit=unit)
              for index, unit in enumerate(units)]
    folder = tmp_path / "来稿"
    folder.mkdir()
    office.convert_batch_with_libreoffice(filled, folder, "doc")  # as WPS saves them
    runs = []
    batch = office.convert_batch_with_libreoffice

    def counted(paths, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        runs.append([Path(p).name for p in paths])
        return batch(paths, *args, **kwargs)

    monkeypatch.setattr(office, "convert_batch_with_libreoffice", counted)
    status, out, err = run(db_with_sample, capsys, "inbox", "add", str(folder))
    assert status == 0, err
    assert runs == [["0.doc", "1.doc", "2.doc"]]
    assert [line.split("\t", 1)[1] for line in out] == [
        f"{unit}\t{unit}延时服务{index}次。" for index, unit in enumerate(units)]


# --- one rule for what a file is ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".docm", ".dotx", ".DOTM"])
def test_macro_and_template_word_files_are_word_on_every_way_in(tmp_path, capsys,  # noqa: ANN001
                                                                 suffix) -> None:
    from support.builders import fill_form

    from zwdesk.core.exchange import parse_issue
    from zwdesk.core.submission_form import write_blank_form
    from zwdesk.operations import write_bulletin

    issue = sample_data()
    issue.update(number=10, serial=430)
    write_bulletin(parse_issue(json.dumps(issue, ensure_ascii=False)), tmp_path / "a.docx")
    bulletin = (tmp_path / "a.docx").rename(tmp_path / f"2023-10{suffix}")
    write_blank_form(tmp_path / "空白.docx")
    form = fill_form(tmp_path / "空白.docx", tmp_path / "b.docx", [("", "延时服务20次。")])
    form = form.rename(tmp_path / f"报送单{suffix}")
    db = tmp_path / "z.sqlite3"
    status, out, err = run(db, capsys, "import", str(bulletin))
    assert status == 0 and out[0].startswith("已导入 2023年第10期（总第430期）"), err
    status, out, err = run(db, capsys, "review", "2023-10", str(bulletin))
    assert (status, out) == (0, ["审阅稿与本期内容相同"]), err
    status, out, err = run(db, capsys, "inbox", "add", str(form))
    assert status == 0 and out[0].endswith("\t省公安厅窗口\t延时服务20次。"), err
