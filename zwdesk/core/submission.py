"""A unit's submission (来稿) for the bulletin: the items a department's window or a 处室 sends
in, as a JSON file (resources/submission-format-v1.md) or a filled Word 报送单.

``parse_submission`` reads and validates the JSON format into a ``Submission``; the 报送单
reader builds the same ``Submission`` through ``make_submission``, so both ways in are held
to the same rules. Pure Python: no Qt, no database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zwdesk.core import limits
from zwdesk.core.cleantext import clean_text, join_breaks
from zwdesk.core.errors import quote

# The format's value parsers are the issue format's: one set of rules and messages.
from zwdesk.core.exchange import (
    FormatError,
    _choice,
    _date,
    _integer,
    _Invalid,
    _list_of,
    _object,
    _string,
    parse_json_file,
    read_user_file,
)
from zwdesk.core.infile import RefusedFile, read_head
from zwdesk.core.numbering import split_leading_number
from zwdesk.core.unitnames import unit_name

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


@dataclass(frozen=True)
class SubmittedItem:
    """One paragraph of news as it should print (no leading number), and the heading it is
    meant for (empty: the editor decides)."""

    text: str
    topic: str = ""


@dataclass(frozen=True)
class Submission:
    unit: str
    author: str
    phone: str
    date: dt.date
    items: tuple[SubmittedItem, ...]

    def fingerprint(self) -> str:
        """The same for the same submission however it came in (JSON or 报送单, saved again):
        unit, date and the items' texts and topics, whitespace at the ends ignored."""
        content = [self.unit.strip(), self.date.isoformat(),
                   [[item.text.strip(), item.topic.strip()] for item in self.items]]
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def one_paragraph(text: str) -> str:
    """A text as one printed paragraph: line breaks joined as Word's pasted breaks are
    (Chinese directly, Latin words with a space), tabs and runs of spaces one space, no
    forbidden characters. A line break or tab would print as a broken, stretched line."""
    text = clean_text(text).replace("\r\n", "\n").replace("\r", "\n")
    return _SPACES.sub(" ", join_breaks(text.strip())).strip()


def _name(value: Any, path: str) -> str:
    text = one_paragraph(_string(value, path))
    if len(text) > limits.MAX_NAME:
        raise _Invalid(path, f"最多 {limits.MAX_NAME} 个字符 (at most {limits.MAX_NAME} "
                             f"characters, got {len(text)})")
    return text


def _unit(value: Any, path: str) -> str:
    text = unit_name(_name(value, path))  # one unit, one name (see unit_name)
    if not text:
        raise _Invalid(path, "报送单位不能为空 (the unit must not be empty)")
    return text


def _item_text(value: Any, path: str) -> str:
    # A typed number (1. / 一、) would print doubled in the bulletin's numbered list.
    text = split_leading_number(one_paragraph(_string(value, path)))[1].strip()
    if not text:
        raise _Invalid(path, "内容不能为空 (the text must not be empty)")
    return text


_item = _object({"text": _item_text}, {"topic": _name})

_submission = _object({
    "format": _choice((limits.SUBMISSION_FORMAT_NAME,)),
    "version": _integer(1),  # above SUBMISSION_FORMAT_VERSION: refused as newer
    "unit": _unit,
    "date": _date,
    "items": _list_of(_item, non_empty=True),
}, {"author": _name, "phone": _name})


def _from_dict(data: dict[str, Any]) -> Submission:
    return Submission(
        unit=data["unit"], author=data.get("author", ""), phone=data.get("phone", ""),
        date=data["date"],
        items=tuple(SubmittedItem(item["text"], item.get("topic", "")) for item in data["items"]))


def parse_submission(text: str | bytes, source: str = "<input>") -> Submission:
    """Parse and validate a submission file; raise FormatError naming ``source`` and the
    path (``items[2].text``)."""
    data = parse_json_file(text, source, _submission, limits.SUBMISSION_FORMAT_VERSION)
    return _from_dict(data)


def read_submission(path: Path) -> Submission:
    """Read a submission JSON file; unreadable files raise FormatError too."""
    return parse_submission(read_user_file(Path(path), limits.MAX_FILE_BYTES), str(path))


_FORMAT_HEAD = 64 * 1024  # bytes read to find the "format" value (written first)


def looks_like_submission_json(path: Path) -> bool:
    """Whether a JSON file says it is a submission (its "format" value), from its head only:
    a dropped file is routed by this, then read once by the inbox or the importer."""
    try:  # a FIFO or a device is not waited on: the importer refuses it by name
        head = read_head(Path(path), _FORMAT_HEAD)
    except RefusedFile:
        return False
    found = re.search(rb'"format"\s*:\s*"([^"]*)"', head)
    return found is not None and found.group(1) == limits.SUBMISSION_FORMAT_NAME.encode()


def make_submission(source: str, unit: str, author: str, phone: str, date: dt.date | None,
                    items: list[tuple[str, str]]) -> Submission:
    """A Submission from fields read elsewhere (the Word 报送单, pasted text), held to the
    JSON format's rules; raise FormatError naming ``source`` and the field in Chinese."""
    if date is None:
        raise FormatError(source, "报送日期", "缺少日期或日期无法识别 (missing or unreadable date)")
    data: dict[str, Any] = {"unit": unit, "author": author, "phone": phone}
    places = {"unit": "报送单位", "author": "撰稿人", "phone": "联系电话"}
    try:
        for key, place in places.items():
            data[key] = (_unit if key == "unit" else _name)(clean_text(data[key]), place)
        data["items"] = _items(items)
    except _Invalid as exc:
        raise FormatError(source, exc.path, exc.problem) from None
    data["date"] = date
    return _from_dict(data)


def _items(items: list[tuple[str, str]]) -> list[dict[str, str]]:
    if not items:
        raise _Invalid("信息条目", "没有填写任何信息 (no items)")
    if len(items) > limits.MAX_LIST:
        raise _Invalid("信息条目", f"最多 {limits.MAX_LIST} 条 (at most {limits.MAX_LIST})")
    return [{"text": _item_text(clean_text(text), f"第{number}条信息"),
             "topic": _name(clean_text(topic), f"第{number}条的栏目")}
            for number, (text, topic) in enumerate(items, 1)]


def pasted_paragraphs(text: str) -> list[tuple[str, str]]:
    """A pasted message as (text, topic) items: one a paragraph, its greeting, introduction,
    signature and courtesies left out (zwdesk.core.pasted)."""
    from zwdesk.core.pasted import read_pasted

    return [(line, "") for line in read_pasted(text).paragraphs]


def pasted_items(source: str, text: str) -> list[str]:
    """The items a pasted message becomes, as ``make_submission`` stores them (typed numbers
    removed): what the app previews before adding. FormatError as make_submission."""
    try:
        return [item["text"] for item in _items(pasted_paragraphs(text))]
    except _Invalid as exc:
        raise FormatError(source, exc.path, exc.problem) from None


def describe(submission: Submission) -> str:
    """One line for messages: 省市场监管局窗口 2023-03-15 3 条."""
    return f"{quote(submission.unit)} {submission.date.isoformat()} {len(submission.items)} 条"
