"""Time the OFD export of the sample as the user waits for it: the whole command.

    python scripts/bench_ofd.py [runs]

In the same run, interleaved: the whole command `zwdesk export 2023-9 -o F.ofd` (the installed
`zwdesk` script beside this Python if there is one, else `python -m zwdesk`) and `zwdesk export
2023-9 -o F.docx` for comparison; then, in process, the parts of an OFD export: the page model
(compose + layout + positions), looking for the official fonts (fc-list), and writing the
package; and the same export with four free TrueType fonts standing in for installed official
fonts, so that four subsets are made and embedded (what a machine with the official fonts
pays; skipped where fonts-arphic-gbsn00lp is missing). Goal: the command at most 0.5 s. The
processor time of each command is shown beside its wall time: on a machine busy with other
work the wall time says more about the others.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zwdesk import __version__  # noqa: E402
from zwdesk.core import fontfiles, ofd  # noqa: E402
from zwdesk.core import pages as pg  # noqa: E402
from zwdesk.core.bulletin import compose  # noqa: E402
from zwdesk.core.exchange import read_issue  # noqa: E402

GOAL = 0.5  # seconds
SAMPLE = ROOT / "resources" / "sample-2023-09.json"
STAND_IN = Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")


def _zwdesk() -> list[str]:
    script = Path(sys.executable).with_name("zwdesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "zwdesk"]


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The wall time of ``command`` and the processor time it and its children used (which a
    machine busy with other work inflates far less)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def time_commands(runs: int, folder: Path) -> dict[str, list[tuple[float, float]]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    db = folder / "bench.sqlite3"
    subprocess.run([*_zwdesk(), "--db", str(db), "sample"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    export = [*_zwdesk(), "--db", str(db), "export", "2023-9", "-o"]
    timings: dict[str, list[tuple[float, float]]] = {".ofd": [], ".docx": []}
    for _ in range(runs):  # interleaved, so both see the same machine load
        for suffix, found in timings.items():
            found.append(_run([*export, str(folder / f"bulletin{suffix}")], env))
    return timings


def _median_ms(work: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def stand_ins(used: dict[str, set[str]]) -> dict[str, bytes]:
    """Every font found 'installed' as the same free TrueType font: four subsets made."""
    file = fontfiles.FontFile(STAND_IN)
    return {name: fontfiles.subset(file, chars) for name, chars in used.items()
            if name != "宋体"}


def no_fonts(used: dict[str, set[str]]) -> dict[str, bytes]:
    return {}


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    issue = read_issue(SAMPLE)
    with tempfile.TemporaryDirectory() as name:
        timings = time_commands(runs, Path(name))
    wall = {suffix: statistics.median(w for w, _ in found) for suffix, found in timings.items()}
    cpu = {suffix: statistics.median(c for _, c in found) for suffix, found in timings.items()}
    command = wall[".ofd"]
    print(f"`{' '.join(Path(p).name for p in _zwdesk())} export 2023-9 -o F.ofd`, {runs} runs: "
          f"median {command * 1000:.0f} ms (goal ≤ {GOAL * 1000:.0f} ms), processor time "
          f"{cpu['.ofd'] * 1000:.0f} ms; the same to .docx: {wall['.docx'] * 1000:.0f} ms, "
          f"processor time {cpu['.docx'] * 1000:.0f} ms; load average "
          f"{os.getloadavg()[0]:.1f}")

    def model() -> None:
        bulletin = compose(issue)
        pg.printed_pages(bulletin, pg.layout(bulletin))

    names = [name for name, _ in ofd.FONTS.values()]

    def package(embed: ofd.Embedder) -> bytes:
        return ofd.ofd_bytes(issue, version=__version__, embed=embed)

    print(f"in process, medians: the page model with positions {_median_ms(model, runs):.0f} ms; "
          "looking for the official fonts "
          f"{_median_ms(lambda: fontfiles.official_font_files(names), runs):.0f} ms; "
          "the whole package (fonts not looked for) "
          f"{_median_ms(lambda: package(no_fonts), runs):.0f} ms, "
          f"{len(package(no_fonts)) / 1024:.0f} KB")
    if STAND_IN.is_file():
        embedded = _median_ms(lambda: package(stand_ins), runs)
        print(f"with four official fonts installed (stand-ins) and embedded as subsets: "
              f"{embedded:.0f} ms, {len(package(stand_ins)) / 1024:.0f} KB")
    return 0 if command <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
