"""Old Word files (.doc) and WPS files (.wps) converted to .docx before they are read, by the
office suite zwdesk drives for PDFs (zwdesk.core.office): LibreOffice, one run for a batch of
files; on Windows without it, Word or WPS, one file at a time."""

from __future__ import annotations

from pathlib import Path

from zwdesk.core import office
from zwdesk.core.errors import ZwdeskError
from zwdesk.core.reader.errors import ReaderError

CONVERTED_SUFFIXES = (".doc", ".wps")
NO_OFFICE = ("这是旧版 Word/WPS 格式的文件，需要先用办公软件转换为 .docx，"
             "但本机没有找到可用的办公软件。"
             f"{office.INSTALL_HINT}也可以在 Word 或 WPS 中把它另存为 .docx 后再读取。")


def convert_to_docx_many(paths: list[Path], folder: Path) -> dict[Path, Path | Exception]:
    """Each .doc/.wps file of ``paths`` as a .docx in ``folder``: file → the .docx, or the
    ReaderError saying why that file could not be converted."""
    paths = [Path(path) for path in paths]
    if not paths:
        return {}
    if office.find_soffice() is not None:
        try:
            results = office.convert_batch_with_libreoffice(paths, Path(folder), "docx")
        except ZwdeskError as exc:
            return {path: ReaderError(str(path), f"转换失败：{exc}") for path in paths}
        return {path: result if isinstance(result, Path)
                else ReaderError(str(path), f"转换失败：{result}")
                for path, result in results.items()}
    converter = office.find_converter()
    if converter is None:
        return {path: ReaderError(str(path), NO_OFFICE) for path in paths}
    return {path: _convert_one(path, Path(folder), converter) for path in paths}


def _convert_one(path: Path, folder: Path, converter: office.Converter) -> Path | Exception:
    target = folder / f"{path.stem}.docx"
    try:
        office.convert_to_docx(path, target, converter=converter)
    except ZwdeskError as exc:
        return ReaderError(str(path), f"转换失败：{exc}")
    return target


def as_docx_bytes(path: Path, data: bytes) -> bytes:
    """The .docx bytes of the file ``path`` whose bytes are ``data``: a .doc/.wps converted
    first (a .docx saved under an old name is taken as it is); raises ReaderError."""
    if Path(path).suffix.lower() not in CONVERTED_SUFFIXES or data.startswith(b"PK"):
        return data
    with office.work_folder("read") as folder:
        result = convert_to_docx_many([Path(path)], Path(folder))[Path(path)]
        if isinstance(result, Exception):
            raise result
        return result.read_bytes()
