"""Old Word files (.doc) and WPS files (.wps) converted to .docx before they are read, by the
office suite zwdesk drives for PDFs (zwdesk.core.office): LibreOffice, one run for a batch of
files; on Windows without it, Word or WPS, one file at a time."""

from __future__ import annotations

from pathlib import Path

from zwdesk.core import infile, office
from zwdesk.core.errors import ZwdeskError
from zwdesk.core.reader.errors import ReaderError

NO_OFFICE = ("这是旧版 Word/WPS 格式的文件，需要先用办公软件转换为 .docx，"
             "但本机没有找到可用的办公软件。"
             f"{office.INSTALL_HINT}也可以在 Word 或 WPS 中把它另存为 .docx 后再读取。")

Converted = dict[Path, "Path | Exception"]  # each .doc/.wps → its .docx, or why not


def convert_to_docx_many(paths: list[Path], folder: Path) -> Converted:
    """Each .doc/.wps file of ``paths`` as a .docx in ``folder``: file → the .docx, or the
    ReaderError saying why that file could not be converted (naming it once)."""
    paths = [Path(path) for path in paths]
    if not paths:
        return {}
    if office.find_soffice() is not None:
        try:
            results = office.convert_batch_with_libreoffice(paths, Path(folder), "docx")
        except ZwdeskError as exc:
            return {path: _refused(path, exc) for path in paths}
        return {path: result if isinstance(result, Path) else _refused(path, result)
                for path, result in results.items()}
    converter = office.find_converter()
    if converter is None:
        return {path: ReaderError(str(path), NO_OFFICE) for path in paths}
    return {path: _convert_one(path, Path(folder), converter) for path in paths}


def _refused(path: Path, exc: Exception) -> ReaderError:
    """The conversion's failure as the reader's, the file named once (the office's messages
    about one file do not name it)."""
    if isinstance(exc, infile.RefusedFile):  # not a regular file: nothing was converted
        return ReaderError(str(path), exc.cause)
    return ReaderError(str(path), f"转换失败：{exc}")


def _convert_one(path: Path, folder: Path, converter: office.Converter) -> Path | Exception:
    target = folder / f"{path.stem}.docx"
    try:
        office.convert_to_docx(path, target, converter=converter)
    except ZwdeskError as exc:
        return _refused(path, exc)
    return target


def as_docx_bytes(path: Path, data: bytes) -> bytes:
    """The .docx bytes of the file ``path`` whose bytes are ``data``: a .doc/.wps converted
    first (a .docx saved under an old name is taken as it is); raises ReaderError."""
    if infile.kind_of(path) != infile.OLD_WORD or data.startswith(b"PK"):
        return data
    with office.work_folder("read") as folder:
        result = convert_to_docx_many([Path(path)], Path(folder))[Path(path)]
        if isinstance(result, Exception):
            raise result
        return result.read_bytes()
