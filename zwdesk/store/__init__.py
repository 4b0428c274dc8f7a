"""Persistence: peewee models, the database connection with its migrations, issue storage.

peewee imports psycopg, the PostgreSQL driver, whenever it is installed, and that import costs
as much as peewee's own; a command on a SQLite file never needs it. So peewee is first
imported here with psycopg hidden from it, and ``zwdesk.store.server`` hands the driver to
peewee when a server database is opened.
"""

import sys

if "peewee" not in sys.modules and "psycopg" not in sys.modules:
    # None in sys.modules: ``import psycopg`` fails in peewee, as if it were not installed.
    sys.modules["psycopg"] = None  # type: ignore[assignment]
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg"]
