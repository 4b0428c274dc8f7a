"""Reading an OFD package back in the tests, and checking it against GB/T 33190-2016.

The checks are written here (no schema files in the project): every XML part parses and is in
the OFD namespace, each part's required elements and attributes are there in the schema's
order, every ID is unique and no greater than MaxUnitID, and every reference (a font, a colour
space, a page's content, a resource file) resolves. ``lines`` reads the printed lines back
from the TextObjects, for comparing with LibreOffice's PDF.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

NS = "http://www.ofdspec.org/2016"
Q = f"{{{NS}}}"

# Children each element may have, in the order the schema requires (only those zwdesk writes
# or a reader must find), and the attributes it requires.
ORDER = {
    "OFD": ["DocBody"],
    "DocBody": ["DocInfo", "DocRoot", "Versions", "Signatures"],
    "DocInfo": ["DocID", "Title", "Author", "Subject", "Abstract", "CreationDate", "ModDate",
                "DocUsage", "Cover", "Keywords", "Creator", "CreatorVersion", "CustomDatas"],
    "Document": ["CommonData", "Pages", "Outlines", "Permissions", "Actions", "VPreferences",
                 "Bookmarks", "Annotations", "CustomTags", "Attachments", "Extensions"],
    "CommonData": ["MaxUnitID", "PageArea", "PublicRes", "DocumentRes", "TemplatePage",
                   "DefaultCS"],
    "PageArea": ["PhysicalBox", "ApplicationBox", "ContentBox", "BleedBox"],
    "Page": ["Template", "PageRes", "Area", "Content", "Actions"],
    "TextObject": ["Actions", "Clips", "FillColor", "StrokeColor", "CGTransform", "TextCode"],
    "PathObject": ["Actions", "Clips", "StrokeColor", "FillColor", "AbbreviatedData"],
}
REQUIRED = {
    "OFD": ("Version", "DocType"),
    "Page@Document": ("ID", "BaseLoc"),
    "Layer": ("ID",),
    "TextObject": ("ID", "Boundary", "Font", "Size"),
    "PathObject": ("ID", "Boundary"),
    "Font": ("ID", "FontName"),
    "ColorSpace": ("ID", "Type"),
    "CustomData": ("Name",),
}
NUMBERS = re.compile(r"-?\d+(\.\d+)?( -?\d+(\.\d+)?)*")


@dataclass
class Line:
    baseline: float  # mm from the top of the page
    x0: float
    x1: float
    text: str


@dataclass
class Package:
    files: dict[str, bytes]
    xml: dict[str, ET.Element] = field(default_factory=dict)

    def root(self, name: str) -> ET.Element:
        return self.xml[name]

    @property
    def document_path(self) -> str:
        return self.xml["OFD.xml"].find(f"{Q}DocBody/{Q}DocRoot").text

    def pages(self) -> list[ET.Element]:
        document = self.document_path
        base = PurePosixPath(document).parent
        return [self.xml[str(base / page.get("BaseLoc"))]
                for page in self.xml[document].iter(f"{Q}Page")]

    def fonts(self) -> dict[str, ET.Element]:
        return {font.get("ID"): font for root in self.xml.values()
                for font in root.iter(f"{Q}Font")}


def read(source: Path | bytes) -> Package:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        files = {name: package.read(name) for name in package.namelist()}
    out = Package(files)
    for name, content in files.items():
        if name.endswith(".xml"):
            out.xml[name] = ET.fromstring(content)
    return out


def local(element: ET.Element) -> str:
    return element.tag.removeprefix(Q)


def check(package: Package) -> None:
    """Assert everything the standard requires that zwdesk's OFD must hold."""
    assert "OFD.xml" in package.xml, "OFD.xml missing"
    for name, root in package.xml.items():
        for element in root.iter():
            assert element.tag.startswith(Q), f"{name}: {element.tag} not in the OFD namespace"
            _check_element(name, element)
    ofd = package.root("OFD.xml")
    assert local(ofd) == "OFD" and ofd.get("DocType") == "OFD" and ofd.get("Version") == "1.0"
    document_path = package.document_path
    assert document_path in package.xml, f"DocRoot {document_path} missing"
    document = package.xml[document_path]
    common = document.find(f"{Q}CommonData")
    assert common.find(f"{Q}PageArea/{Q}PhysicalBox").text == "0 0 210 297"
    base = PurePosixPath(document_path).parent
    for res in common.findall(f"{Q}PublicRes") + common.findall(f"{Q}DocumentRes"):
        _check_resources(package, str(base / res.text))
    pages = document.find(f"{Q}Pages").findall(f"{Q}Page")
    assert pages, "no pages"
    for page in pages:
        assert str(base / page.get("BaseLoc")) in package.xml, page.get("BaseLoc")
    _check_ids(package, int(common.find(f"{Q}MaxUnitID").text))
    _check_references(package)


def _check_element(part: str, element: ET.Element) -> None:
    name = local(element)
    order = ORDER.get(name)
    if order is not None and not (name == "Page" and element.get("BaseLoc")):
        positions = [order.index(local(child)) if local(child) in order else -1
                     for child in element]
        assert -1 not in positions, f"{part}: unexpected child in {name}"
        assert positions == sorted(positions), f"{part}: {name}'s children out of order"
    key = "Page@Document" if name == "Page" and element.get("BaseLoc") else name
    for attribute in REQUIRED.get(key, ()):
        assert element.get(attribute), f"{part}: {name} without {attribute}"
    for attribute in ("Boundary", "DeltaX", "X", "Y", "Size", "LineWidth"):
        value = element.get(attribute)
        assert value is None or NUMBERS.fullmatch(value), f"{part}: {name} {attribute}={value}"
    if name == "TextObject":
        code = element.find(f"{Q}TextCode")
        deltas = code.get("DeltaX", "").split()
        assert code.text and len(deltas) == len(code.text) - 1, f"{part}: DeltaX of {code.text}"


def _check_resources(package: Package, path: str) -> None:
    assert path in package.xml, f"resource file {path} missing"
    res = package.xml[path]
    folder = PurePosixPath(path).parent / res.get("BaseLoc", "")
    for font_file in res.iter(f"{Q}FontFile"):
        assert str(folder / font_file.text) in package.files, f"font file {font_file.text}"


def _check_ids(package: Package, most: int) -> None:
    ids = [int(element.get("ID")) for root in package.xml.values() for element in root.iter()
           if element.get("ID") is not None]
    assert len(ids) == len(set(ids)), "IDs repeat"
    assert ids and max(ids) <= most, f"an ID above MaxUnitID {most}"


def _check_references(package: Package) -> None:
    fonts = package.fonts()
    spaces = {space.get("ID") for root in package.xml.values()
              for space in root.iter(f"{Q}ColorSpace")}
    for name, root in package.xml.items():
        for text in root.iter(f"{Q}TextObject"):
            assert text.get("Font") in fonts, f"{name}: font {text.get('Font')} unresolved"
        for colour in [*root.iter(f"{Q}FillColor"), *root.iter(f"{Q}StrokeColor")]:
            assert colour.get("ColorSpace") in spaces, f"{name}: colour space unresolved"


def lines(page: ET.Element) -> list[Line]:
    """The printed lines of a page's content, top to bottom: TextObjects on one baseline (to
    a point) make one line, left to right."""
    pieces = []
    for text in page.iter(f"{Q}TextObject"):
        # zwdesk's boxes hold the characters' advances, the last one's included.
        x, y, width, _ = (float(v) for v in text.get("Boundary").split())
        code = text.find(f"{Q}TextCode")
        pieces.append(Line(y + float(code.get("Y")), x + float(code.get("X")), x + width,
                           code.text))
    out: list[Line] = []
    for piece in sorted(pieces, key=lambda p: (round(p.baseline, 1), p.x0)):
        if out and abs(out[-1].baseline - piece.baseline) < 0.35:
            out[-1] = Line(out[-1].baseline, out[-1].x0, piece.x1, out[-1].text + piece.text)
        else:
            out.append(piece)
    return out
