"""The block kinds, one module each, and the registry everything else asks.

A kind module holds all that its kind is (see zwdesk.core.kinds.base): its exchange keys and
their validation, the paragraphs it prints as and their reading back, its checks, its rule for
next week and its empty block. Adding a kind is a module here, a line in ``_ALL``, its row
mapping in zwdesk.store.blocks and its form in zwdesk.app.forms.

The order of ``_ALL`` is the order the app offers the kinds in, and the order the reader tries
them in; the last one takes whatever the others do not recognise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from zwdesk.core.kinds import (
    department_list,
    inspection,
    items,
    platform_stats,
    text,
    window_stats,
)
from zwdesk.core.kinds.base import Kind

if TYPE_CHECKING:
    from zwdesk.core.kinds.reading import Line

_ALL: tuple[Kind, ...] = (window_stats.KIND, department_list.KIND, items.KIND,
                          platform_stats.KIND, inspection.KIND, text.KIND)

KINDS: dict[str, Kind] = {k.name: k for k in _ALL}
BLOCK_KINDS = tuple(KINDS)  # the names, as registered at start-up


def kind(name: str) -> Kind:
    """The kind called ``name``; ValueError for a name no kind has."""
    try:
        return KINDS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown block kind: {name}") from None


def names() -> tuple[str, ...]:
    """The names of the kinds registered now."""
    return tuple(KINDS)


def resembles_other(name: str) -> Callable[[Line], bool]:
    """Whether a paragraph is worded as the content of a kind other than ``name`` (what the
    reader tells that kind's ``recognise``)."""
    others = [k for k in KINDS.values() if k.name != name]
    return lambda line: any(k.resembles(line) for k in others)
