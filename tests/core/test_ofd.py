"""The OFD export (zwdesk.core.ofd): the package against GB/T 33190 (checks written in
tests/support/ofdcheck.py), its text and lines against LibreOffice's PDF of the .docx export,
an independent reader (ofdkit), and the fonts it embeds (zwdesk.core.fontfiles).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import struct
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from support import ofdcheck
from support.builders import make_issue, random_issue
from support.paths import ROOT, SAMPLE_JSON
from support.pdfpages import MM, lines_of, with_extra_checks
from support.soffice import needs_soffice

from zwdesk import __version__
from zwdesk.core import fontfiles, ofd
from zwdesk.core import pages as pg
from zwdesk.core.bulletin import compose
from zwdesk.core.docx_render import render_docx
from zwdesk.core.errors import FileWriteError
from zwdesk.core.exchange import parse_issue, read_issue
from zwdesk.core.office import convert_many_with_libreoffice

sys.path.insert(0, str(ROOT / "scripts"))
import check_pages  # noqa: E402

STAND_IN = Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")  # a free TrueType
needs_stand_in = pytest.mark.skipif(not STAND_IN.is_file(), reason="fonts-arphic-gbsn00lp absent")


def no_fonts(used: dict[str, set[str]]) -> dict[str, bytes]:
    return {}


def export(issue: dict, even_page: bool = False, embed=no_fonts) -> ofdcheck.Package:  # noqa: ANN001
    return ofdcheck.read(ofd.ofd_bytes(issue, even_page, version=__version__,
                                       today=dt.date(2024, 3, 1), embed=embed))


def parsed(data: dict) -> dict:
    """An issue of the tests' builders as the exchange parser gives it (dates as dates)."""
    return parse_issue(json.dumps(data, ensure_ascii=False))


def texts(page) -> list[str]:  # noqa: ANN001
    return [line.text for line in ofdcheck.lines(page)]


@pytest.fixture(scope="module")
def sample() -> ofdcheck.Package:
    return export(read_issue(SAMPLE_JSON))


# --- the package ----------------------------------------------------------------------------


def test_the_sample_is_a_valid_package(sample):
    ofdcheck.check(sample)
    assert sorted(sample.files) == ["Doc_0/Document.xml", "Doc_0/Pages/Page_0/Content.xml",
                                    "Doc_0/Pages/Page_1/Content.xml",
                                    "Doc_0/Pages/Page_2/Content.xml",
                                    "Doc_0/Pages/Page_3/Content.xml", "Doc_0/PublicRes.xml",
                                    "OFD.xml"]


def test_the_document_information(sample):
    q = ofdcheck.Q
    info = sample.root("OFD.xml").find(f"{q}DocBody/{q}DocInfo")
    assert info.find(f"{q}Title").text == "政务服务工作 2023年第9期"
    assert info.find(f"{q}Author").text == "四川省政府政务服务和公共资源交易服务中心"
    assert (info.find(f"{q}Creator").text, info.find(f"{q}CreatorVersion").text) == \
        ("zwdesk", __version__)
    assert info.find(f"{q}CreationDate").text == "2024-03-01"
    assert re.fullmatch(r"[0-9a-f]{32}", info.find(f"{q}DocID").text)
    custom = {c.get("Name"): c.text for c in info.iter(f"{q}CustomData")}
    assert custom == {"期号": "2023年第9期", "总期号": "429"}


def test_the_same_issue_keeps_its_document_id():
    first, second = (export(read_issue(SAMPLE_JSON)) for _ in range(2))
    other = export(parsed(make_issue()))
    doc_id = lambda p: p.root("OFD.xml").find(f".//{ofdcheck.Q}DocID").text  # noqa: E731
    assert doc_id(first) == doc_id(second) != doc_id(other)


def test_fonts_are_named_with_the_families_readers_fall_back_on(sample):
    fonts = {f.get("FontName"): f.get("FamilyName") for f in sample.fonts().values()}
    assert fonts == {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "黑体": "黑体",
                     "方正小标宋简体": "宋体", "宋体": "宋体"}
    assert not any(f.find(f"{ofdcheck.Q}FontFile") is not None for f in sample.fonts().values())


def test_the_checks_catch_what_they_check(sample):
    """The structure checks fail on a package that breaks each rule."""
    broken = [
        ("Doc_0/Pages/Page_0/Content.xml", b'Font="2"', b'Font="99"', "unresolved"),
        ("Doc_0/Pages/Page_1/Content.xml", b'ID="', b'ID="1', "IDs repeat|above MaxUnitID"),
        ("OFD.xml", b"http://www.ofdspec.org/2016", b"http://www.ofd.org", "namespace"),
        ("Doc_0/Document.xml", b"Page_3", b"Page_9", "Page_9"),
    ]
    for part, old, new, message in broken:
        files = dict(sample.files)
        files[part] = files[part].replace(old, new, 1)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as package:
            for name, data in files.items():
                package.writestr(name, data)
        with pytest.raises((AssertionError, KeyError), match=message):
            ofdcheck.check(ofdcheck.read(out.getvalue()))


# --- the pages ------------------------------------------------------------------------------


def test_every_line_is_text_at_the_page_models_advances(sample):
    bulletin = compose(read_issue(SAMPLE_JSON))
    printed = pg.printed_pages(bulletin, pg.layout(bulletin))
    for page, model in zip(sample.pages(), printed, strict=True):
        objects = list(page.iter(f"{ofdcheck.Q}TextObject"))
        assert [o.find(f"{ofdcheck.Q}TextCode").text for o in objects] == \
            [g.text.rstrip() for g in model.glyphs]
        for element, glyphs in zip(objects, model.glyphs, strict=True):
            deltas = element.find(f"{ofdcheck.Q}TextCode").get("DeltaX", "").split()
            assert [float(d) for d in deltas] == pytest.approx(
                [s * ofd.MM_PER_TWIP for s in glyphs.steps[:len(deltas)]], abs=0.001)


def test_the_sample_pages_print_what_the_word_export_prints(sample):
    pages = sample.pages()
    first = texts(pages[0])
    assert first[:5] == ["政务服务工作", "2023年第9期（总第429期）",
                         "四川省政府政务服务和公共资源交易服务中心2023年3月21日",
                         "（3月6日—3月10日）", "一、综窗改革攻坚行动"]
    assert [texts(p)[-1] for p in pages] == [f"\u2014 {n} \u2014" for n in (1, 2, 3, 4)]
    assert texts(pages[-1])[-5:-1] == ["报：中心领导。",
                                       "送：各相关省级部门（单位），中心各处（室）、直属单位。",
                                       "发：各部门窗口。", "（共印94份）"]
    name = next(pages[0].iter(f"{ofdcheck.Q}TextObject"))
    assert name.find(f"{ofdcheck.Q}FillColor").get("Value") == "255 0 0"
    red, *_ = pages[0].iter(f"{ofdcheck.Q}PathObject")
    assert red.find(f"{ofdcheck.Q}StrokeColor").get("Value") == "255 0 0"
    assert len(list(pages[-1].iter(f"{ofdcheck.Q}PathObject"))) == 4  # the 版记's rules


def test_the_even_page_setting_adds_the_blank_page_and_leaves_both_unnumbered():
    issue = with_extra_checks(6)
    package = export(issue, even_page=True)
    ofdcheck.check(package)
    pages = package.pages()
    assert len(pages) == 6 and len(export(issue).pages()) == 5
    assert texts(pages[4]) == [] and not list(pages[4].iter(f"{ofdcheck.Q}PathObject"))
    assert texts(pages[5])[-1] == "（共印94份）"  # no page number under it
    assert [texts(p)[-1] for p in pages[:4]] == [f"\u2014 {n} \u2014" for n in (1, 2, 3, 4)]


@pytest.mark.parametrize("issue", [make_issue(), random_issue(1), random_issue(4)],
                         ids=["make_issue", "random_issue(1)", "random_issue(4)"])
def test_the_test_issues_are_valid_packages(issue):
    package = export(parsed(issue))
    ofdcheck.check(package)


def test_written_atomically(tmp_path):
    target = tmp_path / "a.ofd"
    target.write_bytes(b"old")
    ofd.write_ofd(read_issue(SAMPLE_JSON), target, version="1", embed=no_fonts)
    ofdcheck.check(ofdcheck.read(target))
    with pytest.raises(FileWriteError, match="missing"):
        ofd.write_ofd(read_issue(SAMPLE_JSON), tmp_path / "missing" / "b.ofd", version="1",
                      embed=no_fonts)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ofd"]  # no temporary left


# --- fonts ----------------------------------------------------------------------------------


def stand_in_official(path: Path = STAND_IN):  # noqa: ANN201
    """An embedder that finds the free AR PL SungtiL GB installed as 仿宋_GB2312."""
    def embed(used: dict[str, set[str]]) -> dict[str, bytes]:
        data = fontfiles.subset(fontfiles.FontFile(path), used["仿宋_GB2312"])
        return {"仿宋_GB2312": data} if data else {}
    return embed


@needs_stand_in
def test_an_official_font_that_allows_it_is_embedded_as_a_subset():
    from fontTools.pens.recordingPen import RecordingPen
    from fontTools.ttLib import TTFont

    package = export(read_issue(SAMPLE_JSON), embed=stand_in_official())
    ofdcheck.check(package)
    [font] = [f for f in package.fonts().values() if f.get("FontName") == "仿宋_GB2312"]
    data = package.files[f"Doc_0/Res/{font.find(f'{ofdcheck.Q}FontFile').text}"]
    assert len(data) < STAND_IN.stat().st_size / 10
    subset = TTFont(io.BytesIO(data), checkChecksums=2)  # raises on a wrong checksum
    original = TTFont(str(STAND_IN))
    chars = {c for page in package.pages() for t in page.iter(f"{ofdcheck.Q}TextObject")
             if t.get("Font") == font.get("ID") for c in t.find(f"{ofdcheck.Q}TextCode").text}
    assert len(chars) > 300
    cmap, original_cmap = subset.getBestCmap(), original.getBestCmap()
    assert {chr(c) for c in cmap} == {c for c in chars if ord(c) in original_cmap}
    glyphs, original_glyphs = subset.getGlyphSet(), original.getGlyphSet()
    for char in chars & {chr(c) for c in cmap}:
        assert cmap[ord(char)] == original_cmap[ord(char)]  # glyph IDs kept
        pen, original_pen = RecordingPen(), RecordingPen()
        glyphs[cmap[ord(char)]].draw(pen)
        original_glyphs[original_cmap[ord(char)]].draw(original_pen)
        assert pen.value == original_pen.value and (pen.value or char == " ")
    unused = original.getGlyphID(original_cmap[ord("鑫")])  # in the font, not the bulletin
    assert original["glyf"][original_cmap[ord("鑫")]].numberOfContours > 0
    assert subset["glyf"][subset.getGlyphOrder()[unused]].numberOfContours == 0


@needs_stand_in
@pytest.mark.parametrize(("fs_type", "embedded"), [
    (0x0000, True), (0x0004, True), (0x0008, True),
    (0x0002, False), (0x0104, False), (0x0200, False)])
def test_embedding_follows_the_fonts_licence(tmp_path, fs_type, embedded):
    data = bytearray(STAND_IN.read_bytes())
    count = struct.unpack_from(">H", data, 4)[0]
    at = next(offset for tag, _, offset, _ in (struct.unpack_from(">4sIII", data, 12 + 16 * i)
                                               for i in range(count)) if tag == b"OS/2")
    struct.pack_into(">H", data, at + 8, fs_type)
    copy = tmp_path / "font.ttf"
    copy.write_bytes(bytes(data))
    package = export(read_issue(SAMPLE_JSON), embed=stand_in_official(copy))
    has_file = any(f.find(f"{ofdcheck.Q}FontFile") is not None for f in package.fonts().values())
    assert has_file == embedded
    assert fontfiles.embeddable(fs_type) == embedded


def test_no_outline_font_or_a_damaged_file_is_only_named(tmp_path):
    damaged = tmp_path / "damaged.ttf"
    damaged.write_bytes(b"\0\1\0\0" + b"\xff" * 40)
    assert fontfiles.subset(fontfiles.FontFile(damaged), "字") is None
    assert fontfiles.subset(fontfiles.FontFile(tmp_path / "missing.ttf"), "字") is None
    cff = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if cff.is_file():
        assert fontfiles.subset(fontfiles.FontFile(cff, 2), "字") is None  # CFF outlines


@needs_stand_in
def test_official_fonts_are_found_by_their_names_and_substitutes_are_not(tmp_path, monkeypatch):
    """On Windows (no fontconfig) the fonts folders are read; a font that calls itself 仿宋 is
    the official 仿宋_GB2312's Windows name; AR PL SungtiL GB, the substitute, is not."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(STAND_IN))
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = "仿宋"
    font.save(str(tmp_path / "simfang.ttf"))
    shutil.copy(STAND_IN, tmp_path / "gbsn00lp.ttf")
    monkeypatch.setattr(fontfiles, "_fontconfig_fonts", lambda: None)
    monkeypatch.setattr(fontfiles, "font_folders", lambda: [tmp_path])
    found = fontfiles.official_font_files(["仿宋_GB2312", "黑体"])
    assert found == {"仿宋_GB2312": fontfiles.FontFile(tmp_path / "simfang.ttf", 0)}
    subsets = fontfiles.embedded_subsets({"仿宋_GB2312": {"字"}, "黑体": {"字"}})
    assert list(subsets) == ["仿宋_GB2312"]


def test_fontconfigs_list_is_read(monkeypatch):
    listing = ("AR PL SungtiL GB,文鼎ＰＬ简报宋\t/f/gbsn00lp.ttf\t0\n"
               "SimHei,黑体\t/f/simhei.ttf\t0\nNoto Sans CJK SC\t/f/noto.ttc\t2\n")
    monkeypatch.setattr(fontfiles.shutil, "which", lambda name: "/usr/bin/fc-list")
    monkeypatch.setattr(fontfiles.subprocess, "run",
                        lambda *a, **k: type("R", (), {"stdout": listing})())
    assert fontfiles.official_font_files(["仿宋_GB2312", "黑体", "宋体"]) == \
        {"黑体": fontfiles.FontFile(Path("/f/simhei.ttf"), 0)}


# --- against LibreOffice's PDF of the .docx export, and an independent reader ---------------


def render_issues() -> dict[str, dict]:
    """The sample, the issues of the tests and 20 generated ones (check_pages)."""
    issues = check_pages.test_issues()
    issues.update((f"generated({n})", check_pages.generated_issue(n)) for n in range(20))
    return issues


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[Path, ofdcheck.Package]]:
    if needs_soffice.args[0]:
        pytest.skip("LibreOffice absent")
    folder = tmp_path_factory.mktemp("ofd-vs-pdf")
    issues = render_issues()
    docxs = []
    for index, issue in enumerate(issues.values()):
        docxs.append(folder / f"issue{index}.docx")
        render_docx(compose(issue), docxs[-1])
    pdfs = convert_many_with_libreoffice(docxs, folder)
    return {name: (pdf, export(issue))
            for (name, issue), pdf in zip(issues.items(), pdfs, strict=True)}


def pdf_lines(page) -> list[ofdcheck.Line]:  # noqa: ANN001
    return [ofdcheck.Line(line.baseline / MM, line.x0, line.x1, line.text)
            for line in lines_of([c for c in page.chars if c["text"].strip()])]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.render
@needs_soffice
def test_pages_lines_and_text_are_those_of_libreoffices_pdf(rendered):
    """Equal page counts, ≥ 98% of lines identical (text, baseline and left edge within 1 mm),
    the whole text identical — for every issue, and over all their lines."""
    total = same = 0
    for name, (pdf_path, package) in rendered.items():
        ofdcheck.check(package)
        with pdfplumber.open(pdf_path) as pdf:
            real = [pdf_lines(page) for page in pdf.pages]
        ours = [ofdcheck.lines(page) for page in package.pages()]
        assert len(ours) == len(real), name
        matched = lines = 0
        for our_page, real_page in zip(ours, real, strict=True):
            for line in our_page:
                lines += 1
                twin = next((r for r in real_page if abs(r.baseline - line.baseline) < 1), None)
                matched += bool(twin and squeezed(twin.text) == squeezed(line.text)
                                and abs(twin.x0 - line.x0) < 1)
        assert matched >= 0.98 * lines, f"{name}: {matched} of {lines} lines"
        whole = lambda pages: squeezed("".join(l.text for p in pages for l in p))  # noqa: E731, E741
        assert whole(ours) == whole(real), name
        total, same = total + lines, same + matched
    assert same >= 0.99 * total


@pytest.mark.render
@needs_soffice
def test_line_ends_are_within_a_millimetre_of_libreoffices(rendered):
    """Where the lines are the same, their right ends too (the justification of the block)."""
    ends = []
    for pdf_path, package in rendered.values():
        with pdfplumber.open(pdf_path) as pdf:
            for page, ours in zip(pdf.pages, package.pages(), strict=True):
                real = pdf_lines(page)
                for line in ofdcheck.lines(ours):
                    twin = next((r for r in real if abs(r.baseline - line.baseline) < 1), None)
                    if twin and squeezed(twin.text) == squeezed(line.text):
                        ends.append(abs(twin.x1 - line.x1))
    assert len(ends) > 1000
    assert sum(end < 1 for end in ends) >= 0.99 * len(ends)


def test_ofdkit_reads_the_same_text(tmp_path, sample):
    """An independent reader (ofdkit, Apache-2.0) extracts every line's text, page by page."""
    ofdkit = pytest.importorskip("ofdkit")
    path = tmp_path / "sample.ofd"
    path.write_bytes(ofd.ofd_bytes(read_issue(SAMPLE_JSON), version=__version__,
                                   today=dt.date(2024, 3, 1), embed=no_fonts))
    with ofdkit.open(path) as document:
        assert document.info.title == "政务服务工作 2023年第9期"
        assert document.info.custom_data == {"期号": "2023年第9期", "总期号": "429"}
        read = [squeezed(page.text()) for page in document.pages]
    assert read == [squeezed("".join(texts(page))) for page in sample.pages()]
    expected = squeezed("".join(p.text for p in compose(read_issue(SAMPLE_JSON)).paragraphs()))
    page_numbers = re.compile("—[1-4]—")
    assert page_numbers.sub("", "".join(read)) == expected
