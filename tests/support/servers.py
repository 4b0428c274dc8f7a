"""Fresh databases on the PostgreSQL server the tests are given (``ZWDESK_TEST_PG``, a URL
such as scripts/pg_test_server.sh prints; CI starts one in .ci/run).

Each test gets a database of its own, copied from a template that holds zwdesk's empty schema
(made once per test run), and dropped after it. Names carry the process id, so test runs of
several people on one server do not meet.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import replace

SERVER_ENV = "ZWDESK_TEST_PG"
# The skip reason of every test that needs the server; with CI=true such a skip fails
# (tests/conftest.py).
NO_SERVER = ("needs a PostgreSQL server: set ZWDESK_TEST_PG to its URL "
             "(eval \"$(scripts/pg_test_server.sh start)\")")


def server_url() -> str | None:
    return os.environ.get(SERVER_ENV) or None


class ServerDatabases:
    """Creates and drops the test run's databases through one administrative connection."""

    def __init__(self, url: str) -> None:
        import psycopg

        from zwdesk.store.location import parse_location

        self.base = parse_location(url)
        self.admin = psycopg.connect(**self.base.connect_params(), autocommit=True)
        self.prefix = f"zwt_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.count = 0
        self._template: str | None = None

    def location(self, name: str):  # noqa: ANN201 - a ServerLocation
        return replace(self.base, dbname=name)

    def _ensure_template(self) -> str:
        if self._template is None:
            from zwdesk.store.database import open_database

            name = f"{self.prefix}_template"
            self._execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
            open_database(self.location(name)).close()  # zwdesk's schema, empty
            self._template = name
        return self._template

    def fresh(self, empty: bool = False):  # noqa: ANN201 - a ServerLocation
        """A new database holding zwdesk's empty schema (``empty``: no tables at all)."""
        self.count += 1
        name = f"{self.prefix}_{self.count}"
        template = "template0" if empty else self._ensure_template()
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.location(name)

    def drop(self, location) -> None:  # noqa: ANN001 - a ServerLocation
        self._execute(f'DROP DATABASE IF EXISTS "{location.dbname}" WITH (FORCE)')

    def close(self) -> None:
        if self._template is not None:
            self._execute(f'DROP DATABASE IF EXISTS "{self._template}" WITH (FORCE)')
        self.admin.close()

    def _execute(self, sql: str) -> None:
        self.admin.execute(sql)
