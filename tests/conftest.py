"""Shared fixtures. Qt runs on the offscreen platform (see pytest config / env below)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SAMPLE_JSON = ROOT / "resources" / "sample-2023-09.json"
SEED_TEXT = DATA / "seed-2023-09.txt"


@pytest.fixture
def sample_issue() -> dict:
    """The sample issue 2023年第9期 as an issue dict (dates as datetime.date)."""
    from zwdesk.core.exchange import read_issue

    return read_issue(SAMPLE_JSON)
