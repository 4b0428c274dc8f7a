"""Files from outside — the back catalogue, 来稿, a reviewed draft — named and read the one way
every way in (``import``, ``inbox add``, ``review``, the app's dialogs and drops) reads them.

- What a file is, by its name (``kind_of``): an exchange or submission file (.json), a Word
  document read as it is (.docx, .docm, .dotx, .dotm), or an old Word/WPS document converted
  by the office suite first (.doc, .wps).
- Only a regular file is read or copied (``read_regular``, ``copy_regular``): a FIFO would wait
  for a writer, a device such as /dev/zero never ends, a folder named x.docx is no document;
  each is refused by name before a byte of it is copied anywhere, and at most so many bytes
  are read.
- A zip's part is read only when its declared size and its compression ratio are within
  limits, and then with a cap (``read_part``): a .docx whose document.xml inflates to
  gigabytes is refused before it is inflated.

Messages are Chinese; what the system said (strerror) follows in brackets, in English.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from pathlib import Path

from zwdesk.core.errors import ZwdeskError, quote_path

JSON, WORD, OLD_WORD = "json", "word", "old-word"
WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")  # Office Open XML: read as they are
OLD_WORD_SUFFIXES = (".doc", ".wps")  # converted to .docx by the office suite first
DOCUMENT_SUFFIXES = WORD_SUFFIXES + OLD_WORD_SUFFIXES
DOCUMENT_PATTERNS = " ".join(f"*{suffix}" for suffix in DOCUMENT_SUFFIXES)  # file dialogs

MAX_PART_BYTES = 16 * 2**20  # one XML part of a .docx inflated: a bulletin's is ~100 KB
MAX_RATIO = 200  # inflated : compressed, for a part over RATIO_FROM (Word's XML: 5–30)
RATIO_FROM = 2**20


class RefusedFile(ZwdeskError):
    """A file from outside that is not read: not a regular file, too large, a zip bomb…;
    ``cause`` says why without the file's name (callers put it into their own message)."""

    def __init__(self, path: object, cause: str) -> None:
        self.path, self.cause = path, cause
        super().__init__(f"{quote_path(path)}: {cause}")


def kind_of(path: Path | str) -> str | None:
    """JSON, WORD or OLD_WORD by the file's suffix (any case); None for any other name."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return JSON
    if suffix in WORD_SUFFIXES:
        return WORD
    if suffix in OLD_WORD_SUFFIXES:
        return OLD_WORD
    return None


def is_document_folder(path: Path) -> bool:
    """A folder to take the files of: a folder not named like a file (a folder named
    x.docx is refused as one file, not searched for files)."""
    return path.is_dir() and kind_of(path) is None


# --- regular files --------------------------------------------------------------------------


def read_regular(path: Path, most: int) -> bytes:
    """The bytes of the regular file ``path`` of at most ``most`` bytes; RefusedFile else."""
    with _open_regular(path) as stream:
        data = _read(path, stream, most + 1)
    if len(data) > most:
        raise _too_large(path, most)
    return data


def read_head(path: Path, count: int) -> bytes:
    """The first ``count`` bytes of the regular file ``path`` (to tell what it is)."""
    with _open_regular(path) as stream:
        return _read(path, stream, count)


def copy_regular(source: Path, target: Path, most: int) -> None:
    """Copy the regular file ``source`` of at most ``most`` bytes to ``target``; a device, a
    FIFO or a folder is refused before anything is written."""
    with _open_regular(source) as stream:
        try:
            with open(target, "wb") as out:
                copied = _copy(source, stream, out, most + 1)
        except OSError as exc:
            raise RefusedFile(source, f"无法复制到临时文件夹 (cannot copy: {exc.strerror})"
                              ) from None
    if copied > most:
        Path(target).unlink(missing_ok=True)
        raise _too_large(source, most)


def _open_regular(path: Path) -> io.BufferedReader:
    # Non-blocking: opening a FIFO does not wait for a writer; a symlink is followed to what
    # it names (/dev/zero behind x.doc is a device).
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:  # Windows cannot open a folder
        raise RefusedFile(path, _FOLDER) from None
    except FileNotFoundError as exc:
        raise RefusedFile(path, f"文件不存在 (cannot read: {exc.strerror})") from None
    except PermissionError as exc:
        raise RefusedFile(path, f"没有读取权限 (cannot read: {exc.strerror})") from None
    except OSError as exc:
        raise RefusedFile(path, f"无法打开文件 (cannot read: {exc.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise RefusedFile(path, _FOLDER if stat.S_ISDIR(mode) else _NOT_REGULAR)
    return os.fdopen(fd, "rb")


_FOLDER = "这是一个文件夹，不是文件 (a folder, not a file)"
_NOT_REGULAR = ("不是普通文件（是设备、管道或套接字），不读取 "
                "(not a regular file: a device, a FIFO or a socket)")


def _read(path: Path, stream: io.BufferedReader, most: int) -> bytes:
    try:
        return stream.read(most)
    except OSError as exc:
        raise RefusedFile(path, f"读取文件出错 (cannot read: {exc.strerror})") from None


def _copy(path: Path, stream: io.BufferedReader, out: io.BufferedWriter, most: int) -> int:
    copied = 0
    while copied < most:
        chunk = _read(path, stream, min(2**20, most - copied))
        if not chunk:
            break
        out.write(chunk)
        copied += len(chunk)
    return copied


def _too_large(path: Path, most: int) -> RefusedFile:
    return RefusedFile(path, f"文件过大，最多 {most // 2**20} MB "
                             f"(file too large, at most {most // 2**20} MB)")


# --- zip packages ---------------------------------------------------------------------------


def open_zip(data: bytes, path: object) -> zipfile.ZipFile:
    """The zip archive ``data`` (a .docx); RefusedFile for a damaged one."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, KeyError,
            NotImplementedError):  # e.g. "negative seek value" from a lying directory
        raise RefusedFile(path, "不是有效的 Word 文档（.docx），文件可能已损坏。") from None


def read_part(archive: zipfile.ZipFile, name: str, path: object,
              most: int = MAX_PART_BYTES) -> bytes:
    """The part ``name`` of ``archive``: refused by its declared size and ratio before it is
    inflated, then read with a cap (a size that lies is caught by the cap or the CRC)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise RefusedFile(path, f"文件已损坏，缺少 {name}。") from None
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > most or (info.file_size > RATIO_FROM and ratio > MAX_RATIO):
        raise RefusedFile(path, f"其中的 {name} 解压后达 {info.file_size / 2**20:,.0f} MB"
                                f"（压缩比 {ratio:,.0f}:1），超出 Word 文档的正常范围，"
                                "疑为恶意构造的文件，不读取。")
    try:
        with archive.open(info) as stream:
            data = stream.read(most + 1)
    except NotImplementedError:  # deflate64, LZMA…: Word never writes them
        raise RefusedFile(path, f"其中的 {name} 使用了不支持的压缩方式，文件可能已损坏。"
                          ) from None
    except RuntimeError:  # a zip member with a password (NotImplementedError is one too)
        raise RefusedFile(path, f"其中的 {name} 已加密，无法读取。") from None
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError):
        raise RefusedFile(path, f"文件已损坏，无法读取其中的 {name}。") from None
    if len(data) > most:
        raise RefusedFile(path, f"其中的 {name} 解压后超过 {most // 2**20} MB，不读取。")
    return data

