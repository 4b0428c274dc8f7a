"""The official fonts' files on this machine, and the subsets of them an OFD may embed.

An OFD names its fonts; a reader draws them with the fonts installed on its machine, or with a
font file the document embeds. zwdesk embeds a subset (only the characters the bulletin sets)
of an *official* font (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体 and 宋体, under any name
zwdesk.core.fonts knows it by) that is installed here, and only where the font's licence allows
it, as its OS/2 table's fsType says: not with a restricted licence, not bitmaps only, not where
it forbids subsetting. A substitute (the free fonts LibreOffice prints with on Linux) is never
embedded: it would stand in for the official font on a reader's machine that has it.

Only TrueType outlines (glyf) are subset, keeping every glyph's ID (the glyphs not used are
emptied, the character map holds the characters used): the official fonts of Windows, Kylin
and UOS are TrueType. Any other font, and a font file that cannot be read, is named only. The
font tables are read and written here directly (a few struct calls), which is fast enough for
an export: no font library is needed at run time.
"""

from __future__ import annotations

import mmap
import os
import shutil
import struct
import subprocess
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from zwdesk.core.fonts import OFFICIAL_FONTS

# Every official font by the names its files give it (宋体 prints the page numbers).
FONT_NAMES = {**OFFICIAL_FONTS, "宋体": ("宋体", "SimSun")}

# OS/2 fsType bits (OpenType): 0x0002 restricted licence (no embedding), 0x0100 no subsetting,
# 0x0200 bitmaps only. Installable (0), preview & print (0x0004) and editable (0x0008) allow
# embedding.
RESTRICTED, NO_SUBSETTING, BITMAP_ONLY = 0x0002, 0x0100, 0x0200
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
MAX_FONT_BYTES = 128 * 1024 * 1024
# Tables a subset keeps as they are (hinting included: the glyphs' instructions use it), and
# all it reads.
KEPT_TABLES = ("hhea", "maxp", "hmtx", "OS/2", "name", "cvt ", "fpgm", "prep", "gasp")
SUBSET_TABLES = (*KEPT_TABLES, "head", "cmap", "loca", "glyf", "post")


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0  # the font's number in a collection (.ttc)


class FontError(ValueError):
    """A font file that cannot be read as TrueType/OpenType."""


def embeddable(fs_type: int) -> bool:
    """Whether a font whose OS/2 fsType is ``fs_type`` may be embedded as a subset."""
    return not fs_type & (RESTRICTED | NO_SUBSETTING | BITMAP_ONLY)


def embedded_subsets(used: dict[str, set[str]]) -> dict[str, bytes]:
    """For each official font name in ``used`` (with the characters set in it) whose font is
    installed and may be embedded: a subset of it."""
    out = {}
    for name, file in official_font_files(used).items():
        data = subset(file, used[name])
        if data is not None:
            out[name] = data
    return out


# --- finding the installed official fonts ------------------------------------------------------


def official_font_files(names: Iterable[str]) -> dict[str, FontFile]:
    """The installed file of each of ``names`` (official fonts) found on this machine."""
    wanted = {name: {alias.casefold() for alias in FONT_NAMES[name]}
              for name in names if name in FONT_NAMES}
    found: dict[str, FontFile] = {}
    for families, file in _installed_fonts():
        for name, aliases in wanted.items():
            if name not in found and aliases & families:
                found[name] = file
        if len(found) == len(wanted):
            break
    return found


def _installed_fonts() -> Iterator[tuple[set[str], FontFile]]:
    """(family names casefolded, file) of the installed fonts: fontconfig's list where there
    is one (Linux, Kylin, UOS), else the fonts folders read one file at a time (Windows)."""
    listed = _fontconfig_fonts()
    yield from listed if listed is not None else _folder_fonts(font_folders())


def _fontconfig_fonts() -> list[tuple[set[str], FontFile]] | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, "--format", "%{family}\t%{file}\t%{index}\n"],
                             capture_output=True, text=True, encoding="utf-8",
                             errors="replace", timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    fonts = []
    for line in out.splitlines():
        families, _, rest = line.partition("\t")
        path, _, index = rest.partition("\t")
        if path and index.isdigit():
            names = {name.strip().casefold() for name in families.split(",")}
            fonts.append((names, FontFile(Path(path), int(index))))
    return fonts


def font_folders() -> list[Path]:
    """Where Windows keeps fonts: the system's and the user's."""
    if sys.platform != "win32":
        return []
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return folders


def _folder_fonts(folders: Iterable[Path]) -> Iterator[tuple[set[str], FontFile]]:
    for folder in folders:
        try:
            paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
        except OSError:
            continue
        for path in paths:
            try:
                with _mapped(path) as data:
                    names = [_family_names(_tables(data, index, ("name",))["name"])
                             for index in range(_font_count(data))]
            except (OSError, ValueError, FontError, KeyError):
                continue  # not a font we can use
            yield from ((family, FontFile(path, index)) for index, family in enumerate(names))


def _family_names(name: bytes) -> set[str]:
    """The family names (IDs 1 and 16) of a name table, in every language, casefolded."""
    count, strings = struct.unpack_from(">2xHH", name)
    names = set()
    for at in range(6, 6 + 12 * count, 12):
        platform, _, _, name_id, length, offset = struct.unpack_from(">6H", name, at)
        if name_id in (1, 16) and platform in (0, 3):
            raw = name[strings + offset:strings + offset + length]
            names.add(raw.decode("utf-16-be", errors="replace").casefold())
    return names


# --- reading and writing font tables -----------------------------------------------------------


@contextmanager
def _mapped(path: Path) -> Iterator[mmap.mmap]:
    """The font file mapped into memory: only the tables read are read from the disk."""
    if path.stat().st_size > MAX_FONT_BYTES:
        raise FontError(f"{path}: too large")
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        yield data


def _font_count(data: mmap.mmap) -> int:
    return struct.unpack_from(">I", data, 8)[0] if data[:4] == b"ttcf" else 1


def _tables(data: mmap.mmap, index: int, tags: Iterable[str] | None = None) -> dict[str, bytes]:
    """The tables (all, or those of ``tags``) of font ``index`` of a font file (a collection
    or a single font)."""
    try:
        start = struct.unpack_from(">I", data, 12 + 4 * index)[0] if data[:4] == b"ttcf" else 0
        count = struct.unpack_from(">H", data, start + 4)[0]
        tables = {}
        for at in range(start + 12, start + 12 + 16 * count, 16):
            raw, _, offset, length = struct.unpack_from(">4sIII", data, at)
            tag = raw.decode("latin-1")
            if tags is not None and tag not in tags:
                continue
            if offset + length > len(data):
                raise FontError("a table runs past the end of the file")
            tables[tag] = data[offset:offset + length]
        return tables
    except struct.error as exc:
        raise FontError(str(exc)) from None


def _checksum(data: bytes) -> int:
    """The sum of the big-endian 32-bit words of ``data`` (zero-padded), modulo 2³²."""
    words = array("I", data + bytes(-len(data) % 4))
    if sys.byteorder == "little":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


def _sfnt(tables: dict[str, bytes]) -> bytes:
    """A TrueType font file of ``tables``, with its checksums."""
    tags = sorted(tables)
    selector = len(tags).bit_length() - 1
    header = struct.pack(">IHHHH", 0x00010000, len(tags), 16 << selector, selector,
                         16 * len(tags) - (16 << selector))
    offset = len(header) + 16 * len(tags)
    directory, body, head_at = [], [], 0
    for tag in tags:
        data = tables[tag]
        if tag == "head":
            head_at = offset
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset,
                                     len(data)))
        body.append(data + bytes(-len(data) % 4))
        offset += len(body[-1])
    font = bytearray(header + b"".join(directory) + b"".join(body))
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


# --- subsets -----------------------------------------------------------------------------------


def subset(file: FontFile, chars: Iterable[str]) -> bytes | None:
    """A TrueType font holding the glyphs of ``chars`` (and .notdef) of ``file``, every
    glyph keeping its ID; None where the font may not be embedded, is not TrueType, or cannot
    be read."""
    try:
        with _mapped(file.path) as data:
            tables = _tables(data, file.index, SUBSET_TABLES)
        if "glyf" not in tables or not embeddable(struct.unpack_from(">H", tables["OS/2"], 8)[0]):
            return None
        return _subset(tables, {ord(char) for char in chars})
    except (OSError, ValueError, FontError, KeyError, struct.error):
        return None


def _subset(tables: dict[str, bytes], codes: set[int]) -> bytes | None:
    mapping = glyph_ids(tables["cmap"], codes)
    count = struct.unpack_from(">H", tables["maxp"], 4)[0]
    long_loca = struct.unpack_from(">h", tables["head"], 50)[0] == 1
    offsets = struct.unpack_from(f">{count + 1}{'I' if long_loca else 'H'}", tables["loca"])
    if not long_loca:
        offsets = tuple(2 * offset for offset in offsets)
    glyf = tables["glyf"]
    kept = _with_components({0, *mapping.values()}, offsets, glyf)
    parts, new_offsets, at = [], [], 0
    for gid in range(count):
        new_offsets.append(at)
        if gid in kept:
            parts.append(glyf[offsets[gid]:offsets[gid + 1]])
            parts[-1] += bytes(-len(parts[-1]) % 4)
            at += len(parts[-1])
    new_offsets.append(at)
    cmap = _cmap(mapping)
    if cmap is None:
        return None
    head = bytearray(tables["head"])
    struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment, set again when written
    struct.pack_into(">h", head, 50, 1)  # long offsets in loca
    out = {tag: tables[tag] for tag in KEPT_TABLES if tag in tables}
    out.update(head=bytes(head), glyf=b"".join(parts), cmap=cmap,
               loca=struct.pack(f">{len(new_offsets)}I", *new_offsets),
               post=b"\0\3\0\0" + tables["post"][4:32])  # version 3: no glyph names
    return _sfnt(out)


def _with_components(kept: set[int], offsets: tuple[int, ...], glyf: bytes) -> set[int]:
    """``kept`` and the glyphs their composite glyphs are made of."""
    todo = list(kept)
    while todo:
        gid = todo.pop()
        for component in _components(glyf[offsets[gid]:offsets[gid + 1]]):
            if component not in kept and component < len(offsets) - 1:
                kept.add(component)
                todo.append(component)
    return kept


def _components(data: bytes) -> Iterator[int]:
    if len(data) < 10 or struct.unpack_from(">h", data)[0] >= 0:
        return
    at, more = 10, True
    while more and at + 4 <= len(data):
        flags, glyph = struct.unpack_from(">HH", data, at)
        yield glyph
        at += 4 + (4 if flags & 0x0001 else 2)  # the arguments: words or bytes
        at += 8 if flags & 0x0080 else 4 if flags & 0x0040 else 2 if flags & 0x0008 else 0
        more = bool(flags & 0x0020)


def glyph_ids(cmap: bytes, codes: set[int]) -> dict[int, int]:
    """Code point → glyph ID of each of ``codes`` the font has, from its Unicode cmap."""
    count = struct.unpack_from(">H", cmap, 2)[0]
    subtables = {}
    for at in range(4, 4 + 8 * count, 8):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, at)
        subtables[platform, encoding] = offset
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
        offset = subtables.get(key)
        if offset is None:
            continue
        fmt = struct.unpack_from(">H", cmap, offset)[0]
        if fmt == 12:
            return _format12(cmap, offset, codes)
        if fmt == 4:
            return _format4(cmap, offset, codes)
    return {}


def _format4(cmap: bytes, at: int, codes: set[int]) -> dict[int, int]:
    double = struct.unpack_from(">H", cmap, at + 6)[0]
    n = double // 2
    ends = struct.unpack_from(f">{n}H", cmap, at + 14)
    starts = struct.unpack_from(f">{n}H", cmap, at + 16 + double)
    deltas = struct.unpack_from(f">{n}h", cmap, at + 16 + 2 * double)
    ranges_at = at + 16 + 3 * double
    ranges = struct.unpack_from(f">{n}H", cmap, ranges_at)
    out = {}
    for code in codes:
        seg = bisect_left(ends, code)
        if code > 0xFFFF or seg == n or starts[seg] > code:
            continue
        gid = code
        if ranges[seg]:
            gid = struct.unpack_from(">H", cmap, ranges_at + 2 * seg + ranges[seg]
                                     + 2 * (code - starts[seg]))[0]
        gid = (gid + deltas[seg]) & 0xFFFF if gid else 0
        if gid:
            out[code] = gid
    return out


def _format12(cmap: bytes, at: int, codes: set[int]) -> dict[int, int]:
    count = struct.unpack_from(">I", cmap, at + 12)[0]
    groups = [struct.unpack_from(">III", cmap, at + 16 + 12 * i) for i in range(count)]
    ends = [end for _, end, _ in groups]
    out = {}
    for code in codes:
        group = bisect_left(ends, code)
        if group < count and groups[group][0] <= code:
            out[code] = groups[group][2] + code - groups[group][0]
    return out


def _cmap(mapping: dict[int, int]) -> bytes | None:
    """A cmap of ``mapping`` only: the Unicode BMP (3, 1, format 4) and beyond it (3, 10,
    format 12); None when format 4 cannot hold it."""
    bmp = sorted((code, gid) for code, gid in mapping.items() if code <= 0xFFFF)
    segments = [*((code, (gid - code) & 0xFFFF) for code, gid in bmp), (0xFFFF, 1)]
    n = len(segments)
    if 16 + 8 * n > 0xFFFF:
        return None
    selector = n.bit_length() - 1
    ends = struct.pack(f">{n}H", *(code for code, _ in segments))
    deltas = struct.pack(f">{n}H", *(delta for _, delta in segments))
    fmt4 = (struct.pack(">7H", 4, 16 + 8 * n, 0, 2 * n, 2 << selector, selector,
                        2 * n - (2 << selector))
            + ends + b"\0\0" + ends + deltas + bytes(2 * n))
    subtables = [(1, fmt4)]
    beyond = sorted((code, gid) for code, gid in mapping.items() if code > 0xFFFF)
    if beyond:
        subtables.append((10, struct.pack(">HHIII", 12, 0, 16 + 12 * len(beyond), 0, len(beyond))
                          + b"".join(struct.pack(">III", c, c, g) for c, g in beyond)))
    out, offset = struct.pack(">HH", 0, len(subtables)), 4 + 8 * len(subtables)
    for encoding, data in subtables:
        out += struct.pack(">HHI", 3, encoding, offset)
        offset += len(data)
    return out + b"".join(data for _, data in subtables)
