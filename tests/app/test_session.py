"""The session between the window and the store, without a window: the open issue, its undo,
the read-only state, and the signals that say what changed (another program's writes too)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.backends import open_session, sqlite_only
from support.builders import cli_env, db_execute, make_issue
from support.paths import SAMPLE_JSON

from zwdesk.app.editor import ReadOnlyIssueError
from zwdesk.app.session import FINAL_TEXT, SESSION_READ_ONLY_TEXT, Session
from zwdesk.store import editing
from zwdesk.store.issues import find_issue, load_issue, save_issue
from zwdesk.store.models import STATUS_DRAFT, STATUS_FINAL, Issue

SIGNALS = ("issuesChanged", "issueOpened", "issueChanged", "issueReloaded", "inboxChanged",
           "readOnlyChanged")


class Heard:
    """Every signal of a session, as it is emitted: name → the arguments of each emission."""

    def __init__(self, session: Session) -> None:
        self.calls: dict[str, list[tuple]] = {name: [] for name in SIGNALS}
        for name in SIGNALS:
            getattr(session, name).connect(lambda *args, n=name: self.calls[n].append(args))

    def counts(self) -> dict[str, int]:
        return {name: len(calls) for name, calls in self.calls.items() if calls}


@pytest.fixture
def session(qapp, db_path: Path):  # noqa: ANN001, ANN201 - pytest-qt's fixture
    """A session on a new database holding the sample issue, the issue open."""
    session = open_session(db_path)
    session.open_issue(find_issue(2023, 9).id)
    yield session
    session.stop_watching()


def _status() -> str:
    return Issue.get(Issue.year == 2023, Issue.number == 9).status


_other_program_writes = db_execute  # a file through sqlite3, a server through psycopg


def test_a_fresh_database_starts_with_the_sample(db_path: Path, qapp) -> None:  # noqa: ANN001
    session = Session.open(db_path)
    # A new file is the user's own; a server's archive is shared: nothing is added to it.
    sample = [(2023, 9)] if isinstance(db_path, Path) else []
    assert [(i.year, i.number) for i in Issue.select()] == sample
    assert session.issue is None and session.read_only  # nothing open yet
    session.stop_watching()


def test_another_programs_write_is_told_once_by_each_signal(session, db_path) -> None:  # noqa: ANN001
    heard = Heard(session)
    assert not session.check_external_changes()  # nothing written since the first look
    _other_program_writes(db_path, "UPDATE section SET title = '另一个程序改的' WHERE position = 0"
                                   " AND parent_id IS NULL")
    assert session.check_external_changes()
    assert heard.counts() == {"issuesChanged": 1, "issueChanged": 1, "issueReloaded": 1,
                              "inboxChanged": 1}
    assert load_issue(session.issue)["sections"][0]["title"] == "另一个程序改的"
    assert not session.check_external_changes()  # told once
    assert heard.counts()["issuesChanged"] == 1


def test_the_session_looks_by_itself_each_second(session, db_path, qtbot) -> None:  # noqa: ANN001
    session.start_watching()
    with qtbot.waitSignal(session.inboxChanged, timeout=5000):
        _other_program_writes(db_path, "UPDATE issue SET status = 'final'")
    assert session.read_only and session.issue.status == STATUS_FINAL


def test_an_open_issue_deleted_and_imported_again_elsewhere_is_opened_again(  # noqa: ANN001
        session, db_path, tmp_path) -> None:
    """Another window deleted the open issue, and the command line imported it again: the
    same year and number, new rows."""
    save_issue(make_issue(2023, 10, 430))  # a newer row: the new rows get new ids
    old_id = session.issue.id
    heard = Heard(session)
    _other_program_writes(db_path, f"DELETE FROM issue WHERE id = {old_id}")
    subprocess.run([sys.executable, "-m", "zwdesk", "--db", str(db_path), "import",
                    str(SAMPLE_JSON)], env=cli_env(tmp_path), check=True, capture_output=True)
    assert session.check_external_changes()
    assert session.issue is not None and session.issue.id != old_id
    assert (session.issue.year, session.issue.number) == (2023, 9)
    assert heard.counts()["issueOpened"] == 1 and heard.counts()["issuesChanged"] == 1


def test_undo_and_redo_through_the_session(session) -> None:  # noqa: ANN001
    heard = Heard(session)
    issue_id = session.issue.id
    assert session.editor.edit("定稿", lambda: editing.set_status(issue_id, STATUS_FINAL))
    assert _status() == STATUS_FINAL and heard.counts() == {"issueChanged": 1}
    session.editor.undo_group.undo()
    assert _status() == STATUS_DRAFT and session.issue.status == STATUS_DRAFT
    assert heard.counts() == {"issueChanged": 2, "issueReloaded": 1}
    session.editor.undo_group.redo()
    assert _status() == STATUS_FINAL and session.read_only


def test_undo_leaves_another_programs_edit_and_drops_the_history(session, db_path,  # noqa: ANN001
                                                                 qtbot) -> None:
    issue_id = session.issue.id
    session.editor.edit("定稿", lambda: editing.set_status(issue_id, STATUS_FINAL))
    session.check_external_changes()  # a quiet look: the session notes the issue as it left it
    _other_program_writes(db_path, "UPDATE section SET title = '另一个程序改的' WHERE position = 0"
                                   " AND parent_id IS NULL")
    heard = Heard(session)
    session.editor.undo_group.undo()  # the session looks first: the issue changed meanwhile
    assert _status() == STATUS_FINAL
    assert load_issue(session.issue)["sections"][0]["title"] == "另一个程序改的"
    assert heard.counts()["issuesChanged"] == 1
    qtbot.waitUntil(lambda: not session.editor.undo_group.canUndo(), timeout=2000)


def test_finalize_and_reopen_change_the_read_only_state(session) -> None:  # noqa: ANN001
    heard = Heard(session)
    assert not session.read_only and session.read_only_reason() is None
    assert session.finalize()
    assert heard.calls["readOnlyChanged"] == [(True,)]
    assert session.read_only_reason() == ("本期已定稿", FINAL_TEXT)
    assert session.read_only_reason(issue_too=False) is None
    with pytest.raises(ReadOnlyIssueError):
        session.editor.edit("定稿", lambda: editing.set_status(session.issue.id, STATUS_DRAFT))
    assert not session.finalize()  # already final
    session.reopen()
    assert heard.calls["readOnlyChanged"] == [(True,), (False,)]
    assert _status() == STATUS_DRAFT and not session.read_only


@sqlite_only  # the backups of a file (a server's archive is backed up by zwdesk archive)
def test_a_restored_backup_drops_all_undo_and_is_read_anew(session, db_path) -> None:  # noqa: ANN001
    from zwdesk.app.backups import restore_into_open_database
    from zwdesk.store.backups import make_backup

    backup = make_backup().path
    issue_id = session.issue.id
    session.editor.edit("定稿", lambda: editing.set_status(issue_id, STATUS_FINAL))
    heard = Heard(session)
    restore_into_open_database(backup)
    session.database_replaced()
    assert _status() == STATUS_DRAFT and session.issue.status == STATUS_DRAFT
    assert not session.editor.undo_group.canUndo()  # nothing reaches into the old database
    assert heard.counts() == {"issueOpened": 1, "issuesChanged": 1, "inboxChanged": 1}
    assert not session.check_external_changes()  # the reopened database's counter is noted


def test_a_second_window_only_looks(db_path, qapp) -> None:  # noqa: ANN001
    open_session(db_path)  # the first window's, which made the database
    second = Session(read_only=True)
    second.open_issue(find_issue(2023, 9).id)
    heard = Heard(second)
    assert second.read_only
    assert second.read_only_reason(issue_too=False) == ("只读", SESSION_READ_ONLY_TEXT)
    with pytest.raises(ReadOnlyIssueError):
        second.editor.edit("定稿", lambda: editing.set_status(second.issue.id, STATUS_FINAL))
    assert not second.finalize()
    assert _status() == STATUS_DRAFT and heard.counts() == {}
    second.stop_watching()
