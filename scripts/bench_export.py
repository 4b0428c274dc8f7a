"""Time the Word export of the sample issue: compose + render to a temporary file.

    python scripts/bench_export.py [runs]

Prints the best and median of the runs; the goal is at most 0.15 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zwdesk.core.bulletin import compose  # noqa: E402
from zwdesk.core.docx_render import render_docx  # noqa: E402
from zwdesk.core.exchange import read_issue  # noqa: E402

GOAL = 0.15  # seconds
SAMPLE = ROOT / "resources" / "sample-2023-09.json"


def time_exports(runs: int) -> list[float]:
    issue = read_issue(SAMPLE)
    timings = []
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "bulletin.docx"
        for _ in range(runs):
            start = time.perf_counter()
            render_docx(compose(issue), target)
            timings.append(time.perf_counter() - start)
    return timings


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    timings = time_exports(runs)
    best, median = min(timings), statistics.median(timings)
    print(f"export of the sample issue, {runs} runs: best {best * 1000:.1f} ms, "
          f"median {median * 1000:.1f} ms, first {timings[0] * 1000:.1f} ms "
          f"(goal ≤ {GOAL * 1000:.0f} ms)")
    return 0 if median <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
