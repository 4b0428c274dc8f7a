"""Next week's issue from the latest one, and the year-to-date rule."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from zwdesk.core.kinds.window_stats import (
    accumulate,
    expected_year_to_date,
    is_first_of_year,
    previous_window_stats,
)
from zwdesk.core.nextissue import iter_blocks, next_issue, next_period, proposed_issue_date

D = dt.date
ZERO = {"consult": 0, "accept": 0, "issue": 0, "transfer": 0}
SAMPLE_YTD = {"consult": 4281, "accept": 1545, "issue": 11620, "transfer": 29266}


def _period(start: dt.date, end: dt.date) -> dict[str, dt.date]:
    return {"start": start, "end": end}


def _block(issue: dict, anchor: str) -> dict:
    return dict(iter_blocks(issue))[anchor]


def _with(issue: dict, **changes) -> dict:
    variant = copy.deepcopy(issue)
    variant.update(changes)
    return variant


# --- numbering, period, issue date ---


def test_next_issue_of_the_sample_is_the_following_week(sample_issue):
    draft = next_issue(sample_issue)
    assert (draft["year"], draft["number"], draft["serial"]) == (2023, 10, 430)
    assert draft["period"] == _period(D(2023, 3, 13), D(2023, 3, 17))
    assert draft["issue_date"] == D(2023, 3, 28)  # house rhythm: 3-21 → 3-28


def test_numbering_continues_to_week_53_then_restarts_in_the_new_year(sample_issue):
    week_52 = _with(sample_issue, number=52, serial=472, issue_date=D(2023, 12, 26),
                    period=_period(D(2023, 12, 18), D(2023, 12, 22)))
    week_53 = next_issue(week_52)
    assert (week_53["year"], week_53["number"], week_53["serial"]) == (2023, 53, 473)
    assert week_53["period"] == _period(D(2023, 12, 25), D(2023, 12, 29))
    assert week_53["issue_date"] == D(2024, 1, 2)
    first = next_issue(week_53)
    assert (first["year"], first["number"], first["serial"]) == (2024, 1, 474)
    assert first["period"] == _period(D(2024, 1, 1), D(2024, 1, 5))
    assert first["issue_date"] == D(2024, 1, 9)


def test_a_week_across_new_year_belongs_to_the_year_it_ends_in(sample_issue):
    latest = _with(sample_issue, year=2024, number=52, serial=525, issue_date=D(2024, 12, 31),
                   period=_period(D(2024, 12, 23), D(2024, 12, 27)))
    draft = next_issue(latest)
    assert draft["period"] == _period(D(2024, 12, 30), D(2025, 1, 3))
    assert (draft["year"], draft["number"], draft["serial"]) == (2025, 1, 526)
    assert _block(draft, "s0.0")["year_to_date"] == ZERO
    assert _block(draft, "s1")["from"] == D(2025, 1, 1)
    assert _block(draft, "s1")["to"] == D(2025, 1, 3)


@pytest.mark.parametrize(("start", "end", "monday"), [
    (D(2023, 3, 7), D(2023, 3, 9), D(2023, 3, 13)),  # Tuesday–Thursday
    (D(2023, 3, 6), D(2023, 3, 12), D(2023, 3, 13)),  # ends on Sunday
    (D(2023, 3, 8), D(2023, 3, 13), D(2023, 3, 20)),  # ends on a Monday
    (D(2023, 1, 16), D(2023, 1, 27), D(2023, 1, 30)),  # two-week holiday issue
    (D(2023, 3, 10), D(2023, 3, 10), D(2023, 3, 13)),  # a single Friday
])
def test_period_moves_to_monday_to_friday_of_the_next_week(start, end, monday):
    period = next_period(_period(start, end))
    assert period == _period(monday, monday + dt.timedelta(days=4))
    assert period["start"].weekday() == 0 and period["end"].weekday() == 4


def test_irregular_latest_week_gives_a_regular_draft(sample_issue):
    latest = _with(sample_issue, period=_period(D(2023, 3, 7), D(2023, 3, 9)))
    assert next_issue(latest)["period"] == _period(D(2023, 3, 13), D(2023, 3, 17))


def test_issue_date_is_never_before_the_new_week_is_over():
    # latest issued early (on the last day of its week): +7 days would fall inside the new week
    assert proposed_issue_date(D(2023, 3, 10), D(2023, 3, 17)) == D(2023, 3, 18)
    assert proposed_issue_date(D(2023, 3, 21), D(2023, 3, 17)) == D(2023, 3, 28)


def test_issue_date_is_not_in_the_past_when_today_is_given(sample_issue):
    assert next_issue(sample_issue, today=D(2023, 4, 3))["issue_date"] == D(2023, 4, 3)
    assert next_issue(sample_issue, today=D(2023, 3, 20))["issue_date"] == D(2023, 3, 28)


# --- content ---


def test_latest_issue_is_not_modified(sample_issue):
    before = copy.deepcopy(sample_issue)
    next_issue(sample_issue)
    assert sample_issue == before


def test_carried_over_parts(sample_issue):
    draft = next_issue(sample_issue)
    assert draft["format"] == "zwdesk-issue" and draft["version"] == 1
    assert draft["publication"] == "政务服务工作"
    assert draft["editor"] == "四川省政府政务服务和公共资源交易服务中心"
    assert draft["distribution"] == sample_issue["distribution"]
    outline = [(a, b["kind"]) for a, b in iter_blocks(draft)]
    assert outline == [(a, b["kind"]) for a, b in iter_blocks(sample_issue)]
    assert [s["title"] for s in draft["sections"]] == [
        "综窗改革攻坚行动", "省级政务服务事项受理办理情况", "窗口工作动态", "大厅巡查情况"]
    assert [sub["title"] for sub in draft["sections"][2]["subsections"]] == [
        "优化营商环境工作开展情况", "窗口服务效能提升工作情况", "厅（局）长进大厅"]
    assert _block(draft, "s0.1")["departments"] == [
        "科技厅", "民政厅", "住房和城乡建设厅", "农业农村厅", "成都海关", "省消防救援总队",
        "省贸促会"]
    assert _block(draft, "s3") == _block(sample_issue, "s3")
    assert len(_block(draft, "s3")["checks"]) == 6


def test_distribution_recipients_are_carried_over(sample_issue):
    recipients = [{"group": "报", "name": "中心领导", "copies": 10}]
    sample_issue["distribution"]["recipients"] = recipients
    assert next_issue(sample_issue)["distribution"]["recipients"] == recipients


def test_emptied_parts(sample_issue):
    draft = next_issue(sample_issue)
    for anchor in ("s0.2", "s2.0", "s2.1", "s2.2"):
        assert _block(draft, anchor) == {"kind": "items", "items": []}
    window = _block(draft, "s0.0")
    assert window == {"kind": "window_stats", "week": ZERO, "year_to_date": SAMPLE_YTD}
    assert _block(draft, "s1") == {
        "kind": "platform_stats", "source": "四川一体化政务服务平台",
        "from": D(2023, 1, 1), "to": D(2023, 3, 17),
        "licensing": {"accepted": 0, "completed": 0},
        "public_service": {"accepted": 0, "completed": 0},
        "other": {"categories": 9, "accepted": 0, "completed": 0},
    }


def test_text_paragraphs_are_emptied(sample_issue):
    sample_issue["sections"].append(
        {"title": "其他事项", "block": {"kind": "text", "paragraphs": ["一段。", "二段。"]}})
    draft = next_issue(sample_issue)
    assert draft["sections"][4] == {"title": "其他事项",
                                   "block": {"kind": "text", "paragraphs": []}}


def test_draft_does_not_share_lists_with_the_latest(sample_issue):
    draft = next_issue(sample_issue)
    _block(draft, "s0.1")["departments"].append("新部门")
    draft["distribution"]["report"] = "改"
    assert "新部门" not in _block(sample_issue, "s0.1")["departments"]
    assert sample_issue["distribution"]["report"] == "中心领导"


# --- year to date ---


def test_accumulate_adds_key_by_key():
    week = {"consult": 10, "accept": 2, "issue": 3, "transfer": 4}
    assert accumulate(SAMPLE_YTD, week) == {"consult": 4291, "accept": 1547, "issue": 11623,
                                            "transfer": 29270}


def test_accumulate_first_issue_of_a_year_is_the_week():
    week = {"consult": 10, "accept": 2, "issue": 3, "transfer": 4}
    result = accumulate(None, week)
    assert result == week and result is not week


def test_previous_window_stats_by_anchor_then_by_being_the_only_one(sample_issue):
    assert previous_window_stats(sample_issue, "s0.0") is _block(sample_issue, "s0.0")
    # the outline changed: the only window_stats block is found elsewhere
    assert previous_window_stats(sample_issue, "s5") is _block(sample_issue, "s0.0")
    assert previous_window_stats(None, "s0.0") is None


def test_previous_window_stats_ambiguous_or_missing(sample_issue):
    second = copy.deepcopy(_block(sample_issue, "s0.0"))
    sample_issue["sections"].append({"title": "市州综窗", "block": second})
    assert previous_window_stats(sample_issue, "s4") is second
    assert previous_window_stats(sample_issue, "s0.0") is _block(sample_issue, "s0.0")
    assert previous_window_stats(sample_issue, "s9") is None  # two candidates, none here
    without = copy.deepcopy(sample_issue)
    without["sections"] = without["sections"][1:4]
    assert previous_window_stats(without, "s0.0") is None


def test_expected_year_to_date(sample_issue):
    week = {"consult": 100, "accept": 20, "issue": 30, "transfer": 40}
    same_year = expected_year_to_date(2023, 10, week, sample_issue, "s0.0")
    assert same_year == {"consult": 4381, "accept": 1565, "issue": 11650, "transfer": 29306}
    assert expected_year_to_date(2024, 1, week, sample_issue, "s0.0") == week
    assert expected_year_to_date(2024, 1, week, None, "s0.0") == week
    assert expected_year_to_date(2023, 10, week, None, "s0.0") is None


def test_is_first_of_year(sample_issue):
    assert is_first_of_year(2024, 1, sample_issue)
    assert not is_first_of_year(2023, 10, sample_issue)
    assert is_first_of_year(2023, 1, None)
    assert not is_first_of_year(2023, 10, None)


def test_iter_blocks_gives_anchors_in_printed_order(sample_issue):
    assert [a for a, _ in iter_blocks(sample_issue)] == [
        "s0.0", "s0.1", "s0.2", "s1", "s2.0", "s2.1", "s2.2", "s3"]
