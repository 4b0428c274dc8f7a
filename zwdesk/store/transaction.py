"""Each public function of the store runs in one transaction: the decorators that say so.

``writes`` takes SQLite's write lock when the transaction begins (see ZwdeskSqliteDatabase),
``reads`` gives the function's queries one consistent view without it. Called inside another
transaction (an edit of the app's edit session, a write that reads first), either is part of
that one: its commit stores the function's writes, its rollback (an error leaving it) undoes
them. A function that reads with one query needs neither: the database runs each statement on
its own in a transaction of its own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import ParamSpec, TypeVar

from zwdesk.store.models import database

P = ParamSpec("P")
R = TypeVar("R")


def writes(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` in one write transaction: all of its changes are stored, or none."""
    return _within(lambda: database.atomic(), function)


def reads(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` in one read transaction: its queries see the same database."""
    return _within(lambda: database.read_transaction(), function)


def _within(begin: Callable[[], AbstractContextManager[object]],
            function: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if database.in_transaction():
            return function(*args, **kwargs)
        with begin():
            return function(*args, **kwargs)

    return run
