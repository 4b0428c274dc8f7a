"""``zwdesk history YEAR-NUMBER``: TIME<TAB>USER<TAB>place<TAB>old<TAB>new, oldest first, whole
texts into a pipe and cut on a terminal, control characters escaped; ``--user`` and
``ZWDESK_USER``; and the history carried by ``zwdesk archive`` (resources/archive-format-v1.md)."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
from support.builders import cli_env, on_a_terminal, run_cli, sample_data, write_json
from support.builders import run_main as run

from zwdesk.core.archivefile import history_member

LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\t[^\t]+\t[^\t]+\t[^\t]*\t[^\t]*")
HALL = "三、窗口工作动态 / （三）厅（局）长进大厅"
LONG = ("省政务服务大厅推行“一窗通办”改革，窗口服务效能持续提升，本周共受理群众办件三百二十件，"
        "办结率百分之百，群众满意度明显提高。")
TYPED = LONG + "\t第二栏\n第二行"


@pytest.fixture
def edited(db_with_sample, tmp_path, capsys) -> Path:  # noqa: ANN001
    """The sample, replaced by 王敏 on the command line, then the first item of （三） typed
    over by 李强 in a form (a long text holding a tab and a line break)."""
    changed = sample_data()
    changed["distribution"]["copies"] = 120
    status, _, err = run(db_with_sample, capsys, "--user", "王敏", "import", "--replace",
                         str(write_json(tmp_path / "审定稿.json", changed)))
    assert status == 0, err
    from zwdesk.store import content, sections, user
    from zwdesk.store.database import open_database
    from zwdesk.store.issues import find_issue
    from zwdesk.store.models import database

    open_database(db_with_sample)
    try:
        issue = find_issue(2023, 9)  # stored anew by the replace: a new id on a server
        hall = next(s for s in sections.issue_sections(issue.id) if s.place == HALL)
        user.set_user("李强")
        content.set_entry_text(content.entries(hall.id)[0].id, TYPED)
    finally:
        user.set_user(None)
        database.close()
    return db_with_sample


def fields(lines: list[str]) -> list[list[str]]:
    assert all(LINE.fullmatch(line) for line in lines), lines
    return [line.split("\t") for line in lines]


def test_one_line_per_write_oldest_first(edited, capsys) -> None:  # noqa: ANN001
    status, out, err = run(edited, capsys, "history", "2023-9")
    assert status == 0 and err == ""
    imported, replaced, typed = fields(out)
    assert imported[2:] == ["导入", "", "2023年第9期（总第429期） ← sample-2023-09.json"]
    assert replaced[1:] == ["王敏", "导入替换", "", "1处：版记 / 共印份数 ← 审定稿.json"]
    assert typed[1:3] == ["李强", f"{HALL} / 第1条"]
    assert imported[0] <= replaced[0] <= typed[0]


def test_a_pipe_gets_whole_texts_with_tabs_and_breaks_escaped(edited, capsys) -> None:  # noqa: ANN001
    from zwdesk.core.exchange import read_issue
    from zwdesk.paths import resource_path

    sample = read_issue(resource_path("sample-2023-09.json"))
    first = sample["sections"][2]["subsections"][2]["block"]["items"][0]
    typed = fields(run(edited, capsys, "history", "2023-9")[1])[-1]
    assert typed[3:] == [first, LONG + r"\t第二栏\n第二行"]  # whole, and still one line


def test_texts_are_cut_only_on_a_terminal(edited, tmp_path) -> None:  # noqa: ANN001
    piped = run_cli(tmp_path, "--db", str(edited), "history", "2023-9")
    assert piped.returncode == 0, piped.stderr
    whole = fields(piped.stdout.splitlines())
    shown = fields(on_a_terminal(tmp_path, edited, "history", "2023-9"))
    assert [line[:3] for line in shown] == [line[:3] for line in whole]
    cut_old, cut_new = shown[-1][3:]
    # 30 characters, the control characters then escaped as two each
    assert "…" in cut_new and len(cut_new) == 30 + 2 and cut_new != whole[-1][4]
    assert cut_new.startswith(LONG[:14]) and cut_new.endswith(r"\n第二行")
    assert "…" in cut_old and len(cut_old) == 30


def test_an_unknown_issue_is_one_line_and_exit_1(db_with_sample, capsys) -> None:  # noqa: ANN001
    status, out, err = run(db_with_sample, capsys, "history", "2023-10")
    assert (status, out) == (1, [])
    assert err.splitlines() == ["zwdesk: 没有 2023年第10期 (no issue 2023-10)"]
    status, out, err = run(db_with_sample, capsys, "history", "2023-x")
    assert (status, out) == (1, []) and len(err.splitlines()) == 1


@pytest.mark.parametrize(("name", "words"), [(" ", "用户名不能为空"), ("王\t敏", "控制字符"),
                                             ("王" * 65, "最长 64 个字")])
def test_a_bad_user_name_is_a_usage_error(db_with_sample, capsys, name, words) -> None:  # noqa: ANN001
    with pytest.raises(SystemExit) as exit_:
        run(db_with_sample, capsys, "--user", name, "sample")
    assert exit_.value.code == 2
    assert words in capsys.readouterr().err


def test_a_bad_zwdesk_user_is_one_line(db_with_sample, tmp_path) -> None:  # noqa: ANN001
    done = run_cli(tmp_path, "--db", str(db_with_sample), "sample",
                   env=cli_env(tmp_path, ZWDESK_USER="王\n敏"))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        "zwdesk: 环境变量 ZWDESK_USER：用户名不能含制表符、换行等控制字符 "
        "(control character in the user name)"]


# --- the archive carries the history ---


def test_the_archive_carries_each_issue_s_history(edited, tmp_path, capsys) -> None:  # noqa: ANN001
    before = run(edited, capsys, "history", "2023-9")[1]
    zipped = tmp_path / "全部.zip"
    assert run(edited, capsys, "archive", "-o", str(zipped))[0] == 0
    member = json.loads(zipfile.ZipFile(zipped).read(history_member(2023, 9)))
    assert [line["place"] for line in member] == ["导入", "导入替换", f"{HALL} / 第1条"]
    assert member[-1]["new"] == TYPED and member[-1]["user"] == "李强"
    assert set(member[0]) == {"at", "user", "place", "old", "new"}

    target = tmp_path / "target.sqlite3"
    status, _, err = run(target, capsys, "--user", "张主任", "import", str(zipped))
    assert status == 0, err
    after = run(target, capsys, "history", "2023-9")[1]
    assert after[:-1] == before  # as it was, then the import from the archive
    assert after[-1].split("\t")[1:] == ["张主任", "导入", "",
                                          "2023年第9期（总第429期） ← 全部.zip"]


def _rewritten(zipped: Path, target: Path, change) -> Path:  # noqa: ANN001
    """A copy of an archive with members changed by ``change(name, data)`` (None: left out)
    and a manifest that matches them."""
    with zipfile.ZipFile(zipped) as source, zipfile.ZipFile(target, "w") as copy:
        manifest = json.loads(source.read("manifest.json"))
        sums = {}
        for name in manifest["sha256"]:
            data = change(name, source.read(name))
            if data is not None:
                copy.writestr(name, data)
                sums[name] = hashlib.sha256(data).hexdigest()
        manifest["sha256"] = sums
        copy.writestr("manifest.json", json.dumps(manifest))
    return target


def test_an_archive_without_histories_still_imports(edited, tmp_path, capsys) -> None:  # noqa: ANN001
    zipped = tmp_path / "全部.zip"
    assert run(edited, capsys, "archive", "-o", str(zipped))[0] == 0

    def as_before_histories(name: str, data: bytes) -> bytes | None:
        if name.startswith("history/"):
            return None
        if name == "issues.json":
            return json.dumps([{k: v for k, v in entry.items() if k != "history"}
                               for entry in json.loads(data)]).encode()
        return data

    older = _rewritten(zipped, tmp_path / "旧.zip", as_before_histories)
    target = tmp_path / "target.sqlite3"
    status, _, err = run(target, capsys, "import", str(older))
    assert status == 0, err
    [line] = fields(run(target, capsys, "history", "2023-9")[1])
    assert line[2:] == ["导入", "", "2023年第9期（总第429期） ← 旧.zip"]


def test_a_damaged_history_member_is_refused_by_name(edited, tmp_path, capsys) -> None:  # noqa: ANN001
    zipped = tmp_path / "全部.zip"
    assert run(edited, capsys, "archive", "-o", str(zipped))[0] == 0
    name = history_member(2023, 9)
    bad = _rewritten(zipped, tmp_path / "坏.zip", lambda member, data: json.dumps(
        [{"at": "昨天", "user": 1}]).encode() if member == name else data)
    target = tmp_path / "target.sqlite3"
    status, _, err = run(target, capsys, "import", str(bad))
    assert status == 1
    assert name in err and "第1行" in err and len(err.splitlines()) == 1
    assert run(target, capsys, "list")[1] == []  # nothing of it stored
