"""Whole numbers as people type and paste them."""

from __future__ import annotations

import pytest

from zwdesk.core.numbers import parse_count


@pytest.mark.parametrize("typed", [
    "1203", "1,203", "1，203", "1 203", "１２０３", "１，２０３", " 1203 ", "1\u00a0203",
    "1\u202f203", "1\u3000203", "1 2 0 3",
])
def test_ways_of_writing_1203(typed):
    assert parse_count(typed) == (1203, "")


def test_large_grouped_number():
    assert parse_count("12,345,678") == (12345678, "")


@pytest.mark.parametrize(("typed", "message"), [
    ("", "请填写"), ("  ", "请填写"), ("-5", "负数"), ("-1,203", "负数"), ("12,03", "逗号"),
    ("1,2034", "逗号"), ("1.5", "整数"), ("12a", "整数"), ("1,2a", "整数"), ("1,2O3", "整数"),
    ("١٢", "整数"),
])
def test_refused(typed, message):
    value, problem = parse_count(typed)
    assert value is None and message in problem


def test_bounds():
    assert parse_count("0", minimum=1)[1] == "应不小于 1"
    assert parse_count("1,000", maximum=999)[1] == "应不大于 999"
