"""The reader on the hand-made files of 2023年第9期 (tests/data, copied from the secretariat's
archive): each reads to exactly the exchange file of that issue, recipients aside."""

from __future__ import annotations

import pytest
from support.paths import DATA  # noqa: E402

from zwdesk.core import exchange
from zwdesk.core.office import find_soffice
from zwdesk.core.reader import read_document


def expected(name: str) -> dict:
    issue = exchange.read_issue(DATA / name)
    issue["distribution"].pop("recipients", None)
    return issue


@pytest.mark.parametrize("name", ["2023-09-plain.docx", "2023-09-autonum.docx"])
def test_hand_made_docx_reads_to_the_issue(name: str) -> None:
    result = read_document(DATA / name)
    assert result.issue == expected("2023-09.json")
    assert result.kept_as_text == [] and result.warnings == []


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice not installed")
def test_doc_is_converted_then_read() -> None:
    assert read_document(DATA / "2023-09.doc").issue == expected("2023-09.json")


def test_reviewed_draft_reads_with_changes_accepted() -> None:
    result = read_document(DATA / "2023-09-reviewed.docx")
    assert result.issue == expected("2023-09-reviewed.json")
    assert result.comments == [(
        "据四川一体化政务服务平台数据统计，2023年1月1日至2023年3月10日，省本级行政许可事项受理"
        "86756件，办结87071件；公共服务事项受理887013件，办结821703件，其它9类行权事项受理"
        "7389件，累计办结7571件。", "此处数据请统计科复核")]
