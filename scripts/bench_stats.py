"""Speed of the figures over time (zwdesk stats, the 统计 window) on many issues.

    python scripts/bench_stats.py [issue_count] [--keep FOLDER]

Two databases of ``issue_count`` issues (default 5000): bench_data.build_database's (ten years
of 500 issues sharing their dates, so two years hold 1 000 issues: the worst case for the
window) and bench_data.build_weekly_years' (one issue a week for 96 years, figures varying:
the real shape, 5 000 weeks in a table or chart). On each, in process, medians of 5 runs:
``zwdesk stats`` by week and by month to the screen, into .xlsx and into .png; the 统计
window opened (first opening, with QtCharts loaded, and again); its PNG and Excel export.
Offscreen unless DISPLAY is set. Goal (issue 10): the window opens in ≤ 200 ms.
"""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_data import build_database, build_weekly_years  # noqa: E402

from zwdesk import cli  # noqa: E402
from zwdesk.app.main import make_application  # noqa: E402
from zwdesk.app.qt import QApplication  # noqa: E402
from zwdesk.store.database import open_database  # noqa: E402

RUNS = 5
WEEKS_A_YEAR = 52.18


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def cli_stats(db: Path, *args: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["--db", str(db), "stats", *args]) == 0


def open_view():  # noqa: ANN201 - a StatsView
    from zwdesk.app.statsview import StatsView

    view = StatsView(None, lambda title, text: print(title, text))
    view.dialog.show()
    QApplication.processEvents()  # laid out and painted
    return view


def bench(name: str, db: Path, folder: Path) -> None:
    print(f"{name}:")
    for by in ("week", "month"):
        ms = median_ms(lambda: cli_stats(db, "--by", by))  # noqa: B023 - used at once
        print(f"  stats --by {by} (screen)\t{ms:.0f} ms")
    for suffix in (".xlsx", ".png"):
        target = folder / f"stats{suffix}"
        ms = median_ms(lambda: cli_stats(db, "-o", str(target)))  # noqa: B023 - used at once
        print(f"  stats --by week -o {suffix}\t{ms:.0f} ms ({target.stat().st_size // 1024} KB)")
    open_database(db)
    start = time.perf_counter()
    view = open_view()
    first = (time.perf_counter() - start) * 1000
    view.dialog.close()
    again = median_ms(lambda: open_view().dialog.close())
    print(f"  统计 window opened\t{first:.0f} ms first, {again:.0f} ms again "
          f"({sum(len(s.points) for c in view.charts for s in c.series)} points)")
    from zwdesk.app.charts import write_png
    from zwdesk.core.statsbook import write_charts_xlsx

    png = median_ms(lambda: write_png(folder / "view.png", view.charts))
    xlsx = median_ms(lambda: write_charts_xlsx(folder / "view.xlsx", view.charts))
    print(f"  window export\t.png {png:.0f} ms, .xlsx {xlsx:.0f} ms")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 5000
    make_application()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv \
            else Path(name)
        folder.mkdir(parents=True, exist_ok=True)
        clumped, weekly = folder / "clumped.sqlite3", folder / "weekly.sqlite3"
        years = round(count / WEEKS_A_YEAR)
        start = time.perf_counter()
        build_database(clumped, count)
        build_weekly_years(weekly, 2100 - years, years)
        print(f"{count} issues, two databases built in {time.perf_counter() - start:.0f} s")
        bench(f"bench_data.build_database ({count} issues, 500 a year)", clumped, folder)
        bench(f"bench_data.build_weekly_years ({years} years of weeks)", weekly, folder)


if __name__ == "__main__":
    main()
