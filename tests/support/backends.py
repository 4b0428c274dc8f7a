"""Marks for tests about one kind of database (see BACKENDS in tests/conftest.py)."""

from pathlib import Path
from typing import Any

import pytest

# The test is about the SQLite file itself (its permissions, WAL, lock file, backups…): it runs
# on the file only. Overrides the parametrised ``backend`` fixture.
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])


def open_session(location: Any, read_only: bool = False) -> Any:  # noqa: ANN401 - a Session
    """``Session.open`` as on a first start: a new file gets the sample issue by itself; a new
    server archive starts empty (it is shared: nothing is added to it), so the sample is added
    here for the tests that expect it."""
    from zwdesk.app.session import Session

    session = Session.open(location, read_only=read_only)
    if not isinstance(location, Path) and not read_only:
        from zwdesk.operations import add_sample  # does nothing when the sample is there

        add_sample()
    return session
