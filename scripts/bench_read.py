"""Reading speed of the reader: files per second for .docx, and for .doc through LibreOffice
with one office process for the whole batch.

    python scripts/bench_read.py [docx_count] [doc_count]

Exports ``docx_count`` issues (default 200: the sample with other numbers, periods and 版记
settings), reads them all back with read_document and checks each against its issue; then
converts ``doc_count`` of them (default 40) to .doc with one LibreOffice run and times
convert_to_docx_many (one run for the batch) plus reading the converted files.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zwdesk.core.exchange import read_issue  # noqa: E402
from zwdesk.core.office import convert_batch_with_libreoffice, find_soffice  # noqa: E402
from zwdesk.core.reader import convert_to_docx_many, read_document  # noqa: E402
from zwdesk.operations import write_bulletin  # noqa: E402

SAMPLE = ROOT / "resources" / "sample-2023-09.json"


def issues(count: int) -> list[dict]:
    base = read_issue(SAMPLE)
    out = []
    for index in range(count):
        issue = read_issue(SAMPLE)
        shift = dt.timedelta(weeks=index % 50)
        issue.update(number=index % 999 + 1, serial=base["serial"] + index,
                     issue_date=base["issue_date"] + shift)
        issue["period"] = {"start": base["period"]["start"] + shift,
                           "end": base["period"]["end"] + shift}
        issue["distribution"].pop("recipients", None)
        out.append(issue)
    return out


def main(docx_count: int = 200, doc_count: int = 40) -> None:
    with tempfile.TemporaryDirectory(prefix="zwdesk-bench-read-") as work:
        folder = Path(work)
        expected = issues(docx_count)
        paths = [folder / f"{i}.docx" for i in range(docx_count)]
        for index, (issue, path) in enumerate(zip(expected, paths, strict=True)):
            write_bulletin(issue, path, even_page=index % 2 == 1)
        start = time.perf_counter()
        results = [read_document(path) for path in paths]
        seconds = time.perf_counter() - start
        assert all(r.issue == e for r, e in zip(results, expected, strict=True))
        print(f".docx: {docx_count} files in {seconds:.2f} s = {docx_count / seconds:.0f} files/s")
        if find_soffice() is None:
            print(".doc: skipped (LibreOffice not found)")
            return
        docs_folder = folder / "doc"
        docs_folder.mkdir()
        made = convert_batch_with_libreoffice(paths[:doc_count], docs_folder, "doc")
        docs = [made[path] for path in paths[:doc_count]]
        out = folder / "converted"
        out.mkdir()
        start = time.perf_counter()
        converted = convert_to_docx_many(docs, out)
        middle = time.perf_counter()
        read = [read_document(converted[doc]) for doc in docs]
        end = time.perf_counter()
        assert all(r.issue == e for r, e in zip(read, expected[:doc_count], strict=True))
        print(f".doc: {doc_count} files in {end - start:.2f} s = "
              f"{doc_count / (end - start):.1f} files/s (one LibreOffice run converting: "
              f"{middle - start:.2f} s, reading: {end - middle:.2f} s)")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
