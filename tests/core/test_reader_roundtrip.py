"""read(export(x)) == x for valid issues, recipients aside (see reader_expect.as_read for the
few places where the printed page says less than the issue)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.builders import make_issue, random_issue, sample_data
from support.reader_expect import as_read

from zwdesk.core import exchange
from zwdesk.core.bulletin import compose
from zwdesk.core.docx_render import docx_bytes
from zwdesk.core.reader import read_docx_bytes
from zwdesk.operations import write_bulletin


def round_trip(issue: dict, even_page: bool = False) -> dict:
    return read_docx_bytes(docx_bytes(compose(issue), even_page=even_page), "往返").issue


def parsed(data: dict) -> dict:
    return exchange.parse_issue(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize("even_page", [False, True])
def test_sample_round_trips(even_page: bool) -> None:
    issue = parsed(sample_data())
    assert round_trip(issue, even_page) == as_read(issue)


def test_written_file_round_trips(tmp_path) -> None:  # noqa: ANN001
    from zwdesk.core.reader import read_document

    issue = parsed(make_issue())
    write_bulletin(issue, tmp_path / "期.docx", even_page=True)
    result = read_document(tmp_path / "期.docx")
    assert result.issue == as_read(issue)
    assert result.kept_as_text == [] and result.warnings == []


@pytest.mark.parametrize("chunk", range(6))
def test_random_issues_round_trip(chunk: int) -> None:
    """300 seeded random issues, the 版记 on an even page for every other one."""
    for seed in range(chunk * 50, chunk * 50 + 50):
        issue = parsed(random_issue(seed))
        assert round_trip(issue, even_page=seed % 2 == 1) == as_read(issue), seed


# --- generated issues ---------------------------------------------------------------------------

# Text as typed: Chinese, Latin, digits, punctuation; no outer spaces and no line breaks
# (a soft break inside a paragraph reads joined, by design).
_CHARS = st.sampled_from(list("政务服务综合窗口受理办结一二三十（）《》“”，。；：、！？")
                         + list("ABCxyz0123456789.-/ ") + ["\t", "🙂", "\u3000"])
_text = st.text(_CHARS, min_size=1, max_size=30).map(lambda s: s.strip(" \t\u3000")).filter(bool)
_name = st.text(st.sampled_from(list("省市厅局委办公安交通运输科技ABC（）")), min_size=1,
                max_size=12)
_count = st.integers(0, 2**63 - 1)
_pair = st.fixed_dictionaries({"accepted": _count, "completed": _count})
_day = st.dates(dt.date(2001, 1, 1), dt.date(2099, 12, 31))


def _platform(start: dt.date, days: int, categories: int, *counts: int) -> dict:
    return {"kind": "platform_stats", "source": "四川一体化政务服务平台", "from": start,
            "to": start + dt.timedelta(days=days),
            "licensing": {"accepted": counts[0], "completed": counts[1]},
            "public_service": {"accepted": counts[2], "completed": counts[3]},
            "other": {"categories": categories, "accepted": counts[4], "completed": counts[5]}}


_counts = st.fixed_dictionaries({k: _count for k in ("consult", "accept", "issue", "transfer")})
_blocks = st.one_of(
    st.builds(lambda w, y: {"kind": "window_stats", "week": w, "year_to_date": y},
              _counts, _counts),
    st.lists(_name, max_size=8).map(lambda d: {"kind": "department_list", "departments": d}),
    st.lists(_text, min_size=1, max_size=5).map(lambda i: {"kind": "items", "items": i}),
    st.lists(_text, max_size=4).map(lambda p: {"kind": "text", "paragraphs": p}),
    st.builds(_platform, _day, st.integers(0, 400), st.integers(1, 20),
              *[_count] * 6),
)
_checks = st.lists(st.fixed_dictionaries({"title": _text, "finding": _text}), min_size=1,
                   max_size=5).map(lambda c: {"kind": "inspection", "checks": c})
_leaf = st.builds(lambda t, b: {"title": t, "block": b}, _text, _blocks)
_section = st.one_of(
    _leaf,
    st.builds(lambda t, b: {"title": t, "block": b}, _text, _checks),
    st.builds(lambda t, s: {"title": t, "subsections": s}, _text,
              st.lists(_leaf, min_size=1, max_size=4)),
)


@st.composite
def issues(draw: st.DrawFn) -> dict:
    issue_date = draw(_day)
    end = issue_date - dt.timedelta(days=draw(st.integers(0, 60)))
    start = end - dt.timedelta(days=draw(st.integers(0, 20)))
    return {
        "format": "zwdesk-issue", "version": 1, "publication": draw(_text),
        "editor": draw(_text), "year": issue_date.year, "number": draw(st.integers(1, 999)),
        "serial": draw(st.integers(1, 99999)), "issue_date": issue_date,
        "period": {"start": start, "end": end},
        "sections": draw(st.lists(_section, min_size=1, max_size=5)),
        "distribution": {"report": draw(st.one_of(st.just(""), _text)),
                         "send": draw(st.one_of(st.just(""), _text)),
                         "issue": draw(st.one_of(st.just(""), _text)),
                         "copies": draw(st.integers(1, 99999))},
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(issues())
def test_generated_issues_round_trip(issue: dict) -> None:
    issue = exchange.parse_issue(exchange.issue_to_json(issue))
    assert round_trip(issue) == as_read(issue)
