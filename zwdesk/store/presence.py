"""正在编辑: who else has typed in a part of an issue and still has its form open.

On a server, a window that has typed in a part holds a shared advisory lock on it (the issue's
id and the part's number), tied to its connection: the server releases it when the window
moves on, closes, crashes or loses the network — nothing to clean up. The user's name rides in
the connection's application_name, where the other windows read it (hex-coded UTF-8: the
server keeps only ASCII there, and at most 63 bytes). A SQLite
file has one writing window, so nobody else is ever editing there.
"""

from __future__ import annotations

import zlib

from zwdesk.store.models import database
from zwdesk.store.user import current_user

APPLICATION = "zwdesk:"
_marked: tuple[int, int, int] | None = None  # the lock held now: issue, part, backend pid


def _on_server() -> bool:
    return bool(getattr(database.obj, "server", False))


def _key(part: str) -> int:
    """A part's name as the lock's second key (a 31-bit number)."""
    return zlib.crc32(part.encode()) & 0x7FFFFFFF


def mark_editing(issue_id: int, part: str) -> None:
    """This window has typed in ``part`` of the issue: the others see it (a server only)."""
    global _marked
    if not _on_server():
        return
    db = database.obj
    key = (issue_id, _key(part))
    # A connection made anew (the server was away) holds no lock: the pid says so.
    pid = db.connection().info.backend_pid  # psycopg knows it: no round trip
    if _marked == (*key, pid):
        return
    unmark_editing()
    db.execute_sql("SELECT set_config('application_name', %s, false)",
                   (APPLICATION + _coded(current_user()),))
    db.execute_sql("SELECT pg_advisory_lock_shared(%s, %s)", key)
    _marked = (*key, pid)


def unmark_editing() -> None:
    """This window no longer has a part open with typing in it."""
    global _marked
    if _marked is not None and _on_server():
        # On a connection made anew the lock is gone already (unlocking says false).
        database.obj.execute_sql("SELECT pg_advisory_unlock_shared(%s, %s)", _marked[:2])
    _marked = None


def editing_now(issue_id: int, part: str) -> list[str]:
    """The names of the other users who have typed in ``part`` and have its form open."""
    if not _on_server():
        return []
    rows = database.obj.execute_sql(
        "SELECT DISTINCT a.application_name FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 "
        "AND l.classid = %s AND l.objid = %s AND l.pid <> pg_backend_pid() "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        (issue_id, _key(part))).fetchall()
    return sorted(_decoded(name[len(APPLICATION):]) for (name,) in rows
                  if name and name.startswith(APPLICATION))


def _coded(user: str) -> str:
    """The user's name for application_name: hex of its UTF-8, whole characters that fit."""
    room = (63 - len(APPLICATION)) // 2
    coded = user.encode()
    while len(coded) > room:
        user = user[:-1]
        coded = user.encode()
    return coded.hex()


def _decoded(text: str) -> str:
    try:
        return bytes.fromhex(text).decode("utf-8", "replace")
    except ValueError:
        return "其他用户"
