"""The submission format (resources/submission-format-v1.md): reading, refusals, fingerprints."""

import datetime as dt
import json

import pytest
from support.paths import DATA

from zwdesk.core.exchange import FormatError
from zwdesk.core.submission import make_submission, parse_submission, read_submission

GOOD = {
    "format": "zwdesk-submission", "version": 1, "unit": "省市场监管局窗口",
    "author": "王敏", "phone": "028-86000000", "date": "2023-03-15",
    "items": [{"text": "3月14日，省市场监管局副局长到大厅调研。", "topic": "厅（局）长进大厅"},
              {"text": "2. 窗口办理营业执照120件。", "topic": ""}],
}


def _parse(data: dict):
    return parse_submission(json.dumps(data, ensure_ascii=False), "来稿.json")


def test_the_example_reads_with_every_field():
    submission = _parse(GOOD)
    assert submission.unit == "省市场监管局窗口"
    assert (submission.author, submission.phone) == ("王敏", "028-86000000")
    assert submission.date == dt.date(2023, 3, 15)
    assert [item.topic for item in submission.items] == ["厅（局）长进大厅", ""]
    # a typed number would print doubled in the bulletin's numbered list
    assert submission.items[1].text == "窗口办理营业执照120件。"


def test_author_phone_and_topic_may_be_left_out():
    data = {key: value for key, value in GOOD.items() if key not in ("author", "phone")}
    data["items"] = [{"text": "一条信息。"}]
    submission = _parse(data)
    assert (submission.author, submission.phone, submission.items[0].topic) == ("", "", "")


@pytest.mark.parametrize(("change", "place"), [
    ({"unit": "  "}, "unit"), ({"items": []}, "items"), ({"version": 2}, "version"),
    ({"version": 0}, "version"), ({"version": "1"}, "version"),  # once a crash (TypeError)
    ({"date": "2023-02-30"}, "date"), ({"extra": 1}, "extra"),
    ({"items": [{"text": "\u3000"}]}, "items[0].text"),
    ({"items": [{"text": "x", "when": "now"}]}, "items[0].when"),
    ({"format": "zwdesk-issue"}, "format"),
])
def test_a_bad_file_names_the_file_and_the_place(change, place):
    with pytest.raises(FormatError) as caught:
        _parse({**GOOD, **change})
    assert caught.value.source == "来稿.json"
    assert caught.value.path == place


@pytest.mark.parametrize(("version", "message"), [
    ('"1"', "应为整数 (expected an integer, got string)"),
    ("1.5", "应为整数，不能是小数 (expected a whole number, got 1.5)"),
    ("1.0", "应为整数，不能是小数 (expected a whole number, got 1.0)"),
    ("null", "应为整数 (expected an integer, got null)"),
    ("NaN", "应为整数 (expected an integer, got NaN)"),
    ("Infinity", "应为整数 (expected an integer, got Infinity)"),
    ("true", "应为整数 (expected an integer, got boolean)"),
    ("0", "数值应为 ≥ 1 (must be ≥ 1, got 0)"),
])
def test_a_version_that_is_not_the_integer_1_is_refused(version, message):
    text = json.dumps(GOOD, ensure_ascii=False).replace('"version": 1', f'"version": {version}')
    with pytest.raises(FormatError) as caught:
        parse_submission(text, "来稿.json")
    assert str(caught.value) == f"来稿.json: version: {message}"


@pytest.mark.parametrize("value", [1.0, True, "1", None, float("nan")])
def test_a_choice_is_matched_by_type_too(value):
    """true == 1 and 1.0 == 1 in Python, not in the format; the options are shown whatever
    their type."""
    from zwdesk.core.exchange import _choice, _Invalid

    assert _choice((1, "a"))(1, "x") == 1
    with pytest.raises(_Invalid, match="应为 1/a 之一"):
        _choice((1, "a"))(value, "x")


def test_a_broken_file_is_refused(tmp_path):
    path = tmp_path / "坏.json"
    path.write_bytes(b"\xff\xfe{")
    with pytest.raises(FormatError, match="UTF-8"):
        read_submission(path)


def test_the_fingerprint_ignores_spaces_at_the_ends_and_the_way_in():
    parsed = _parse(GOOD)
    typed = make_submission("报送单.docx", " 省市场监管局窗口 ", "", "", dt.date(2023, 3, 15),
                            [(item.text + "\n", item.topic) for item in parsed.items])
    assert typed.fingerprint() == parsed.fingerprint()
    other = make_submission("x.docx", "省市场监管局窗口", "", "", dt.date(2023, 3, 16),
                            [(item.text, item.topic) for item in parsed.items])
    assert other.fingerprint() != parsed.fingerprint()


def test_fields_read_from_a_form_are_checked_in_chinese():
    with pytest.raises(FormatError, match="第2条信息.*不能为空"):
        make_submission("报送单.docx", "单位", "", "", dt.date(2023, 1, 1),
                        [("一条。", ""), ("  ", "")])
    with pytest.raises(FormatError, match="报送日期"):
        make_submission("报送单.docx", "单位", "", "", None, [("一条。", "")])
    with pytest.raises(FormatError, match="报送单位"):
        make_submission("报送单.docx", "", "", "", dt.date(2023, 1, 1), [("一条。", "")])


def test_line_breaks_and_tabs_become_one_printed_paragraph():
    """A break or tab would print as a stretched, broken line in the bulletin and the 通报."""
    submission = _parse({**GOOD, "unit": "省医保局\n窗口\t", "author": "王\t敏",
                         "items": [{"text": "第一段文字。\r\n\r\n第二段\t文字，\nWPS\nOffice。",
                                    "topic": "厅（局）长\n进大厅"}]})
    assert submission.unit == "省医保局窗口"
    assert submission.author == "王 敏"
    assert submission.items[0].text == "第一段文字。第二段 文字，WPS Office。"
    assert submission.items[0].topic == "厅（局）长进大厅"


def test_a_submission_json_is_told_by_its_format_value(tmp_path):

    from zwdesk.core.submission import looks_like_submission_json

    data = DATA
    spaced = tmp_path / "来稿.json"
    spaced.write_text('{\n  "format" :  "zwdesk-submission", "version": 1}', encoding="utf-8")
    assert looks_like_submission_json(spaced)
    assert not looks_like_submission_json(data / "2023-09.json")  # an issue
    assert not looks_like_submission_json(tmp_path / "没有的.json")
