"""Paragraph styles: the role a style names (zwdesk's own template, Word's built-in headings)
and the numbering a style carries (a heading style numbered 一、 by its list definition)."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from zwdesk.core.para import HEADING1, HEADING2, ROLE_STYLES, RUN_IN_HEADING, RUN_STYLES
from zwdesk.core.reader.xml import W, attr, number

# Style name → the role of its paragraphs; Word stores built-in names in English.
_ROLES = {name: role for role, name in ROLE_STYLES.items()}
_ROLES.update({"heading 1": HEADING1, "heading 2": HEADING2})
RUN_IN_STYLE_NAME = RUN_STYLES[RUN_IN_HEADING]


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None


class Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        if root is not None:
            self._read(root)

    def _read(self, root: etree._Element) -> None:
        for style in root.findall(W + "style"):
            style_id = attr(style, "styleId") or ""
            num = style.find(f"{W}pPr/{W}numPr")
            ilvl = num.find(W + "ilvl") if num is not None else None
            num_id = num.find(W + "numId") if num is not None else None
            self.styles[style_id] = _Style(
                name=(attr(style.find(W + "name"), "val") or style_id).strip(),
                based_on=attr(style.find(W + "basedOn"), "val"),
                num_id=attr(num_id, "val"),
                ilvl=number(attr(ilvl, "val")) if ilvl is not None else None,
            )
            if attr(style, "type") == "paragraph" and attr(style, "default") in ("1", "true"):
                self.default_paragraph = style_id

    def _chain(self, style_id: str | None) -> list[_Style]:
        chain, seen = [], set()
        style_id = style_id or self.default_paragraph
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            chain.append(self.styles[style_id])
            style_id = chain[-1].based_on
        return chain

    def role(self, style_id: str | None) -> str | None:
        """The bulletin role the paragraph style (or one it is based on) names."""
        for style in self._chain(style_id):
            role = _ROLES.get(style.name) or _ROLES.get(style.name.lower())
            if role:
                return role
        return None

    def is_run_in(self, style_id: str | None) -> bool:
        style = self.styles.get(style_id) if style_id else None
        return style is not None and style.name == RUN_IN_STYLE_NAME

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """The numId and level the style's chain gives its paragraphs."""
        num_id, ilvl = None, None
        for style in self._chain(style_id):
            num_id = num_id or style.num_id
            ilvl = style.ilvl if ilvl is None else ilvl
        return num_id, ilvl
