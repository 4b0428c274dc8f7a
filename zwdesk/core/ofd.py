"""The bulletin as OFD (GB/T 33190-2016, 版式文档), written from zwdesk's own page model.

No office suite is involved: the pages are those of zwdesk.core.pages (the lines and page
breaks LibreOffice gives the exported .docx, and where each line, rule and page number sits),
and every line is real text — a TextObject whose TextCode holds the characters and whose DeltaX
holds the advances the page model measured — so OFD readers can search, select and copy it.

The package:

    OFD.xml                       DocInfo (title, author, creator, 期号 and 总期号) → Doc_0
    Doc_0/Document.xml            CommonData (MaxUnitID, A4 page area, PublicRes) and the pages
    Doc_0/PublicRes.xml           the RGB colour space and the fonts (by name, with the family
                                  readers fall back on; a subset file where zwdesk.core.fontfiles
                                  may embed one)
    Doc_0/Res/font_N.ttf          those subsets
    Doc_0/Pages/Page_N/Content.xml  one layer: a TextObject per line (per font on a line), a
                                  PathObject per rule

Every part is in the namespace http://www.ofdspec.org/2016, its elements in the order of the
standard's schema; every ID is unique in the document and no greater than MaxUnitID.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from zwdesk.core import pages as pg
from zwdesk.core.atomic import write_atomic
from zwdesk.core.bulletin import compose

NS = "http://www.ofdspec.org/2016"
ET.register_namespace("ofd", NS)

DOC = "Doc_0"
RES_FOLDER = "Res"
A4 = "0 0 210 297"
MM_PER_TWIP = 25.4 / 1440
# Each font of the page model: the official name, and the family readers fall back on.
FONTS = {
    pg.FANGSONG: ("仿宋_GB2312", "仿宋"),
    pg.KAITI: ("楷体_GB2312", "楷体"),
    pg.HEITI: ("黑体", "黑体"),
    pg.XIAOBIAOSONG: ("方正小标宋简体", "宋体"),
    pg.SONGTI: ("宋体", "宋体"),
}

# Given the characters the document sets in each font (by official name), the font files to
# embed for some of them (zwdesk.core.fontfiles.embedded_subsets: subsets of the installed
# official fonts whose licence allows it).
Embedder = Callable[[dict[str, set[str]]], dict[str, bytes]]


def write_ofd(issue: dict[str, Any], target: Path, even_page: bool = False, *, version: str,
              embed: Embedder | None = None) -> None:
    """Write the bulletin of ``issue`` to ``target`` (.ofd) atomically, made by zwdesk
    ``version``; ``even_page`` puts the 版记 on an even page. FileWriteError when ``target``
    cannot be written (it is then left as it was)."""
    data = ofd_bytes(issue, even_page, version=version, embed=embed)
    write_atomic(Path(target), lambda tmp: tmp.write_bytes(data))


def ofd_bytes(issue: dict[str, Any], even_page: bool = False, *, version: str,
              today: dt.date | None = None, embed: Embedder | None = None) -> bytes:
    """The OFD package of the bulletin of ``issue`` as bytes, made by zwdesk ``version`` on
    ``today``."""
    bulletin = compose(issue)
    printed = pg.printed_pages(bulletin, pg.layout(bulletin, even_page))
    if embed is None:
        from zwdesk.core.fontfiles import embedded_subsets

        embed = embedded_subsets
    return _Package(issue, printed, embed, today or dt.date.today(), version).build()


def _el(parent: ET.Element | None, tag: str, text: str | None = None,
        **attributes: object) -> ET.Element:
    name = f"{{{NS}}}{tag}"
    element = ET.Element(name) if parent is None else ET.SubElement(parent, name)
    for key, value in attributes.items():
        element.set(key, str(value))
    if text is not None:
        element.text = text
    return element


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def mm(twips: float) -> str:
    """Twips as millimetres, the OFD unit, to a thousandth."""
    text = f"{twips * MM_PER_TWIP:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _numbers(values: Iterable[float]) -> str:
    return " ".join(mm(value) for value in values)


def _colour(rgb: str) -> str:
    return " ".join(str(int(rgb[at:at + 2], 16)) for at in (0, 2, 4))


class _Package:
    """Builds the parts of one OFD file; IDs are handed out in the order parts need them."""

    def __init__(self, issue: dict[str, Any], printed: list[pg.Printed], embed: Embedder,
                 today: dt.date, version: str) -> None:
        self.issue, self.printed, self.embed, self.today = issue, printed, embed, today
        self.version = version
        self.last_id = 0
        self.parts: dict[str, bytes] = {}

    def new_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def build(self) -> bytes:
        self.colour_space = self.new_id()
        fonts = self._fonts()
        page_ids = [self.new_id() for _ in self.printed]
        for number, page in enumerate(self.printed):
            self.parts[f"{DOC}/Pages/Page_{number}/Content.xml"] = self._page(page, fonts)
        self.parts[f"{DOC}/Document.xml"] = self._document(page_ids)
        self.parts["OFD.xml"] = self._ofd()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for name in ("OFD.xml", f"{DOC}/Document.xml", f"{DOC}/PublicRes.xml",
                         *sorted(n for n in self.parts if n.startswith(f"{DOC}/Pages/")),
                         *sorted(n for n in self.parts if n.startswith(f"{DOC}/{RES_FOLDER}/"))):
                package.writestr(name, self.parts[name])
        return out.getvalue()

    # --- OFD.xml and Document.xml ------------------------------------------------------------

    def _ofd(self) -> bytes:
        issue = self.issue
        number = f"{issue['year']}年第{issue['number']}期"
        root = _el(None, "OFD", Version="1.0", DocType="OFD")
        body = _el(root, "DocBody")
        info = _el(body, "DocInfo")
        key = f"zwdesk:{issue['publication']}:{issue['year']}:{issue['number']}"
        _el(info, "DocID", uuid.uuid5(uuid.NAMESPACE_URL, key).hex)
        _el(info, "Title", f"{issue['publication']} {number}")
        _el(info, "Author", issue["editor"])
        _el(info, "CreationDate", self.today.isoformat())
        _el(info, "Creator", "zwdesk")
        _el(info, "CreatorVersion", self.version)
        custom = _el(info, "CustomDatas")
        _el(custom, "CustomData", number, Name="期号")
        _el(custom, "CustomData", str(issue["serial"]), Name="总期号")
        _el(body, "DocRoot", f"{DOC}/Document.xml")
        return _xml(root)

    def _document(self, page_ids: list[int]) -> bytes:
        root = _el(None, "Document")
        common = _el(root, "CommonData")
        _el(common, "MaxUnitID", str(self.last_id))
        _el(_el(common, "PageArea"), "PhysicalBox", A4)
        _el(common, "PublicRes", "PublicRes.xml")
        pages = _el(root, "Pages")
        for number, page_id in enumerate(page_ids):
            _el(pages, "Page", ID=page_id, BaseLoc=f"Pages/Page_{number}/Content.xml")
        return _xml(root)

    # --- PublicRes.xml ----------------------------------------------------------------------

    def _fonts(self) -> dict[str, int]:
        """Declare the fonts the pages use (embedding the subsets that may be), in the
        public resources; their IDs by page-model font."""
        used: dict[str, set[str]] = {}
        for page in self.printed:
            for glyphs in page.glyphs:
                used.setdefault(glyphs.font, set()).update(glyphs.text)
        subsets = self.embed({FONTS[font][0]: chars for font, chars in used.items()})
        root = _el(None, "Res", BaseLoc=RES_FOLDER)
        spaces = _el(root, "ColorSpaces")
        _el(spaces, "ColorSpace", ID=self.colour_space, Type="RGB", BitsPerComponent=8)
        declared = _el(root, "Fonts")
        ids = {}
        for font in (f for f in FONTS if f in used):
            name, family = FONTS[font]
            ids[font] = self.new_id()
            element = _el(declared, "Font", ID=ids[font], FontName=name, FamilyName=family)
            if name in subsets:
                file_name = f"font_{ids[font]}.ttf"
                _el(element, "FontFile", file_name)
                self.parts[f"{DOC}/{RES_FOLDER}/{file_name}"] = subsets[name]
        self.parts[f"{DOC}/PublicRes.xml"] = _xml(root)
        return ids

    # --- pages ------------------------------------------------------------------------------

    def _page(self, page: pg.Printed, fonts: dict[str, int]) -> bytes:
        root = _el(None, "Page")
        layer = _el(_el(root, "Content"), "Layer", ID=self.new_id(), Type="Body")
        for rule in page.rules:
            self._rule(layer, rule)
        for glyphs in page.glyphs:
            self._text(layer, glyphs, fonts[glyphs.font])
        return _xml(root)

    def _colour(self, parent: ET.Element, tag: str, rgb: str) -> None:
        _el(parent, tag, Value=_colour(rgb), ColorSpace=self.colour_space)

    def _text(self, layer: ET.Element, glyphs: pg.Glyphs, font: int) -> None:
        """A line (or the part of it in one font): the box from an em above the baseline,
        the baseline an em down in it, the characters at the page model's advances."""
        text, steps = glyphs.text.rstrip(" "), glyphs.steps
        steps = steps[:len(text)]
        box = (glyphs.x, glyphs.baseline - glyphs.size, sum(steps), glyphs.size * 1.25)
        element = _el(layer, "TextObject", ID=self.new_id(), Boundary=_numbers(box),
                      Font=font, Size=mm(glyphs.size))
        self._colour(element, "FillColor", glyphs.colour)
        code = _el(element, "TextCode", text, X=0, Y=mm(glyphs.size))
        if len(text) > 1:
            code.set("DeltaX", _numbers(steps[:-1]))

    def _rule(self, layer: ET.Element, rule: pg.Rule) -> None:
        half = rule.thickness / 2
        box = (rule.x0, rule.y - half, rule.x1 - rule.x0, rule.thickness)
        element = _el(layer, "PathObject", ID=self.new_id(), Boundary=_numbers(box),
                      LineWidth=mm(rule.thickness))
        self._colour(element, "StrokeColor", rule.colour)
        _el(element, "AbbreviatedData",
            f"M 0 {mm(half)} L {mm(rule.x1 - rule.x0)} {mm(half)}")
