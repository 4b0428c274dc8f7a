"""One unit, one name, through ``zwdesk inbox add``: seven forms of one unit's name (JSON files
and Word 报送单) make one unit, said once as 新单位, listed and tallied as one."""

from __future__ import annotations

from support.builders import UNIT_FORMS, UNIT_NAME, fill_form, write_json
from support.builders import run_main as run

from zwdesk.store.models import Submission, Unit

NAME, FORMS = UNIT_NAME, UNIT_FORMS


def test_seven_forms_of_one_name_are_one_unit(db_with_sample, tmp_path, capsys) -> None:  # noqa: ANN001
    db = db_with_sample
    files = [write_json(tmp_path / f"{n}.json", {
        "format": "zwdesk-submission", "version": 1, "unit": form, "date": f"2023-03-{n + 10}",
        "items": [{"text": f"医保窗口第{n}条。"}]}) for n, form in enumerate(FORMS[:4])]
    assert run(db, capsys, "form", "-o", str(tmp_path / "空白.docx"))[0] == 0
    files += [fill_form(tmp_path / "空白.docx", tmp_path / f"{n}.docx",
                        [("", f"医保窗口第{n}条。")], unit=form, date=f"2023年3月{n + 10}日")
              for n, form in enumerate(FORMS[4:], start=4)]
    status, out, err = run(db, capsys, "inbox", "add", *map(str, files))
    assert status == 0, err
    assert [line.split("\t")[1] for line in out] == [NAME] * 7
    assert err.count("新单位") == 1 and f"新单位：{NAME}，已加入单位名录" in err
    assert [unit.name for unit in Unit.select()] == [NAME]
    assert Submission.select().count() == 7

    status, out, _ = run(db, capsys, "inbox", "list", "--unit", "省医保局\u00a0窗口")
    assert status == 0 and len(out) == 7
    status, out, _ = run(db, capsys, "tally", "--from", "2023-03-01", "--to", "2023-03-31")
    assert out == ["单位\t报送\t采用\t采用率", f"{NAME}\t7\t0\t0.0%", "合计\t7\t0\t0.0%"]
    # the same items again, in yet another form of the name: received before
    again = write_json(tmp_path / "again.json", {
        "format": "zwdesk-submission", "version": 1, "unit": "省医保局\u3000\u200d窗口",
        "date": "2023-03-10", "items": [{"text": "医保窗口第0条。"}]})
    status, out, err = run(db, capsys, "inbox", "add", str(again))
    assert status == 1 and out == [] and "已收过" in err


def test_a_new_unit_is_said_with_the_names_close_to_it(db_with_sample, tmp_path, capsys) -> None:  # noqa: ANN001
    first = write_json(tmp_path / "a.json", {
        "format": "zwdesk-submission", "version": 1, "unit": NAME, "date": "2023-03-10",
        "items": [{"text": "一条。"}]})
    second = write_json(tmp_path / "b.json", {
        "format": "zwdesk-submission", "version": 1, "unit": "省医保局", "date": "2023-03-11",
        "items": [{"text": "又一条。"}]})
    status, _, err = run(db_with_sample, capsys, "inbox", "add", str(first))
    assert status == 0 and err == f"zwdesk: 新单位：{NAME}，已加入单位名录 (new unit)\n"
    status, _, err = run(db_with_sample, capsys, "inbox", "add", str(second))
    assert status == 0
    assert err == f"zwdesk: 新单位：省医保局，已加入单位名录，相近的已有：“{NAME}” (new unit)\n"
    status, _, err = run(db_with_sample, capsys, "inbox", "add", str(first))
    assert status == 1 and "新单位" not in err  # refused: received before, nothing registered
