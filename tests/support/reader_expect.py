"""What reading an exported issue gives back (imported as ``from support.reader_expect import …``).

The export is not one-to-one in a few places, so the reader cannot give back exactly what
was written there; ``as_read`` maps an issue to what the printed page still says:

- the recipient list is not printed;
- an empty items or inspection block prints nothing, as an empty text block does: read as text;
- an inspection check's title is printed with a full stop added (（一）title。finding): a title
  that ended with 。 itself is read without it; the 报/送/发 lines likewise;
- a platform_stats block with 0 other categories prints no other counts: read as 0.
"""

from __future__ import annotations

import copy
from typing import Any


def as_read(issue: dict[str, Any]) -> dict[str, Any]:
    issue = copy.deepcopy(issue)
    issue["distribution"].pop("recipients", None)
    for key in ("report", "send", "issue"):
        issue["distribution"][key] = _no_stop(issue["distribution"][key])
    for section in issue["sections"]:
        for node in [section, *section.get("subsections", [])]:
            if "block" in node:
                node["block"] = _block(node["block"])
    return issue


def _block(block: dict[str, Any]) -> dict[str, Any]:
    kind = block["kind"]
    if kind in ("items", "inspection") and not block.get("items", block.get("checks")):
        return {"kind": "text", "paragraphs": []}
    if kind == "inspection":
        for check in block["checks"]:
            check["title"] = _no_stop(check["title"])
    if kind == "platform_stats" and block["other"]["categories"] == 0:
        block["other"] = {"categories": 0, "accepted": 0, "completed": 0}
    return block


def _no_stop(text: str) -> str:
    return text[:-1] if text.endswith("。") else text
