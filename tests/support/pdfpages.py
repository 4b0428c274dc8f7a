"""Measuring a PDF of the bulletin as LibreOffice laid it out (pdfplumber's characters and
lines): the text block of GB/T 9704, lines by baseline, page numbers, the 版记's rules, the
text read back; and the sample grown by inspection checks, to push the 版记 down a page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from support.paths import SAMPLE_JSON
from zwdesk.core.exchange import read_issue

MM = 72 / 25.4  # points per millimetre
LEFT, RIGHT, TOP, BOTTOM = 28.0, 184.0, 37.0, 262.0  # the text block, mm from the page's corner


@dataclass
class Line:
    baseline: float  # pt from the top of the page
    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"] / MM

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"] / MM

    @property
    def font(self) -> str:
        return self.chars[0]["fontname"].split("+")[-1]  # without the subset prefix


def lines_of(chars: list[dict]) -> list[Line]:
    """Characters grouped into lines by baseline, top to bottom, each left to right."""
    lines: list[Line] = []
    for c in sorted(chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        if lines and abs(lines[-1].baseline - c["bottom"]) < 3:
            lines[-1].chars.append(c)
        else:
            lines.append(Line(c["bottom"], [c]))
    for line in lines:
        line.chars.sort(key=lambda c: c["x0"])
    return lines


def is_page_number(c: dict) -> bool:
    return c["top"] / MM > BOTTOM


def rules(page: Any) -> list[dict]:  # noqa: ANN401 - a pdfplumber page
    """Horizontal black lines as wide as the text block, top to bottom."""
    found = [o for o in page.lines + page.rects
             if abs(o["x0"] / MM - LEFT) < 0.5 and abs(o["x1"] / MM - RIGHT) < 0.5
             and (o["bottom"] - o["top"]) < 2 and not is_red(o)]
    return sorted(found, key=lambda o: o["top"])


def is_red(obj: dict) -> bool:
    colour = obj.get("stroking_color") or obj.get("non_stroking_color") or ()
    return tuple(round(v, 2) for v in colour) == (1.0, 0.0, 0.0)


def all_text(pdf: Any) -> str:  # noqa: ANN401 - a pdfplumber PDF
    """Every character but the page numbers, line by line, page by page, without spaces."""
    chars = (line.text for page in pdf.pages
             for line in lines_of([c for c in page.chars if not is_page_number(c)]))
    return re.sub(r"\s+", "", "".join(chars))


def with_extra_checks(count: int) -> dict:
    """The sample with ``count`` more inspection checks, each one line long."""
    issue = read_issue(SAMPLE_JSON)
    checks = issue["sections"][-1]["block"]["checks"]
    for n in range(count):
        checks.append({"title": f"补充检查{n + 1}", "finding": "总体情况良好。"})
    return issue
