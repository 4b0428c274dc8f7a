"""One unit, one name: the form a unit's name is matched and stored in (unit_name)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from support.builders import UNIT_FORMS, UNIT_NAME

from zwdesk.core.submission import make_submission, parse_submission
from zwdesk.core.unitnames import named_in, near_names, unit_name

NAME, FORMS = UNIT_NAME, UNIT_FORMS


@pytest.mark.parametrize("form", FORMS)
def test_every_form_is_one_name(form) -> None:  # noqa: ANN001
    assert unit_name(form) == NAME


@pytest.mark.parametrize(("typed", "name"), [
    ("ＩＴ中心", "IT中心"),  # full-width letters folded
    ("Data\u00a0\u00a0Center  窗口", "Data Center窗口"),  # one space between Latin words only
    ("省公安厅（出入境）窗口", "省公安厅（出入境）窗口"),  # Chinese punctuation stays full width
    ("\u202e省公安厅\u00ad窗口\ufe0f", "省公安厅窗口"),  # direction marks, soft hyphens, selectors
    ('=HYPERLINK("http://x"&A1,"点击查看")', '=HYPERLINK("http://x"&A1,"点击查看")'),
    ("\u200b\u3000", ""),
])
def test_what_is_folded_and_what_is_kept(typed, name) -> None:  # noqa: ANN001
    assert unit_name(typed) == name
    assert unit_name(name) == name  # stable: a stored name is its own form


def submission_json(unit: str) -> str:
    return json.dumps({"format": "zwdesk-submission", "version": 1, "unit": unit,
                       "date": "2023-03-15", "items": [{"text": "一条。"}]}, ensure_ascii=False)


def test_both_ways_in_give_the_one_name_and_one_fingerprint() -> None:
    from_json = [parse_submission(submission_json(form)) for form in FORMS]
    from_form = [make_submission("报送单.docx", form, "", "", dt.date(2023, 3, 15),
                                 [("一条。", "")]) for form in FORMS]
    assert {s.unit for s in from_json + from_form} == {NAME}
    # the same items from any form are the same submission (refused when sent again)
    assert len({s.fingerprint() for s in from_json + from_form}) == 1


def test_typed_names_and_signatures_are_folded_too() -> None:
    names = [NAME, "省市场监管局窗口"]
    assert near_names("省医保局\u00a0窗口", names) == []  # registered, in another form
    assert near_names("医保\u200d局", names) == [NAME]
    assert named_in("省医保局\u3000窗口 王敏", names) == NAME


def test_a_folded_name_folds_to_itself() -> None:
    """Stored names are matched as they are: folding one again must not change it (NFKC
    splits a spacing accent ¨ into a space and a mark, which joins the letter before it)."""
    characters = [chr(c) for c in (*range(0x20, 0x3400), *range(0xF900, 0xFFFE))
                  if not 0xD800 <= c <= 0xDFFF]
    for c in characters:
        for text in (f"省{c}局", f"A{c}B", f" {c} 窗"):
            assert unit_name(unit_name(text)) == unit_name(text), (hex(ord(c)), text)
