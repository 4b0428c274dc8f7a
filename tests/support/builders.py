"""Builders shared by the store, exchange and CLI tests (``from support.builders import …``).

Everything here works on the *JSON form* of an issue (dates as ``YYYY-MM-DD`` strings), the
shape of resources/issue-format-v1.md, so a built issue can be written to a file as it is.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import random
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from support.paths import ROOT, SAMPLE_JSON
from zwdesk.core import limits

FORMAT_SPEC = ROOT / "resources" / "issue-format-v1.md"

PUBLICATION = "政务服务工作"
EDITOR = "四川省政府政务服务和公共资源交易服务中心"


# One unit's name as seven units' messages wrote it: a joiner, a word joiner, a zero-width
# space with a byte-order mark and a non-joiner, a no-break space, a full-width space, spaces.
UNIT_NAME = "省医保局窗口"
UNIT_FORMS = ("省医保局窗口", "省医保局\u200d窗口", "省医保局\u2060窗口",
              "\ufeff省医保局\u200b窗口\u200c", "省医保局\u00a0窗口", "省医保局\u3000窗口",
              " 省医保局 窗口\t")


def sample_data() -> dict[str, Any]:
    """The sample issue 2023年第9期 as loaded JSON (a fresh copy each call)."""
    return json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))


# --- blocks ---


def window_block(week: tuple[int, int, int, int] = (815, 168, 1185, 1682),
                 ytd: tuple[int, int, int, int] = (4281, 1545, 11620, 29266)) -> dict[str, Any]:
    keys = ("consult", "accept", "issue", "transfer")
    return {"kind": "window_stats", "week": dict(zip(keys, week, strict=True)),
            "year_to_date": dict(zip(keys, ytd, strict=True))}


def department_block(departments: list[str]) -> dict[str, Any]:
    return {"kind": "department_list", "departments": list(departments)}


def items_block(items: list[str]) -> dict[str, Any]:
    return {"kind": "items", "items": list(items)}


def text_block(paragraphs: list[str]) -> dict[str, Any]:
    return {"kind": "text", "paragraphs": list(paragraphs)}


def platform_block(date_from: str = "2023-01-01", date_to: str = "2023-03-10", *,
                   source: str = "四川一体化政务服务平台",
                   licensing: tuple[int, int] = (86756, 87071),
                   public_service: tuple[int, int] = (887013, 821703),
                   other: tuple[int, int, int] = (9, 7389, 7571)) -> dict[str, Any]:
    return {
        "kind": "platform_stats", "source": source, "from": date_from, "to": date_to,
        "licensing": {"accepted": licensing[0], "completed": licensing[1]},
        "public_service": {"accepted": public_service[0], "completed": public_service[1]},
        "other": {"categories": other[0], "accepted": other[1], "completed": other[2]},
    }


def inspection_block(checks: list[tuple[str, str]]) -> dict[str, Any]:
    return {"kind": "inspection",
            "checks": [{"title": title, "finding": finding} for title, finding in checks]}


# --- outline ---


def leaf(title: str, block: dict[str, Any]) -> dict[str, Any]:
    """A section (or subsection) holding one block directly."""
    return {"title": title, "block": block}


def parent(title: str, *subsections: dict[str, Any]) -> dict[str, Any]:
    """A section with subsections (each built with ``leaf``)."""
    return {"title": title, "subsections": list(subsections)}


def make_issue(year: int = 2024, number: int = 1, serial: int = 470, *,
               issue_date: str | None = None, period: tuple[str, str] | None = None,
               sections: list[dict[str, Any]] | None = None,
               distribution: dict[str, Any] | None = None,
               publication: str = PUBLICATION, editor: str = EDITOR) -> dict[str, Any]:
    """A valid issue in JSON form; the outline defaults to one section of each common kind."""
    if sections is None:
        sections = [
            parent("综窗改革攻坚行动",
                   leaf("省本级综窗办件情况", window_block()),
                   leaf("推进情况", items_block(["召开综合窗口改革攻坚专班工作会。"]))),
            leaf("大厅巡查情况", inspection_block([("按时到岗情况", "总体情况良好。")])),
        ]
    if distribution is None:
        distribution = {"report": "中心领导", "send": "各相关省级部门（单位）",
                        "issue": "各部门窗口", "copies": 90}
    return {
        "format": "zwdesk-issue",
        "version": 1,
        "publication": publication,
        "editor": editor,
        "year": year,
        "number": number,
        "serial": serial,
        "issue_date": issue_date or f"{year}-03-21",
        "period": {"start": (period or (f"{year}-03-11", f"{year}-03-15"))[0],
                   "end": (period or (f"{year}-03-11", f"{year}-03-15"))[1]},
        "sections": copy.deepcopy(sections),
        "distribution": copy.deepcopy(distribution),
    }


_WORDS = ["综合窗口", "一件事一次办", "跨省通办", "营商环境", "“好差评”", "《工作方案》",
          "政务服务", "公安厅", "交通运输厅", "省卫生健康委", "🙂", "RB/T214-2017", "（试行）"]
_DEPARTMENTS = ["科技厅", "民政厅", "住房和城乡建设厅", "农业农村厅", "成都海关", "省贸促会"]


def _sentence(rng: random.Random) -> str:
    return "，".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 5))) + "。"


def random_block(rng: random.Random, *, allow_inspection: bool) -> dict[str, Any]:
    kinds = ["window_stats", "department_list", "items", "platform_stats", "text"]
    if allow_inspection:
        kinds.append("inspection")
    kind = rng.choice(kinds)
    count = lambda: rng.choice([0, 1, 7, 99, 12345, 2**40])  # noqa: E731
    if kind == "window_stats":
        return window_block(tuple(count() for _ in range(4)), tuple(count() for _ in range(4)))
    if kind == "department_list":
        return department_block(rng.sample(_DEPARTMENTS, rng.randint(0, len(_DEPARTMENTS))))
    if kind == "items":
        return items_block([_sentence(rng) for _ in range(rng.randint(0, 4))])
    if kind == "text":
        return text_block([_sentence(rng) for _ in range(rng.randint(0, 3))])
    if kind == "platform_stats":
        end = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        return platform_block("2023-01-01", end,
                              licensing=(count(), count()), public_service=(count(), count()),
                              other=(rng.choice([0, 3, 9]), count(), count()))
    return inspection_block([(_sentence(rng), _sentence(rng)) for _ in range(rng.randint(0, 6))])


def random_issue(seed: int) -> dict[str, Any]:
    """A valid issue with a random outline, deterministic for a given seed."""
    rng = random.Random(seed)
    sections = []
    for index in range(rng.randint(1, 12)):
        title = f"标题{index}{rng.choice(_WORDS)}"
        if rng.random() < 0.5:
            sections.append(leaf(title, random_block(rng, allow_inspection=True)))
        else:
            subs = [leaf(f"{title}-{n}", random_block(rng, allow_inspection=False))
                    for n in range(rng.randint(1, 5))]
            sections.append(parent(title, *subs))
    distribution: dict[str, Any] = {
        "report": rng.choice(["中心领导", ""]), "send": rng.choice(["中心各处（室）", ""]),
        "issue": rng.choice(["各部门窗口", ""]), "copies": rng.randint(1, 500),
    }
    if rng.random() < 0.6:
        distribution["recipients"] = [
            {"group": rng.choice("报送发"), "name": rng.choice(_DEPARTMENTS),
             "copies": rng.randint(1, 9)}
            for _ in range(rng.randint(0, 5))
        ]
    year = rng.randint(2000, 2100)
    return make_issue(year, rng.randint(1, 60), rng.randint(1, 5000), sections=sections,
                      distribution=distribution, issue_date=f"{year}-06-30",
                      period=(f"{year}-06-22", f"{year}-06-26"))


# --- files and databases ---


def write_json(path: Path, data: Any, *, ascii_only: bool = False) -> Path:
    """UTF-8 as people write it; ``ascii_only`` escapes (needed for a lone surrogate)."""
    path.write_text(json.dumps(data, ensure_ascii=ascii_only, indent=1), encoding="utf-8")
    return path


def fill_form(blank: Path, target: Path, items: list[tuple[str, str]],
              unit: str = "省公安厅窗口", date: str = "2023年3月16日") -> Path:
    """A blank 报送单 (``zwdesk form``) filled in as a unit fills it: type over the prompts of
    the fields, then one row per (topic, text) item (Tab adds rows)."""
    import docx

    document = docx.Document(str(blank))
    values = (unit, "李强", "028-86001234", date)
    for row, value in zip(document.tables[0].rows, values, strict=True):
        row.cells[1].paragraphs[0].runs[0].text = value
    table = document.tables[1]
    while len(table.rows) - 1 < len(items):
        table._tbl.append(copy.deepcopy(table.rows[-1]._tr))
    for row, (topic, text) in zip(table.rows[1:], items, strict=False):
        for cell, value in ((row.cells[1], topic), (row.cells[2], text)):
            paragraph = cell.paragraphs[0]
            for run_ in paragraph.runs:
                run_.text = ""
            paragraph.add_run(value)
    document.save(str(target))
    return target


def db_snapshot(path: Any) -> dict[str, list[tuple]]:
    """Every row of every table of zwdesk.store.models.ALL_MODELS, in rowid (on a server:
    primary key) order, of a database file or a server database (a ServerLocation).

    Read through a connection of its own, independent of the models' database binding.
    """
    from zwdesk.store.models import ALL_MODELS

    if not isinstance(path, Path):
        return _server_snapshot(path, ALL_MODELS)
    connection = sqlite3.connect(str(path))
    try:
        return {
            model._meta.table_name: connection.execute(
                f'SELECT * FROM "{model._meta.table_name}" ORDER BY rowid').fetchall()
            for model in ALL_MODELS
        }
    finally:
        connection.close()


def db_execute(path: Any, sql: str) -> None:
    """Run one statement on a database file or server database through a connection of its
    own, as another program would (committed at once)."""
    if isinstance(path, Path):
        connection = sqlite3.connect(str(path))
        connection.execute("PRAGMA foreign_keys = ON")  # as zwdesk's own connections
        with connection:
            connection.execute(sql)
        connection.close()
        return
    import psycopg

    with psycopg.connect(**path.connect_params(), autocommit=True) as connection:
        connection.execute(sql)


def query_elsewhere(path: Any, sql: str) -> list[list[Any]]:
    """The rows of ``sql`` as another process reads them: a file through sqlite3, a server
    database (its URL) through psycopg."""
    import subprocess

    script = ("import json, sys\n"
              "where, sql = sys.argv[1], sys.argv[2]\n"
              "if '://' in where:\n    import psycopg; c = psycopg.connect(where)\n"
              "else:\n    import sqlite3; c = sqlite3.connect(where)\n"
              "print(json.dumps(c.execute(sql).fetchall(), default=str))")
    out = subprocess.run([sys.executable, "-c", script, str(path), sql], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def _server_snapshot(location: Any, models: list[Any]) -> dict[str, list[tuple]]:
    import psycopg

    with psycopg.connect(**location.connect_params()) as connection:
        return {model._meta.table_name: connection.execute(
            f'SELECT * FROM "{model._meta.table_name}" ORDER BY 1').fetchall()
            for model in models}


def row_counts(path: Any) -> dict[str, int]:
    return {table: len(rows) for table, rows in db_snapshot(path).items()}


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment for a zwdesk subprocess: the source tree importable, no real user folders."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ZWDESK_DB")}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(PYTHONPATH=str(ROOT), HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               ZWDESK_DB=str(tmp_path / "env-default.sqlite3"), PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def run_main(db: Path, capsys, *args: str) -> tuple[int, list[str], str]:  # noqa: ANN001
    """``zwdesk --db DB ARGS`` in this process: (exit status, the lines of standard output,
    standard error) — capsys is pytest's fixture."""
    from zwdesk import cli

    status = cli.main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def modules_loaded_by(tmp_path: Path, *args: str) -> tuple[str, set[str]]:
    """Run ``cli.main(ARGS)`` in a fresh Python; return its exit code (as printed) and every
    module it loaded, for the tests that hold a command to what it needs."""
    import subprocess

    script = ("import sys; from zwdesk import cli; "
              f"code = cli.main({list(args)!r}); print(code, *sorted(sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], env=cli_env(tmp_path),
                         capture_output=True, text=True, check=True).stdout.splitlines()
    code, *modules = out[-1].split()
    return code, set(modules)


def run_cli(tmp_path: Path, *args: str, env: dict[str, str] | None = None):
    """Run ``python -m zwdesk ARGS`` in a subprocess; return the CompletedProcess."""
    import subprocess

    return subprocess.run([sys.executable, "-m", "zwdesk", *args], cwd=tmp_path,
                          env=env or cli_env(tmp_path), capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


# --- bad input: the cases every reader of an exchange file must refuse ---

DELETE = object()  # as a value in BadCase.changes: remove the key
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    return [m[1] if m[1] is not None else int(m[2]) for m in _STEP.finditer(path)]


def set_at(data: Any, path: str, value: Any) -> None:
    """Set (or, with DELETE, remove) the value at an error-message path like ``a.b[0].c``."""
    *head, last = _steps(path)
    for step in head:
        data = data[step]
    if value is DELETE:
        del data[last]
    else:
        data[last] = value


# Outline of the sample: where its blocks are.
WINDOW = "sections[0].subsections[0].block"
DEPARTMENTS = "sections[0].subsections[1].block"
ITEMS = "sections[0].subsections[2].block"
PLATFORM = "sections[1].block"
INSPECTION = "sections[3].block"
RECIPIENTS = [{"group": "报", "name": "中心领导", "copies": 4},
              {"group": "送", "name": "民政厅", "copies": 1}]


@dataclass(frozen=True)
class BadCase:
    id: str
    path: str  # the offending path the one message must name; "" for the file as a whole
    fragment: str  # part of the problem the message must state
    changes: tuple[tuple[str, Any], ...] = ()  # applied to the sample, in order
    raw: bytes | None = None  # the file's bytes instead, for files that are no issue at all

    def content(self) -> bytes:
        if self.raw is not None:
            return self.raw
        data = sample_data()
        for path, value in self.changes:
            set_at(data, path, value if value is DELETE else copy.deepcopy(value))
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _sample_text_with(old: str, new: str) -> bytes:
    text = SAMPLE_JSON.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


# The database these cases are imported into already holds TAKEN (2023年第8期, 总第428期).
TAKEN = (2023, 8, 428)

BAD_CASES = [
    # files that are no issue at all
    BadCase("not-json", "", "not JSON", raw=b'{"format": "zwdesk-issue", "version": 1,'),
    BadCase("trailing-garbage", "", "not JSON", raw=SAMPLE_JSON.read_bytes() + b"}"),
    BadCase("empty-file", "", "empty file", raw=b""),
    BadCase("blank-file", "", "empty file", raw=b" \r\n\t\n"),
    BadCase("binary-file", "", "not UTF-8", raw=bytes(range(256)) * 8),
    BadCase("png-file", "", "not UTF-8", raw=b"\x89PNG\r\n\x1a\n" + bytes(200)),
    BadCase("utf16-file", "", "not UTF-8", raw=SAMPLE_JSON.read_text("utf-8").encode("utf-16")),
    BadCase("json-array", "", "expected an object", raw=b"[1, 2]"),
    BadCase("json-null", "", "expected an object", raw=b"null"),
    BadCase("json-string", "", "expected an object", raw=b'"zwdesk-issue"'),
    BadCase("deep-nesting", "", "nested too deeply", raw=b"[" * 200_000),
    BadCase("5000-digit-number", "", "not JSON", raw=b'{"year": ' + b"9" * 5000 + b"}"),
    # format and version
    BadCase("version-2", "version", "newer", (("version", 2),)),
    BadCase("version-2-with-new-keys", "version", "newer",
            (("version", 2), ("annotations", []), ("sections", "anything"))),
    BadCase("version-0", "version", "must be ≥ 1", (("version", 0),)),
    BadCase("version-string", "version", "expected an integer, got string", (("version", "1"),)),
    BadCase("version-float", "version", "whole number", (("version", 1.0),)),
    BadCase("version-bool", "version", "expected an integer, got boolean", (("version", True),)),
    BadCase("version-missing", "version", "missing key", (("version", DELETE),)),
    BadCase("format-wrong", "format", "zwdesk-issue", (("format", "zwdesk-bulletin"),)),
    BadCase("format-missing", "format", "missing key", (("format", DELETE),)),
    # unknown and missing keys
    BadCase("unknown-top-key", "remarks", "unknown key", (("remarks", "草稿"),)),
    BadCase("missing-serial", "serial", "missing key", (("serial", DELETE),)),
    BadCase("missing-distribution", "distribution", "missing key", (("distribution", DELETE),)),
    BadCase("unknown-count-key", f"{WINDOW}.week.visits", "unknown key",
            ((f"{WINDOW}.week.visits", 3),)),
    BadCase("missing-count", f"{WINDOW}.week.consult", "missing key",
            ((f"{WINDOW}.week.consult", DELETE),)),
    BadCase("unknown-section-key", "sections[1].note", "unknown key", (("sections[1].note", ""),)),
    BadCase("unknown-period-key", "period.days", "unknown key", (("period.days", 5),)),
    BadCase("unknown-distribution-key", "distribution.cc", "unknown key",
            (("distribution.cc", "x"),)),
    BadCase("unknown-check-key", f"{INSPECTION}.checks[0].score", "unknown key",
            ((f"{INSPECTION}.checks[0].score", 5),)),
    BadCase("missing-finding", f"{INSPECTION}.checks[5].finding", "missing key",
            ((f"{INSPECTION}.checks[5].finding", DELETE),)),
    BadCase("fields-of-another-kind", f"{WINDOW}.week", "unknown key",
            ((f"{WINDOW}.kind", "items"),)),
    BadCase("nested-subsections", "sections[0].subsections[0].subsections", "unknown key",
            (("sections[0].subsections[0].subsections", []),)),
    BadCase("duplicate-top-key", "year", "duplicate key",
            raw=_sample_text_with('"year": 2023,', '"year": 2023, "year": 2024,')),
    BadCase("duplicate-nested-key", "distribution.copies", "duplicate key",
            raw=_sample_text_with('"copies": 94', '"copies": 94, "copies": 95')),
    # wrong types
    BadCase("string-count", f"{WINDOW}.week.consult", "expected an integer, got string",
            ((f"{WINDOW}.week.consult", "815"),)),
    BadCase("null-count", f"{PLATFORM}.other.completed", "got null",
            ((f"{PLATFORM}.other.completed", None),)),
    BadCase("bool-count", f"{WINDOW}.year_to_date.issue", "got boolean",
            ((f"{WINDOW}.year_to_date.issue", True),)),
    BadCase("bool-copies", "distribution.copies", "got boolean", (("distribution.copies", False),)),
    BadCase("list-for-object", "distribution", "expected an object, got list",
            (("distribution", []),)),
    BadCase("list-for-counts", f"{PLATFORM}.licensing", "expected an object, got list",
            ((f"{PLATFORM}.licensing", [86756, 87071]),)),
    BadCase("object-for-list", "sections", "expected a list, got object", (("sections", {}),)),
    BadCase("string-for-list", f"{DEPARTMENTS}.departments", "expected a list, got string",
            ((f"{DEPARTMENTS}.departments", "科技厅"),)),
    BadCase("number-in-items", f"{ITEMS}.items[1]", "expected a string, got number",
            ((f"{ITEMS}.items[1]", 2),)),
    BadCase("null-title", "sections[2].title", "expected a string, got null",
            (("sections[2].title", None),)),
    BadCase("number-publication", "publication", "expected a string", (("publication", 1),)),
    BadCase("block-as-list", "sections[1].block", "expected an object, got list",
            (("sections[1].block", []),)),
    # numbers out of range
    BadCase("negative-count", f"{PLATFORM}.licensing.accepted", "must be ≥ 0",
            ((f"{PLATFORM}.licensing.accepted", -1),)),
    BadCase("fractional-count", f"{WINDOW}.week.transfer", "whole number",
            ((f"{WINDOW}.week.transfer", 1682.5),)),
    BadCase("float-integral-count", f"{WINDOW}.week.transfer", "whole number",
            ((f"{WINDOW}.week.transfer", 1682.0),)),
    BadCase("count-beyond-sqlite", f"{WINDOW}.week.consult", "must be 0–",
            ((f"{WINDOW}.week.consult", 2**63),)),
    BadCase("year-1999", "year", "2000–2100", (("year", 1999),)),
    BadCase("year-2101", "year", "2000–2100", (("year", 2101),)),
    BadCase("number-0", "number", "must be 1–999", (("number", 0),)),
    BadCase("serial-negative", "serial", "must be 1–99999", (("serial", -429),)),
    BadCase("copies-0", "distribution.copies", "must be 1–99999", (("distribution.copies", 0),)),
    # dates
    BadCase("impossible-date", "issue_date", "impossible date", (("issue_date", "2023-02-30"),)),
    BadCase("impossible-month", "period.start", "impossible date",
            (("period.start", "2023-13-01"),)),
    BadCase("not-a-leap-year", f"{PLATFORM}.from", "impossible date",
            ((f"{PLATFORM}.from", "2023-02-29"),)),
    BadCase("date-without-zeros", "period.start", "YYYY-MM-DD", (("period.start", "2023-3-6"),)),
    BadCase("date-with-slashes", "issue_date", "YYYY-MM-DD", (("issue_date", "2023/03/21"),)),
    BadCase("date-compact", "issue_date", "YYYY-MM-DD", (("issue_date", "20230321"),)),
    BadCase("date-with-time", "issue_date", "YYYY-MM-DD", (("issue_date", "2023-03-21T09:00"),)),
    BadCase("date-as-number", "issue_date", "YYYY-MM-DD", (("issue_date", 20230321),)),
    BadCase("date-fullwidth-digits", "issue_date", "YYYY-MM-DD",
            (("issue_date", "２０２３-０３-２１"),)),
    BadCase("period-ends-before-start", "period.end", "before it starts",
            (("period.end", "2023-03-05"),)),
    BadCase("platform-to-before-from", f"{PLATFORM}.to", "before it starts",
            ((f"{PLATFORM}.to", "2022-12-31"),)),
    # outline
    BadCase("section-with-both", "sections[1]", "exactly one of block and subsections",
            (("sections[1].subsections", [{"title": "x", "block": {"kind": "text",
                                                                   "paragraphs": []}}]),)),
    BadCase("section-with-neither", "sections[1]", "exactly one of block and subsections",
            (("sections[1].block", DELETE),)),
    BadCase("empty-subsections", "sections[0].subsections", "must not be empty",
            (("sections[0].subsections", []),)),
    BadCase("no-sections", "sections", "must not be empty", (("sections", []),)),
    BadCase("inspection-in-subsection", "sections[0].subsections[2].block.kind",
            "inspection block sits directly in a section",
            (("sections[0].subsections[2].block",
              {"kind": "inspection", "checks": [{"title": "着装情况", "finding": "良好。"}]}),)),
    BadCase("unknown-block-kind", f"{PLATFORM}.kind", "unknown block kind 'chart'",
            ((f"{PLATFORM}.kind", "chart"),)),
    BadCase("numeric-block-kind", f"{PLATFORM}.kind", "unknown block kind 3",
            ((f"{PLATFORM}.kind", 3),)),
    BadCase("missing-block-kind", f"{PLATFORM}.kind", "missing key",
            ((f"{PLATFORM}.kind", DELETE),)),
    # distribution register
    BadCase("recipients-not-list", "distribution.recipients", "expected a list",
            (("distribution.recipients", {"报": "中心领导"}),)),
    BadCase("recipient-group-unknown", "distribution.recipients[1].group", "报/送/发",
            (("distribution.recipients", RECIPIENTS), ("distribution.recipients[1].group", "抄"))),
    BadCase("recipient-group-empty", "distribution.recipients[0].group", "报/送/发",
            (("distribution.recipients", RECIPIENTS), ("distribution.recipients[0].group", ""))),
    BadCase("recipient-copies-0", "distribution.recipients[0].copies", "must be 1–",
            (("distribution.recipients", RECIPIENTS), ("distribution.recipients[0].copies", 0))),
    BadCase("recipient-missing-name", "distribution.recipients[1].name", "missing key",
            (("distribution.recipients", RECIPIENTS), ("distribution.recipients[1].name", DELETE))),
    # one beyond each limit of zwdesk.core.limits
    BadCase("number-1000", "number", "must be 1–999", (("number", limits.NUMBER_MAX + 1),)),
    BadCase("serial-100000", "serial", "must be 1–99999", (("serial", limits.SERIAL_MAX + 1),)),
    BadCase("year-2101-max", "year", "2000–2100", (("year", limits.YEAR_MAX + 1),)),
    BadCase("copies-100000", "distribution.copies", "must be 1–99999",
            (("distribution.copies", limits.COPIES_MAX + 1),)),
    BadCase("100-sections", "sections", "at most 99 entries",
            (("sections", [{"title": "x", "block": {"kind": "text", "paragraphs": []}}] * 100),)),
    BadCase("100-subsections", "sections[0].subsections", "at most 99 entries",
            (("sections[0].subsections",
              [{"title": "x", "block": {"kind": "text", "paragraphs": []}}] * 100),)),
    BadCase("100-checks", f"{INSPECTION}.checks", "at most 99 entries",
            ((f"{INSPECTION}.checks", [{"title": "x", "finding": "良好。"}] * 100),)),
    BadCase("1000-items", f"{ITEMS}.items", "at most 999 entries",
            ((f"{ITEMS}.items", ["条目。"] * 1000),)),
    BadCase("1000-recipients", "distribution.recipients", "at most 999 entries",
            (("distribution.recipients", RECIPIENTS * 500),)),
    BadCase("long-title", "sections[2].title", "at most 10000 characters",
            (("sections[2].title", "长" * (limits.MAX_TEXT + 1)),)),
    # already taken in the database
    BadCase("year-number-taken", "number", "已存在", (("number", TAKEN[1]), ("serial", 999))),
    BadCase("serial-taken", "serial", f"总第{TAKEN[2]}期", (("serial", TAKEN[2]),)),
]


def on_a_terminal(tmp_path: Path, db: Path, *args: str) -> list[str]:
    """The lines ``zwdesk ARGS`` prints on a terminal (a pseudo-terminal)."""
    import pty  # POSIX only, as the tests that use it
    import subprocess

    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "zwdesk", "--db", str(db), *args],
                                   cwd=tmp_path, env=cli_env(tmp_path, COLUMNS="200"),
                                   stdout=follower, stderr=subprocess.PIPE)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the program closed its end
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=120) == 0, process.stderr.read()
        process.stderr.close()
    finally:
        os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n").splitlines()
