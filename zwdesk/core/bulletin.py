"""The bulletin as a list of typed paragraphs, composed from an issue.

An *issue* here is the exchange-format dictionary (resources/issue-format-v1.md) with its dates
as ``datetime.date``. ``compose`` turns it into paragraphs that carry a role (mapped to a named
style of the Word template by the renderer, and to a look by the app's preview) and an anchor
(which outline node of the issue the paragraph comes from, so the preview can select its form).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zwdesk.core import wording

# Paragraph roles, in the order they can appear.
MASTHEAD_NAME = "masthead_name"  # 政务服务工作
MASTHEAD_NUMBER = "masthead_number"  # 2023年第9期（总第429期）
MASTHEAD_EDITOR = "masthead_editor"  # organisation <tab> date, over the red rule
PERIOD = "period"  # （3月6日—3月10日）
HEADING1 = "heading1"  # 一、…
HEADING2 = "heading2"  # （一）…
BODY = "body"  # generated sentences and plain text
ITEM = "item"  # 1.…
INSPECTION = "inspection"  # （一）title。 finding — the first run is a run-in heading
DIST_LINE = "dist_line"  # 报：… 送：… 发：…
DIST_COPIES = "dist_copies"  # （共印94份）

# Character role of the run-in heading of an inspection check.
RUN_IN_HEADING = "run_in_heading"

MASTHEAD_ANCHOR = "masthead"
DISTRIBUTION_ANCHOR = "distribution"


def section_anchor(index: int, sub: int | None = None) -> str:
    """``s0`` for the first section, ``s0.2`` for its third subsection."""
    return f"s{index}" if sub is None else f"s{index}.{sub}"


@dataclass(frozen=True)
class Run:
    text: str
    role: str | None = None  # a character role, or None for the paragraph's own look


@dataclass(frozen=True)
class Para:
    role: str
    runs: tuple[Run, ...]
    anchor: str
    # The form field the paragraph comes from, as zwdesk.core.checks names field keys
    # (items[2], paragraphs[0], checks[1].finding, report…); "" for a whole block.
    field: str = ""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Bulletin:
    masthead: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    distribution: list[Para] = field(default_factory=list)

    def paragraphs(self) -> list[Para]:
        return [*self.masthead, *self.body, *self.distribution]


def _para(role: str, text: str, anchor: str, field: str = "") -> Para:
    return Para(role, (Run(text),), anchor, field)


def compose(issue: dict[str, Any]) -> Bulletin:
    """Lay out an issue as the paragraphs of the printed bulletin."""
    return Bulletin(
        masthead=_masthead(issue),
        body=[p for i, s in enumerate(issue["sections"]) for p in _section(s, i)],
        distribution=_distribution(issue["distribution"]),
    )


def _masthead(issue: dict[str, Any]) -> list[Para]:
    editor_line = f"{issue['editor']}\t{wording.full_date(issue['issue_date'])}"
    period = issue["period"]
    return [
        _para(MASTHEAD_NAME, issue["publication"], MASTHEAD_ANCHOR),
        _para(
            MASTHEAD_NUMBER,
            wording.issue_number_line(issue["year"], issue["number"], issue["serial"]),
            MASTHEAD_ANCHOR, "number",
        ),
        _para(MASTHEAD_EDITOR, editor_line, MASTHEAD_ANCHOR),
        _para(PERIOD, wording.period_line(period["start"], period["end"]), MASTHEAD_ANCHOR),
    ]


def _section(section: dict[str, Any], index: int) -> list[Para]:
    anchor = section_anchor(index)
    paras = [_para(HEADING1, wording.section_label(index + 1) + section["title"], anchor)]
    if "block" in section:
        return paras + block_paragraphs(section["block"], anchor)
    for sub_index, sub in enumerate(section["subsections"]):
        sub_anchor = section_anchor(index, sub_index)
        label = wording.subsection_label(sub_index + 1)
        paras.append(_para(HEADING2, label + sub["title"], sub_anchor))
        paras += block_paragraphs(sub["block"], sub_anchor)
    return paras


def block_paragraphs(block: dict[str, Any], anchor: str) -> list[Para]:
    """The paragraphs a block prints as, under its heading."""
    kind = block["kind"]
    if kind == "window_stats":
        return [_para(BODY, wording.window_stats_sentence(block["week"], block["year_to_date"]),
                      anchor)]
    if kind == "department_list":
        return [_para(BODY, wording.department_sentence(block["departments"]), anchor)]
    if kind == "platform_stats":
        return [_para(BODY, wording.platform_sentence(block), anchor)]
    if kind == "items":
        return [_para(ITEM, wording.item_label(n) + text, anchor, f"items[{n - 1}]")
                for n, text in enumerate(block["items"], start=1)]
    if kind == "text":
        return [_para(BODY, text, anchor, f"paragraphs[{n}]")
                for n, text in enumerate(block["paragraphs"])]
    if kind == "inspection":
        return [_inspection_check(n, check, anchor)
                for n, check in enumerate(block["checks"], start=1)]
    raise ValueError(f"unknown block kind: {kind}")


def _inspection_check(n: int, check: dict[str, str], anchor: str) -> Para:
    heading = wording.subsection_label(n) + wording.with_full_stop(check["title"])
    return Para(INSPECTION, (Run(heading, RUN_IN_HEADING), Run(check["finding"])), anchor,
                f"checks[{n - 1}].finding")


def _distribution(dist: dict[str, Any]) -> list[Para]:
    lines = [
        _para(DIST_LINE, wording.distribution_line(label, dist[key]), DISTRIBUTION_ANCHOR, key)
        for label, key in wording.DISTRIBUTION_GROUPS
        if dist[key].strip()
    ]
    return lines + [_para(DIST_COPIES, wording.copies_line(dist["copies"]), DISTRIBUTION_ANCHOR,
                          "copies")]
