"""Time what the user waits for when exporting: the whole `zwdesk export` command.

    python scripts/bench_export.py [runs]

In the same run, interleaved: the whole command `zwdesk export 2023-9 -o F.docx` (the installed
`zwdesk` script beside this Python if there is one, else `python -m zwdesk`), bare
`python -c "import docx"` (python-docx must load to write a .docx), `python -c "import docx,
peewee"` (the real floor: the command reads the database through peewee as well), and, in
process, compose + render of the sample alone. Goals: the command at most 1.3 × the bare import
of python-docx, and the rendering at most 0.15 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zwdesk.core.bulletin import compose  # noqa: E402
from zwdesk.core.docx_render import render_docx  # noqa: E402
from zwdesk.core.exchange import read_issue  # noqa: E402

RATIO_GOAL = 1.3
RENDER_GOAL = 0.15  # seconds
SAMPLE = ROOT / "resources" / "sample-2023-09.json"


def _zwdesk() -> list[str]:
    script = Path(sys.executable).with_name("zwdesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "zwdesk"]


def _wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def time_command(runs: int, folder: Path) -> tuple[list[float], list[float], list[float]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    db, target = folder / "bench.sqlite3", folder / "bulletin.docx"
    subprocess.run([*_zwdesk(), "--db", str(db), "sample"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    export = [*_zwdesk(), "--db", str(db), "export", "2023-9", "-o", str(target)]
    bare = [sys.executable, "-c", "import docx"]
    floor = [sys.executable, "-c", "import docx, peewee"]
    commands, imports, floors = [], [], []
    for _ in range(runs):  # interleaved, so all see the same machine load
        commands.append(_wall(export, env))
        imports.append(_wall(bare, env))
        floors.append(_wall(floor, env))
    return commands, imports, floors


def time_renders(runs: int, folder: Path) -> list[float]:
    issue = read_issue(SAMPLE)
    target = folder / "rendered.docx"
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        render_docx(compose(issue), target)
        timings.append(time.perf_counter() - start)
    return timings


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        commands, imports, floors = time_command(runs, folder)
        renders = time_renders(runs * 2, folder)
    command, bare = statistics.median(commands), statistics.median(imports)
    floor = statistics.median(floors)
    ratio = command / bare
    render = statistics.median(renders)
    print(f"`{' '.join(Path(p).name for p in _zwdesk())} export`, {runs} runs: median "
          f"{command * 1000:.0f} ms; `python -c \"import docx\"`: median {bare * 1000:.0f} ms; "
          f"ratio {ratio:.2f} (goal ≤ {RATIO_GOAL})")
    print(f"`python -c \"import docx, peewee\"` (what any export must load): median "
          f"{floor * 1000:.0f} ms, ratio {floor / bare:.2f}; the command over that floor: "
          f"{(command - floor) * 1000:.0f} ms")
    print(f"compose + render of the sample in process: median {render * 1000:.1f} ms "
          f"(goal ≤ {RENDER_GOAL * 1000:.0f} ms)")
    return 0 if ratio <= RATIO_GOAL and render <= RENDER_GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
