"""The parts of a .docx package the reader needs: the main document, numbering, styles, comments.

A file that is not a zip (an encrypted .docx is an OLE2 compound file, as is a .doc), a damaged
zip or XML, a zip bomb (zwdesk.core.infile reads each part within limits), a document nested
deeper than any Word document (tables in tables in tables…, which the reader would follow into
a RecursionError), or a package without a Word document is refused with a ReaderError, in
Chinese: what zipfile and libxml say in English is not shown.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from zwdesk.core import infile
from zwdesk.core.reader.errors import ReaderError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML file is an OLE2 file with these streams. Stream names are compared without
# case (some tools write ENCRYPTIONINFO): a directory entry is 128 bytes, 128-aligned, the name
# in UTF-16 first and its length in bytes (with the final NUL) at offset 64.
_ENCRYPTION_STREAMS = re.compile(
    b"|".join(b"".join(re.escape(bytes([c])) + b"\0" for c in name.encode())
              for name in ("EncryptionInfo", "EncryptedPackage")), re.IGNORECASE)
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
# Deeper than this many elements is refused: Word's deepest (a table in a text box in a table)
# is ~30; the reader walks the tree recursively and must stay far from Python's limit.
MAX_DEPTH = 100
_TOO_DEEP = etree.XPath("boolean(" + "/*" * (MAX_DEPTH + 1) + ")")


@dataclass
class Package:
    document: etree._Element
    numbering: etree._Element | None
    styles: etree._Element | None
    comments: etree._Element | None


def open_package(data: bytes, source: str) -> Package:
    """The parsed parts of the .docx ``data``; ReaderError names ``source`` and the cause."""
    if data.startswith(OLE2_MAGIC):
        raise ReaderError(source, _ole2_cause(data, source))
    if not data or data.isspace():
        raise ReaderError(source, "文件为空。")
    try:
        archive = infile.open_zip(data, source)
    except infile.RefusedFile as exc:
        raise ReaderError(source, exc.cause) from None
    with archive:
        main = _main_part(archive, source)
        related = _relationships(archive, main, source)
        return Package(
            document=_xml(archive, main, source),
            numbering=_optional(archive, related.get("numbering"), source),
            styles=_optional(archive, related.get("styles"), source),
            comments=_optional(archive, related.get("comments"), source),
        )


def _ole2_cause(data: bytes, source: str) -> str:
    """Why an OLE2 file given as a .docx is not read: encrypted, or an old .doc renamed."""
    for found in _ENCRYPTION_STREAMS.finditer(data):
        at = found.start()
        if at % 128 == 0 and int.from_bytes(data[at + 64:at + 66], "little") == \
                len(found[0]) + 2:
            return ("文件已加密（设有打开密码）。请在 Word 或 WPS 中取消密码后另存为 .docx "
                    "再读取。")
    named = Path(source).suffix
    as_named = f"却以 {named} 为扩展名" if named else "却没有 .doc 扩展名"
    return (f"这是旧版 Word 格式（.doc/.wps）的文件，{as_named}。请把扩展名改为 .doc 后再"
            "读取，或在 Word/WPS 中另存为 .docx。")


def _main_part(archive: zipfile.ZipFile, source: str) -> str:
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        rels = _xml(archive, "_rels/.rels", source)
        for rel in rels.iter(_REL):
            if rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
                target = rel.get("Target", "").lstrip("/")
                if target in names:
                    return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise ReaderError(source, "不是 Word 文档：压缩包中没有正文（word/document.xml）。")


def _relationships(archive: zipfile.ZipFile, main: str, source: str) -> dict[str, str]:
    """Relationship type (its last word: numbering, styles, comments…) → part name."""
    folder, name = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in archive.namelist():
        return {kind: f"{folder}/{kind}.xml" for kind in ("numbering", "styles", "comments")}
    found: dict[str, str] = {}
    rels = _xml(archive, rels_name, source)
    for rel in rels.iter(_REL):
        if rel.get("TargetMode") == "External":
            continue
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        found.setdefault(kind, path)
    for kind in ("numbering", "styles", "comments"):  # where Word puts them, if not related
        found.setdefault(kind, f"{folder}/{kind}.xml")
    return found


def _optional(archive: zipfile.ZipFile, name: str | None, source: str) -> etree._Element | None:
    if name is None or name not in archive.namelist():
        return None
    return _xml(archive, name, source)


def _xml(archive: zipfile.ZipFile, name: str, source: str) -> etree._Element:
    try:
        root = etree.fromstring(infile.read_part(archive, name, source), _PARSER)
    except infile.RefusedFile as exc:
        raise ReaderError(source, exc.cause) from None
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc):  # libxml2 stops at 2048 levels
            raise ReaderError(source, _too_deep(name)) from None
        line = exc.position[0] if exc.position else 0
        raise ReaderError(source, f"文件已损坏：其中的 {name} 格式错误（第 {line} 行）。"
                          ) from None
    if _TOO_DEEP(root):
        raise ReaderError(source, _too_deep(name))
    return root


def _too_deep(name: str) -> str:
    return (f"其中的 {name} 嵌套超过 {MAX_DEPTH} 层（表格套表格、内容控件套内容控件……），"
            "不是正常的 Word 文档，不读取。")
