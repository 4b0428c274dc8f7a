"""``zwdesk import`` of many files and folders, and ``zwdesk review``, with a stand-in reader
(tests/fakereader.py); the real reader's documents are in test_import_documents.py."""

from __future__ import annotations

import json

import pytest
from support.builders import db_execute, db_snapshot, make_issue, sample_data, write_json
from support.fakereader import install, write_document

from zwdesk import cli


@pytest.fixture
def reader(monkeypatch):  # noqa: ANN001, ANN201
    return install(monkeypatch)


def _run(capsys, db, *argv: str) -> tuple[int, list[str], list[str]]:  # noqa: ANN001
    code = cli.main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def _listed(capsys, db) -> list[str]:  # noqa: ANN001
    assert cli.main(["--db", str(db), "list"]) == 0
    return [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]


def test_a_folder_of_every_kind_in_one_command(tmp_path, capsys, reader) -> None:  # noqa: ANN001
    folder = tmp_path / "往期"
    folder.mkdir()
    write_json(folder / "a.json", make_issue(2023, 1, 421))
    write_document(folder / "b.docx", make_issue(2023, 2, 422), kept=["某段一", "某段二"])
    write_document(folder / "c.doc", make_issue(2023, 3, 423))
    write_document(folder / "d.WPS", make_issue(2023, 4, 424), warnings=["本周受理与文字不符"])
    (folder / "notes.txt").write_text("not an issue", encoding="utf-8")
    write_document(folder / "~$b.docx", make_issue(2023, 9, 499))  # Word's lock file
    db = tmp_path / "z.sqlite3"

    code, out, err = _run(capsys, db, "import", str(folder))

    assert code == 0, err
    assert out == ["已导入 2023年第1期（总第421期） ← a.json",
                   "已导入 2023年第2期（总第422期） ← b.docx（2 段按原文保留）",
                   "已导入 2023年第3期（总第423期） ← c.doc",
                   "已导入 2023年第4期（总第424期） ← d.WPS"]
    assert err == ["zwdesk: d.WPS: 提醒：本周受理与文字不符"]
    assert reader.office_runs == [[folder / "c.doc", folder / "d.WPS"]]  # one office run
    assert _listed(capsys, db) == ["2023-4", "2023-3", "2023-2", "2023-1"]


def test_one_failure_does_not_stop_the_others(tmp_path, capsys, reader) -> None:  # noqa: ANN001
    db = tmp_path / "z.sqlite3"
    good = write_document(tmp_path / "good.docx", make_issue(2023, 5, 425))
    broken = write_document(tmp_path / "broken.docx", make_issue(2023, 6, 426),
                            fail="不是政务服务工作周报")
    invalid = make_issue(2023, 7, 427)
    invalid["sections"] = []
    bad = write_json(tmp_path / "bad.json", invalid)
    missing = tmp_path / "missing.docx"
    later = write_json(tmp_path / "later.json", make_issue(2023, 8, 428))

    code, out, err = _run(capsys, db, "import", *map(str, (broken, good, bad, missing, later)))

    assert code == 1
    assert out == ["已导入 2023年第5期（总第425期） ← good.docx",
                   "已导入 2023年第8期（总第428期） ← later.json"]
    assert len(err) == 3
    assert err[0] == f"zwdesk: {broken}: 不是政务服务工作周报"
    assert err[1].startswith(f"zwdesk: {bad}: sections: ")
    assert str(missing) in err[2]
    assert _listed(capsys, db) == ["2023-8", "2023-5"]


def test_an_existing_issue_is_refused_unless_replace(tmp_path, capsys, reader) -> None:  # noqa: ANN001
    db = tmp_path / "z.sqlite3"
    assert cli.main(["--db", str(db), "sample"]) == 0
    capsys.readouterr()
    changed = sample_data()
    changed["distribution"]["copies"] = 50
    doc = write_document(tmp_path / "2023-09.docx", changed)
    other = write_document(tmp_path / "2023-10.docx", make_issue(2023, 10, 430))
    before = db_snapshot(db)

    code, out, err = _run(capsys, db, "import", str(doc), str(other))
    assert code == 1
    assert out == ["已导入 2023年第10期（总第430期） ← 2023-10.docx"]
    assert err == [f"zwdesk: {doc}: number: 2023年第9期已存在，如需覆盖请用 --replace "
                   "(issue exists; use --replace)"]
    assert db_snapshot(db)["distribution"][0] == before["distribution"][0]  # 2023-9 untouched

    code, out, err = _run(capsys, db, "import", "--replace", str(doc))
    assert (code, out, err) == (0, ["已导入 2023年第9期（总第429期） ← 2023-09.docx"], [])
    assert cli.main(["--db", str(db), "dump", "2023-9", "-o", str(tmp_path / "d.json")]) == 0
    assert json.loads((tmp_path / "d.json").read_text("utf-8"))["distribution"]["copies"] == 50


def test_a_folder_without_issues_and_another_suffix_read_as_json(tmp_path, capsys, reader) -> None:  # noqa: ANN001
    empty = tmp_path / "empty"
    empty.mkdir()
    text = tmp_path / "issue.txt"
    text.write_text("x", encoding="utf-8")
    code, out, err = _run(capsys, tmp_path / "z.sqlite3", "import", str(empty), str(text))
    assert code == 1 and out == []
    assert err == [f"zwdesk: {empty}: 文件夹中没有可导入的文件（.json、.docx、.docm、.dotx、.dotm、"
                   ".doc、.wps）"
                   "(no files to import)",
                   f"zwdesk: {text}: 不是有效的 JSON (not JSON: line 1, column 1: "
                   "Expecting value)"]


def test_no_office_suite_fails_only_the_files_to_convert(tmp_path, capsys, reader,  # noqa: ANN001
                                                          monkeypatch) -> None:
    from zwdesk.core.office import NOT_FOUND_MESSAGE, OfficeNotFoundError

    def no_office(paths, folder):  # noqa: ANN001, ANN202
        raise OfficeNotFoundError(NOT_FOUND_MESSAGE)

    monkeypatch.setattr(reader, "convert_to_docx_many", no_office)
    doc = write_document(tmp_path / "old.doc", make_issue(2023, 1, 421))
    docx = write_document(tmp_path / "new.docx", make_issue(2023, 2, 422))
    code, out, err = _run(capsys, tmp_path / "z.sqlite3", "import", str(doc), str(docx))
    assert code == 1
    assert out == ["已导入 2023年第2期（总第422期） ← new.docx"]
    assert err == [f"zwdesk: {doc}: {NOT_FOUND_MESSAGE}"]


# --- review ---


def _reviewed_sample() -> dict:
    data = sample_data()
    data["sections"][0]["subsections"][0]["block"]["week"]["consult"] = 825
    del data["sections"][3]["block"]["checks"][2]
    return data


def test_review_lists_differences_and_comments(tmp_path, capsys, reader,  # noqa: ANN001
                                               db_with_sample) -> None:
    doc = write_document(tmp_path / "审阅稿.docx", _reviewed_sample(),
                         comments=[["据四川一体化政务服务平台数据统计", "此处数据请统计科复核"]])
    before = db_snapshot(db_with_sample)
    code, out, err = _run(capsys, db_with_sample, "review", "2023-9", str(doc))
    assert (code, err) == (0, [])
    assert out == [
        "一、综窗改革攻坚行动 / （一）省本级综窗办件情况 / 本周咨询\t"
        "sections[0].subsections[0].block.week.consult\t815 → 825",
        "四、大厅巡查情况 / （三）\tsections[3].block.checks[2]\t删除：着装情况：总体情况良好。",
        "批注\t据四川一体化政务服务平台数据统计\t此处数据请统计科复核",
    ]
    assert db_snapshot(db_with_sample) == before  # without --accept nothing is stored


def test_review_prints_whole_paragraphs_into_a_pipe(tmp_path, capsys, reader,  # noqa: ANN001
                                                    db_with_sample) -> None:
    """A comment's or an uncompared paragraph is cut to 60 characters on a terminal only."""
    long = "审阅人另加的一段：" + "请各窗口对照本周办件情况逐项核对数字并在周五前报送统计科，" * 3
    doc = write_document(tmp_path / "审阅稿.docx", sample_data(), kept=[long],
                         comments=[[long, "这一段不要"]])
    code, out, _err = _run(capsys, db_with_sample, "review", "2023-9", str(doc))
    assert code == 0 and len(long) > 60
    assert f"批注\t{long}\t这一段不要" in out
    assert f"未比较\t{long}\t这一段未能对应到本期的位置，请手工核对" in out


def test_review_accept_stores_every_difference(tmp_path, capsys, reader,  # noqa: ANN001
                                               db_with_sample) -> None:
    doc = write_document(tmp_path / "审阅稿.docx", _reviewed_sample())
    code, out, _err = _run(capsys, db_with_sample, "review", "2023-9", str(doc), "--accept")
    assert code == 0 and out[-1] == "已采纳 2 处修改"
    dumped = tmp_path / "after.json"
    assert cli.main(["--db", str(db_with_sample), "dump", "2023-9", "-o", str(dumped)]) == 0
    assert json.loads(dumped.read_text("utf-8")) == _reviewed_sample()
    code, out, _err = _run(capsys, db_with_sample, "review", "2023-9", str(doc))
    assert out[-1:] == ["审阅稿与本期内容相同"]


def test_review_of_a_final_issue_or_another_issue_is_refused(tmp_path, capsys, reader,  # noqa: ANN001
                                                             db_with_sample) -> None:
    other = write_document(tmp_path / "other.docx", make_issue(2023, 10, 430))
    code, out, err = _run(capsys, db_with_sample, "review", "2023-9", str(other), "--accept")
    assert code == 1 and out == []
    assert err == ["zwdesk: 审阅稿是 2023年第10期，不是 2023年第9期 (another issue)"]

    db_execute(db_with_sample, "UPDATE issue SET status = 'final'")
    before = db_snapshot(db_with_sample)
    doc = write_document(tmp_path / "审阅稿.docx", _reviewed_sample())
    code, out, err = _run(capsys, db_with_sample, "review", "2023-9", str(doc), "--accept")
    assert code == 1 and out == [] and "已定稿，不能修改" in err[0]
    assert db_snapshot(db_with_sample) == before
    assert reader.read == [str(other)]  # the final issue was refused before reading
    code, out, err = _run(capsys, db_with_sample, "review", "2023-9", str(doc))
    assert code == 0 and out  # a final issue can still be compared, only not changed


def test_replace_never_overwrites_a_final_issue(tmp_path, capsys, db_with_sample) -> None:  # noqa: ANN001
    db_execute(db_with_sample, "UPDATE issue SET status = 'final'")
    before = db_snapshot(db_with_sample)
    source = tmp_path / "again.json"
    source.write_text(json.dumps(sample_data(), ensure_ascii=False), encoding="utf-8")
    code, out, err = _run(capsys, db_with_sample, "import", "--replace", str(source))
    assert code == 1 and out == []
    assert "2023年第9期已定稿，不能修改" in err[0]
    assert db_snapshot(db_with_sample) == before
