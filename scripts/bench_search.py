"""Speed of full-text search on many issues.

    python scripts/bench_search.py [issue_count]

Builds a database of ``issue_count`` issues (default 5000) with bench_data.build_database,
rebuilds the search index (the rows copied in SQL bypass the store), then times queries in
process: words of three characters or more (FTS5 trigram), of one or two characters (LIKE),
and several words that must occur in the same issue. Each figure is the median of 5 runs.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_data import build_database  # noqa: E402

from zwdesk.store import search  # noqa: E402
from zwdesk.store.database import open_database  # noqa: E402

QUERIES = ["政务服务大厅", "授权无差别综合窗口", "营商环境", "大厅", "厅", "窗口 巡查",
           "不存在的文字"]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        start = time.perf_counter()
        build_database(path, count)
        db = open_database(path)
        built = time.perf_counter()
        search.rebuild()
        indexed = time.perf_counter()
        print(f"{count} issues: built in {built - start:.1f} s, index rebuilt in "
              f"{indexed - built:.1f} s")
        for query in QUERIES:
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                hits = search.search(query)
                times.append(time.perf_counter() - t0)
            print(f"{query}\t{len(hits)} hits\t{statistics.median(times) * 1000:.1f} ms")
        db.close()


if __name__ == "__main__":
    main()
