"""What every kind of database zwdesk opens has in common (a SQLite file, a PostgreSQL
server): the search index brought up to date just before each commit, and what a message
calls the archive."""

from __future__ import annotations

from typing import Any

from zwdesk.store import changes, versions
from zwdesk.store.location import Location


class StoreDatabase:
    """A mixin for peewee's database classes. ``location`` is where the archive is,
    ``display_path`` how messages name it (a server's URL without its password)."""

    server = False  # a PostgreSQL server (else a SQLite file)
    read_only = False
    location: Location
    display_path: str

    def commit(self) -> None:
        touched = changes.take_touched()
        versions.bump_touched(touched)  # every write of an issue counts (versions.py)
        if touched:  # the search rows of what this transaction changed, once
            from zwdesk.store import search  # loads the core only when an issue changed

            search.update(touched)
        super().commit()  # type: ignore[misc]

    def rollback(self) -> None:
        self.forget_transaction()
        super().rollback()  # type: ignore[misc]

    def forget_transaction(self) -> None:
        """The transaction ended without its commit (rolled back, or lost with a failed COMMIT
        or a broken connection): what it touched and the parts it claimed are as they were."""
        changes.forget_touched()
        versions.forget_claims()

    def external_changes(self) -> Any:  # noqa: ANN401 - a marker compared for equality
        """A value that changes whenever another connection (another window, another desk,
        the command line) commits to the database, and only then."""
        raise NotImplementedError
