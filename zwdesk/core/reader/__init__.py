"""Bulletins read back from Word: a .docx (or a .doc/.wps, converted first) into the exchange
format's issue dict. The inverse of zwdesk.core.bulletin and zwdesk.core.docx_render.

Core only: no Qt, no database. The steps, one module each:

- package: the .docx zip and its XML parts (refuses damaged, encrypted and non-Word files);
- paragraphs (with autonumber, styles): the document as plain paragraphs in reading order,
  automatic numbers resolved, tracked changes accepted, tables and text boxes flattened;
- frame: the 报头 and the 版记;
- outline (with sentences): sections, subsections and blocks by their wording;
- convert: .doc/.wps to .docx with the office suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zwdesk.core import exchange, infile
from zwdesk.core.fieldkeys import ITEMS, field_place
from zwdesk.core.limits import FORMAT_NAME, FORMAT_VERSION, MAX_FILE_BYTES
from zwdesk.core.outline import outline_nodes
from zwdesk.core.reader import frame, outline
from zwdesk.core.reader.convert import as_docx_bytes, convert_to_docx_many
from zwdesk.core.reader.errors import ReaderError
from zwdesk.core.reader.package import open_package
from zwdesk.core.reader.paragraphs import Line, join_breaks, read_lines
from zwdesk.core.reader.xml import W

__all__ = ["ReadResult", "ReaderError", "convert_to_docx_many", "read_document",
           "read_docx_bytes"]

MAX_DOCUMENT_BYTES = 5 * MAX_FILE_BYTES  # a Word file with pictures may be large


@dataclass
class ReadResult:
    issue: dict  # the exchange-format issue dict (dates as datetime.date), without recipients
    kept_as_text: list[str] = field(default_factory=list)  # paragraphs kept as text, unplaced
    warnings: list[str] = field(default_factory=list)  # e.g. counts that contradict the text
    comments: list[tuple[str, str]] = field(default_factory=list)  # (paragraph, comment)


def read_document(path: Path) -> ReadResult:
    """Read a bulletin from a Word file (.docx, .docm, .dotx, .dotm), or a .doc/.wps converted
    first (the suffix decides: zwdesk.core.infile.kind_of, as for every way in).

    Raises ReaderError (a ZwdeskError) naming the file and the cause.
    """
    path = Path(path)
    kind = infile.kind_of(path)
    if kind == infile.OLD_WORD:
        return read_docx_bytes(as_docx_bytes(path, _read_file(path)), str(path))
    if kind != infile.WORD:
        raise ReaderError(str(path), "不支持的文件类型，只能读取 Word 文档（.docx、.doc）"
                                     "和 WPS 文档（.wps）。")
    return read_docx_bytes(_read_file(path), str(path))


def _read_file(path: Path) -> bytes:
    try:
        return infile.read_regular(path, MAX_DOCUMENT_BYTES)
    except infile.RefusedFile as exc:
        raise ReaderError(str(path), exc.cause) from None


def read_docx_bytes(data: bytes, source: str) -> ReadResult:
    """Read a bulletin from the bytes of a .docx; ``source`` names it in messages."""
    package = open_package(data, source)
    lines = read_lines(package)
    comments = _comments(lines, package.comments)
    result = _assemble([line for line in lines if line.text], source)
    result.comments = comments
    return result


def _assemble(lines: list[Line], source: str) -> ReadResult:
    try:  # the 报头 first: a document that does not open with one is not read on
        at = frame.find_number_line(lines)
        first = next((i for i in range(at + 1, len(lines))
                      if outline.heading1(lines[i], 1) is not None), None)
        frame.check_masthead(lines[:first], at)
    except frame.NoMasthead as exc:
        raise ReaderError(source, f"不像一期简报：没有找到报头（{exc}）。报头应在文件开头，"
                                  "依次为刊名、期号、编印单位和日期。") from None
    if first is None:
        raise ReaderError(source, "这不是一期完整的简报：报头之后没有找到一级标题（如“一、…”）。")
    masthead = frame.read_masthead(lines[:first])
    assert masthead is not None  # its 期号 line is line ``at``, before ``first``
    report = outline.Report(warnings=list(masthead.problems))
    raw: list[tuple[str, list[Line]]] = []
    for line in lines[first:]:
        title = outline.heading1(line, len(raw) + 1)
        if title is not None:
            raw.append((title, []))
        else:
            raw[-1][1].append(line)
    distribution = _distribution(raw, report)
    issue: dict[str, Any] = {
        "format": FORMAT_NAME, "version": FORMAT_VERSION,
        "publication": masthead.fields["publication"], "editor": masthead.fields["editor"],
        "year": masthead.fields["year"], "number": masthead.fields["number"],
        "serial": masthead.fields["serial"], "issue_date": masthead.fields["issue_date"],
        "period": masthead.fields["period"],
        "sections": [outline.section(title, body, report) for title, body in raw],
        "distribution": distribution,
    }
    _place_leftover([line.text for line in masthead.leftover], issue["sections"][0], report)
    bare = _bare_numbers(issue)
    if bare:
        raise ReaderError(source, "；".join(bare) + "，没有内容。请在 Word 中补上内容或删去这个"
                                                    "编号后再读取。")
    return ReadResult(_validated(issue, source), report.kept_as_text, report.warnings)


def _bare_numbers(issue: dict[str, Any]) -> list[str]:
    """The places that hold only a number: a heading 二、 or （一） without its title, an item
    2. without its text (a paragraph left behind when its words were deleted)."""
    found = []
    for node in outline_nodes(issue):
        if not node.title.strip():
            found.append(f"“{node.place}”的标题只有编号“{node.number}”")
        items = (node.block or {}).get(ITEMS) or []
        found += [f"“{field_place(node.place, f'{ITEMS}[{index}]')}”只有编号“{index + 1}.”"
                  for index, text in enumerate(items) if not text.strip()]
    return found


def _place_leftover(texts: list[str], first: dict[str, Any], report: outline.Report) -> None:
    """Lines of the 报头 not understood go before the first text paragraphs when the first
    block is text; a typed first block is not made text for them: they are reported."""
    if not texts:
        return
    report.kept_as_text += texts
    block = first["block"] if "block" in first else first["subsections"][0]["block"]
    if block["kind"] == "text":
        block["paragraphs"][:0] = texts
        report.warnings.append("报头中有无法识别的段落，已作为文字段落并入第一部分。")
    else:
        report.warnings.append("报头中有无法识别的段落，未放入简报，请核对："
                               + "；".join(f"“{text}”" for text in texts) + "。")


def _distribution(raw: list[tuple[str, list[Line]]], report: outline.Report) -> dict[str, Any]:
    """The 版记 taken from the end of the last section (lines after it stay in the section)."""
    title, body = raw[-1]
    found = [i for i, line in enumerate(body) if frame.is_distribution_line(line)]
    if not found:
        distribution, problems = frame.read_distribution([])
        report.warnings += ["没有找到版记（报：/送：/发：/（共印N份））。", *problems[1:]]
        report.warnings += problems[:1]
        return distribution
    start, end = found[0], found[-1]
    distribution, problems = frame.read_distribution(body[start:end + 1])
    report.warnings += problems
    after = body[end + 1:]
    if after:
        report.kept_as_text += [line.text for line in after]
        report.warnings.append("版记之后还有段落，已作为文字段落并入最后一部分。")
    raw[-1] = (title, body[:start] + after)
    return distribution


def _validated(issue: dict[str, Any], source: str) -> dict[str, Any]:
    try:
        return exchange.parse_issue(exchange.issue_to_json(issue), source)
    except exchange.FormatError as exc:
        raise ReaderError(source, f"读出的内容不是有效的一期简报（{exc.path}：{exc.problem}）。"
                          ) from None


def _comments(lines: list[Line], root: Any) -> list[tuple[str, str]]:
    """(the paragraph a comment is on, the comment's text), in the order of the document."""
    if root is None:
        return []
    texts = {}
    for comment in root.iter(W + "comment"):
        paragraphs = ["".join(t.text or "" for t in p.iter(W + "t")) for p in comment.iter(W + "p")]
        texts[comment.get(W + "id")] = join_breaks("\n".join(paragraphs)).strip()
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for line in lines:
        for comment_id in line.comments:
            if comment_id in texts and comment_id not in seen:
                seen.add(comment_id)
                found.append((line.text, texts[comment_id]))
    return found
