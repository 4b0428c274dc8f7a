"""What a block kind is: the protocol every kind module implements, and its defaults.

A kind module (zwdesk.core.kinds.window_stats, …) defines one object, ``KIND``, whose class
derives from ``BlockKind`` and gives:

- ``name`` (the exchange format's ``kind``) and ``label`` (its Chinese name in the app);
- ``fields``: its exchange keys and what they hold (zwdesk.core.kinds.spec), and ``invalid``,
  a rule across its keys that the exchange format refuses (an end before a start);
- ``refused_in_subsection``: why it cannot sit under a （一） heading ('' when it can);
- ``empty``: a new, empty block; ``next_week``: what a new week clears in a copied block;
- ``paragraphs``: the paragraphs it prints as; ``recognise`` and ``resembles``: the same
  paragraphs read back from a Word file (the inverse); ``recognise`` is told which paragraphs
  the other kinds would take (``Others``), so that it does not swallow them;
- ``problems``: its checks (made of zwdesk.core.problems), and ``entries``: its texts that
  should not repeat an earlier one word for word.

The kind modules import no Qt and no peewee, and nothing that asks the kinds: the paragraph
vocabulary (para), the outline (outline), the field keys and problems (fieldkeys, problems),
the wording and what the readers share (reading) all sit below them. zwdesk.core.bulletin,
checks, pages, docx_render and the reader import the kinds, never the other way round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from zwdesk.core.kinds.reading import Line, Report
from zwdesk.core.kinds.spec import Spec
from zwdesk.core.para import BODY

if TYPE_CHECKING:
    from zwdesk.core.outline import Node
    from zwdesk.core.para import Para
    from zwdesk.core.problems import Problem

Block = dict[str, Any]
Issue = dict[str, Any]
# Whether a paragraph is worded as the content of another kind (the registry's
# ``resembles_other``): a kind that joins a plain paragraph to its last entry leaves such a one.
Others = Callable[[Line], bool]


@runtime_checkable
class Kind(Protocol):
    name: ClassVar[str]
    label: ClassVar[str]
    fields: ClassVar[dict[str, Spec]]
    refused_in_subsection: ClassVar[str]
    list_key: ClassVar[str]  # the one list a list kind holds; '' for another kind

    @property
    def in_subsection(self) -> bool: ...
    def invalid(self, block: Block) -> tuple[str, str] | None: ...
    def empty(self, period_end: dt.date) -> Block: ...
    def next_week(self, block: Block, period_end: dt.date, new_year: bool) -> None: ...
    def paragraphs(self, block: Block, anchor: str) -> list[Para]: ...
    def recognise(self, lines: list[Line], report: Report, title: str,
                  others: Others) -> Block | None: ...
    def resembles(self, line: Line) -> bool: ...
    def problems(self, node: Node, block: Block, issue: Issue,
                 previous: Issue | None) -> list[Problem]: ...
    def entries(self, block: Block) -> list[tuple[str, str]]: ...
    def __hash__(self) -> int: ...  # a kind is a key (the exchange caches its parsers by kind)


class BlockKind:
    """The defaults: allowed in subsections, no rule across keys, kept as it is next week, no
    texts compared for repetition, and for a kind whose content is one list (``list_key``) an
    empty list as its new block. ``paragraphs``, ``recognise`` and ``problems`` each kind
    writes itself."""

    name: ClassVar[str]
    label: ClassVar[str]
    fields: ClassVar[dict[str, Spec]]
    refused_in_subsection: ClassVar[str] = ""
    list_key: ClassVar[str] = ""  # the one list a list kind holds (items, paragraphs…)
    new_each_week: ClassVar[bool] = False  # the list starts empty in next week's issue

    def empty(self, period_end: dt.date) -> Block:
        """A new, empty block (a kind that is not one list writes its own)."""
        if not self.list_key:
            raise NotImplementedError(f"{self.name}: empty")
        return {"kind": self.name, self.list_key: []}

    @property
    def in_subsection(self) -> bool:
        return not self.refused_in_subsection

    def invalid(self, block: Block) -> tuple[str, str] | None:
        """(key, message) when the keys, each valid, contradict each other; else None."""
        return None

    def next_week(self, block: Block, period_end: dt.date, new_year: bool) -> None:
        """Clear in place what a new week rewrites (zwdesk.core.nextissue); kept by default."""
        if self.new_each_week:
            block[self.list_key] = []

    def resembles(self, line: Line) -> bool:
        """Whether one paragraph is worded as this kind's content (a mixed section is kept as
        text and reported when any of its paragraphs is)."""
        return False

    def entries(self, block: Block) -> list[tuple[str, str]]:
        """(field key, text) of each text that should not repeat an earlier one."""
        return []


class SentenceKind(BlockKind):
    """A kind printed as one generated sentence, read back from a single paragraph."""

    def read(self, text: str, report: Report) -> Block | None:
        """The block a typed or printed sentence gives, or None if it is not this sentence."""
        raise NotImplementedError

    def recognise(self, lines: list[Line], report: Report, title: str,
                  others: Others) -> Block | None:
        if len(lines) != 1 or not _may_be_sentence(lines[0]):
            return None
        return self.read(lines[0].text, report)

    def resembles(self, line: Line) -> bool:
        return _may_be_sentence(line) and self.read(line.text, Report()) is not None


def _may_be_sentence(line: Line) -> bool:
    """A generated sentence is zwdesk's body text, or a paragraph of no known style."""
    return line.role in (None, BODY)
