"""The parts of a .docx package the reader needs: the main document, numbering, styles, comments.

A file that is not a zip (an encrypted .docx is an OLE2 compound file, as is a .doc), a damaged
zip or XML, or a package without a Word document is refused with a ReaderError.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from zwdesk.core.reader.errors import ReaderError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass
class Package:
    document: etree._Element
    numbering: etree._Element | None
    styles: etree._Element | None
    comments: etree._Element | None


def open_package(data: bytes, source: str) -> Package:
    """The parsed parts of the .docx ``data``; ReaderError names ``source`` and the cause."""
    if data.startswith(OLE2_MAGIC):
        if _ENCRYPTION_STREAM in data:
            raise ReaderError(source, "文件已加密（设有打开密码）。请在 Word 或 WPS 中取消密码后"
                                      "另存为 .docx 再读取。")
        raise ReaderError(source, "这是旧版 Word 格式（.doc/.wps）的文件，却以 .docx 为扩展名。"
                                  "请把扩展名改为 .doc 后再读取，或在 Word/WPS 中另存为 .docx。")
    if not data.strip():
        raise ReaderError(source, "文件为空。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReaderError(source, "不是有效的 Word 文档（.docx），文件可能已损坏。") from None
    with archive:
        main = _main_part(archive, source)
        related = _relationships(archive, main)
        return Package(
            document=_xml(archive, main, source),
            numbering=_optional(archive, related.get("numbering"), source),
            styles=_optional(archive, related.get("styles"), source),
            comments=_optional(archive, related.get("comments"), source),
        )


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


def _relationships(archive: zipfile.ZipFile, main: str) -> dict[str, str]:
    """Relationship type (its last word: numbering, styles, comments…) → part name."""
    folder, name = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in archive.namelist():
        return {kind: f"{folder}/{kind}.xml" for kind in ("numbering", "styles", "comments")}
    found: dict[str, str] = {}
    rels = etree.fromstring(archive.read(rels_name), _PARSER)
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
        return etree.fromstring(archive.read(name), _PARSER)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, OSError, ValueError,
            KeyError) as exc:
        raise ReaderError(source, f"文件已损坏，无法解析其中的 {name}（{exc}）。") from None
