"""The bulletin's wording: numerals, dates and the generated sentences, word for word."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from support.builders import FORMAT_SPEC, ROOT

from zwdesk.core import wording
from zwdesk.core.exchange import read_issue
from zwdesk.core.kinds import department_list, platform_stats, window_stats

SAMPLE = read_issue(ROOT / "resources" / "sample-2023-09.json")
WINDOW = SAMPLE["sections"][0]["subsections"][0]["block"]
DEPARTMENTS = SAMPLE["sections"][0]["subsections"][1]["block"]
PLATFORM = SAMPLE["sections"][1]["block"]


def _spec_examples() -> dict[str, str]:
    """The 'printed as' column of the blocks table in issue-format-v1.md, by kind."""
    examples = {}
    for line in FORMAT_SPEC.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\| `(\w+)` \| .* \| (.+) \|", line)
        if match:
            examples[match[1]] = match[2].strip()
    return examples


SPEC = _spec_examples()
# The issue as printed (text taken from the PDF), with the PDF's spaces and line breaks removed.
PRINTED = re.sub(r"\s+", "", (ROOT / "tests" / "data" / "seed-2023-09.txt").read_text("utf-8"))


@pytest.mark.parametrize(("n", "expected"), [
    (1, "一"), (2, "二"), (9, "九"), (10, "十"), (11, "十一"), (15, "十五"), (19, "十九"),
    (20, "二十"), (21, "二十一"), (30, "三十"), (45, "四十五"), (90, "九十"), (99, "九十九"),
])
def test_chinese_numeral(n, expected):
    assert wording.chinese_numeral(n) == expected


def test_chinese_numerals_are_all_distinct():
    numerals = [wording.chinese_numeral(n) for n in range(1, 100)]
    assert len(set(numerals)) == 99
    assert all("零" not in numeral for numeral in numerals)


@pytest.mark.parametrize("n", [0, -1, 100])
def test_chinese_numeral_out_of_range(n):
    with pytest.raises(ValueError):
        wording.chinese_numeral(n)


def test_labels():
    assert wording.section_label(4) == "四、"
    assert wording.subsection_label(12) == "（十二）"
    assert wording.item_label(3) == "3."


@pytest.mark.parametrize(("date", "expected"), [
    (dt.date(2023, 3, 6), "2023年3月6日"),
    (dt.date(2023, 10, 10), "2023年10月10日"),
    (dt.date(2024, 1, 1), "2024年1月1日"),
    (dt.date(2000, 12, 31), "2000年12月31日"),
])
def test_full_date_has_no_leading_zeros(date, expected):
    assert wording.full_date(date) == expected


def test_month_day():
    assert wording.month_day(dt.date(2023, 3, 6)) == "3月6日"


def test_period_line_within_a_year():
    line = wording.period_line(dt.date(2023, 3, 6), dt.date(2023, 3, 10))
    assert line == "（3月6日\u20143月10日）"
    assert line in PRINTED


def test_period_line_across_a_year_end_names_both_years():
    line = wording.period_line(dt.date(2023, 12, 28), dt.date(2024, 1, 3))
    assert line == "（2023年12月28日\u20142024年1月3日）"


def test_period_line_uses_an_em_dash_only():
    line = wording.period_line(dt.date(2023, 9, 4), dt.date(2023, 9, 8))
    assert "\u2014" in line and "-" not in line and "\u2013" not in line and "～" not in line


def test_issue_number_line():
    assert wording.issue_number_line(2023, 9, 429) == "2023年第9期（总第429期）"


def test_the_spec_table_has_the_three_examples():
    assert {"window_stats", "department_list", "platform_stats"} <= set(SPEC)


def test_window_stats_sentence_as_printed():
    sentence = window_stats.sentence(WINDOW["week"], WINDOW["year_to_date"])
    assert sentence == SPEC["window_stats"]
    assert sentence in PRINTED


def test_department_sentence_as_printed():
    sentence = department_list.sentence(DEPARTMENTS["departments"])
    assert sentence == SPEC["department_list"]
    assert sentence in PRINTED


def test_platform_sentence_as_printed():
    sentence = platform_stats.sentence(PLATFORM)
    assert sentence == SPEC["platform_stats"]
    assert sentence in PRINTED


def test_window_stats_sentence_with_other_numbers():
    week = {"consult": 0, "accept": 1, "issue": 22, "transfer": 333}
    ytd = {"consult": 4444, "accept": 55555, "issue": 666666, "transfer": 7777777}
    assert window_stats.sentence(week, ytd) == (
        "本周，共计咨询0人次、受理1件、颁发22件、流转333件；"
        "今年以来，累计咨询4444人次、受理55555件、颁发666666件、流转7777777件。")


def test_department_sentence_counts_the_list():
    assert department_list.sentence(["成都海关"]) == (
        "目前，未授权无差别综合窗口的省级部门（单位）有1个：成都海关。")


def test_department_sentence_for_an_empty_list():
    assert department_list.sentence([]) == "目前，省级部门（单位）均已授权无差别综合窗口。"


def test_platform_sentence_without_other_categories():
    block = dict(PLATFORM, other={"categories": 0, "accepted": 0, "completed": 0},
                 **{"from": dt.date(2023, 12, 1), "to": dt.date(2024, 1, 5)})
    assert platform_stats.sentence(block) == (
        "据四川一体化政务服务平台数据统计，2023年12月1日至2024年1月5日，"
        "省本级行政许可事项受理86756件，办结87071件；公共服务事项受理887013件，办结821703件。")


def test_platform_sentence_names_its_source():
    block = dict(PLATFORM, source="天府通办")
    assert platform_stats.sentence(block).startswith("据天府通办数据统计，2023年1月1日至")


@pytest.mark.parametrize(("text", "expected"), [
    ("中心领导", "中心领导。"),
    ("中心领导。", "中心领导。"),
    ("中心领导。  ", "中心领导。"),
    ("是否到岗？", "是否到岗？"),
    ("总体良好！", "总体良好！"),
    ("甲；", "甲；"),
    ("待续…", "待续…"),
    ("各相关省级部门（单位），中心各处（室）、直属单位",
     "各相关省级部门（单位），中心各处（室）、直属单位。"),
])
def test_with_full_stop_never_doubles(text, expected):
    assert wording.with_full_stop(text) == expected
    assert wording.with_full_stop(wording.with_full_stop(text)) == expected


def test_distribution_lines_as_printed():
    dist = SAMPLE["distribution"]
    lines = [wording.distribution_line("报", dist["report"]),
             wording.distribution_line("送", dist["send"]),
             wording.distribution_line("发", dist["issue"]),
             wording.copies_line(dist["copies"])]
    assert lines == ["报：中心领导。", "送：各相关省级部门（单位），中心各处（室）、直属单位。",
                     "发：各部门窗口。", "（共印94份）"]
    assert "".join(lines) in PRINTED
    assert wording.distribution_line("报", "中心领导。") == "报：中心领导。"


def test_inspection_run_in_heading_as_printed():
    check = SAMPLE["sections"][3]["block"]["checks"][0]
    heading = wording.subsection_label(1) + wording.with_full_stop(check["title"])
    assert heading + check["finding"] == "（一）按时到岗情况。总体情况良好。"
    assert heading + check["finding"] in PRINTED
