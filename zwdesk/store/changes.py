"""The issues the open transaction changed, kept until it ends.

Every store write path ``touch``-es the issue it changes; just before the transaction commits,
the database (zwdesk.store.database) takes them and hands them to what is kept beside the
issues, the search index (zwdesk.store.search.update), in the same transaction. The write paths
thus know nothing of the index, and the index reads the issues it is given.

One writing thread per process (the app's GUI thread, or the command line), so one set.
"""

from __future__ import annotations

_touched: set[int] = set()


def touch(issue_id: int) -> None:
    """The open transaction changed this issue."""
    _touched.add(issue_id)


def take_touched() -> list[int]:
    """The issues touched since the last call, in id order; forgotten here."""
    issue_ids = sorted(_touched)
    _touched.clear()
    return issue_ids


def forget_touched() -> None:
    """The transaction was rolled back: what it touched is as it was."""
    _touched.clear()
