"""Hostile files for the readers' tests (``from support.hostile import …``): a zip bomb, Word
documents nested too deep, an OLE2 compound file with the streams of an encrypted .docx."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from support.handmade import NS, package
from zwdesk.core.reader.package import OLE2_MAGIC


def ole2_file(streams: list[str]) -> bytes:
    """A compound file (as Word writes a .doc, or an encrypted .docx) whose directory holds a
    root entry and the streams named ``streams``: a 512-byte header, then one directory
    sector of 128-byte entries (the name in UTF-16, its length in bytes with the NUL at 64,
    the type at 66: 5 root, 2 stream)."""
    header = OLE2_MAGIC + bytes(16) + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)
    header = header.ljust(48, b"\0") + struct.pack("<I", 0)  # first directory sector: 0
    entries = b""
    for name, kind in [("Root Entry", 5), *((stream, 2) for stream in streams)]:
        encoded = (name + "\0").encode("utf-16-le")
        entries += encoded.ljust(64, b"\0") + struct.pack("<HB", len(encoded), kind)
        entries = entries.ljust(-(-len(entries) // 128) * 128, b"\0")
    return header.ljust(512, b"\xff") + entries.ljust(512, b"\0") + b"\0" * 1024


def deflate_bomb(path: Path, inflated: int) -> None:
    """A .docx whose word/document.xml inflates to ``inflated`` bytes of a valid document (one
    1 MiB paragraph compressed once, its deflate blocks repeated: a full flush makes each copy
    independent of the one before), written in well under a second. The zip is written by hand:
    zipfile would compress every byte."""
    opening = (f"<w:document {NS}><w:body>").encode()
    closing = b"</w:body></w:document>"
    chunk = b"<w:p><w:r><w:t>" + b"a" * (2**20 - 32) + b"</w:t></w:r></w:p>"
    copies = (inflated - len(opening) - len(closing)) // len(chunk)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(opening) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(closing) + compressor.flush()
    crc = zlib.crc32(opening)
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(closing, crc)
    size = len(opening) + copies * len(chunk) + len(closing)
    compressed = len(head) + copies * len(body) + len(tail)
    others = _parts_of(package("<w:p/>"), without="word/document.xml")
    with path.open("wb") as out:
        central = b""
        for name, data in others:
            central += _member(out, name, zlib.crc32(data), len(data), len(data), [data], 0)
        name = "word/document.xml"
        central += _member(out, name, crc, size, compressed, [head, *[body] * copies, tail], 8)
        start = out.tell()
        out.write(central)
        count = len(others) + 1
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central),
                              start, 0))


def _member(out, name: str, crc: int, size: int, compressed: int,  # noqa: ANN001
            pieces: list[bytes], method: int) -> bytes:
    """Write one local header and its data; return its central directory entry."""
    offset, encoded = out.tell(), name.encode()
    out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc,
                          compressed, size, len(encoded), 0) + encoded)
    for piece in pieces:
        out.write(piece)
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc,
                       compressed, size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded


def _parts_of(data: bytes, without: str) -> list[tuple[str, bytes]]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(name, archive.read(name)) for name in archive.namelist() if name != without]


def nested_tables(depth: int) -> bytes:
    """A .docx whose body is a table in a table … ``depth`` deep."""
    xml = "<w:p><w:r><w:t>最里层</w:t></w:r></w:p>"
    for _ in range(depth):
        xml = f"<w:tbl><w:tr><w:tc>{xml}</w:tc></w:tr></w:tbl><w:p/>"
    return package(xml)


def nested_content_controls(depth: int) -> bytes:
    """A .docx whose body is a content control in a content control … ``depth`` deep."""
    xml = "<w:p><w:r><w:t>最里层</w:t></w:r></w:p>"
    for _ in range(depth):
        xml = f"<w:sdt><w:sdtPr/><w:sdtContent>{xml}</w:sdtContent></w:sdt>"
    return package(xml)


GUIDE = [  # a Markdown guide turned into Word, with one sentence quoting an issue
    "# 简报编写指南", "本文介绍如何用 zwdesk 编写每周简报，供各处室参考。",
    "（本文参考了《政务服务工作》2023年第10期（总第430期）的写法。）",
    "## 准备材料", "一、收集来稿", "1. 收集各窗口报送的来稿。", "2. 核对数据，注意与上周衔接。",
    "二、排版要求", "标题用黑体，正文用仿宋_GB2312，行距固定值28磅。",
    "三、报送", "发：各部门窗口。", "（共印10份）"]


def guide_docx(paragraphs: list[str] = GUIDE) -> bytes:
    """A guide document (not a bulletin) that mentions an issue number in its text."""
    from support.handmade import paragraphs_docx

    return paragraphs_docx(paragraphs)
