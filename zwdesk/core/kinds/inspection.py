"""大厅巡查: checks of the hall, each printed as （一）title。finding with a run-in heading.
It numbers its checks （一）（二）itself, so it sits directly under a 一、 heading. Kept for
next week (the findings are rewritten where they changed)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from zwdesk.core import limits
from zwdesk.core.kinds import spec
from zwdesk.core.kinds.base import Block, BlockKind, Issue
from zwdesk.core.kinds.reading import BRACKETED, numeral_value
from zwdesk.core.para import INSPECTION, RUN_IN_HEADING, Para, Run
from zwdesk.core.wording import subsection_label, with_full_stop

if TYPE_CHECKING:
    from zwdesk.core.checks import Node, Problem
    from zwdesk.core.kinds.reading import Report
    from zwdesk.core.reader.paragraphs import Line


def _check_para(n: int, check: dict[str, str], anchor: str) -> Para:
    heading = subsection_label(n) + with_full_stop(check["title"])
    return Para(INSPECTION, (Run(heading, RUN_IN_HEADING), Run(check["finding"])), anchor,
                f"checks[{n - 1}].finding")


def read_check(line: Line) -> dict[str, str] | None:
    """An inspection check read back: （一）title。finding."""
    if line.role == INSPECTION and line.run_in:
        heading, finding = line.text[:line.run_in], line.text[line.run_in:]
        match = BRACKETED.fullmatch(heading)
        title = match[2] if match and numeral_value(match[1]) else heading
        return {"title": title[:-1] if title.endswith("。") else title, "finding": finding}
    if line.role not in (None, INSPECTION):
        return None
    match = BRACKETED.fullmatch(line.text)
    if match is None or numeral_value(match[1]) is None or "。" not in match[2]:
        return None
    title, _, finding = match[2].partition("。")
    return {"title": title.strip(), "finding": finding.strip()}


class Inspection(BlockKind):
    name = "inspection"
    label = "大厅巡查"
    fields = {"checks": spec.ListOf(spec.Record({"title": spec.TEXT, "finding": spec.TEXT}),
                                    most=limits.MAX_CHECKS)}
    refused_in_subsection = ("巡查块只能直接位于一级标题下 "
                             "(an inspection block sits directly in a section)")

    def empty(self, period_end: dt.date) -> Block:
        return {"kind": self.name, "checks": []}

    def paragraphs(self, block: Block, anchor: str) -> list[Para]:
        return [_check_para(n, check, anchor) for n, check in enumerate(block["checks"], start=1)]

    def recognise(self, lines: list[Line], report: Report, title: str) -> Block | None:
        checks = [read_check(line) for line in lines]
        return {"kind": self.name, "checks": checks} if lines and all(checks) else None

    def resembles(self, line: Line) -> bool:
        return line.role == INSPECTION or read_check(line) is not None

    def problems(self, node: Node, block: Block, issue: Issue,
                 previous: Issue | None) -> list[Problem]:
        from zwdesk.core.checks import CHECKS, ERROR, Problem

        if not block["checks"]:
            return [Problem(ERROR, node.anchor, CHECKS, f"{node.label}：没有巡查项目")]
        return [problem for i, check in enumerate(block["checks"])
                for problem in _check_problems(node, i, check)]

    def entries(self, block: Block) -> list[tuple[str, str]]:
        from zwdesk.core.checks import check_finding_field

        return [(check_finding_field(i), c["finding"]) for i, c in enumerate(block["checks"])]


def _check_problems(node: Node, i: int, check: dict[str, str]) -> list[Problem]:
    from zwdesk.core.checks import (
        check_finding_field,
        check_label,
        check_title_field,
        leading_number,
        text_field,
    )

    where = f"{node.label} {check_label(i)}"
    title = check_title_field(i)
    return [*text_field(node.anchor, title, where, check["title"], empty="巡查项目未填写"),
            *leading_number(node.anchor, title, where, check["title"], check_label(i)),
            *text_field(node.anchor, check_finding_field(i), where, check["finding"],
                        empty="巡查情况未填写")]


KIND = Inspection()
