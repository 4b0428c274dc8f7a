"""Speed of full-text search on many issues.

    python scripts/bench_search.py [issue_count]

Builds a database of ``issue_count`` issues (default 5000) with bench_data.build_database (copies
of the sample, so a common word is in every issue), writes a few rare words into the oldest
issue only, and times: the whole index built anew (what the migration does), an edit of one
text stored with its index row (what a keystroke costs the index), and queries in process —
words of three characters or more (FTS5 trigram), of one or two characters (LIKE), several
words that must occur in the same issue, a year, and words found only in the oldest issue or
nowhere (the worst case: every text is looked at). Each figure is the median of 5 runs.

Goals at 5 000 issues (issue 10): a query ≤ 20 ms, one of one or two characters ≤ 100 ms.
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

from bench_data import build_database  # noqa: E402

from zwdesk.store import editing, search  # noqa: E402
from zwdesk.store.database import open_database  # noqa: E402
from zwdesk.store.models import Issue, Section, TextEntry  # noqa: E402

RARE = "鲲鹏展翅计划"  # written into the oldest issue only
# (query, year): words in every issue, then rare or absent ones.
QUERIES = [("政务服务大厅", None), ("授权无差别综合窗口", None), ("营商环境", None),
           ("大厅", None), ("厅", None), ("窗口 巡查", None), ("大厅", 2005),
           ("鲲鹏展翅", None), ("不存在的文字", None), ("鲲鹏", None), ("鲲", None),
           ("窗口 鲲鹏", None), ("营商环境 鲲鹏", None), ("营商环境 鲲鹏展翅", None)]


def median_ms(action: Callable[[int], object], runs: int = 5) -> float:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        start = time.perf_counter()
        build_database(path, count)
        db = open_database(path)
        oldest = Issue.select().order_by(Issue.year, Issue.number).first()
        entry = TextEntry.select().join(Section).where(Section.issue == oldest.id).first()
        editing.update_row(TextEntry, entry.id, text=entry.text + RARE)
        newest = TextEntry.select().join(Section).join(Issue) \
            .order_by(Issue.year.desc(), Issue.number.desc()).first()
        built = time.perf_counter()
        search.rebuild()
        indexed = time.perf_counter()
        print(f"{count} issues: built in {built - start:.1f} s, index rebuilt in "
              f"{indexed - built:.1f} s")
        edit = median_ms(lambda run: editing.update_row(TextEntry, newest.id,
                                                        text=f"{newest.text}{run}"), 20)
        print(f"one text edited and its index row written: {edit:.1f} ms")
        for query, year in QUERIES:
            hits = search.search(query, year=year)
            took = median_ms(lambda _run, q=query, y=year: search.search(q, year=y))
            where = f" (--year {year})" if year else ""
            print(f"{query}{where}\t{len(hits)} hits\t{took:.1f} ms")
        db.close()


if __name__ == "__main__":
    main()
