"""The page model (zwdesk.core.pages) on its own, against LibreOffice's PDF, and the 版记 on an
even page: the setting, the export (LibreOffice → PDF → pdfplumber) and the command line."""

from __future__ import annotations

import sys

import pdfplumber
import pytest
from support.paths import ROOT  # noqa: E402
from support.pdfpages import BOTTOM, MM, is_page_number, rules, with_extra_checks
from support.soffice import needs_soffice

from zwdesk import cli
from zwdesk.core import bulletin as b
from zwdesk.core import pages
from zwdesk.core.bulletin import compose
from zwdesk.core.docx_render import render_docx
from zwdesk.core.exchange import read_issue
from zwdesk.core.office import convert_many_with_libreoffice

sys.path.insert(0, str(ROOT / "scripts"))
import check_pages  # noqa: E402

SAMPLE_JSON = ROOT / "resources" / "sample-2023-09.json"


def body(text: str, role: str = b.BODY) -> b.Para:
    return b.Para(role, (b.Run(text),), "s0")


# --- lines ----------------------------------------------------------------------------------


def test_26_characters_on_the_indented_first_line_then_28():
    lines = pages.paragraph_lines(body("字" * 60))
    assert [len(line) for line in lines] == [26, 28, 6]


def test_digits_take_half_a_cell_and_space_from_ideographs():
    assert [len(x) for x in pages.paragraph_lines(body("1" * 60))] == [52, 8]  # forced break
    assert pages.spaced("共", "1") and pages.spaced("A", "件")
    assert not pages.spaced("，", "1") and not pages.spaced("1", "。")
    assert pages.advance("1", pages.FANGSONG, 320, -5) == 155
    assert pages.advance("m", pages.HEITI, 320, -5) == pytest.approx(926 * 0.32 - 5)


def test_no_closing_mark_starts_a_line_and_no_opening_mark_ends_one():
    lines = pages.paragraph_lines(body("字" * 26 + "，字" + "字" * 25 + "“字" * 20))
    assert lines[0] == "字" * 25 and lines[1].startswith("字，")
    for line in lines[1:]:
        assert line[0] not in pages.NO_LINE_START and line[-1] not in pages.NO_LINE_END


def test_latin_words_stay_whole():
    lines = pages.paragraph_lines(body("字" * 24 + "ISO9001认证"))
    assert lines == ["字" * 24, "ISO9001认证"]


# --- pages ----------------------------------------------------------------------------------


def test_the_sample_takes_four_pages_with_the_distribution_on_the_last():
    layout = pages.layout(compose(read_issue(SAMPLE_JSON)))
    assert [len(page.lines) for page in layout.pages] == [14, 22, 22, 16]
    assert [page.number for page in layout.pages] == [1, 2, 3, 4]
    assert layout.pages[-1].distribution and layout.distribution_move == pages.STAYS


def test_a_heading_never_ends_a_page():
    issue = read_issue(SAMPLE_JSON)
    for page in pages.layout(compose(issue)).pages[:-1]:
        assert compose(issue).body[page.lines[-1].para].role not in pages.HEADINGS


@pytest.mark.parametrize(("extra", "move", "numbers"), [
    (0, pages.STAYS, [1, 2, 3, 4]),
    (6, pages.AFTER_BLANK_PAGE, [1, 2, 3, 4, None, None]),
    (9, pages.NEXT_PAGE, [1, 2, 3, 4, 5, 6]),
])
def test_even_page_moves_the_distribution(extra, move, numbers):
    bulletin = compose(with_extra_checks(extra))
    layout = pages.layout(bulletin, even_page=True)
    assert layout.distribution_move == move
    assert [page.number for page in layout.pages] == numbers
    assert layout.pages[-1].distribution
    assert not layout.pages[-1].lines or move == pages.STAYS
    assert len(pages.layout(bulletin).pages) == len(numbers) - (move != pages.STAYS)


# --- against LibreOffice ----------------------------------------------------------------------


@pytest.mark.render
@needs_soffice
def test_the_model_agrees_with_libreoffice(tmp_path):
    issues = check_pages.test_issues()
    issues.update((f"generated({n})", check_pages.generated_issue(n)) for n in range(8))
    results = check_pages.render_all(issues, tmp_path)
    equal, total, share = check_pages.summary(results)
    assert equal == total
    assert share >= 0.95


@pytest.fixture(scope="module")
def even_pdfs(tmp_path_factory) -> dict[str, pdfplumber.PDF]:
    """The sample with 6 checks more (the 版记 alone on page 5) and 9 more (shares page 5),
    with the setting on and off."""
    if needs_soffice.args[0]:
        pytest.skip("LibreOffice absent")
    folder = tmp_path_factory.mktemp("even")
    docxs = []
    for extra in (6, 9):
        for even in (True, False):
            docxs.append(folder / f"extra{extra}-{'on' if even else 'off'}.docx")
            render_docx(compose(with_extra_checks(extra)), docxs[-1], even_page=even)
    pdfs = convert_many_with_libreoffice(docxs, folder)
    return {pdf.stem: pdfplumber.open(pdf) for pdf in pdfs}


def page_number(page) -> str:
    chars = sorted((c for c in page.chars if is_page_number(c)), key=lambda c: c["x0"])
    return "".join(c["text"] for c in chars)


def assert_distribution_at_the_foot(page) -> None:
    found = rules(page)
    assert len(found) == 4
    assert found[-1]["top"] / MM == pytest.approx(BOTTOM, abs=1.5)


@pytest.mark.render
@needs_soffice
def test_a_blank_page_before_a_distribution_page_and_neither_numbered(even_pdfs):
    pdf = even_pdfs["extra6-on"]
    assert len(pdf.pages) == 6
    assert [page_number(p) for p in pdf.pages] == ["— 1 —", "— 2 —", "— 3 —", "— 4 —", "", ""]
    assert not pdf.pages[4].chars and not rules(pdf.pages[4])  # blank
    assert_distribution_at_the_foot(pdf.pages[5])
    assert not [c for c in pdf.pages[5].chars if 15.5 < c["size"] < 16.5]


@pytest.mark.render
@needs_soffice
def test_a_distribution_sharing_an_odd_page_goes_to_the_next(even_pdfs):
    pdf = even_pdfs["extra9-on"]
    assert [page_number(p) for p in pdf.pages] == [f"— {n} —" for n in range(1, 7)]
    assert not rules(pdf.pages[4])
    assert_distribution_at_the_foot(pdf.pages[5])


@pytest.mark.render
@needs_soffice
def test_setting_off_keeps_the_distribution_where_it_falls(even_pdfs):
    for name in ("extra6-off", "extra9-off"):
        pdf = even_pdfs[name]
        assert [page_number(p) for p in pdf.pages] == [f"— {n} —" for n in range(1, 6)]
        assert_distribution_at_the_foot(pdf.pages[-1])


# --- the setting ------------------------------------------------------------------------------


def test_setting_is_on_by_default_and_stored(store):
    from zwdesk.store.settings import banji_even_page, set_banji_even_page

    assert banji_even_page()
    set_banji_even_page(False)
    assert not banji_even_page()
    set_banji_even_page(True)
    assert banji_even_page()


def test_settings_command(tmp_path, capsys):
    db = str(tmp_path / "z.sqlite3")
    assert cli.main(["--db", db, "settings"]) == 0
    assert capsys.readouterr().out.startswith("even-page\ton\t")
    assert cli.main(["--db", db, "settings", "--even-page", "off"]) == 0
    assert capsys.readouterr().out.startswith("even-page\toff\t")
    assert cli.main(["--db", db, "settings"]) == 0
    assert capsys.readouterr().out.startswith("even-page\toff\t")


def test_export_follows_the_setting(tmp_path):
    from zwdesk.operations import bulletin_writer
    from zwdesk.store.database import open_database
    from zwdesk.store.settings import set_banji_even_page

    db = open_database(tmp_path / "s.sqlite3")
    try:
        assert bulletin_writer().keywords == {"even_page": True}
        set_banji_even_page(False)
        assert bulletin_writer().keywords == {"even_page": False}
    finally:
        db.close()


# --- the check -------------------------------------------------------------------------------


@pytest.mark.parametrize(("extra", "even_page", "message"), [
    (7, False, "第5页只有1行正文；精简约6行可减为4页（现共5页）。"),
    (8, False, "第5页只有2行正文；精简约7行可减为4页（现共5页）。"),
    (7, True, "第5页只有1行正文；精简约6行可减为4页（现共6页）。"),
    (2, False, "版记单独占一页；精简约1行可减为4页（现共5页）。"),
    (2, True, "版记单独占一页，前面还要加一张空白页；精简约1行可减为4页（现共6页）。"),
    (9, False, None), (0, False, None), (1, True, None),
])
def test_a_near_empty_last_page_is_a_warning(extra, even_page, message):
    """The figures were checked against LibreOffice: 1 extra check gives 4 pages, 2 give 5 (6
    on an even page), 7 give 5 (6)."""
    from zwdesk.core.checks import page_problems
    from zwdesk.core.problems import WARNING

    problems = page_problems(with_extra_checks(extra), even_page)
    if message is None:
        assert problems == []
        return
    [problem] = problems
    assert problem.severity == WARNING and problem.anchor in ("s3", "distribution")
    assert problem.message == message


def test_the_check_command_lists_a_near_empty_page(tmp_path, capsys):
    """The page problem belongs to no field: the place is its section, and nothing breaks; the
    pages are counted with the 版记-on-an-even-page setting (on by default)."""
    from zwdesk import cli
    from zwdesk.core.exchange import issue_to_json

    db, source = str(tmp_path / "z.sqlite3"), tmp_path / "long.json"
    source.write_text(issue_to_json(with_extra_checks(7)), encoding="utf-8")
    assert cli.main(["--db", db, "import", str(source)]) == 0
    capsys.readouterr()
    assert cli.main(["--db", db, "check", "2023-9"]) == 3
    lines = capsys.readouterr().out.splitlines()
    assert "提醒\t四、大厅巡查情况\t第5页只有1行正文；精简约6行可减为4页（现共6页）。" in lines




# --- LibreOffice's line breaking: portions and break iterators --------------------------------


def test_the_last_character_of_a_portion_keeps_its_full_width():
    """At a change of script (or font) LibreOffice leaves the condensing off, and puts a fifth
    of the font size between a digit and an ideograph."""
    steps = pages.char_steps("字字1字，", [pages.FANGSONG] * 5, 320, -5)
    assert steps == [315, 320 + 64, 160 + 64, 315, 315]
    run_in = pages.char_steps("况。总", [pages.KAITI, pages.KAITI, pages.FANGSONG], 320, -5)
    assert run_in == [315, 320, 315]


def test_weak_marks_join_the_portion_before_them():
    assert pages.scripts("办”App——文") == ["asian", "asian", *["latin"] * 5, "asian"]
    assert pages.scripts("——，") == ["latin", "latin", "asian"]  # leading weak marks: Latin


def test_a_closing_mark_before_latin_text_goes_down_with_the_character_before():
    """《…通知》VR: no break between 》 and V (Unicode rules of the Latin portion), and 》
    may not start a line (the zh-CN forbidden characters): 知》VR goes to the next line."""
    text = "3.《关于简化检验检测机构人员信息变更办理程序的通知》VR。"
    lines = pages.paragraph_lines(body(text, b.ITEM))
    assert lines == ["3.《关于简化检验检测机构人员信息变更办理程序的通", "知》VR。"]


def test_a_code_with_a_slash_breaks_before_it_when_the_slash_ends_the_line():
    lines = pages.paragraph_lines(body("字" * 22 + "App——RB/T214-2017，完成。"))
    assert lines[0].endswith("App——") and lines[1].startswith("RB/T214-2017")


def test_a_break_found_before_a_latin_portion_is_decided_by_the_portion_before():
    """LibreOffice's underflow: the Asian portion before breaks as if its last character did
    not fit (between the two em dashes here, as its PDF shows)."""
    text = "（一）省卫生健康委（单位）（单位）。——、AppISO9001RB/T214-2017、第1季度"
    lines = pages.paragraph_lines(body(text, b.HEADING2))
    assert lines[0].endswith("。—") and lines[1].startswith("—、App")


def test_a_heading_ending_the_text_goes_with_the_distribution():
    """A heading over an empty block is kept with the 版记's anchor paragraph: when the 版记
    needs a page of its own, the heading goes along."""
    issue = with_extra_checks(7)
    issue["sections"].append({"title": "末尾标题", "block": {"kind": "text", "paragraphs": []}})
    layout = pages.layout(compose(issue))
    last = layout.pages[-1]
    bulletin = compose(issue)
    assert last.distribution and bulletin.body[last.lines[-1].para].text.endswith("末尾标题")


# --- where it is printed ----------------------------------------------------------------------


def printed_sample(extra: int = 0, even_page: bool = False):
    bulletin = compose(with_extra_checks(extra))
    layout = pages.layout(bulletin, even_page)
    return bulletin, layout, pages.printed_pages(bulletin, layout)


def test_page_one_prints_the_masthead_in_red_above_its_rule():
    bulletin, _, printed = printed_sample()
    first = printed[0]
    name = first.glyphs[0]
    assert (name.text, name.font, name.colour) == ("政务服务工作", pages.XIAOBIAOSONG, pages.RED)
    assert name.x + name.width / 2 == pytest.approx(pages.MARGIN_LEFT + pages.BLOCK_WIDTH / 2)
    [rule] = first.rules
    assert rule.colour == pages.RED and rule.x1 - rule.x0 == pages.BLOCK_WIDTH
    editor = [g for g in first.glyphs if g.size == pages.DIST_SIZE and g.font == pages.FANGSONG]
    assert editor[0].x == pages.MARGIN_LEFT
    assert editor[1].x + editor[1].width == pytest.approx(pages.BLOCK_RIGHT)  # the date
    assert all(g.baseline < rule.y for g in editor)
    body_top = pages.MARGIN_TOP + pages.MASTHEAD_HEIGHT
    assert min(g.baseline for g in first.glyphs if g.baseline > rule.y + 1000) > body_top


def test_lines_sit_on_the_grid_and_justified_lines_fill_the_block():
    bulletin, layout, printed = printed_sample()
    page = printed[1]
    body_lines = sorted({g.baseline for g in page.glyphs if g.font == pages.FANGSONG
                         and g.size == pages.BODY_SIZE})
    assert all((y - pages.MARGIN_TOP - pages.GRID_BASELINE[pages.FANGSONG]) % pages.LINE_PITCH
               == 0 for y in body_lines)
    first = next(g for g in page.glyphs if g.text.startswith("3.组织公安厅"))
    # A full line (not its paragraph's last) ends within a twip per gap of the right edge.
    assert pages.BLOCK_RIGHT - len(first.text) <= first.x + first.width <= pages.BLOCK_RIGHT
    assert first.x == pages.MARGIN_LEFT + pages.FIRST_LINE_INDENT
    last = next(g for g in page.glyphs if g.text == "培训5次。")
    assert last.width < pages.BLOCK_WIDTH / 2  # the last line is not spread


def test_page_numbers_alternate_sides_and_the_distribution_stands_on_the_foot():
    _, _, printed = printed_sample()
    numbers = [next(g for g in p.glyphs if g.font == pages.SONGTI) for p in printed]
    assert [g.text for g in numbers] == [f"\u2014 {n} \u2014" for n in (1, 2, 3, 4)]
    assert numbers[0].x + numbers[0].width == pytest.approx(pages.BLOCK_RIGHT - pages.DIST_CHAR)
    assert numbers[1].x == pages.MARGIN_LEFT + pages.DIST_CHAR
    rules = printed[-1].rules
    assert [r.thickness for r in rules] == [20, 15, 15, 20]  # from the foot up
    assert rules[0].y == pages.MARGIN_BOTTOM_EDGE - pages.DIST_PLACEHOLDER - 10
    dist = sorted((g for g in printed[-1].glyphs
                   if g.size == pages.DIST_SIZE and g.font == pages.FANGSONG),
                  key=lambda g: g.baseline)
    assert [g.text[:2] for g in dist] == ["报：", "送：", "发：", "（共"]
    assert dist[-1].x + dist[-1].width == pytest.approx(pages.BLOCK_RIGHT - pages.DIST_CHAR)
    assert all(rules[-1].y < g.baseline < rules[0].y for g in dist)


def test_the_blank_page_before_the_distribution_prints_nothing():
    _, layout, printed = printed_sample(6, even_page=True)
    assert layout.distribution_move == pages.AFTER_BLANK_PAGE
    assert printed[4].glyphs == [] and printed[4].rules == []
    assert not any(g.font == pages.SONGTI for g in printed[5].glyphs)  # no page number
    assert len(printed[5].rules) == 4
