"""Importing issues from files: exchange files (.json) and the back catalogue in Word (.docx,
and .doc/.wps converted first), shared by ``zwdesk import`` and the app's 导入往期.

Reading touches no database, so the app runs it off the GUI thread; storing is one
transaction per file (``store_read``), so one file's failure leaves the others alone. All the
.doc/.wps files of one import go through one run of the office suite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from zwdesk.core.errors import ZwdeskError, quote, quote_path
from zwdesk.core.infile import DOCUMENT_SUFFIXES, OLD_WORD, WORD, is_document_folder, kind_of
from zwdesk.store.issues import (
    IssueExistsError,
    IssueInfo,
    IssueSummary,
    issue_info,
    issue_label,
    save_issue,
)

# Word documents by zwdesk.core.infile.kind_of (as every way in); any other file is read as an
# exchange file.
SUFFIXES = (".json", *DOCUMENT_SUFFIXES)
SUFFIX_LIST = "、".join(SUFFIXES)
WORD_MAX_BYTES = 100 * 2**20  # a Word document may hold photographs


@dataclass
class FileRead:
    """What one file gave: an issue dict, or the error that stopped it."""

    path: Path
    issue: dict[str, Any] | None = None
    kept_as_text: list[str] = field(default_factory=list)  # paragraphs not placed
    warnings: list[str] = field(default_factory=list)
    error: str = ""


def folder_files(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """A folder's files of these suffixes, sorted: not its subfolders, not Word's ~$ locks.
    What is not a regular file (a FIFO, a link to a device) is listed, to be refused by name."""
    suffixes = tuple(suffixes)
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes
                  and not p.name.startswith("~$") and not p.is_dir())


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileRead]]:
    """The files to import: files as given, a folder's files of the known suffixes (sorted,
    not its subfolders, not Word's ~$ lock files); and a failure for each folder without any."""
    files: list[Path] = []
    problems: list[FileRead] = []
    for path in map(Path, paths):
        if not is_document_folder(path):  # a file, or a folder named x.docx: refused as one
            files.append(path)
            continue
        found = folder_files(path, SUFFIXES)
        if not found:
            problems.append(FileRead(path, error=f"{quote_path(path)}: 文件夹中没有可导入的"
                                                 f"文件（{SUFFIX_LIST}）(no files to import)"))
        files += found
    return files, problems


def read_files(paths: list[Path],
               cancelled: Callable[[], bool] = lambda: False) -> Iterator[FileRead]:
    """Read each file in turn (after converting every .doc/.wps in one office run); stop
    early when ``cancelled`` says so."""
    with converted_documents(paths, "import") as converted:
        for path in paths:
            if cancelled():
                return
            yield read_file(path, converted.get(path))


@contextmanager
def converted_documents(paths: list[Path], kind: str) -> Iterator[dict[Path, Path | Exception]]:
    """The .doc/.wps files among ``paths`` converted in one office run (20 files in about the
    time of one), kept in a work folder while the block runs: file → its .docx, or why not.
    Without any such file nothing is started (and the reader is not imported)."""
    old = [path for path in paths if kind_of(path) == OLD_WORD]
    if not old:
        yield {}
        return
    from zwdesk.core.office import work_folder

    with work_folder(kind) as work:
        try:
            converted = _reader().convert_to_docx_many(old, Path(work))
        except ZwdeskError as exc:  # no office suite, or the run failed as a whole
            converted = dict.fromkeys(old, exc)
        yield converted


def read_file(path: Path, converted: Path | Exception | None = None) -> FileRead:
    """One file read into an issue dict; any failure is kept as its message (an unforeseen
    one too: one bad file never stops the others)."""
    try:
        return _read(path, converted)
    except ZwdeskError as exc:
        return FileRead(path, error=_naming(path, str(exc)))
    except Exception as exc:  # noqa: BLE001 - a reader's bug must not end the run
        return FileRead(path, error=unforeseen(path, exc))


def unforeseen(path: Path, exc: BaseException) -> str:
    """The message for a file that failed in a way zwdesk did not foresee."""
    return (f"{quote_path(path)}: 无法读取：程序内部错误，已跳过此文件，其余文件不受影响 "
            f"(internal error: {type(exc).__name__}: {quote(exc)})")


def _read(path: Path, converted: Path | Exception | None) -> FileRead:
    from zwdesk.core.exchange import read_issue, read_user_file
    from zwdesk.store.database import refuse_database_file

    refuse_database_file(path)

    if kind_of(path) not in (WORD, OLD_WORD):  # .json, or any other name given
        return FileRead(path, read_issue(path))
    if isinstance(converted, Exception):
        raise converted
    data = read_user_file(converted or path, WORD_MAX_BYTES)
    result = _reader().read_docx_bytes(data, str(path))
    return FileRead(path, result.issue, list(result.kept_as_text), list(result.warnings))


def _reader() -> ModuleType:
    from zwdesk.core import reader  # python-docx loads only for Word documents

    return reader


def _naming(path: Path, message: str) -> str:
    """A message that names the file it is about, once (the exchange format's and the
    reader's messages already do)."""
    shown = quote_path(path)
    return message if shown in message else f"{shown}: {message}"


def store_read(read: FileRead, replace: bool = False) -> IssueInfo:
    """Store what a file gave, validated as an exchange file is, in one transaction; the
    issue stored."""
    from zwdesk.core.exchange import FormatError, issue_to_json, parse_issue
    from zwdesk.store.database import database_errors

    if read.issue is None:
        raise ZwdeskError(read.error)
    data = parse_issue(issue_to_json(read.issue), str(read.path))
    try:
        with database_errors():
            return issue_info(save_issue(data, replace, read.path.name).id)
    except IssueExistsError as exc:
        raise FormatError(str(read.path), exc.path, str(exc)) from None
    except ZwdeskError as exc:
        raise ZwdeskError(_naming(read.path, str(exc))) from None
    except Exception as exc:  # noqa: BLE001 - rolled back; the other files go on
        raise ZwdeskError(unforeseen(read.path, exc)) from exc


def kept_note(read: FileRead) -> str:
    """（2 段按原文保留）, or '' when every paragraph found its place."""
    return f"（{len(read.kept_as_text)} 段按原文保留）" if read.kept_as_text else ""


def imported_line(issue: IssueSummary, read: FileRead) -> str:
    """已导入 2023年第9期（总第429期） ← 2023-09.docx（2 段按原文保留）"""
    return (f"已导入 {issue_label(issue.year, issue.number)}（总第{issue.serial}期） ← "
            f"{quote_path(read.path.name)}{kept_note(read)}")
