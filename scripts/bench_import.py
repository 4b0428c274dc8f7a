"""How fast a back catalogue goes into the database: ``zwdesk import FOLDER`` of N issues.

Makes N issues (the sample with its own numbers, items dropped or repeated at random so the
documents differ in length), writes each as an exchange file and as the .docx zwdesk exports,
then times the whole command on a new database for each folder (files per second, start-up
included), and in-process the share of reading and of storing.

    python scripts/bench_import.py [--count 200] [--seed 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import copy
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_issues(count: int, seed: int) -> list[dict]:
    from zwdesk.core.exchange import read_issue
    from zwdesk.operations import sample_path

    sample, rng = read_issue(sample_path()), random.Random(seed)
    issues = []
    for index in range(count):
        issue = copy.deepcopy(sample)
        issue.update(year=2000 + index // 50, number=index % 50 + 1, serial=1 + index)
        for section in issue["sections"]:
            for node in [section, *section.get("subsections", [])]:
                items = (node.get("block") or {}).get("items")
                if items:
                    items[:] = rng.choices(items, k=rng.randint(1, len(items) + 2))
        issues.append(_in_year(issue, issue["year"]))
    return issues


def _in_year(value, year: int):  # noqa: ANN001, ANN202 - any part of an issue dict
    import datetime as dt

    if isinstance(value, dict):
        return {key: _in_year(item, year) for key, item in value.items()}
    if isinstance(value, list):
        return [_in_year(item, year) for item in value]
    return value.replace(year=year) if isinstance(value, dt.date) else value


def write_folders(issues: list[dict], folder: Path) -> tuple[Path, Path]:
    from zwdesk.core.exchange import write_issue
    from zwdesk.operations import write_bulletin

    json_folder, docx_folder = folder / "json", folder / "docx"
    json_folder.mkdir()
    docx_folder.mkdir()
    for issue in issues:
        name = f"{issue['year']}-{issue['number']:02d}"
        write_issue(issue, json_folder / f"{name}.json")
        write_bulletin(issue, docx_folder / f"{name}.docx")
    return json_folder, docx_folder


def time_command(folder: Path, work: Path) -> tuple[float, int]:
    """Seconds of ``zwdesk import FOLDER`` on a new database, and the issues imported."""
    db = work / f"{folder.name}.sqlite3"
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "zwdesk", "--db", str(db), "import",
                             str(folder)], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(result.stderr)
    return seconds, result.stdout.count("已导入")


def time_phases(folder: Path, work: Path) -> tuple[float, float]:
    """In-process seconds spent reading and storing the folder's files."""
    from zwdesk.importing import collect_files, read_files, store_read
    from zwdesk.store.database import open_database

    db = open_database(work / f"{folder.name}-phases.sqlite3")
    files, _ = collect_files([folder])
    reading = storing = 0.0
    start = time.perf_counter()
    for read in read_files(files):
        middle = time.perf_counter()
        reading += middle - start
        if read.issue is not None:
            store_read(read)
        start = time.perf_counter()
        storing += start - middle
    db.close()
    return reading, storing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zwdesk-bench-import-") as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        made = time.perf_counter()
        folders = write_folders(make_issues(args.count, args.seed), folder)
        print(f"{args.count} issues written as .json and .docx in "
              f"{time.perf_counter() - made:.1f} s")
        print("kind\tfiles\timported\tcommand s\tfiles/s\tread s\tstore s")
        for source in folders:
            seconds, imported = time_command(source, Path(temp))
            reading, storing = time_phases(source, Path(temp))
            print(f"{source.name}\t{args.count}\t{imported}\t{seconds:.2f}\t"
                  f"{args.count / seconds:.0f}\t{reading:.2f}\t{storing:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
