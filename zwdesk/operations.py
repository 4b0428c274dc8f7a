"""Whole-issue operations shared by the command line and the desktop app (no Qt here).

Modules that only some operations need (the exchange format, the office suite, python-docx)
are imported where they are used: each command loads only what it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zwdesk.core.bulletin import compose
from zwdesk.core.errors import ZwdeskError, quote_path
from zwdesk.store.issues import (
    IssueExistsError,
    IssueInfo,
    IssueRef,
    find_issue_info,
    issue_info,
    load_issue,
    refuse_final,
    replace_issue_content,
    save_issue,
)
from zwdesk.store.transaction import writes

if TYPE_CHECKING:
    from zwdesk.core.review import Review
    from zwdesk.store.models import Issue

SAMPLE_FILE = "sample-2023-09.json"


def import_issue_file(path: Path, replace: bool = False) -> Issue:
    """Validate and store one exchange file; errors name the file and the offending path."""
    from zwdesk.core.exchange import FormatError, read_issue

    data = read_issue(path)
    try:
        return save_issue(data, replace, Path(path).name)
    except IssueExistsError as exc:
        raise FormatError(str(path), exc.path, str(exc)) from None


def read_review(issue: IssueRef, path: Path) -> Review:
    """A reviewed Word document of ``issue`` read and compared with it (tracked changes
    count as accepted). A finalised issue can be compared; only accepting is refused."""
    from zwdesk.core.reader import read_document
    from zwdesk.core.review import make_review
    from zwdesk.store.database import refuse_database_file

    refuse_database_file(path)
    stored = load_issue(issue)
    return make_review(stored, read_document(Path(path)))


@writes
def accept_review(issue: IssueRef, data: dict[str, Any]) -> IssueInfo:
    """Store a reviewed issue dict over ``issue`` in one transaction (validated first)."""
    from zwdesk.core.exchange import issue_to_json, parse_issue

    refuse_final(issue)  # before validating: the answer does not depend on the document
    replace_issue_content(issue.id, parse_issue(issue_to_json(data), "审阅稿"))
    return issue_info(issue.id)


def dump_issue(issue: IssueRef, target: Path) -> None:
    from zwdesk.core.exchange import write_issue

    write_issue(load_issue(issue), target)


# A document is written from the issue dict: the bulletin itself, or its distribution register.
DocumentWriter = Callable[[dict[str, Any], Path], None]
# What each can be written as; the suffix of the target chooses.
DOCUMENT_SUFFIXES = (".docx", ".pdf")
BULLETIN_SUFFIXES = (".docx", ".pdf", ".ofd")


def write_bulletin(data: dict[str, Any], target: Path, even_page: bool = False) -> None:
    """The bulletin in the official layout: a Word document, or for a .ofd target an OFD
    drawn from the page model (no office suite involved); ``even_page`` puts the 版记 on an
    even page (double-sided printing)."""
    if Path(target).suffix.lower() == ".ofd":
        from zwdesk import __version__
        from zwdesk.core.ofd import write_ofd

        write_ofd(data, Path(target), even_page, version=__version__)
        return
    from zwdesk.core.docx_render import render_docx  # python-docx loads only when exporting

    render_docx(compose(data), target, even_page=even_page)


def bulletin_writer() -> DocumentWriter:
    """write_bulletin with the database's 版记 setting, read now, on the calling thread."""
    from zwdesk.store.settings import banji_even_page

    return partial(write_bulletin, even_page=banji_even_page())


def write_register(data: dict[str, Any], target: Path) -> None:
    """The 分发登记表 of the issue as a Word document."""
    from zwdesk.core.register import render_register

    render_register(data, target)


def write_pdf(write: DocumentWriter, data: dict[str, Any], target: Path,
              timeout: float | None = None) -> None:
    """A document as PDF: its .docx, made in a temporary folder, converted by the office
    suite found on the machine (OfficeNotFoundError names what to install when there is none).
    The PDF replaces ``target`` in one rename, or ``target`` is left as it was."""
    from zwdesk.core.office import DEFAULT_TIMEOUT, convert_to_pdf, work_folder

    with work_folder("pdf") as work:
        docx = Path(work) / "document.docx"
        write(data, docx)
        convert_to_pdf(docx, target, DEFAULT_TIMEOUT if timeout is None else timeout)


def write_document(write: DocumentWriter, data: dict[str, Any], target: Path,
                   suffixes: tuple[str, ...] = DOCUMENT_SUFFIXES) -> Path:
    """Write a document as one of ``suffixes`` (.docx, .pdf, and for the bulletin .ofd), as
    the suffix of ``target`` says; return ``target``.

    Touches no database, so the app can run it off the GUI thread with data it loaded first.
    """
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix not in suffixes:
        chinese = "、".join(suffixes[:-1]) + " 或 " + suffixes[-1]
        english = ", ".join(suffixes[:-1]) + " or " + suffixes[-1]
        raise ZwdeskError(f"输出文件应以 {chinese} 结尾 (expected a {english} file, "
                          f"got {quote_path(target)})")
    if suffix == ".pdf":
        write_pdf(write, data, target)
    else:
        write(data, target)
    return target


def export_document(write: DocumentWriter, issue: IssueRef, target: Path,
                    suffixes: tuple[str, ...] = DOCUMENT_SUFFIXES) -> None:
    """Write an issue's document as one of ``suffixes``, as the suffix of ``target`` says."""
    write_document(write, load_issue(issue), target, suffixes)


def export_issue(issue: IssueRef, target: Path) -> None:
    """The bulletin as a Word document, PDF or OFD, as the suffix of ``target`` says."""
    export_document(bulletin_writer(), issue, target, BULLETIN_SUFFIXES)


def sample_path() -> Path:
    from zwdesk.paths import resource_path

    return resource_path(SAMPLE_FILE)


@writes
def add_sample() -> tuple[IssueInfo, bool]:
    """Add the sample issue 2023年第9期 unless it is there; return it and whether it was added."""
    from zwdesk.core.exchange import read_issue

    data = read_issue(sample_path())
    existing = find_issue_info(data["year"], data["number"])
    if existing is not None:
        return existing, False
    return issue_info(save_issue(data, source=SAMPLE_FILE).id), True
