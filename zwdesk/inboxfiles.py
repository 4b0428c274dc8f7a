"""Receiving submission files into the inbox (来稿), shared by ``zwdesk inbox add`` and the
app's 添加来稿文件: the suffix chooses the reader, each file is stored in its own transaction,
and a file that is refused (bad, or received before) is reported by name, the others go on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from zwdesk.core.errors import ZwdeskError, quote_path
from zwdesk.core.infile import DOCUMENT_SUFFIXES, JSON, OLD_WORD, WORD, is_document_folder, kind_of
from zwdesk.core.submission import Submission

SUFFIXES = (".json", *DOCUMENT_SUFFIXES)  # the 报送单 in Word; .doc/.wps converted first
_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass
class FileReceived:
    """What one file gave: the ids and texts of the items added, or why none was."""

    path: Path
    unit: str = ""
    items: list[tuple[int, str]] = field(default_factory=list)
    error: str = ""  # names the file; empty when the file was added
    new_unit: bool = False  # its unit was added to the registry by this file


def read_submission_file(path: Path, converted: Path | Exception | None = None) -> Submission:
    """A submission file by its suffix: the JSON format, or a filled 报送单 (.docx; .doc or
    .wps as Word or WPS saved it, ``converted`` already when given)."""
    from zwdesk.store.database import refuse_database_file

    refuse_database_file(path)
    kind = kind_of(path)
    if kind == JSON:
        from zwdesk.core.submission import read_submission

        return read_submission(path)
    if kind in (WORD, OLD_WORD):
        from zwdesk.core.submission_form import read_form

        return read_form(path, converted)
    raise ZwdeskError(f"{quote_path(path)}: 来稿只能是报送 JSON 文件（.json）或报送单"
                      "（.docx、.doc、.wps）(expected a .json file or a Word form)")


def receive_file(path: Path, converted: Path | Exception | None = None) -> FileReceived:
    """Read one file and store it as a submission (one transaction); never raises for a bad
    file or one received before: ``error`` says why, naming the file."""
    from zwdesk.importing import unforeseen
    from zwdesk.store.inbox import DuplicateSubmissionError, add_submission, is_registered

    path = Path(path)
    try:
        received = read_submission_file(path, converted)
        new_unit = not is_registered(received.unit)
        ids = add_submission(received, _stored_name(path))
    except DuplicateSubmissionError as exc:  # the message names the earlier file, not this one
        return FileReceived(path, error=f"{quote_path(path)}: {exc}")
    except ZwdeskError as exc:  # a bad file: its message names it and the place
        return FileReceived(path, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
        return FileReceived(path, error=unforeseen(path, exc))
    return FileReceived(path, received.unit,
                        [(item_id, item.text) for item_id, item in zip(ids, received.items,
                                                                       strict=True)],
                        new_unit=new_unit)


def _stored_name(path: Path) -> str:
    """The file's name as the database can hold it: bytes that were not UTF-8 (kept by
    Python as lone surrogates, which SQLite refuses) shown as �."""
    return _SURROGATES.sub("\ufffd", path.name)


def receive_files(paths: Iterable[Path]) -> list[FileReceived]:
    """Each file received in turn; a folder gives its submission files (sorted), or a
    failure when it has none."""
    from zwdesk.importing import converted_documents, folder_files

    files: list[Path | FileReceived] = []  # a file to read, or a folder's failure
    for path in map(Path, paths):
        if not is_document_folder(path):  # a file, or a folder named x.docx: refused as one
            files.append(path)
        elif found := folder_files(path, SUFFIXES):
            files += found
        else:
            files.append(FileReceived(path, error=f"{quote_path(path)}: 文件夹中没有来稿文件"
                                                  "（.json、.docx、.doc、.wps）(no files)"))
    # Every .doc/.wps in one office run, as import does (one run per file took 16 times longer).
    with converted_documents([f for f in files if isinstance(f, Path)], "inbox") as converted:
        return [file if isinstance(file, FileReceived) else receive_file(file, converted.get(file))
                for file in files]


def is_submission_file(path: Path) -> bool:
    """A submission JSON or a filled 报送单, told cheaply from an issue's files (a file dropped
    on the main window goes to the inbox or to 导入往期 by this)."""
    kind = kind_of(path)
    if kind == JSON:
        from zwdesk.core.submission import looks_like_submission_json

        return looks_like_submission_json(path)
    if kind in (WORD, OLD_WORD):
        from zwdesk.core.submission_form import looks_like_form

        return looks_like_form(path)
    return False


def split_submissions(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(the submission files, the others) among ``paths``, each list in the order given; a
    folder counts as submissions when every file of it that either could read is one."""
    from zwdesk.importing import folder_files

    submissions: list[Path] = []
    others: list[Path] = []
    for path in map(Path, paths):
        files = folder_files(path, SUFFIXES) if is_document_folder(path) else [path]
        (submissions if files and all(map(is_submission_file, files)) else others).append(path)
    return submissions, others
