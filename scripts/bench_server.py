"""The store on a PostgreSQL server against the same archive in a SQLite file.

    python scripts/bench_server.py --db URL [--issues 5000]

Builds ``--issues`` issues in a temporary SQLite file (bench_data.build_database), copies them
into the server database ``URL`` (zwdesk db copy, --replace), and times on both, medians of 5:
opening the database (what start-up costs the store), loading one issue whole (opening it in
the app), one keystroke stored (an item's text written with its search row and history line,
checked against the section's version the form holds: read when it opened, then the one each
stored write leaves; and, for comparison, with the versions read again first), and the
queries of bench_search.py.
It also says whether the two give the same hits in the same order.

Goals on a local server at 5 000 issues (issue 17): start-up ≤ 1 s, open an issue ≤ 80 ms, a
keystroke stored ≤ 15 ms, search ≤ 20 ms.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_data import build_database  # noqa: E402
from bench_search import QUERIES, RARE, median_ms  # noqa: E402

from zwdesk.store import editing, search, versions  # noqa: E402
from zwdesk.store.copying import copy_archive  # noqa: E402
from zwdesk.store.database import open_database  # noqa: E402
from zwdesk.store.issues import latest_issue, load_issue  # noqa: E402
from zwdesk.store.models import Issue, Section, TextEntry  # noqa: E402


def measure(location: object) -> tuple[dict[str, float], dict[str, list]]:
    """The figures of one database, and the hits of each query."""
    figures = {"open the database": median_ms(lambda _: open_database(location).close())}
    db = open_database(location)
    try:
        newest = latest_issue()
        figures["load an issue"] = median_ms(lambda _: load_issue(newest))
        entry = TextEntry.select().join(Section).where(Section.issue == newest.id).first()
        part = versions.section_part(entry.section_id)
        seen = {part: versions.read_versions(newest.id).of(part)}  # read as the form opens

        def keystroke(run: int, read_first: bool = False) -> None:
            if read_first:
                seen[part] = versions.read_versions(newest.id).of(part)
            # made against the version the form holds: the one the last write left
            with versions.checked(newest.id, seen) as made:
                editing.update_row(TextEntry, entry.id, text=entry.text + "改" * (run + 1))
            seen[part] = made

        figures["a keystroke stored"] = median_ms(keystroke, runs=21)
        figures["  the versions read first"] = median_ms(lambda run: keystroke(run, True), 21)
        hits = {}
        for query, year in QUERIES:
            label = f"search {query}" + (f" --year {year}" if year else "")
            figures[label] = median_ms(lambda _, q=query, y=year: search.search(q, year=y))
            hits[label] = [(h.year, h.number, h.place, h.snippet)
                           for h in search.search(query, year=year)]
    finally:
        db.close()
    return figures, hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a postgresql:// URL (its data is replaced)")
    parser.add_argument("--issues", type=int, default=5000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        start = time.perf_counter()
        build_database(path, args.issues)
        db = open_database(path)
        search.rebuild()  # bench_data copies most years in SQL, without their index rows
        oldest = Issue.select().order_by(Issue.year, Issue.number).first()
        entry = TextEntry.select().join(Section).where(Section.issue == oldest.id).first()
        editing.update_row(TextEntry, entry.id, text=entry.text + RARE)
        db.close()
        built = time.perf_counter() - start
        start = time.perf_counter()
        copy_archive(path, args.db, replace=True)
        copied = time.perf_counter() - start
        print(f"{args.issues} issues built in {built:.1f} s, copied to the server in "
              f"{copied:.1f} s")
        on_file, file_hits = measure(path)
        on_server, server_hits = measure(args.db)
    print(f"{'':36}{'SQLite ms':>10}{'server ms':>10}")
    for label, value in on_file.items():
        print(f"{label:36}{value:10.1f}{on_server[label]:10.1f}")
    differ = [label for label in file_hits if file_hits[label] != server_hits[label]]
    print("same hits in the same order on both:", "yes" if not differ else
          "NO: " + ", ".join(differ))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
