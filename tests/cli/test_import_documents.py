"""``zwdesk import`` and ``zwdesk review`` on real Word documents, through the real reader."""

from __future__ import annotations

import json
import shutil

import pytest
from support.paths import DATA

from zwdesk import cli

pytest.importorskip("zwdesk.core.reader")

REVIEWED_DOCX = DATA / "2023-09-reviewed.docx"
REVIEWED_JSON = DATA / "2023-09-reviewed.json"


def _run(capsys, db, *argv: str) -> tuple[int, list[str], list[str]]:  # noqa: ANN001
    code = cli.main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_review_accept_gives_the_reviewed_issue(tmp_path, capsys, db_with_sample) -> None:  # noqa: ANN001
    changes = json.loads((DATA / "2023-09-review-changes.json").read_text("utf-8"))
    code, out, err = _run(capsys, db_with_sample, "review", "2023-9", str(REVIEWED_DOCX),
                          "--accept")
    assert code == 0, err
    assert any("815 → 825" in line for line in out)
    assert any(line.startswith("四、大厅巡查情况 / （三）") and "删除：着装情况" in line
               for line in out)
    comment = next(c for c in changes if "comment" in c)
    assert any(line.startswith("批注\t") and comment["on"] in line
               and line.endswith(comment["comment"]) for line in out)
    assert out[-1] == "已采纳 3 处修改"
    dumped = tmp_path / "after.json"
    assert cli.main(["--db", str(db_with_sample), "dump", "2023-9", "-o", str(dumped)]) == 0
    assert json.loads(dumped.read_text("utf-8")) == json.loads(REVIEWED_JSON.read_text("utf-8"))


def test_review_without_accept_changes_nothing(tmp_path, capsys, db_with_sample) -> None:  # noqa: ANN001
    from support.builders import db_snapshot

    before = db_snapshot(db_with_sample)
    code, out, _err = _run(capsys, db_with_sample, "review", "2023-9", str(REVIEWED_DOCX))
    assert code == 0 and len([line for line in out if "\tsections[" in line]) == 3
    assert db_snapshot(db_with_sample) == before


@pytest.mark.parametrize("name", ["2023-09-plain.docx", "2023-09-autonum.docx"])
def test_import_of_the_printed_issue(tmp_path, capsys, name) -> None:  # noqa: ANN001
    code, out, err = _run(capsys, tmp_path / "z.sqlite3", "import", str(DATA / name))
    assert code == 0, err
    assert out[0].startswith(f"已导入 2023年第9期（总第429期） ← {name}")


@pytest.mark.render
def test_doc_and_docx_in_one_command(tmp_path, capsys) -> None:  # noqa: ANN001
    from zwdesk.core.office import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    db = tmp_path / "z.sqlite3"
    old = tmp_path / "old"
    old.mkdir()
    shutil.copyfile(DATA / "2023-09.doc", old / "2023-09.doc")
    code, out, err = _run(capsys, db, "import", str(old))
    assert code == 0, err
    assert out[0].startswith("已导入 2023年第9期（总第429期） ← 2023-09.doc")
    code, out, err = _run(capsys, db, "import", str(DATA / "2023-09-plain.docx"))
    assert code == 1 and "2023年第9期已存在" in err[0]


def test_an_item_inserted_without_renumbering_reviews_as_one_insertion(
        tmp_path, capsys, db_with_sample, sample_issue) -> None:  # noqa: ANN001
    from support.handmade import paragraphs_docx

    from zwdesk.core import bulletin

    texts = [p.text for p in bulletin.compose(sample_issue).paragraphs()]
    items = sample_issue["sections"][2]["subsections"][1]["block"]["items"]
    at = texts.index("3." + items[2])
    texts.insert(at, "3.审阅时新增的一条。")  # the numbers now read 1. 2. 3. 3. 4.
    reviewed = tmp_path / "审阅稿.docx"
    reviewed.write_bytes(paragraphs_docx(texts))
    code, out, err = _run(capsys, db_with_sample, "review", "2023-9", str(reviewed))
    assert code == 0, err
    changes = [line for line in out if "\tsections[" in line]
    assert len(changes) == 1 and "新增：3.审阅时新增的一条。" not in changes[0]
    assert "新增：审阅时新增的一条。" in changes[0] and "第3条" in changes[0]
    assert any(line.startswith("提醒") and "不连续" in line for line in out)
