"""How the inbox scales: its list, counts, tally and an issue's origins with many issues and
many 来稿.

Builds a database of N issues (scripts/bench_data.py), receives S submissions of 5 items from
40 units over the years, adopts a third of the items into issues, then times each store call
the app and the command line make (median of several runs, in milliseconds).

    python scripts/bench_inbox.py [--issues 5000] [--submissions 4000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def _fill(submissions: int, rng: random.Random) -> None:
    from zwdesk.core.submission import make_submission
    from zwdesk.store import inbox
    from zwdesk.store.models import Issue, Section, database

    leaves = list(Section.select(Section.id).join(Issue).where(Section.kind == "items")
                  .order_by(Issue.year.desc(), Issue.number.desc()).limit(200).scalars())
    with database.atomic():
        for n in range(submissions):
            date = dt.date(2020, 1, 1) + dt.timedelta(days=n % 1500)
            items = [(f"第{n}份报送的第{k}条信息，窗口办件{rng.randint(1, 999)}件。", "")
                     for k in range(5)]
            ids = inbox.add_submission(make_submission(
                "bench", f"单位{n % 40}", "", "", date, items), f"{n}.json")
            for item in ids:
                if rng.random() < 1 / 3:
                    inbox.adopt(item, rng.choice(leaves))
                elif rng.random() < 0.3:
                    inbox.decline(item, "bench")


def _time(call, runs: int = 9) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def arguments(doc: str | None) -> argparse.Namespace:
    """--issues and --submissions, shared with bench_inboxview.py."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument("--submissions", type=int, default=4000)
    return parser.parse_args()


def build_inbox_database(path: Path, issues: int, submissions: int) -> float:
    """A database of ``issues`` issues and the 来稿 of ``submissions`` submissions, open;
    the seconds the 来稿 took."""
    from bench_data import build_database

    from zwdesk.store.database import open_database

    build_database(path, issues)
    open_database(path)
    start = time.perf_counter()
    _fill(submissions, random.Random(1))
    return time.perf_counter() - start


def main() -> None:
    args = arguments(__doc__)
    from zwdesk.core.submission import make_submission
    from zwdesk.store import inbox
    from zwdesk.store.issues import latest_issue

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        filled = build_inbox_database(path, args.issues, args.submissions)
        print(f"{args.issues} issues, {inbox.count_items()} items "
              f"({inbox.count_items(inbox.ItemFilter(state='采用'))} adopted), "
              f"filled in {filled:.1f} s")
        latest = latest_issue()
        place = inbox.find_place(latest, "3.2").id
        counter = iter(range(10**6))

        def adopt_one() -> None:
            n = next(counter)
            ids = inbox.add_submission(make_submission(
                "bench", "新单位", "", "", dt.date(2024, 1, 1), [(f"新来稿{n}。", "")]), "x")
            inbox.adopt(ids[0], place)

        march = (dt.date(2023, 3, 1), dt.date(2023, 3, 31))
        cases = {
            "list_items first page (100)": lambda: inbox.list_items(),
            "list_items page 30": lambda: inbox.list_items(offset=3000),
            "list_items 待审, one unit": lambda: inbox.list_items(
                inbox.ItemFilter(state="待审", unit="单位7")),
            "count_items": lambda: inbox.count_items(),
            "pending_count": inbox.pending_count,
            "tally_counts, a month": lambda: inbox.tally_counts(*march),
            "tally_counts, all years": lambda: inbox.tally_counts(dt.date(2000, 1, 1),
                                                                  dt.date(2100, 1, 1)),
            "origins of the latest issue": lambda: inbox.origins(latest.id),
            "add + adopt one (2 commits)": adopt_one,
        }
        for name, call in cases.items():
            print(f"{name:32} {_time(call):8.1f} ms")


if __name__ == "__main__":
    main()
