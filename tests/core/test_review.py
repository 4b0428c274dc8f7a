"""The review comparison (zwdesk.core.review) on issue dicts."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import random

import pytest
from support.builders import random_issue

from zwdesk.core.exchange import parse_issue
from zwdesk.core.review import DELETE, INSERT, apply, describe, differences


def _items(issue: dict) -> list[str]:
    return issue["sections"][2]["subsections"][1]["block"]["items"]


def test_same_issue_has_no_differences(sample_issue) -> None:
    assert differences(sample_issue, copy.deepcopy(sample_issue)) == []


def test_a_count_is_one_difference_with_its_path_and_place(sample_issue) -> None:
    reviewed = copy.deepcopy(sample_issue)
    reviewed["sections"][0]["subsections"][0]["block"]["week"]["consult"] = 825
    [diff] = differences(sample_issue, reviewed)
    assert diff.path == "sections[0].subsections[0].block.week.consult"
    assert diff.place == "一、综窗改革攻坚行动 / （一）省本级综窗办件情况 / 本周咨询"
    assert (diff.old, diff.new) == (815, 825)
    assert describe(diff).endswith("815 → 825")


def test_a_deleted_item_is_one_difference_not_a_shift(sample_issue) -> None:
    reviewed = copy.deepcopy(sample_issue)
    removed = _items(reviewed).pop(1)
    [diff] = differences(sample_issue, reviewed)
    assert diff.kind == DELETE and diff.old == removed
    assert diff.path == "sections[2].subsections[1].block.items[1]"
    assert diff.place.endswith("/ 第2条")
    assert apply(sample_issue, [diff]) == reviewed


def test_an_added_item_is_named_by_its_new_place(sample_issue) -> None:
    reviewed = copy.deepcopy(sample_issue)
    _items(reviewed).insert(2, "新增的一条。")
    [diff] = differences(sample_issue, reviewed)
    assert diff.kind == INSERT and diff.new == "新增的一条。"
    assert diff.place.endswith("/ 第3条")
    assert "新增：新增的一条。" in describe(diff)
    assert apply(sample_issue, [diff]) == reviewed


def test_a_changed_and_a_deleted_neighbour_pair_by_likeness(sample_issue) -> None:
    reviewed = copy.deepcopy(sample_issue)
    items = _items(reviewed)
    del items[0]
    items[0] = items[0].replace("。", "，已完成。", 1)
    diffs = differences(sample_issue, reviewed)
    assert [d.kind for d in diffs] == ["delete", "change"]
    assert diffs[1].path.endswith("items[1]")
    assert apply(sample_issue, diffs) == reviewed


def test_a_chosen_subset_is_applied_alone(sample_issue) -> None:
    reviewed = copy.deepcopy(sample_issue)
    reviewed["serial"] = 430
    _items(reviewed).pop(0)
    reviewed["sections"][3]["block"]["checks"][1]["finding"] = "有一处不规范。"
    diffs = differences(sample_issue, reviewed)
    assert len(diffs) == 3
    only_check = apply(sample_issue, [diffs[2]])
    assert only_check["serial"] == 429 and _items(only_check) == _items(sample_issue)
    assert only_check["sections"][3]["block"]["checks"][1]["finding"] == "有一处不规范。"
    assert diffs[2].place == "四、大厅巡查情况 / （二） 情况"
    assert sample_issue["serial"] == 429  # the stored issue itself is not changed


def test_recipients_are_never_compared(sample_issue) -> None:
    stored = copy.deepcopy(sample_issue)
    stored["distribution"]["recipients"] = [{"group": "报", "name": "中心领导", "copies": 5}]
    reviewed = copy.deepcopy(sample_issue)
    reviewed["distribution"].pop("recipients", None)
    reviewed["distribution"]["copies"] = 95
    [diff] = differences(stored, reviewed)
    assert diff.path == "distribution.copies" and diff.place == "版记 / 共印份数"
    assert apply(stored, [diff])["distribution"]["recipients"] == stored["distribution"][
        "recipients"]


def test_masthead_dates_in_words(sample_issue) -> None:
    reviewed = copy.deepcopy(sample_issue)
    reviewed["issue_date"] = dt.date(2023, 3, 13)
    [diff] = differences(sample_issue, reviewed)
    assert diff.place == "报头 / 印发日期"
    assert describe(diff).endswith("2023年3月21日 → 2023年3月13日")


def test_a_section_of_another_kind_is_one_change(sample_issue) -> None:
    reviewed = copy.deepcopy(sample_issue)
    reviewed["sections"][1]["block"] = {"kind": "text", "paragraphs": ["改为文字。"]}
    [diff] = differences(sample_issue, reviewed)
    assert diff.path == "sections[1].block"
    assert apply(sample_issue, [diff]) == reviewed


def _mutated(issue: dict, rng: random.Random) -> dict:
    """A reviewer's edits: texts changed, entries deleted and added, counts changed."""
    reviewed = copy.deepcopy(issue)
    for section in reviewed["sections"]:
        for node in [section, *section.get("subsections", [])]:
            block = node.get("block") or {}
            for key in ("items", "paragraphs", "departments"):
                entries = block.get(key)
                if entries is None:
                    continue
                for _ in range(rng.randint(0, 3)):
                    action, at = rng.choice("cdi"), rng.randint(0, len(entries))
                    if action == "i":
                        entries.insert(at, f"审阅新增{rng.randint(0, 999)}。")
                    elif entries and at < len(entries):
                        if action == "d":
                            del entries[at]
                        else:
                            entries[at] = entries[at][:-1] + "，已改。"
            if block.get("kind") == "window_stats":
                block["week"]["consult"] += rng.randint(0, 1)
    return reviewed


@pytest.mark.parametrize("seed", range(30))
def test_applying_every_difference_gives_the_reviewed_issue(seed: int) -> None:
    issue = parse_issue(json.dumps(random_issue(seed), ensure_ascii=False))
    reviewed = _mutated(issue, random.Random(seed))
    diffs = differences(issue, reviewed)
    assert apply(issue, diffs) == reviewed
    assert differences(apply(issue, diffs), reviewed) == []


@pytest.mark.parametrize("seed", range(10))
def test_any_subset_leaves_the_rest_to_do(seed: int) -> None:
    """Applying some differences, then comparing again, finds exactly the others' effect."""
    issue = parse_issue(json.dumps(random_issue(seed), ensure_ascii=False))
    reviewed = _mutated(issue, random.Random(seed))
    diffs = differences(issue, reviewed)
    rng = random.Random(seed)
    for chosen in itertools.islice((rng.sample(diffs, rng.randint(0, len(diffs)))
                                    for _ in itertools.count()), 5):
        partly = apply(issue, chosen)
        assert apply(partly, differences(partly, reviewed)) == reviewed
