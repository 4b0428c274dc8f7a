"""大厅巡查: checks of the hall, each printed as （一）title。finding with a run-in heading.
It numbers its checks （一）（二）itself, so it sits directly under a 一、 heading. Kept for
next week (the findings are rewritten where they changed)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from zwdesk.core import limits
from zwdesk.core.fieldkeys import CHECKS, check_finding_field, check_label, check_title_field
from zwdesk.core.kinds import spec
from zwdesk.core.kinds.base import Block, BlockKind, Issue, Others
from zwdesk.core.kinds.reading import BRACKETED, Line, Report, numeral_value
from zwdesk.core.para import INSPECTION, RUN_IN_HEADING, Para, Run
from zwdesk.core.problems import ERROR, Problem, leading_number, text_field
from zwdesk.core.wording import subsection_label, with_full_stop

if TYPE_CHECKING:
    from zwdesk.core.outline import Node

_COLON = re.compile(r"([^：:]+)[：:](.+)", re.DOTALL)


def _check_para(n: int, check: dict[str, str], anchor: str) -> Para:
    heading = subsection_label(n) + with_full_stop(check["title"])
    return Para(INSPECTION, (Run(heading, RUN_IN_HEADING), Run(check["finding"])), anchor,
                f"checks[{n - 1}].finding")


def read_check(line: Line) -> dict[str, str] | None:
    """An inspection check read back: （一）title。finding, or （一）title：finding。 (the
    colon ends the title when the paragraph has no 。 before its end).

    zwdesk's run-in heading style marks the title when a finding follows it; a paragraph
    wholly in that style (Word carries the style over when Enter is pressed) is read by its
    wording like any other."""
    if line.role not in (None, INSPECTION):
        return None
    if line.role == INSPECTION and 0 < line.run_in < len(line.text):
        heading, finding = line.text[:line.run_in], line.text[line.run_in:]
        match = BRACKETED.fullmatch(heading)
        title = match[2] if match and numeral_value(match[1]) else heading
        return {"title": title[:-1] if title.endswith("。") else title, "finding": finding}
    match = BRACKETED.fullmatch(line.text)
    if match is None or numeral_value(match[1]) is None:
        return None
    title, stop, finding = match[2].partition("。")
    colon = _COLON.fullmatch(title) if not finding.strip() else None
    if colon and stop:  # （三）着装情况：总体情况良好。
        return {"title": colon[1].strip(), "finding": colon[2].strip() + stop}
    if stop or (line.role == INSPECTION and line.run_in >= len(line.text) and title):
        return {"title": title.strip(), "finding": finding.strip()}
    return None


def _checks(lines: list[Line], report: Report, title: str,
            others: Others) -> list[dict[str, str]] | None:
    """The checks; a paragraph without its own （N） directly after a check continues that
    check's finding (a finding split by a hard return, or a closing line after the checks):
    it is joined to it and reported, so nothing is lost and no check is invented."""
    checks: list[dict[str, str]] = []
    for line in lines:
        check = read_check(line)
        if check is not None:
            checks.append(check)
            continue
        if not checks or line.role not in (None, INSPECTION) or BRACKETED.fullmatch(line.text) \
                or others(line):
            return None
        checks[-1]["finding"] += line.text
        report.warnings.append(f"“{title}”下第{subsection_label(len(checks))}项的巡查情况分两段，"
                               f"已合并（“{line.text}”）。")
    return checks


class Inspection(BlockKind):
    name = "inspection"
    label = "大厅巡查"
    fields = {"checks": spec.ListOf(spec.Record({"title": spec.TEXT, "finding": spec.TEXT}),
                                    most=limits.MAX_CHECKS)}
    refused_in_subsection = ("巡查块只能直接位于一级标题下 "
                             "(an inspection block sits directly in a section)")
    list_key = "checks"  # carried over: the same checks each week

    def paragraphs(self, block: Block, anchor: str) -> list[Para]:
        return [_check_para(n, check, anchor) for n, check in enumerate(block["checks"], start=1)]

    def recognise(self, lines: list[Line], report: Report, title: str,
                  others: Others) -> Block | None:
        attempt = Report()
        checks = _checks(lines, attempt, title, others) if lines else None
        if checks is None:
            return None
        report.warnings += attempt.warnings
        return {"kind": self.name, "checks": checks}

    def resembles(self, line: Line) -> bool:
        return line.role == INSPECTION or read_check(line) is not None

    def problems(self, node: Node, block: Block, issue: Issue,
                 previous: Issue | None) -> list[Problem]:
        if not block["checks"]:
            return [Problem(ERROR, node.anchor, CHECKS, f"{node.label}：没有巡查项目")]
        return [problem for i, check in enumerate(block["checks"])
                for problem in _check_problems(node, i, check)]

    def entries(self, block: Block) -> list[tuple[str, str]]:
        return [(check_finding_field(i), c["finding"]) for i, c in enumerate(block["checks"])]


def _check_problems(node: Node, i: int, check: dict[str, str]) -> list[Problem]:
    where = f"{node.label} {check_label(i)}"
    title = check_title_field(i)
    return [*text_field(node.anchor, title, where, check["title"], empty="巡查项目未填写"),
            *leading_number(node.anchor, title, where, check["title"], check_label(i)),
            *text_field(node.anchor, check_finding_field(i), where, check["finding"],
                        empty="巡查情况未填写")]


KIND = Inspection()
