"""Several editors on one archive at once: are edits ever lost?

    python scripts/bench_team.py --db URL|FILE [--editors N] [--seconds S] [--issues K]
                                 [--no-check]

N processes edit the items of the same K issues (the newest ones; the sample and the weeks
after it are added when there are fewer) through the store, as the app does: each reads the
versions of the issue's parts and an item's text, writes a new text against that version
(zwdesk.store.versions.checked), and reads back what it wrote. A write refused because the
part changed meanwhile is a conflict detected (the app keeps the typed text and says so).

A lost update is a stored write that a later stored write of the same part overwrote without
having seen it: its version was read before the first was stored. They are counted from the
editors' logs (every stored write: the part, the version it was made against, the version it
made), and the archive's items are checked at the end to hold the last stored write's text.
``--no-check`` makes the same writes without the check, to show that the count finds them.

The last line: ``editors N, writes W, conflicts detected C, lost updates L, p95 write ms P``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Write = tuple[str, int, int, int, str, float]  # part, entry id, made against, made, text, ms


def _prepare(location: str, count: int) -> list[int]:
    """The ids of the ``count`` newest issues, adding weeks after the sample if needed."""
    from zwdesk.core.exchange import read_issue
    from zwdesk.core.nextissue import next_issue
    from zwdesk.operations import sample_path
    from zwdesk.store.database import open_database
    from zwdesk.store.issues import latest_issue, list_issues, load_issue, save_issue

    db = open_database(location)
    try:
        if latest_issue() is None:
            save_issue(read_issue(sample_path()))
        while len(list_issues()) < count:
            save_issue(next_issue(load_issue(latest_issue())))
        return [issue.id for issue in list_issues()[:count]]
    finally:
        db.close()


def _editor(location: str, name: str, issue_ids: list[int], seconds: float, check: bool,
            seed: int, results: multiprocessing.Queue) -> None:
    from zwdesk.store import editing, user, versions
    from zwdesk.store.database import DatabaseWriteError, database_errors, open_database
    from zwdesk.store.models import Section, TextEntry

    rng = random.Random(seed)
    db = open_database(location)
    user.set_user(name)
    entries = {issue_id: list(TextEntry.select(TextEntry.id, TextEntry.section)
                              .join(Section).where(Section.issue == issue_id).tuples())
               for issue_id in issue_ids}
    stored: list[Write] = []
    conflicts = mismatches = failed = 0
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        issue_id = rng.choice(issue_ids)
        entry_id, section_id = rng.choice(entries[issue_id])
        part = versions.section_part(section_id)
        against = versions.read_versions(issue_id).of(part)
        count += 1
        text = f"{name} 第{count}次修改。"
        start = time.perf_counter()
        try:
            with database_errors(), versions.checked(issue_id, {part: against} if check
                                                     else {}) as made:
                editing.update_row(TextEntry, entry_id, text=text)
        except versions.StaleWriteError:
            conflicts += 1
            continue
        except DatabaseWriteError:  # waited too long for the others (locked): nothing stored
            failed += 1
            continue
        elapsed = (time.perf_counter() - start) * 1000
        stored.append((part, entry_id, against, made, text, elapsed))
        if TextEntry.get_by_id(entry_id).text != text:  # read back: overwritten at once
            mismatches += 1
    db.close()
    results.put((stored, conflicts, mismatches, failed))


def lost_updates(writes: list[Write]) -> int:
    """Stored writes overwritten by a later stored write of the same part that was made
    against a version older than theirs (it never saw them)."""
    by_part: dict[str, list[Write]] = {}
    for write in writes:
        by_part.setdefault(write[0], []).append(write)
    lost = 0
    for part_writes in by_part.values():
        part_writes.sort(key=lambda w: w[3])
        lost += sum(1 for before, after in zip(part_writes, part_writes[1:], strict=False)
                    if after[2] < before[3])
    return lost


def _final_texts_wrong(location: str, writes: list[Write]) -> int:
    """Items whose stored text is not the one of their last stored write."""
    from zwdesk.store.database import open_database
    from zwdesk.store.models import TextEntry

    last: dict[int, Write] = {}
    for write in sorted(writes, key=lambda w: w[3]):
        last[write[1]] = write
    db = open_database(location)
    try:
        return sum(1 for entry_id, write in last.items()
                   if TextEntry.get_by_id(entry_id).text != write[4])
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a database file or a postgresql:// URL")
    parser.add_argument("--editors", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--issues", type=int, default=3, help="how many issues are edited")
    parser.add_argument("--no-check", dest="check", action="store_false",
                        help="write without the version check (to see lost updates counted)")
    args = parser.parse_args(argv)
    issue_ids = _prepare(args.db, args.issues)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    editors = [context.Process(target=_editor, args=(
        args.db, f"编辑{n + 1}", issue_ids, args.seconds, args.check, n, results))
        for n in range(args.editors)]
    for editor in editors:
        editor.start()
    outcomes = [results.get(timeout=args.seconds + 300) for _ in editors]
    for editor in editors:
        editor.join()
    writes = [write for stored, *_ in outcomes for write in stored]
    conflicts = sum(outcome[1] for outcome in outcomes)
    mismatches = sum(outcome[2] for outcome in outcomes)
    failed = sum(outcome[3] for outcome in outcomes)
    times = sorted(write[5] for write in writes)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else (times or [0])[0]
    lost = lost_updates(writes)
    print(f"writes refused for a lock held too long: {failed}; "
          f"read back overwritten at once: {mismatches}; items not holding their last stored "
          f"write: {_final_texts_wrong(args.db, writes)}; median write ms "
          f"{statistics.median(times) if times else 0:.1f}")
    print(f"editors {args.editors}, writes {len(writes)}, conflicts detected {conflicts}, "
          f"lost updates {lost}, p95 write ms {p95:.1f}")
    return 0 if lost == 0 or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
