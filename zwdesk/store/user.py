"""Who is writing: the name every write of an issue records (zwdesk.store.history).

The name belongs to the desk, not to the archive: each person on each machine has their own,
so it is not kept in the database. The app sets the one chosen in 设置 (kept in the user's
QSettings), the command line the one of ``--user``; otherwise ``ZWDESK_USER`` names it, else
the login name. One writing thread per process, so one name at a time.
"""

from __future__ import annotations

import getpass
import os

from zwdesk.core.errors import ZwdeskError

USER_ENV = "ZWDESK_USER"
MAX_NAME = 64  # characters; a name is a person's, shown in a column
UNKNOWN = "（未知用户）"

_name: str | None = None


def login_name() -> str:
    """The login name of the process; '' when the system has none to give (a service account
    without a passwd entry, an unset USERNAME)."""
    try:
        return getpass.getuser().strip()
    except Exception:  # noqa: BLE001 - OSError, KeyError or ImportError (pwd) by platform
        return ""


def default_name() -> str:
    """The name used when none is set: ``ZWDESK_USER``, else the login name."""
    return (os.environ.get(USER_ENV) or "").strip() or login_name() or UNKNOWN


def current_user() -> str:
    """The name the writes of this process record now."""
    return _name or default_name()


def check_name(name: str) -> str:
    """``name`` stripped, or ZwdeskError when it cannot name a person: longer than
    MAX_NAME, or holding a tab, a line break or another control character."""
    name = name.strip()
    if len(name) > MAX_NAME:
        raise ZwdeskError(f"用户名最长 {MAX_NAME} 个字 (a user name has at most {MAX_NAME} "
                          "characters)")
    if any(not c.isprintable() for c in name):
        raise ZwdeskError("用户名不能含制表符、换行等控制字符 (control character in the user name)")
    return name


def set_user(name: str | None) -> None:
    """The name of this process's writes from now on (checked, see ``check_name``); None or
    an empty name: back to the default."""
    global _name
    _name = (check_name(name) or None) if name is not None else None
