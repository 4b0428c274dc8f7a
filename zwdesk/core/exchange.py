"""The issue exchange format, version 1 (resources/issue-format-v1.md): read, validate, write.

``parse_issue`` turns the JSON text into an *issue dict* — the same shape with dates as
``datetime.date`` and every string cleaned of XML-forbidden characters — or raises
``FormatError`` naming the source and the offending path (``sections[0].block.week.consult``).
``issue_to_json`` writes an issue dict back; for any valid file the two are inverse.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zwdesk.core import limits
from zwdesk.core.atomic import write_bytes_atomic
from zwdesk.core.cleantext import clean_text
from zwdesk.core.errors import ZwdeskError, quote, quote_path
from zwdesk.core.infile import RefusedFile, read_regular
from zwdesk.core.kinds import KINDS, names, spec
from zwdesk.core.kinds.base import Kind
from zwdesk.core.limits import FORMAT_NAME, FORMAT_VERSION
from zwdesk.core.wording import DISTRIBUTION_GROUPS

GROUPS = tuple(label for label, _key in DISTRIBUTION_GROUPS)  # 报 / 送 / 发
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
MAX_INTEGER = limits.MAX_COUNT  # a bigger count would pass here and then fail when stored


class FormatError(ZwdeskError):
    """An exchange file that is not a valid issue; says where and what."""

    def __init__(self, source: str, path: str, problem: str) -> None:
        self.source, self.path, self.problem = source, path, problem
        shown = quote_path(source)
        where = f"{shown}: {path}: " if path else f"{shown}: "
        super().__init__(where + problem)


class _Invalid(Exception):
    def __init__(self, path: str, problem: str) -> None:
        super().__init__(problem)
        self.path, self.problem = path, problem


Parser = Callable[[Any, str], Any]


class _JsonObject(dict):
    """A JSON object as read, remembering the keys that appeared in it more than once.

    ``json`` keeps only the last of duplicate keys; the earlier values would be lost silently,
    which the format forbids as it does unknown keys.
    """

    duplicates: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, Any]]) -> _JsonObject:
        obj = cls(pairs)
        if len(obj) < len(pairs):
            seen: set[str] = set()
            duplicates = []
            for key, _ in pairs:
                if key in seen:
                    duplicates.append(key)
                seen.add(key)
            obj.duplicates = tuple(duplicates)
        return obj


# --- value parsers: each takes (value, path) and returns the parsed value or raises _Invalid ---


def _string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _Invalid(path, f"应为文本 (expected a string, got {_json_type(value)})")
    if len(value) > limits.MAX_TEXT:
        raise _Invalid(path, f"文字过长，最多 {limits.MAX_TEXT} 个字符 "
                             f"(at most {limits.MAX_TEXT} characters, got {len(value)})")
    return clean_text(value)


def _integer(minimum: int, maximum: int = MAX_INTEGER) -> Parser:
    def parse(value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Invalid(path, f"应为整数 (expected an integer, got {_json_type(value)})")
        if isinstance(value, float) and not math.isfinite(value):  # NaN, Infinity
            raise _Invalid(path, f"应为整数 (expected an integer, got {json.dumps(value)})")
        if isinstance(value, float):
            raise _Invalid(path, f"应为整数，不能是小数 (expected a whole number, "
                                 f"got {quote(value)})")
        if value < minimum or value > maximum:
            open_ended = value < minimum and maximum == MAX_INTEGER
            bound = f"≥ {minimum}" if open_ended else f"{minimum}–{maximum}"
            raise _Invalid(path, f"数值应为 {bound} (must be {bound}, got {quote(value)})")
        return value

    return parse


_count = _integer(0)


def _date(value: Any, path: str) -> dt.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _Invalid(path, "日期格式应为 YYYY-MM-DD "
                             f"(expected a date YYYY-MM-DD, got {_shown(value)})")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _Invalid(path, f"日期不存在 (impossible date {value})") from None


def _choice(options: tuple[str, ...]) -> Parser:
    def parse(value: Any, path: str) -> str:
        # By type too: true == 1 and 1.0 == 1 in Python, not in the format.
        if not any(type(value) is type(option) and value == option for option in options):
            shown = "/".join(map(str, options))
            raise _Invalid(path, f"应为 {shown} 之一 (got {_shown(value)})")
        return value

    return parse


def _list_of(item: Parser, *, non_empty: bool = False, most: int = limits.MAX_LIST) -> Parser:
    def parse(value: Any, path: str) -> list:
        if not isinstance(value, list):
            raise _Invalid(path, f"应为列表 (expected a list, got {_json_type(value)})")
        if non_empty and not value:
            raise _Invalid(path, "列表不能为空 (must not be empty)")
        if len(value) > most:
            raise _Invalid(path, f"最多 {most} 项 (at most {most} entries, got {len(value)})")
        return [item(v, f"{path}[{i}]") for i, v in enumerate(value)]

    return parse


def _object(required: dict[str, Parser], optional: dict[str, Parser] | None = None) -> Parser:
    optional = optional or {}

    def parse(value: Any, path: str) -> dict:
        _check_keys(value, path, required, optional)
        return {
            key: parser(value[key], _join(path, key))
            for key, parser in {**required, **optional}.items()
            if key in value
        }

    return parse


def _check_keys(value: Any, path: str, required: dict, optional: dict) -> None:
    if not isinstance(value, dict):
        raise _Invalid(path, f"应为对象 (expected an object, got {_json_type(value)})")
    for key in getattr(value, "duplicates", ()):
        raise _Invalid(_join(path, key), "字段重复 (duplicate key)")
    for key in value:
        if key not in required and key not in optional:
            raise _Invalid(_join(path, key), "未知字段 (unknown key)")
    for key in required:
        if key not in value:
            raise _Invalid(_join(path, key), "缺少字段 (missing key)")


def _join(path: str, key: str) -> str:
    """The path of ``key`` under ``path``; a key from the file is shown quoted (see quote)."""
    key = quote(key)
    return f"{path}.{key}" if path else key


def _shown(value: Any) -> str:
    """A value from the file as a message shows it: its repr, quoted; a list or object by type
    (they may be megabytes)."""
    return _json_type(value) if isinstance(value, (dict, list)) else quote(repr(value))


def _json_type(value: Any) -> str:
    names = ((dict, "object"), (list, "list"), (str, "string"), (bool, "boolean"),
             (type(None), "null"))
    return next((name for kind, name in names if isinstance(value, kind)), "number")


# --- the format ---


_ATOMS: dict[str, Parser] = {spec.TEXT: _string, spec.COUNT: _count, spec.DATE: _date}


def _parser(shape: spec.Spec) -> Parser:
    """The parser of a kind's spec (zwdesk.core.kinds.spec)."""
    if isinstance(shape, spec.ListOf):
        return _list_of(_parser(shape.item), most=shape.most)
    if isinstance(shape, spec.Record):
        return _object({key: _parser(inner) for key, inner in shape.keys.items()})
    return _ATOMS[shape]


@functools.cache
def _fields(kind: Kind) -> dict[str, Parser]:
    return {key: _parser(shape) for key, shape in kind.fields.items()}


def _block(value: Any, path: str) -> dict:
    if isinstance(value, dict) and "kind" not in value:
        raise _Invalid(_join(path, "kind"), "缺少字段 (missing key)")
    name = value.get("kind") if isinstance(value, dict) else None
    if isinstance(value, dict) and name not in names():
        raise _Invalid(_join(path, "kind"), f"未知的块类型 (unknown block kind {_shown(name)})")
    kind = KINDS.get(name) if isinstance(name, str) else None
    fields = _fields(kind) if kind else {}  # no kind: not an object, refused next
    block = _object({"kind": _choice(names()), **fields})(value, path)
    if kind and (refused := kind.invalid(block)):
        raise _Invalid(_join(path, refused[0]), refused[1])
    return block


def _subsection(value: Any, path: str) -> dict:
    sub = _object({"title": _string, "block": _block})(value, path)
    kind = KINDS[sub["block"]["kind"]]
    if not kind.in_subsection:
        raise _Invalid(_join(path, "block.kind"), kind.refused_in_subsection)
    return sub


def _section(value: Any, path: str) -> dict:
    if isinstance(value, dict) and ("block" in value) == ("subsections" in value):
        raise _Invalid(path, "一级标题须有 block 或 subsections 之一，且只能有一个 "
                             "(a section has exactly one of block and subsections)")
    return _object({"title": _string},
                   {"block": _block,
                    "subsections": _list_of(_subsection, non_empty=True,
                                            most=limits.MAX_SUBSECTIONS)})(
        value, path)


def _period(value: Any, path: str) -> dict:
    period = _object({"start": _date, "end": _date})(value, path)
    if period["end"] < period["start"]:
        raise _Invalid(_join(path, "end"), "结束日期早于开始日期 (period ends before it starts)")
    return period


_copies = _integer(1, limits.COPIES_MAX)
_recipient = _object({"group": _choice(GROUPS), "name": _string, "copies": _copies})
_distribution = _object(
    {"report": _string, "send": _string, "issue": _string, "copies": _copies},
    {"recipients": _list_of(_recipient)},
)

_issue = _object({
    "format": _choice((FORMAT_NAME,)),
    "version": _integer(1),
    "publication": _string,
    "editor": _string,
    "year": _integer(limits.YEAR_MIN, limits.YEAR_MAX),
    "number": _integer(limits.NUMBER_MIN, limits.NUMBER_MAX),
    "serial": _integer(limits.SERIAL_MIN, limits.SERIAL_MAX),
    "issue_date": _date,
    "period": _period,
    "sections": _list_of(_section, non_empty=True, most=limits.MAX_SECTIONS),
    "distribution": _distribution,
})


def _check_version(data: Any, known: int) -> None:
    version = data.get("version") if isinstance(data, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > known:
        shown = quote(version)
        raise _Invalid("version", f"交换文件版本 {shown} 比本程序新，请升级 zwdesk "
                                  f"(format version {shown} is newer than {known})")


def parse_issue(text: str | bytes, source: str = "<input>") -> dict[str, Any]:
    """Parse and validate one issue; raise FormatError naming ``source`` and the path."""
    return parse_json_file(text, source, _issue, FORMAT_VERSION)


def parse_json_file(text: str | bytes, source: str, parser: Parser, version: int) -> Any:
    """Decode and parse a JSON exchange file with ``parser`` (a format's top-level object);
    raise FormatError naming ``source`` and the path. A ``version`` above ``version`` is
    refused as newer than this program."""
    if isinstance(text, bytes):
        if not text.strip():
            raise FormatError(source, "", "文件为空 (empty file)")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FormatError(source, "", "不是 UTF-8 文本文件 (not UTF-8 text)") from None
    if not text.strip():
        raise FormatError(source, "", "文件为空 (empty file)")
    try:
        data = json.loads(text, object_pairs_hook=_JsonObject.from_pairs)
    except json.JSONDecodeError as exc:
        raise FormatError(source, "", f"不是有效的 JSON (not JSON: line {exc.lineno}, "
                                      f"column {exc.colno}: {exc.msg})") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise FormatError(source, "", f"不是有效的 JSON (not JSON: {exc})") from None
    except RecursionError:
        raise FormatError(source, "", "不是有效的交换文件，嵌套过深 (nested too deeply)") from None
    try:
        _check_version(data, version)
        return parser(data, "")
    except _Invalid as exc:
        raise FormatError(source, exc.path, exc.problem) from None


def read_issue(path: Path) -> dict[str, Any]:
    """Read an exchange file; unreadable files raise FormatError too."""
    return parse_issue(read_user_file(Path(path), limits.MAX_FILE_BYTES), str(path))


def read_user_file(path: Path, most: int) -> bytes:
    """The bytes of a regular file of at most ``most`` bytes; anything else (a folder, a
    FIFO that would wait for a writer, /dev/zero that never ends, a huge file) raises
    FormatError naming the file (zwdesk.core.infile's rule, for every way in)."""
    try:
        return read_regular(path, most)
    except RefusedFile as exc:
        raise FormatError(str(path), "", exc.cause) from None


def issue_to_data(issue: dict[str, Any]) -> dict[str, Any]:
    """The JSON-ready form of an issue dict: dates back to ISO strings."""
    return _dates_to_text(issue)


def _dates_to_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def issue_to_json(issue: dict[str, Any]) -> str:
    return json.dumps(issue_to_data(issue), ensure_ascii=False, indent=2) + "\n"


def write_issue(issue: dict[str, Any], path: Path) -> None:
    write_bytes_atomic(Path(path), issue_to_json(issue).encode("utf-8"))
