"""The Word 报送单 through the command line: the blank form written, filled in as a unit fills
it, received into the inbox, adopted, and the month's tally written as a 通报."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from support.builders import db_snapshot, write_json
from support.builders import fill_form as fill

from zwdesk import cli


def run(db: Path, capsys, *args: str) -> tuple[int, list[str], str]:  # noqa: ANN001
    status = cli.main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_a_filled_form_goes_through_the_week(db_with_sample, tmp_path, capsys) -> None:  # noqa: ANN001
    db = db_with_sample
    blank = tmp_path / "空白报送单.docx"
    status, out, _ = run(db, capsys, "form", "-o", str(blank))
    assert status == 0 and out == [f"已写出空白报送单 {blank}"]
    items = [("窗口服务效能提升", "1. 公安厅窗口3月办理出入境证件1200件。"),
             ("", "公安厅窗口开展“好差评”回访。"),
             ("", "公安厅窗口获评红旗窗口。"),
             ("", "公安厅窗口延时服务20次。")]
    form = fill(blank, tmp_path / "公安厅报送单.docx", items)

    status, out, err = run(db, capsys, "inbox", "add", str(form))
    assert status == 0, err
    ids = [int(line.split("\t")[0]) for line in out]
    assert [line.split("\t", 1)[1] for line in out] == [
        f"省公安厅窗口\t{text.removeprefix('1. ')}" for _topic, text in items]
    # the same items sent again as JSON are the same submission
    again = write_json(tmp_path / "公安厅.json", {
        "format": "zwdesk-submission", "version": 1, "unit": "省公安厅窗口",
        "date": "2023-03-16", "items": [
            {"text": text.removeprefix("1. "), "topic": topic} for topic, text in items]})
    before = db_snapshot(db)
    status, out, err = run(db, capsys, "inbox", "add", str(again), str(form))
    assert status == 1 and out == [] and err.count("已收过") == 2
    assert db_snapshot(db) == before

    assert run(db, capsys, "inbox", "adopt", str(ids[0]), "2023-9", "3.2")[0] == 0
    assert run(db, capsys, "inbox", "decline", str(ids[1]), "--reason", "内容重复")[0] == 0
    notice = tmp_path / "通报.docx"
    status, out, err = run(db, capsys, "tally", "--from", "2023-03-01", "--to", "2023-03-31",
                           "-o", str(notice))
    assert status == 0, err
    document = docx.Document(str(notice))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == "关于2023年3月政务服务信息报送采用情况的通报"
    assert "报送信息4条，采用1条，采用率25.0%" in texts[1]
    cells = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert cells == [["单位", "报送", "采用", "采用率"], ["省公安厅窗口", "4", "1", "25.0%"],
                     ["合计", "4", "1", "25.0%"]]


def test_the_form_is_written_only_as_docx(db_with_sample, tmp_path, capsys) -> None:  # noqa: ANN001
    status, _, err = run(db_with_sample, capsys, "form", "-o", str(tmp_path / "报送单.doc"))
    assert status == 1 and ".docx" in err
    assert not (tmp_path / "报送单.doc").exists()


def test_a_folder_of_submissions_and_an_empty_one(db_with_sample, tmp_path, capsys) -> None:  # noqa: ANN001
    folder = tmp_path / "本周来稿"
    folder.mkdir()
    write_json(folder / "b.json", {"format": "zwdesk-submission", "version": 1,
                                   "unit": "省医保局窗口", "date": "2023-03-15",
                                   "items": [{"text": "医保窗口办件210件。"}]})
    assert run(db_with_sample, capsys, "form", "-o", str(tmp_path / "空白.docx"))[0] == 0
    fill(tmp_path / "空白.docx", folder / "a.docx", [("", "公安厅窗口延时服务20次。")])
    (folder / "~$a.docx").write_bytes(b"Word's lock file")
    (folder / "说明.txt").write_text("不是来稿", encoding="utf-8")
    status, out, err = run(db_with_sample, capsys, "inbox", "add", str(folder))
    assert status == 0, err
    assert [line.split("\t", 1)[1] for line in out] == [
        "省公安厅窗口\t公安厅窗口延时服务20次。", "省医保局窗口\t医保窗口办件210件。"]
    empty = tmp_path / "空"
    empty.mkdir()
    status, out, err = run(db_with_sample, capsys, "inbox", "add", str(empty))
    assert status == 1 and out == [] and "文件夹中没有来稿文件" in err


@pytest.mark.render
def test_a_form_saved_as_doc_is_received(db_with_sample, tmp_path, capsys) -> None:  # noqa: ANN001
    """WPS and older Word save .doc (and .wps): converted by the office suite, then read."""
    from zwdesk.core import office

    if office.find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    assert run(db_with_sample, capsys, "form", "-o", str(tmp_path / "空白.docx"))[0] == 0
    filled = fill(tmp_path / "空白.docx", tmp_path / "填好.docx",
                  [("", "公安厅窗口延时服务20次。")])
    out_folder = tmp_path / "saved"
    out_folder.mkdir()
    saved = office.convert_batch_with_libreoffice([filled], out_folder, "doc")[filled]
    status, out, err = run(db_with_sample, capsys, "inbox", "add", str(saved))
    assert status == 0, err
    assert [line.split("\t", 1)[1] for line in out] == ["省公安厅窗口\t公安厅窗口延时服务20次。"]
