"""WordprocessingML names and small helpers shared by the reader's modules."""

from __future__ import annotations

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_OFF = ("0", "false", "off", "none")


def attr(element: etree._Element | None, name: str) -> str | None:
    """The ``w:name`` attribute of ``element`` (None when absent)."""
    return None if element is None else element.get(W + name)


def on(element: etree._Element | None) -> bool:
    """An on/off property: present and not switched off by ``w:val``."""
    return element is not None and (attr(element, "val") or "1") not in _OFF


_MOST = 32767  # Word's largest list start and level numbers are far below this


def number(text: str | None, default: int | None = 0) -> int | None:
    """A small whole number written in the XML (``w:ilvl``, ``w:start``): ``default`` for
    anything else — a word, digits of another script (²), a number of 5 000 digits."""
    if text and len(text) <= 5 and text.isascii() and text.isdigit() and int(text) <= _MOST:
        return int(text)
    return default
