"""How a view or dialog asks and tells the user: the window's message boxes, passed in.

One place for them all, so that the tests answer every question the app asks there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zwdesk.app.session import Session


@dataclass(frozen=True)
class Messages:
    confirm: Callable[[str, str], bool]  # (title, text): yes or no
    inform: Callable[[str, str], None]
    error: Callable[[str, str], None]


def refuse_read_only(session: Session, messages: Messages, issue_too: bool = True) -> bool:
    """True, and the reason said, where nothing may be changed: a read-only second window or
    (``issue_too``) the open issue (定稿)."""
    reason = session.read_only_reason(issue_too)
    if reason is not None:
        messages.inform(*reason)
    return reason is not None
