"""The registry of block kinds: each kind module gives the whole protocol, and a kind made up
here flows through validation, composition, checks and next week by registering it alone."""

from __future__ import annotations

import datetime as dt
import importlib
import json

import pytest
from support.builders import leaf, make_issue

from zwdesk.core import kinds
from zwdesk.core.bulletin import BODY, compose
from zwdesk.core.checks import check_issue
from zwdesk.core.exchange import FormatError, issue_to_json, parse_issue
from zwdesk.core.kinds import spec
from zwdesk.core.kinds.base import Block, BlockKind, Kind
from zwdesk.core.nextissue import next_issue
from zwdesk.core.para import Para, para
from zwdesk.core.problems import ERROR

NAMES = ("window_stats", "department_list", "items", "platform_stats", "inspection", "text")
# What each kind writes itself (the rest has defaults in BlockKind).
OWN = ("paragraphs", "recognise", "problems")


def test_the_registry_lists_the_six_kinds_in_the_apps_order():
    assert tuple(kinds.KINDS) == NAMES == kinds.BLOCK_KINDS == kinds.names()
    assert kinds.kind("items") is kinds.KINDS["items"]
    with pytest.raises(ValueError, match="unknown block kind"):
        kinds.kind("chart")


@pytest.mark.parametrize("name", NAMES)
def test_each_kind_module_provides_the_whole_protocol(name):
    module = importlib.import_module(f"zwdesk.core.kinds.{name}")
    kind = module.KIND
    assert kinds.KINDS[name] is kind and kind.name == name
    assert isinstance(kind, Kind) and isinstance(kind, BlockKind)
    assert kind.label and kind.fields and "kind" not in kind.fields
    assert all(isinstance(s, (str, spec.ListOf, spec.Record)) for s in kind.fields.values())
    for method in OWN:
        assert not hasattr(BlockKind, method) and callable(getattr(kind, method)), method
    # a new block: one empty list (list_key) or the kind's own
    assert kind.list_key in ("", *kind.fields)
    assert kind.list_key or type(kind).empty is not BlockKind.empty
    empty = kind.empty(dt.date(2024, 3, 15))
    assert empty["kind"] == name and set(empty) == {"kind", *kind.fields}


@pytest.mark.parametrize("name", NAMES)
def test_each_empty_block_is_valid_exchange_and_prints(name):
    issue = make_issue(sections=[leaf("标题", {"kind": "text", "paragraphs": []})])
    issue["sections"][0]["block"] = kinds.kind(name).empty(dt.date(2024, 3, 15))
    parsed = parse_issue(issue_to_json(issue))
    assert parsed["sections"][0]["block"] == issue["sections"][0]["block"]
    compose(parsed)
    next_issue(parsed)


def test_the_store_maps_every_kind_to_rows():
    from zwdesk.store.blocks import ROWS

    assert set(ROWS) == set(kinds.KINDS)


class Note(BlockKind):
    """A made-up kind: one sentence 注：… that a new week empties."""

    name = "note"
    label = "注"
    fields = {"note": spec.TEXT, "pages": spec.ListOf(spec.COUNT, most=2)}

    def empty(self, period_end: dt.date) -> Block:
        return {"kind": self.name, "note": "", "pages": []}

    def next_week(self, block: Block, period_end: dt.date, new_year: bool) -> None:
        block["note"] = ""

    def paragraphs(self, block: Block, anchor: str) -> list[Para]:
        return [para(BODY, f"注：{block['note']}", anchor, "note")]

    def recognise(self, lines, report, title, others):  # noqa: ANN001, ANN201
        return None

    def problems(self, node, block, issue, previous):  # noqa: ANN001, ANN201
        from zwdesk.core.problems import text_field

        return text_field(node.anchor, "note", node.label, block["note"])


@pytest.fixture
def note(monkeypatch):
    monkeypatch.setitem(kinds.KINDS, "note", Note())


def _note_issue(**block) -> str:  # noqa: ANN003
    section = leaf("备注", {"kind": "note", "note": "以上数据为初步统计。", "pages": [1],
                            **block})
    return json.dumps(make_issue(sections=[section]), ensure_ascii=False)


def test_a_registered_kind_is_validated_by_its_fields(note):
    issue = parse_issue(_note_issue())
    assert issue["sections"][0]["block"] == {"kind": "note", "note": "以上数据为初步统计。",
                                             "pages": [1]}
    with pytest.raises(FormatError, match=r"sections\[0\]\.block\.pages: 最多 2 项"):
        parse_issue(_note_issue(pages=[1, 2, 3]))
    with pytest.raises(FormatError, match=r"block\.colour: 未知字段"):
        parse_issue(_note_issue(colour="red"))


def test_a_registered_kind_prints_is_checked_and_is_emptied_next_week(note):
    issue = parse_issue(_note_issue(note=""))
    assert [p.text for p in compose(issue).body] == ["一、备注", "注："]
    problems = check_issue(issue)
    assert [(p.severity, p.anchor, p.field) for p in problems if p.field == "note"] == [
        (ERROR, "s0", "note")]
    issue["sections"][0]["block"]["note"] = "有"
    assert next_issue(issue)["sections"][0]["block"]["note"] == ""


def test_an_unregistered_kind_is_refused():
    with pytest.raises(FormatError, match="unknown block kind 'note'"):
        parse_issue(_note_issue())
