"""The export as LibreOffice lays it out, measured on the PDF (GB/T 9704 grid, 报头, 版记).

Each document is converted once per module; LibreOffice takes about a second a conversion.
"""

from __future__ import annotations

import math
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from support.paths import SAMPLE_JSON
from support.pdfpages import (
    BOTTOM,
    LEFT,
    MM,
    RIGHT,
    TOP,
    all_text,
    is_page_number,
    is_red,
    lines_of,
    rules,
    with_extra_checks,
)
from support.soffice import needs_ps, needs_soffice, no_soffice_left, our_soffice_processes

from zwdesk.core import office
from zwdesk.core.bulletin import Bulletin, compose
from zwdesk.core.docx_render import render_docx
from zwdesk.core.exchange import read_issue
from zwdesk.core.office import ConversionError, OfficeNotFoundError, convert_to_pdf

PITCH = 579 / 20  # points: 225 mm / 22 lines
LINES_PER_PAGE = 22
CHAR = 14 / MM  # one 4号 character, mm

render = [pytest.mark.render, needs_soffice]


# --- measuring a page ------------------------------------------------------------------------


def body_chars(page) -> list[dict]:
    """3号 text: the body (and the masthead's 3号 lines on page 1)."""
    return [c for c in page.chars if 15.5 < c["size"] < 16.5]


def distribution_chars(page) -> list[dict]:
    """4号 text below the 报头's red rule (if the page has one), page numbers aside."""
    red = [o["bottom"] for o in page.lines + page.rects if is_red(o)]
    below = max(red, default=0)
    return [c for c in page.chars
            if 13.5 < c["size"] < 14.5 and not is_page_number(c) and c["top"] > below]


def expected_text(bulletin: Bulletin) -> str:
    return re.sub(r"\s+", "", "".join(p.text for p in bulletin.paragraphs()))


def dash_ink_rows(page, char: dict) -> tuple[float, float]:
    """Top and bottom (mm) of the ink of an em dash, found on a 300 dpi rendering."""
    box = (char["x0"], char["top"] - 2, char["x1"], char["bottom"] + 4)
    image = page.crop(box).to_image(resolution=300).original.convert("L")
    width, height = image.size
    pixels = image.load()
    rows = [y for y in range(height) if any(pixels[x, y] < 128 for x in range(width))]
    assert rows, "no ink where the dash should be"
    scale = 72 / 300 / MM
    return box[1] / MM + rows[0] * scale, box[1] / MM + (rows[-1] + 1) * scale


# --- documents, converted once per module ----------------------------------------------------


@dataclass
class Rendered:
    bulletin: Bulletin
    docx: Path
    pdf: pdfplumber.PDF


def convert(issue: dict, folder: Path, name: str) -> Rendered:
    bulletin = compose(issue)
    docx = folder / f"{name}.docx"
    render_docx(bulletin, docx)
    pdf_path = folder / f"{name}.pdf"
    convert_to_pdf(docx, pdf_path)
    return Rendered(bulletin, docx, pdfplumber.open(pdf_path))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("render")


@pytest.fixture(scope="module")
def sample(folder) -> Rendered:
    if office.find_soffice() is None:
        pytest.skip("LibreOffice absent")
    work = folder / "tmp"  # the conversion's own temporary folder: see our_soffice_processes
    work.mkdir()
    saved, tempfile.tempdir = tempfile.tempdir, str(work)
    try:
        return convert(read_issue(SAMPLE_JSON), folder, "sample")
    finally:
        tempfile.tempdir = saved


def last_page_lines(rendered: Rendered) -> int:
    return len(lines_of(body_chars(rendered.pdf.pages[-1])))


@pytest.fixture(scope="module")
def full_last_page(sample, folder) -> Rendered:
    """The sample with checks added until its last page is full without the 版记."""
    free = LINES_PER_PAGE - last_page_lines(sample)
    assert free > 0
    return convert(with_extra_checks(free), folder, "full")


@pytest.fixture(scope="module")
def into_distribution(sample, folder) -> Rendered:
    """The sample with one line more than fits above the 版记 on its last page."""
    first_rule = rules(sample.pdf.pages[-1])[0]["top"] / MM
    fit = math.floor((first_rule - TOP) / (PITCH / MM))
    extra = fit - last_page_lines(sample) + 1
    assert 0 < extra < LINES_PER_PAGE - last_page_lines(sample)
    return convert(with_extra_checks(extra), folder, "into")


# --- the grid -----------------------------------------------------------------------------------


@pytest.mark.render
@needs_soffice
def test_full_pages_have_22_lines_at_the_grid_pitch(sample):
    pages = sample.pdf.pages
    assert len(pages) == 4
    for page in pages[1:-1]:
        lines = lines_of(body_chars(page))
        assert len(lines) == LINES_PER_PAGE
        # Baselines sit differently in different fonts: compare lines of the same font.
        pitches = [b.baseline - a.baseline for a, b in zip(lines, lines[1:], strict=False)
                   if a.font == b.font]
        assert len(pitches) >= 12
        for pitch in pitches:
            assert pitch == pytest.approx(PITCH, abs=0.3)
        assert lines[0].baseline / MM > TOP and lines[-1].baseline / MM < BOTTOM


@pytest.mark.render
@needs_soffice
def test_28_characters_on_a_full_line(sample):
    full = [line for page in sample.pdf.pages for line in lines_of(body_chars(page))
            if abs(line.x0 - LEFT) < 0.3 and line.x1 > RIGHT - 1
            and all(c["x1"] - c["x0"] > 12 for c in line.chars)]
    assert len(full) >= 20
    counts = [len(line.chars) for line in full]
    # A line one short is one whose 28th character may not start the next line (“担，”
    # travel together) and is spread out to the full width.
    assert set(counts) <= {27, 28}
    assert counts.count(28) >= 0.75 * len(counts)
    for line in full:
        if len(line.chars) == 28:  # condensed to 15.75 pt, 156 mm / 28 = 15.79 pt a character
            advance = (line.chars[-1]["x0"] - line.chars[0]["x0"]) / 27
            assert advance == pytest.approx(15.75, abs=0.1)


@pytest.mark.render
@needs_soffice
def test_no_text_outside_the_block(sample):
    for page in sample.pdf.pages:
        for c in page.chars:
            assert c["x0"] / MM >= LEFT - 0.2, c["text"]
            assert c["x1"] / MM <= RIGHT + 0.2, c["text"]
            if not is_page_number(c):
                assert c["top"] / MM >= TOP - 0.2 and c["bottom"] / MM <= BOTTOM


@pytest.mark.render
@needs_soffice
def test_no_text_is_lost(sample):
    assert all_text(sample.pdf) == expected_text(sample.bulletin)


# --- page numbers -------------------------------------------------------------------------------


@pytest.mark.render
@needs_soffice
def test_page_numbers_alternate_sides_seven_mm_below_the_block(sample):
    for number, page in enumerate(sample.pdf.pages, start=1):
        chars = sorted((c for c in page.chars if is_page_number(c)), key=lambda c: c["x0"])
        assert "".join(c["text"] for c in chars) == f"\u2014 {number} \u2014"
        if number % 2:
            assert chars[-1]["x1"] / MM == pytest.approx(RIGHT - CHAR, abs=0.5)
        else:
            assert chars[0]["x0"] / MM == pytest.approx(LEFT + CHAR, abs=0.5)
        top, bottom = dash_ink_rows(page, chars[0])
        assert (top + bottom) / 2 - BOTTOM == pytest.approx(7, abs=1)


# --- 报头 -----------------------------------------------------------------------------------------


@pytest.mark.render
@needs_soffice
def test_masthead(sample):
    page = sample.pdf.pages[0]
    name = [c for c in page.chars if c["size"] > 30]
    assert "".join(c["text"] for c in name) == "政务服务工作"
    assert all(tuple(c["non_stroking_color"]) == (1, 0, 0) for c in name)
    centre = (name[0]["x0"] + name[-1]["x1"]) / 2 / MM
    assert centre == pytest.approx((LEFT + RIGHT) / 2, abs=1)
    red_rules = [o for o in page.lines + page.rects if is_red(o)]
    assert red_rules
    rule = red_rules[0]
    assert rule["x0"] / MM == pytest.approx(LEFT, abs=0.3)
    assert rule["x1"] / MM == pytest.approx(RIGHT, abs=0.3)
    assert rule["top"] / MM < 297 / 3  # the 报头 fills about the top third of page 1
    lines = lines_of([c for c in page.chars if c["size"] < 30])
    editor = next(line for line in lines if line.text.startswith("四川省"))
    assert editor.text == "四川省政府政务服务和公共资源交易服务中心2023年3月21日"
    assert editor.x0 == pytest.approx(LEFT, abs=0.3) and editor.x1 > RIGHT - 0.5
    assert editor.baseline < rule["top"]
    period = next(line for line in lines if line.text == "（3月6日—3月10日）")
    assert period.baseline > rule["bottom"]


# --- 版记 -----------------------------------------------------------------------------------------


def assert_distribution_on_last_page(rendered: Rendered) -> None:
    pages = rendered.pdf.pages
    for page in pages[:-1]:
        assert not distribution_chars(page) and not rules(page)
    last = pages[-1]
    found = rules(last)
    assert len(found) == 4  # above 报, between 报/送 and 送/发, under （共印94份）
    assert found[-1]["top"] / MM == pytest.approx(BOTTOM, abs=1.5)
    widths = [o.get("linewidth") for o in found]
    assert widths[0] == widths[-1] == pytest.approx(1.0, abs=0.05)  # 0.35 mm
    assert widths[1] == widths[2] == pytest.approx(0.75, abs=0.05)  # 0.25 mm
    body = body_chars(last)
    if body:
        assert max(c["bottom"] for c in body) < found[0]["top"]  # nothing covered
    lines = lines_of(distribution_chars(last))
    assert [line.text for line in lines] == [
        "报：中心领导。", "送：各相关省级部门（单位），中心各处（室）、直属单位。",
        "发：各部门窗口。", "（共印94份）"]
    for line in lines:
        assert found[0]["top"] < line.baseline < found[-1]["top"]
    assert lines[0].x0 == pytest.approx(LEFT + CHAR, abs=0.3)
    assert lines[-1].x1 == pytest.approx(RIGHT - CHAR, abs=0.5)


@pytest.mark.render
@needs_soffice
def test_distribution_ends_on_the_bottom_edge_of_the_last_page(sample):
    assert_distribution_on_last_page(sample)
    assert body_chars(sample.pdf.pages[-1])  # it shares the page with the text


@pytest.mark.render
@needs_soffice
def test_full_last_page_sends_the_distribution_to_a_page_of_its_own(sample, full_last_page):
    pages = full_last_page.pdf.pages
    assert len(pages) == len(sample.pdf.pages) + 1
    assert len(lines_of(body_chars(pages[-2]))) == LINES_PER_PAGE
    assert not body_chars(pages[-1])
    assert_distribution_on_last_page(full_last_page)
    assert all_text(full_last_page.pdf) == expected_text(full_last_page.bulletin)


@pytest.mark.render
@needs_soffice
def test_text_reaching_into_the_distribution_moves_it(sample, into_distribution):
    pages = into_distribution.pdf.pages
    assert len(pages) == len(sample.pdf.pages) + 1
    assert not body_chars(pages[-1])
    assert_distribution_on_last_page(into_distribution)
    assert all_text(into_distribution.pdf) == expected_text(into_distribution.bulletin)


# --- the LibreOffice process --------------------------------------------------------------------


@pytest.mark.render
@needs_soffice
@needs_ps
def test_no_soffice_left_after_conversion(sample, folder):
    assert sample.pdf.pages  # converted
    assert our_soffice_processes(str(folder / "tmp")) == []


@pytest.mark.render
@needs_soffice
@needs_ps
@pytest.mark.parametrize("timeout", [0.01, 0.5])
def test_timeout_kills_soffice(sample, tmp_path, monkeypatch, timeout):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the work folder, our marker
    seen_at_kill: list[str] = []
    kill = office._kill_group

    def spy(process):
        seen_at_kill.extend(our_soffice_processes(str(tmp_path)))
        kill(process)

    monkeypatch.setattr(office, "_kill_group", spy)
    target = tmp_path / "out.pdf"
    with pytest.raises(ConversionError, match="秒内未完成"):
        convert_to_pdf(sample.docx, target, timeout=timeout)
    if timeout >= 0.5:  # by then soffice.bin is up: the kill has something to kill
        assert any("soffice.bin" in line for line in seen_at_kill)
    assert no_soffice_left(str(tmp_path))
    assert not target.exists()


@pytest.mark.render
@needs_soffice
def test_failed_conversion_keeps_the_existing_pdf(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a word document")
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old pdf")
    with pytest.raises(ConversionError):
        convert_to_pdf(broken, target)
    assert target.read_bytes() == b"old pdf"


def test_missing_libreoffice_is_named(monkeypatch, tmp_path):
    monkeypatch.delenv("ZWDESK_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(office, "_install_locations", lambda: [])
    assert office.find_soffice() is None
    with pytest.raises(OfficeNotFoundError, match="LibreOffice") as caught:
        convert_to_pdf(tmp_path / "a.docx", tmp_path / "a.pdf")
    assert "安装" in str(caught.value)
