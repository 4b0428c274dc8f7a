"""Where the tests' data lives (resources/ ships with the program, tests/data/ with the tests)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "tests" / "data"
SAMPLE_JSON = ROOT / "resources" / "sample-2023-09.json"
SEED_TEXT = DATA / "seed-2023-09.txt"
