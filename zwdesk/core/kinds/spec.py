"""The exchange keys of a block kind as plain data, which zwdesk.core.exchange turns into its
parsers: a kind says what its keys hold without loading the exchange parser.

A spec is ``TEXT``, ``COUNT`` (a whole number ≥ 0), ``DATE`` (YYYY-MM-DD), ``ListOf(spec)`` or
``Record({key: spec, …})``; a record's keys are all required, in the order they are written.
"""

from __future__ import annotations

from dataclasses import dataclass

from zwdesk.core import limits

TEXT = "text"
COUNT = "count"
DATE = "date"


@dataclass(frozen=True, eq=False)
class ListOf:
    item: Spec
    most: int = limits.MAX_LIST


@dataclass(frozen=True, eq=False)
class Record:
    keys: dict[str, Spec]


Spec = str | ListOf | Record
