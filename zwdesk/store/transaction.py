"""Each public function of the store runs in one transaction: the decorators that say so.

``writes`` takes SQLite's write lock when the transaction begins (see ZwdeskSqliteDatabase),
``reads`` gives the function's queries one consistent view without it. Called inside another
transaction (an edit of the app's edit session, a write that reads first), either becomes a
savepoint of it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from zwdesk.store.models import database

P = ParamSpec("P")
R = TypeVar("R")


def writes(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` in one write transaction: all of its changes are stored, or none."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with database.atomic():
            return function(*args, **kwargs)

    return run


def reads(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` in one read transaction: its queries see the same database."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if database.in_transaction():  # inside a write (an edit that reads): its view serves
            return function(*args, **kwargs)
        with database.read_transaction():
            return function(*args, **kwargs)

    return run
