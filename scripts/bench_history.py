"""What the revision history (zwdesk.store.history) costs: a keystroke stored with and without
it, and reading one issue's history, in an archive of many issues with long histories.

    python scripts/bench_history.py [issue_count] [lines_per_issue] [keystrokes]

Builds ``issue_count`` issues (default 5000, scripts/bench_data.py) and gives each
``lines_per_issue`` history lines (default 200) in SQL. Then types ``keystrokes`` characters
(default 300) into an item of the newest issue, as its form stores them (one
``content.set_entry_text`` each), three ways: without the history (its hooks switched off),
typing on in one field (each keystroke merges into the field's line), and alternating between
two fields (each keystroke a new line: the worst case). Last, reads one issue's history.
Prints the median and 95th percentile of each, in milliseconds.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"


def _timed(count: int, step: Callable[[int], object]) -> list[float]:
    samples = []
    for index in range(count):
        start = time.perf_counter()
        step(index)
        samples.append(time.perf_counter() - start)
    return samples


def _fill_history(path: Path, lines: int) -> int:
    """``lines`` lines for every issue, in one statement per hundred; the count of all."""
    import sqlite3

    connection = sqlite3.connect(str(path))
    with connection:
        for start in range(0, lines, 100):
            connection.execute(
                "INSERT INTO historyline (issue_id, at, user_name, place, old, new, key) "
                "SELECT issue.id, '2024-03-05 10:42:07', '王敏', "
                "'三、窗口工作动态 / （二）窗口服务效能提升工作情况 / 第' || n.value || '条', "
                "'旧的文字', '新的文字', 'TextEntry:' || n.value || ':text' FROM issue, "
                "(SELECT value FROM json_each(?)) AS n",
                (str(list(range(start, min(start + 100, lines)))),))
    total = connection.execute("SELECT count(*) FROM historyline").fetchone()[0]
    connection.close()
    return total


def main(issue_count: int = 5000, lines_per_issue: int = 200, keystrokes: int = 300) -> None:
    from bench_data import build_database

    from zwdesk.store import content, history, sections
    from zwdesk.store.database import open_database
    from zwdesk.store.issues import latest_issue

    with tempfile.TemporaryDirectory(prefix="zwdesk-bench-history-") as work:
        path = Path(work) / "zwdesk.sqlite3"
        build_database(path, issue_count)
        total = _fill_history(path, lines_per_issue)
        print(f"{issue_count} issues, {total} history lines")
        db = open_database(path)
        issue = latest_issue()
        items = next(s for s in sections.issue_sections(issue.id) if s.kind == "items")
        first, second = content.entries(items.id)[:2]

        def typing(entry_id: int, base: str) -> Callable[[int], object]:
            return lambda n: content.set_entry_text(entry_id, base + "字" * (n + 1))

        # Keystrokes with and without the history interleaved one by one, so that whatever
        # else the machine does weighs on both alike.
        hooks = history.updated
        off = lambda *args, **kwargs: None  # noqa: E731
        samples: dict[bool, list[float]] = {True: [], False: []}
        for n in range(2 * keystrokes):
            on = n % 2 == 0
            history.updated = hooks if on else off  # type: ignore[assignment]
            samples[on] += _timed(1, lambda _n, n=n: content.set_entry_text(first.id,
                                                                            "字" * (n + 1)))
        history.updated = hooks
        fields = (typing(first.id, "丙"), typing(second.id, "丁"))
        alternating = _timed(keystrokes, lambda n: fields[n % 2](n))
        print(f"keystroke without history: {_percentiles(samples[False])}")
        print(f"keystroke typing on (merged into its line): {_percentiles(samples[True])}")
        print(f"keystroke alternating fields (a new line each): {_percentiles(alternating)}")
        lines = len(history.issue_history(issue.id))
        read = _timed(50, lambda n: history.issue_history(issue.id - n % 10))
        print(f"one issue's history ({lines} lines) read: {_percentiles(read)}")
        db.close()


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:4]))
