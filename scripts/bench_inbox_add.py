"""`zwdesk inbox add FOLDER` of filled 报送单 saved as .doc (as WPS and older Word save them):
the whole folder converted in one LibreOffice run, against one run per file (how it was).

    python scripts/bench_inbox_add.py [--forms 20]

Writes the blank form, fills it for N units, saves the N forms as .doc with one LibreOffice run,
then receives the folder into an empty database twice: with receive_files (one run for the
batch, what `inbox add` does) and file by file with receive_file (each .doc converted alone).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _forms(folder: Path, count: int) -> list[Path]:
    from support.builders import fill_form

    from zwdesk.core.office import convert_batch_with_libreoffice
    from zwdesk.core.submission_form import write_blank_form

    blank = folder / "空白.docx"
    write_blank_form(blank)
    filled = [fill_form(blank, folder / f"{n:03}.docx", [("", f"第{n}个单位的信息，办件{n}件。")],
                        unit=f"单位{n}") for n in range(count)]
    saved = folder / "来稿"
    saved.mkdir()
    convert_batch_with_libreoffice(filled, saved, "doc")
    return sorted(saved.iterdir())


def _received(db: Path, receive) -> tuple[float, int]:  # noqa: ANN001
    from zwdesk.store.database import open_database

    database = open_database(db)
    try:
        start = time.perf_counter()
        results = receive()
        seconds = time.perf_counter() - start
    finally:
        database.close()
    return seconds, sum(len(result.items) for result in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=20)
    count = parser.parse_args().forms
    from zwdesk.core.office import find_soffice
    from zwdesk.inboxfiles import receive_file, receive_files

    if find_soffice() is None:
        sys.exit("LibreOffice not found")
    with tempfile.TemporaryDirectory(prefix="zwdesk-bench-inbox-add-") as work:
        folder = Path(work)
        docs = _forms(folder, count)
        batch, items = _received(folder / "batch.sqlite3", lambda: receive_files([docs[0].parent]))
        assert items == count, items
        alone, items = _received(folder / "alone.sqlite3",
                                 lambda: [receive_file(path) for path in docs])
        assert items == count, items
    print(f"inbox add of {count} .doc forms: {batch:.1f} s in one office run "
          f"({count / batch:.1f} forms/s); one run per file: {alone:.1f} s "
          f"({alone / batch:.0f}× longer)")


if __name__ == "__main__":
    main()
