"""The whole archive out to one file and back in (the file's shape: core/archivefile.py).

Out: every issue in the exchange format (read a batch at a time, so memory does not grow with
the archive), its status and its revision history, the unit registry, every submission with its
items' states and where each was adopted (issue, section as ``3.2``, entry number), and the
settings. In: checked whole first, then stored in one transaction: issues by the rules of
``import`` (a taken number is a conflict unless ``replace``; an identical one is not new) with
the history the file holds for them, units and submissions that are new, their adoption links,
settings not yet set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from zwdesk import __version__
from zwdesk.core import atomic
from zwdesk.core.archivefile import (
    ArchiveError,
    ArchiveReader,
    ArchiveWriter,
    history_member,
    issue_member,
)
from zwdesk.core.errors import ZwdeskError
from zwdesk.core.unitnames import unit_name
from zwdesk.store import history, migrations
from zwdesk.store.history import HistoryEntry, histories
from zwdesk.store.inbox import find_place
from zwdesk.store.issues import find_issue, issue_words, load_issue, load_issues, save_issue
from zwdesk.store.models import (
    STATUS_DRAFT,
    Issue,
    Section,
    Setting,
    Submission,
    SubmittedItem,
    TextEntry,
    Unit,
    database,
)

BATCH = 200  # issues read at a time
UNIT_KEYS = ("name", "contact", "phone", "position")
SUBMISSION_KEYS = ("author", "phone", "source", "fingerprint")
ITEM_KEYS = ("position", "text", "topic", "state", "reason")
KEPT_SETTINGS = {migrations.SCHEMA_VERSION_KEY}  # the target's own, never taken from a file


# --- out ---


def write_archive(target: Path) -> dict[str, int]:
    """Write the whole archive to ``target`` (atomically); the counts written."""
    counts: dict[str, int] = {}

    def write(path: Path) -> None:
        with open(path, "wb") as stream:
            writer = ArchiveWriter(stream)
            with database.atomic():  # one consistent view of everything
                index = [_write_issue(writer, *issue) for issue in _issues()]
                writer.add_json("issues.json", index)
                inbox = inbox_data()
                writer.add_json("inbox.json", inbox)
                writer.add_json("settings.json", settings_data())
            counts.update(issues=len(index), units=len(inbox["units"]),
                          submissions=len(inbox["submissions"]),
                          items=sum(len(s["items"]) for s in inbox["submissions"]),
                          history=sum(entry.pop("lines") for entry in index))
            writer.finish(__version__, counts)

    atomic.write_atomic(Path(target), write)
    return counts


def _issues() -> Iterator[tuple[dict[str, Any], str, list[HistoryEntry]]]:
    """Every issue: its dict, its status and its history (read a batch at a time)."""
    last_id = 0
    while True:
        batch = list(Issue.select().where(Issue.id > last_id).order_by(Issue.id).limit(BATCH))
        if not batch:
            return
        lines = histories([issue.id for issue in batch])
        for data, issue in zip(load_issues(batch), batch, strict=True):
            yield data, issue.status, lines.get(issue.id, [])
        last_id = batch[-1].id


def _write_issue(writer: ArchiveWriter, data: dict[str, Any], status: str,
                 lines: list[HistoryEntry]) -> dict[str, Any]:
    """The issue's member, and its history's when it has one; its entry in issues.json (with
    how many lines, taken out before it is written)."""
    from zwdesk.core.exchange import issue_to_data

    name = issue_member(data["year"], data["number"])
    writer.add_json(name, issue_to_data(data))
    entry: dict[str, Any] = {"file": name, "status": status}
    if lines:
        entry["history"] = history_member(data["year"], data["number"])
        writer.add_json(entry["history"], [_line_data(line) for line in lines])
    return {**entry, "lines": len(lines)}


HISTORY_KEYS = ("user", "place", "old", "new")


def _line_data(line: HistoryEntry) -> dict[str, str]:
    return {"at": line.at.isoformat(), **{key: getattr(line, key) for key in HISTORY_KEYS}}


def _history_lines(value: Any, name: str) -> list[HistoryEntry]:  # noqa: ANN401 - JSON
    """An issue's history member read back; ArchiveError naming it when it is not a list of
    lines of the format (resources/archive-format-v1.md)."""
    lines = []
    for line in _list(value, name):
        try:
            lines.append(HistoryEntry(dt.datetime.fromisoformat(line["at"]),
                                      *(_string(line[key]) for key in HISTORY_KEYS)))
        except (KeyError, TypeError, ValueError) as exc:
            raise ArchiveError(f"{name} 的第{len(lines) + 1}行不完整或有误 (bad line: {exc!r})") \
                from None
    return lines


def _string(value: Any) -> str:  # noqa: ANN401 - a JSON value
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def inbox_data() -> dict[str, Any]:
    """The unit registry and every submission with its items, states and adoption places."""
    units = {u.id: u for u in Unit.select().order_by(Unit.position, Unit.id)}
    adopted = _adoption_places()
    items: dict[int, list[dict[str, Any]]] = {}
    for item in SubmittedItem.select().order_by(SubmittedItem.submission,
                                                SubmittedItem.position):
        items.setdefault(item.submission_id, []).append({
            **{key: getattr(item, key) for key in ITEM_KEYS},
            "decided_at": _text(item.decided_at), "adopted": adopted.get(item.id)})
    return {
        "units": [{key: getattr(u, key) for key in UNIT_KEYS} for u in units.values()],
        "submissions": [{
            "unit": units[s.unit_id].name, **{key: getattr(s, key) for key in SUBMISSION_KEYS},
            "date": s.date.isoformat(), "received_at": _text(s.received_at),
            "items": items.get(s.id, [])} for s in Submission.select().order_by(Submission.id)],
    }


def _text(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _adoption_places() -> dict[int, dict[str, Any]]:
    """Where each adopted item stands, by item id: the issue, the place (3 or 3.2, numbers as
    printed) and the entry's number in its section (from 1)."""
    linked = list(TextEntry.select(TextEntry.id, TextEntry.section, TextEntry.position,
                                   TextEntry.submitted_item)
                  .where(TextEntry.submitted_item.is_null(False)))
    if not linked:
        return {}
    issue_ids = {s.issue_id for s in Section.select(Section.issue).where(
        Section.id.in_({e.section_id for e in linked}))}
    places = _places(issue_ids)
    orders = _entry_numbers({e.section_id for e in linked})
    issues = {i.id: _key(i) for i in Issue.select().where(Issue.id.in_(issue_ids))}
    result = {}
    for entry in linked:
        issue_id, place = places[entry.section_id]
        result[entry.submitted_item_id] = {"issue": issues[issue_id], "place": place,
                                           "entry": orders[entry.id]}
    return result


def _key(issue: Issue) -> str:
    return f"{issue.year}-{issue.number}"


def _places(issue_ids: set[int]) -> dict[int, tuple[int, str]]:
    """Each section of these issues: (its issue, its place as ``3`` or ``3.2``)."""
    children: dict[tuple[int, int | None], list[Section]] = {}
    for section in Section.select().where(Section.issue.in_(issue_ids)) \
            .order_by(Section.position, Section.id):
        children.setdefault((section.issue_id, section.parent_id), []).append(section)
    places = {}
    for issue_id in issue_ids:
        for n, top in enumerate(children.get((issue_id, None), []), 1):
            places[top.id] = (issue_id, str(n))
            for m, sub in enumerate(children.get((issue_id, top.id), []), 1):
                places[sub.id] = (issue_id, f"{n}.{m}")
    return places


def _entry_numbers(section_ids: set[int]) -> dict[int, int]:
    numbers, counter = {}, {}
    for entry in TextEntry.select(TextEntry.id, TextEntry.section).where(
            TextEntry.section.in_(section_ids)).order_by(TextEntry.position, TextEntry.id):
        counter[entry.section_id] = counter.get(entry.section_id, 0) + 1
        numbers[entry.id] = counter[entry.section_id]
    return numbers


def settings_data() -> dict[str, str]:
    return {s.key: s.value for s in Setting.select() if s.key not in KEPT_SETTINGS}


# --- in ---


def import_archive(path: Path, replace: bool = False) -> dict[str, int]:
    """Store an archive file (checked whole first) in one transaction; the counts added."""
    from zwdesk.core.exchange import FormatError, parse_issue

    reader = ArchiveReader(path)
    try:
        index = reader.read_json("issues.json")
        inbox = reader.read_json("inbox.json")
        settings = reader.read_json("settings.json")
        issues = []
        for entry in _list(index, "issues.json"):
            name = entry.get("file") if isinstance(entry, dict) else None
            if name not in reader.manifest["sha256"]:
                raise ArchiveError(f"issues.json 列出的 {name!r} 不在导出文件中 (missing issue)")
            reader.read_json(name)  # checked against the manifest
            try:
                issues.append((parse_issue(reader.read(name), name),
                               entry.get("status", STATUS_DRAFT), _read_history(reader, entry)))
            except FormatError as exc:
                raise ArchiveError(f"{reader.path.name}: {exc}") from exc
    finally:
        reader.close()
    with database.atomic():
        source = Path(path).name
        added = {"issues": sum(_store_issue(*issue, replace, source) for issue in issues)}
        try:
            added.update(_store_inbox(inbox, replace))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ArchiveError(f"{Path(path).name}: inbox.json 的内容不完整或有误，未导入任何数据 "
                               f"(bad inbox.json: {exc!r})") from exc
        _store_settings(settings, replace)
    return added


def _list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise ArchiveError(f"{name} 应为列表 (expected a list)")
    return value


def _read_history(reader: ArchiveReader, entry: dict[str, Any]) -> list[HistoryEntry] | None:
    """The history an issue's entry names; None when it names none (an archive made before
    histories were kept, or an issue without any)."""
    name = entry.get("history")
    if name is None:
        return None
    if not isinstance(name, str) or name not in reader.manifest["sha256"]:
        raise ArchiveError(f"issues.json 列出的 {name!r} 不在导出文件中 (missing history)")
    return _history_lines(reader.read_json(name), name)


def _store_issue(data: dict[str, Any], status: str, lines: list[HistoryEntry] | None,
                 replace: bool, source: str) -> bool:
    """Store an archive's issue with its history (which replaces the one here), and a line
    saying it was imported from ``source``; False for an identical issue, left as it is."""
    existing = find_issue(data["year"], data["number"])
    if existing is not None and load_issue(existing) == data and existing.status == status:
        return False  # the same issue: nothing new
    with history.action(history.IMPORTED) as line:
        issue = save_issue(data, replace=replace)
        Issue.update(status=status).where(Issue.id == issue.id).execute()
        if lines is not None:
            history.drop_lines(issue.id)
            history.add_lines(issue.id, lines)
        line.issue_id, line.new = issue.id, f"{issue_words(issue)} ← {source}"
    return True


def _store_inbox(inbox: Any, replace: bool) -> dict[str, int]:
    if not isinstance(inbox, dict):
        raise ArchiveError("inbox.json 应为对象 (expected an object)")
    units = {u.name: u for u in Unit.select()}
    for unit in _list(inbox.get("units"), "inbox.json units"):
        name = unit_name(unit["name"])  # one unit, one name: an older archive may split one
        if name not in units:
            units[name] = Unit.create(**{**{k: unit[k] for k in UNIT_KEYS}, "name": name})
    added = {"submissions": 0, "items": 0}
    for sub in _list(inbox.get("submissions"), "inbox.json submissions"):
        earlier = Submission.get_or_none(Submission.fingerprint == sub["fingerprint"])
        if earlier is not None and not replace:
            continue  # received here too: its states here stand
        if earlier is not None:
            earlier.delete_instance(recursive=False)  # its items go with it (cascade)
        name = unit_name(sub["unit"])
        if name not in units:
            units[name] = Unit.create(name=name, position=len(units) + 1)
        row = Submission.create(unit=units[name], date=dt.date.fromisoformat(sub["date"]),
                                received_at=dt.datetime.fromisoformat(sub["received_at"]),
                                **{k: sub[k] for k in SUBMISSION_KEYS})
        added["submissions"] += 1
        for item in sub["items"]:
            decided = item.get("decided_at")
            stored = SubmittedItem.create(
                submission=row, decided_at=dt.datetime.fromisoformat(decided) if decided else None,
                **{k: item[k] for k in ITEM_KEYS})
            added["items"] += 1
            if item.get("adopted"):
                _link(stored.id, item["adopted"])
    return added


def _link(item_id: int, adopted: dict[str, Any]) -> None:
    """Link an item to the entry it was adopted as, if that entry is there and unlinked."""
    year, number = (int(part) for part in adopted["issue"].split("-"))
    issue = find_issue(year, number)
    if issue is None:
        return
    try:
        section = find_place(issue, adopted["place"])
    except ZwdeskError:
        return
    entry = (TextEntry.select().where(TextEntry.section == section.id)
             .order_by(TextEntry.position, TextEntry.id).offset(adopted["entry"] - 1).first())
    if entry is not None and entry.submitted_item_id is None:
        TextEntry.update(submitted_item=item_id).where(TextEntry.id == entry.id).execute()


def _store_settings(settings: Any, replace: bool) -> None:
    if not isinstance(settings, dict):
        raise ArchiveError("settings.json 应为对象 (expected an object)")
    for key, value in settings.items():
        if key in KEPT_SETTINGS or not isinstance(value, str):
            continue
        query = Setting.insert(key=key, value=value)
        if replace:
            query = query.on_conflict(conflict_target=[Setting.key],
                                      update={Setting.value: value})
        else:
            query = query.on_conflict_ignore()
        query.execute()

