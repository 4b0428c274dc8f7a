"""Whole-issue operations shared by the command line and the desktop app (no Qt here)."""

from __future__ import annotations

from pathlib import Path

from zwdesk.core.bulletin import compose
from zwdesk.core.exchange import FormatError, read_issue, write_issue
from zwdesk.store.issues import IssueExistsError, find_issue, load_issue, save_issue
from zwdesk.store.models import Issue

SAMPLE_FILE = "sample-2023-09.json"


def import_issue_file(path: Path, replace: bool = False) -> Issue:
    """Validate and store one exchange file; errors name the file and the offending path."""
    data = read_issue(path)
    try:
        return save_issue(data, replace=replace)
    except IssueExistsError as exc:
        raise FormatError(str(path), exc.path, str(exc)) from None


def dump_issue(issue: Issue, target: Path) -> None:
    write_issue(load_issue(issue), target)


def export_docx(issue: Issue, target: Path) -> None:
    from zwdesk.core.docx_render import render_docx  # python-docx loads only when exporting

    render_docx(compose(load_issue(issue)), target)


def sample_path() -> Path:
    from zwdesk.paths import resource_path

    return resource_path(SAMPLE_FILE)


def add_sample() -> tuple[Issue, bool]:
    """Add the sample issue 2023年第9期 unless it is there; return it and whether it was added."""
    data = read_issue(sample_path())
    existing = find_issue(data["year"], data["number"])
    if existing is not None:
        return existing, False
    return save_issue(data), True
