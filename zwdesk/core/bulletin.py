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
from zwdesk.core.kinds import kind
from zwdesk.core.outline import DISTRIBUTION_ANCHOR, MASTHEAD_ANCHOR, section_anchor
from zwdesk.core.para import (
    BODY,
    DIST_COPIES,
    DIST_LINE,
    HEADING1,
    HEADING2,
    INSPECTION,
    ITEM,
    MASTHEAD_EDITOR,
    MASTHEAD_NAME,
    MASTHEAD_NUMBER,
    PERIOD,
    RUN_IN_HEADING,
    Para,
    Run,
)
from zwdesk.core.para import para as _para

# The paragraph vocabulary (zwdesk.core.para) and the anchors (zwdesk.core.outline) are
# offered here too: the renderer, the page model, the preview and the reader read them here.
__all__ = ["BODY", "DISTRIBUTION_ANCHOR", "DIST_COPIES", "DIST_LINE", "HEADING1", "HEADING2",
           "INSPECTION", "ITEM", "MASTHEAD_ANCHOR", "MASTHEAD_EDITOR", "MASTHEAD_NAME",
           "MASTHEAD_NUMBER", "PERIOD", "RUN_IN_HEADING", "Bulletin", "Para", "Run",
           "block_paragraphs", "compose", "section_anchor"]


@dataclass
class Bulletin:
    masthead: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    distribution: list[Para] = field(default_factory=list)

    def paragraphs(self) -> list[Para]:
        return [*self.masthead, *self.body, *self.distribution]


def compose(issue: dict[str, Any]) -> Bulletin:
    """Lay out an issue as the paragraphs of the printed bulletin."""
    return Bulletin(
        masthead=masthead(issue),
        body=[p for i, s in enumerate(issue["sections"]) for p in _section(s, i)],
        distribution=_distribution(issue["distribution"]),
    )


def masthead(issue: dict[str, Any]) -> list[Para]:
    """The 报头's lines: the name, 2023年第9期（总第429期）, the organisation and date (a tab
    between), the week."""
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
    """The paragraphs a block prints as, under its heading (see zwdesk.core.kinds)."""
    return kind(block["kind"]).paragraphs(block, anchor)


def _distribution(dist: dict[str, Any]) -> list[Para]:
    lines = [
        _para(DIST_LINE, wording.distribution_line(label, dist[key]), DISTRIBUTION_ANCHOR, key)
        for label, key in wording.DISTRIBUTION_GROUPS
        if dist[key].strip()
    ]
    return lines + [_para(DIST_COPIES, wording.copies_line(dist["copies"]), DISTRIBUTION_ANCHOR,
                          "copies")]
