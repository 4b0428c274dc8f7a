"""Marks for tests about one kind of database (see BACKENDS in tests/conftest.py)."""

import pytest

# The test is about the SQLite file itself (its permissions, WAL, lock file, backups…): it runs
# on the file only. Overrides the parametrised ``backend`` fixture.
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])
