"""Checks of an issue: the sample is clean but for its one doubled word; a bad issue gives each
problem at the right anchor and field."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from zwdesk.core.checks import check_issue, problem_place
from zwdesk.core.fieldkeys import FieldRef, parse_field
from zwdesk.core.nextissue import iter_blocks, next_issue
from zwdesk.core.problems import ERROR, WARNING, Problem, has_errors
from zwdesk.core.slips import doubled_words, half_width_punctuation, placeholders, unpaired_brackets

D = dt.date


def _keys(problems: list[Problem]) -> set[tuple[str, str, str]]:
    return {(p.severity, p.anchor, p.field) for p in problems}


def _block(issue: dict, anchor: str) -> dict:
    return dict(iter_blocks(issue))[anchor]


def _all_texts(issue: dict) -> list[str]:
    texts = [issue["publication"], issue["editor"]]
    for section in issue["sections"]:
        texts.append(section["title"])
        texts += [sub["title"] for sub in section.get("subsections", [])]
    for _anchor, block in iter_blocks(issue):
        texts += block.get("items", []) + block.get("departments", [])
        texts += block.get("paragraphs", []) + [block.get("source", "")]
        texts += [t for c in block.get("checks", []) for t in (c["title"], c["finding"])]
    dist = issue["distribution"]
    return texts + [dist["report"], dist["send"], dist["issue"]]


# --- the sample ---


def test_sample_has_exactly_the_one_doubled_word(sample_issue):
    problems = check_issue(sample_issue)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.severity, problem.anchor, problem.field) == (WARNING, "s2.1", "items[3]")
    assert problem.message.startswith("（二）窗口服务效能提升工作情况 第4条：词语重复“政务政务”")
    assert "推进政务政务服务" in problem.message
    assert not has_errors(problems)


def test_no_false_positives_on_any_sample_text(sample_issue):
    texts = _all_texts(sample_issue)
    assert len(texts) > 30
    assert [t for t in texts if half_width_punctuation(t)] == []
    assert [t for t in texts if unpaired_brackets(t)] == []
    assert [t for t in texts if doubled_words(t)] == [
        _block(sample_issue, "s2.1")["items"][3]]


def test_sample_with_the_doubled_word_fixed_is_clean(sample_issue):
    items = _block(sample_issue, "s2.1")["items"]
    items[3] = items[3].replace("政务政务", "政务")
    assert check_issue(sample_issue) == []


def test_next_issue_checked_against_the_sample_only_lacks_the_week_items(sample_issue):
    draft = next_issue(sample_issue)
    problems = check_issue(draft, sample_issue, taken_numbers={(2023, 9)}, taken_serials={429})
    assert _keys(problems) == {(ERROR, a, "items") for a in ("s0.2", "s2.0", "s2.1", "s2.2")} | {
        (WARNING, "s0.0", "week.consult"), (WARNING, "s1", "licensing.accepted")}
    messages = [p.message for p in problems]
    assert "（一）省本级综窗办件情况：本周数字都是0，是否还没有填写？" in messages
    assert "二、省级政务服务事项受理办理情况：受理、办结数字都是0，是否还没有填写？" in messages
    assert "（三）推进情况：没有内容" in messages


# --- a bad issue: every problem at its anchor and field ---


def _bad_issue(sample: dict) -> tuple[dict, dict]:
    issue = copy.deepcopy(sample)
    previous = copy.deepcopy(sample)
    previous.update(number=7, serial=427)
    # previous 今年以来 = this issue's minus the week for issue/transfer (consistent), but not
    # for consult (expected 4000 + 815 = 4815, shown 4281)
    _block(previous, "s0.0")["year_to_date"] = {
        "consult": 4000, "accept": 1377, "issue": 10435, "transfer": 27584}

    issue["publication"] = " "
    issue["period"] = {"start": D(2023, 3, 10), "end": D(2023, 3, 6)}
    issue["issue_date"] = D(2023, 3, 5)
    issue["sections"][0]["title"] = ""
    _block(issue, "s0.0")["week"]["accept"] = 1668
    _block(issue, "s0.1")["departments"][1] = ""
    _block(issue, "s0.2")["items"] = []
    platform = _block(issue, "s1")
    platform.update(source="", to=D(2022, 12, 31))
    items_20 = _block(issue, "s2.0")["items"]
    items_20[0] = "  "
    items_20[1] += "强调:要严格把关。"
    _block(issue, "s2.1")["items"][0] = "完善《综合窗口攻坚破难行动方案，并报党委会审定。"
    issue["sections"][2]["subsections"][2]["title"] = "厅(局)长进大厅"
    checks = _block(issue, "s3")["checks"]
    checks[0]["finding"] = "总体情况良好,无迟到。"
    checks[1]["title"] = ""
    checks[2]["finding"] = ""
    issue["sections"] += [
        {"title": "其他事项", "block": {"kind": "text", "paragraphs": ["", "正文。"]}},
        {"title": "通知", "block": {"kind": "text", "paragraphs": []}},
        {"title": "夜间巡查", "block": {"kind": "inspection", "checks": []}},
    ]
    issue["distribution"].update(report="", send="", issue="", copies=94, recipients=[
        {"group": "报", "name": "中心领导", "copies": 60},
        {"group": "送", "name": "", "copies": 40},
    ])
    return issue, previous


def test_bad_issue_gives_each_problem_at_its_anchor_and_field(sample_issue):
    issue, previous = _bad_issue(sample_issue)
    problems = check_issue(issue, previous, taken_numbers={(2023, 9)}, taken_serials={429})
    assert _keys(problems) == {
        (ERROR, "masthead", "publication"),
        (ERROR, "masthead", "number"),  # taken
        (WARNING, "masthead", "number"),  # 7 → 9
        (ERROR, "masthead", "serial"),  # taken
        (WARNING, "masthead", "serial"),  # 427 → 429
        (ERROR, "masthead", "period_end"),
        (WARNING, "masthead", "issue_date"),
        (ERROR, "s0", "title"),
        (WARNING, "s0.0", "year_to_date.consult"),
        (ERROR, "s0.0", "year_to_date.accept"),
        (ERROR, "s0.1", "departments[1]"),
        (ERROR, "s0.2", "items"),
        (ERROR, "s1", "source"),
        (ERROR, "s1", "to"),
        (ERROR, "s2.0", "items[0]"),
        (WARNING, "s2.0", "items[1]"),  # half-width colon
        (WARNING, "s2.1", "items[0]"),  # 《 without 》
        (WARNING, "s2.1", "items[3]"),  # 政务政务
        (WARNING, "s2.2", "title"),  # half-width parentheses
        (WARNING, "s3", "checks[0].finding"),  # half-width comma
        (ERROR, "s3", "checks[1].title"),
        (ERROR, "s3", "checks[2].finding"),
        (ERROR, "s4", "paragraphs[0]"),
        (ERROR, "s5", "paragraphs"),
        (ERROR, "s6", "checks"),
        (ERROR, "distribution", "report"),  # 报、送、发 all empty
        (ERROR, "distribution", "recipients[1].name"),
        (WARNING, "distribution", "copies"),  # 94 < 60 + 40
    }
    assert has_errors(problems)
    # one problem per slip: no duplicates hiding in the set
    assert len(problems) == 28


def test_bad_issue_messages(sample_issue):
    issue, previous = _bad_issue(sample_issue)
    problems = check_issue(issue, previous, taken_numbers={(2023, 9)}, taken_serials={429})
    messages = {(p.severity, p.anchor, p.field): p.message for p in problems}
    assert messages[(ERROR, "s0.0", "year_to_date.accept")] == (
        "（一）省本级综窗办件情况：今年以来受理（1545）小于本周受理（1668）")
    assert messages[(WARNING, "s0.0", "year_to_date.consult")] == (
        "（一）省本级综窗办件情况：今年以来咨询应为4815（上期4000＋本周815），现为4281")
    assert messages[(WARNING, "masthead", "number")] == (
        "报头：期号应为第8期（上期为2023年第7期），现为第9期")
    assert messages[(WARNING, "masthead", "serial")] == (
        "报头：总期号应为总第428期（上期为总第427期），现为总第429期")
    assert messages[(ERROR, "masthead", "number")] == "报头：2023年第9期已存在，期号重复"
    assert messages[(ERROR, "masthead", "period_end")] == (
        "报头：时段结束日期（2023年3月6日）早于开始日期（2023年3月10日）")
    assert messages[(ERROR, "s0", "title")] == "第一部分：标题未填写"
    assert messages[(WARNING, "s2.0", "items[1]")].startswith(
        "（一）优化营商环境工作开展情况 第2条：半角“:”应为全角“：”：")
    assert "强调:要" in messages[(WARNING, "s2.0", "items[1]")]
    assert messages[(WARNING, "s2.1", "items[0]")].startswith(
        "（二）窗口服务效能提升工作情况 第1条：书名号不成对：《 缺少对应的 》")
    assert messages[(WARNING, "s2.2", "title")].startswith(
        "（三）厅(局)长进大厅：半角括号“()”应为全角“（）”：")
    assert messages[(ERROR, "s3", "checks[1].title")] == "四、大厅巡查情况 （二）：巡查项目未填写"
    assert messages[(WARNING, "distribution", "copies")] == (
        "版记：共印94份，少于分发名单合计的100份")
    assert messages[(ERROR, "distribution", "report")] == "版记：报、送、发均未填写"


def test_problems_come_in_outline_order(sample_issue):
    issue, previous = _bad_issue(sample_issue)
    anchors = [p.anchor for p in check_issue(issue, previous)]
    order = ["masthead", "s0", "s0.0", "s0.1", "s0.2", "s1", "s2.0", "s2.1", "s2.2", "s3", "s4",
             "s5", "s6", "distribution"]
    assert anchors == sorted(anchors, key=order.index)


# --- year to date ---


def _window(issue: dict) -> dict:
    return _block(issue, "s0.0")


def test_year_to_date_agreeing_with_previous_issue_is_fine(sample_issue):
    previous = copy.deepcopy(sample_issue)
    previous.update(number=8, serial=428)
    _window(previous)["year_to_date"] = {"consult": 3466, "accept": 1377, "issue": 10435,
                                         "transfer": 27584}
    _block(sample_issue, "s2.1")["items"][3] = "无。"
    assert check_issue(sample_issue, previous) == []


def test_first_issue_of_a_year_year_to_date_should_equal_the_week(sample_issue):
    sample_issue.update(number=1, serial=421)
    _block(sample_issue, "s2.1")["items"][3] = "无。"
    problems = check_issue(sample_issue)  # no previous issue, 第1期
    assert _keys(problems) == {(WARNING, "s0.0", f"year_to_date.{k}")
                               for k in ("consult", "accept", "issue", "transfer")}
    assert problems[0].message == (
        "（一）省本级综窗办件情况：今年以来咨询应为815（本期为今年第一期，应等于本周），现为4281")
    previous = copy.deepcopy(sample_issue)
    previous.update(year=2022, number=52, serial=420)
    assert _keys(check_issue(sample_issue, previous)) == _keys(problems)
    _window(sample_issue)["year_to_date"] = dict(_window(sample_issue)["week"])
    assert check_issue(sample_issue, previous) == []


def test_new_year_numbering_must_restart_at_one(sample_issue):
    previous = copy.deepcopy(sample_issue)
    previous.update(year=2022, number=52, serial=428)
    problems = [p for p in check_issue(sample_issue, previous) if p.anchor == "masthead"]
    assert [(p.severity, p.field, p.message) for p in problems] == [
        (WARNING, "number", "报头：新一年的第一期期号应为第1期（上期为2022年第52期），现为第9期")]


def test_year_should_be_the_year_the_period_ends_in(sample_issue):
    sample_issue["year"] = 2024
    problems = [p for p in check_issue(sample_issue) if p.anchor == "masthead"]
    assert [(p.severity, p.field, p.message) for p in problems] == [
        (WARNING, "year", "报头：年份（2024）与时段结束日期所在年份（2023）不一致")]


def test_taken_numbers_of_other_years_do_not_count(sample_issue):
    problems = check_issue(sample_issue, taken_numbers={(2022, 9), (2024, 9)},
                           taken_serials={428, 430})
    assert [p.anchor for p in problems] == ["s2.1"]


# --- distribution ---


def test_distribution_lines_are_checked_when_filled(sample_issue):
    dist = sample_issue["distribution"]
    dist.update(report="", issue="", send="各相关省级部门(单位),中心各处（室")
    problems = [p for p in check_issue(sample_issue) if p.anchor == "distribution"]
    assert len(problems) == 3  # ( ), the comma, the unclosed （
    assert _keys(problems) == {(WARNING, "distribution", "send")}


def test_copies_covering_the_recipients_are_fine(sample_issue):
    sample_issue["distribution"]["recipients"] = [
        {"group": "报", "name": "中心领导", "copies": 10},
        {"group": "发", "name": "各部门窗口", "copies": 84},
    ]
    assert [p.anchor for p in check_issue(sample_issue)] == ["s2.1"]


# --- the typing checks ---


@pytest.mark.parametrize("text", [
    "检验检测机构通用要求（RB/T214-2017）",
    "根据《通用要求(RB/T214-2017)》，自行修改",  # ASCII parentheses around plain ASCII
    "世界贸易组织(WTO)成员",
    "增长1.5个百分点",
    "上午9:30开始，下午14:00结束",
    "受理1,000件",
    "登录https://www.sc.gov.cn/a?b=1&c=2查询",
    "Hello, world! (test)",
    "3月9-10日，省卫生健康委召开会议。",
])
def test_no_half_width_punctuation_false_positives(text):
    assert half_width_punctuation(text) == []


@pytest.mark.parametrize(("text", "mark"), [
    ("本周,共计咨询", ","),
    ("一是推进;二是落实", ";"),
    ("强调:要严格", ":"),
    ("是否办结?", "?"),
    ("好!", "!"),
    ("电话: 028", ":"),  # a space does not hide the Chinese beside it
    ("“一网通办”,确保", ","),
    ("说明)", ")"),  # a lone parenthesis beside Chinese
])
def test_half_width_punctuation_is_reported(text, mark):
    found = half_width_punctuation(text)
    assert len(found) == 1
    assert found[0].startswith(f"半角“{mark}”应为全角")
    assert text in found[0]  # short texts are quoted whole


@pytest.mark.parametrize(("text", "found"), [
    ('推行"一件事一次办"改革',
     '半角引号"一件事一次办"应为全角“一件事一次办”：推行"一件事一次办"改革'),
    ("做到'应办尽办'", "半角引号'应办尽办'应为全角‘应办尽办’：做到'应办尽办'"),
    ('评为"A级"窗口', '半角引号"A级"应为全角“A级”：评为"A级"窗口'),
    ('开展"WTO" 培训', '半角引号"WTO"应为全角“WTO”：开展"WTO" 培训'),  # beside Chinese
    ('他说"好', '半角引号"应为全角“或”：他说"好'),  # a quote without its partner
])
def test_half_width_quotes_are_reported_with_the_full_width_pair(text, found):
    assert half_width_punctuation(text) == [found]


@pytest.mark.parametrize("text", [
    "don't stop", '"ok" and "yes"', "用时5'30\"完成", "身高6'", "It's 中文",
])
def test_quotes_that_are_not_chinese_quotes_are_left_alone(text):
    assert half_width_punctuation(text) == []


def test_a_long_quoted_phrase_is_shortened_in_the_message():
    (found,) = half_width_punctuation('推行"一件事一次办一件事一次办事项清单"改革')
    assert found.startswith('半角引号"一件事一次办一件事一次…"应为全角“一件事一次办一件事一次…”：')


def test_a_problem_names_the_words_it_is_about():
    from zwdesk.core.problems import text_field

    [quotes, doubled] = text_field("s0", "items[0]", "第1条", '推行"一网通办"，推进政务政务服务')
    assert quotes.words == '"一网通办"' and doubled.words == "政务政务"
    assert doubled.message == "第1条：词语重复“政务政务”：…一网通办\"，推进政务政务服务"


def test_chinese_in_ascii_parentheses_is_reported_once():
    found = half_width_punctuation("省级部门(单位)有7个")
    assert found == ["半角括号“()”应为全角“（）”：省级部门(单位)有7个"]


def test_excerpt_is_short_around_the_mark():
    text = "一二三四五六七八九十" * 3 + "," + "一二三四五六七八九十" * 3
    (found,) = half_width_punctuation(text)
    assert found == "半角“,”应为全角“，”：…三四五六七八九十,一二三四五六七八…"


@pytest.mark.parametrize("text", [
    "常常", "人人有责", "天天", "看看", "一一对应", "个个", "层层压实", "步步", "事事", "处处",
    "时时", "项项", "年年", "月月", "日日", "认认真真", "家家户户",
    "一步一步推进", "一项一项落实", "一件事一件事地办", "要研究研究", "讨论讨论",
])
def test_no_doubled_word_false_positives(text):
    assert doubled_words(text) == []


@pytest.mark.parametrize(("text", "doubled"), [
    ("推进政务政务服务标准化", "政务政务"),
    ("不断推进推进改革", "推进推进"),
    ("提升政务服务政务服务水平", "政务服务政务服务"),
    ("综合窗口综合窗口", "综合窗口综合窗口"),
    ("一网通办一网通办", "一网通办一网通办"),
    ("无差别无差别受理", "无差别无差别"),
])
def test_doubled_words_are_reported(text, doubled):
    assert doubled_words(text) == [f"词语重复“{doubled}”：{text}"]


@pytest.mark.parametrize(("text", "what"), [
    ("“一网通办", "引号不成对：“ 缺少对应的 ”"),
    ("一网通办”", "引号不成对：多了 ”"),
    ("《方案", "书名号不成对：《 缺少对应的 》"),
    ("方案》", "书名号不成对：多了 》"),
    ("厅（局长", "括号不成对：（ 缺少对应的 ）"),
    ("局）长", "括号不成对：多了 ）"),
    ("【重要", "方括号不成对：【 缺少对应的 】"),
    ("》方案《", "书名号不成对：多了 》"),  # closed before opened
])
def test_unpaired_brackets_are_reported(text, what):
    assert unpaired_brackets(text)[0] == f"{what}：{text}"


def test_balanced_brackets_are_fine():
    assert unpaired_brackets("“综窗改革”“一网通办”《方案（试行）》【注】（（嵌套））") == []
    assert len(unpaired_brackets("》方案《")) == 2


# --- figures against the previous issue ---


def _clean(sample: dict) -> dict:
    """The sample without its one doubled word: it checks clean."""
    items = _block(sample, "s2.1")["items"]
    items[3] = items[3].replace("政务政务", "政务")
    return sample


def _eighth(sample: dict) -> dict:
    """2023年第8期, whose figures are consistent with the sample (第9期)."""
    previous = copy.deepcopy(sample)
    previous.update(number=8, serial=428)
    _window(previous)["year_to_date"] = {"consult": 3466, "accept": 1377, "issue": 10435,
                                         "transfer": 27584}
    platform = _block(previous, "s1")
    platform["to"] = D(2023, 3, 3)
    platform["licensing"] = {"accepted": 80000, "completed": 80000}
    return previous


def _text_section(paragraphs: list[str]) -> dict:
    return {"title": "其他", "block": {"kind": "text", "paragraphs": paragraphs}}


def test_the_clean_sample_after_a_consistent_eighth_issue_is_clean(sample_issue):
    issue = _clean(sample_issue)
    assert check_issue(issue, _eighth(issue)) == []


def test_year_to_date_below_the_previous_issue_is_an_error(sample_issue):
    issue = _clean(sample_issue)
    previous = _eighth(issue)
    _window(previous)["year_to_date"]["issue"] = 12000  # this issue shows 11620
    problems = check_issue(issue, previous)
    assert [(p.severity, p.anchor, p.field, p.message) for p in problems] == [
        (ERROR, "s0.0", "year_to_date.issue",
         "（一）省本级综窗办件情况：今年以来颁发（11620）小于上期（2023年第8期）的今年以来颁发"
         "（12000）")]


def test_year_to_date_of_a_new_year_may_be_below_the_last_year(sample_issue):
    issue = _clean(sample_issue)
    issue.update(number=1, serial=421)
    _window(issue)["year_to_date"] = dict(_window(issue)["week"])
    previous = copy.deepcopy(issue)
    previous.update(year=2022, number=52, serial=420)
    _window(previous)["year_to_date"] = {"consult": 90000, "accept": 90000, "issue": 90000,
                                         "transfer": 90000}
    assert check_issue(issue, previous) == []


def test_platform_figures_below_the_previous_issue_are_errors(sample_issue):
    issue = _clean(sample_issue)
    previous = _eighth(issue)
    _block(previous, "s1")["public_service"]["completed"] = 900000  # this issue: 821703
    _block(previous, "s1")["other"].update(categories=12, completed=8000)  # 9 categories, 7571
    problems = check_issue(issue, previous)
    assert [(p.severity, p.anchor, p.field) for p in problems] == [
        (ERROR, "s1", "public_service.completed"), (ERROR, "s1", "other.completed")]
    assert problems[0].message == (
        "二、省级政务服务事项受理办理情况：公共服务事项办结821703件，少于上期（2023年第8期）的"
        "900000件（起始日期相同，累计数不应减少）")
    assert "其它行权事项办结7571件" in problems[1].message and "8000件" in problems[1].message


def test_platform_figures_from_another_start_date_are_not_compared(sample_issue):
    issue = _clean(sample_issue)
    previous = _eighth(issue)
    _block(previous, "s1").update(licensing={"accepted": 999999, "completed": 999999})
    _block(previous, "s1")["from"] = D(2022, 1, 1)
    assert check_issue(issue, previous) == []


def test_platform_block_found_elsewhere_in_the_previous_outline(sample_issue):
    issue = _clean(sample_issue)
    previous = _eighth(issue)
    previous["sections"].insert(0, previous["sections"].pop(1))  # the block moved to s0
    _block(previous, "s0")["licensing"]["accepted"] = 90000  # this issue: 86756
    problems = check_issue(issue, previous)
    assert [(p.severity, p.anchor, p.field) for p in problems if p.anchor == "s1"] == [
        (ERROR, "s1", "licensing.accepted")]


def test_platform_figures_still_zero_are_not_compared(sample_issue):
    draft = next_issue(_clean(sample_issue))
    assert draft["sections"][1]["block"]["from"] == D(2023, 1, 1)  # as in the sample
    problems = [p for p in check_issue(draft, sample_issue) if p.anchor == "s1"]
    assert [(p.severity, p.field) for p in problems] == [(WARNING, "licensing.accepted")]


def test_platform_end_date_other_than_the_period_end_is_a_warning(sample_issue):
    issue = _clean(sample_issue)
    _block(issue, "s1")["to"] = D(2023, 3, 9)
    problems = check_issue(issue)
    assert [(p.severity, p.anchor, p.field, p.message) for p in problems] == [
        (WARNING, "s1", "to", "二、省级政务服务事项受理办理情况：统计截止日期（2023年3月9日）"
                              "与本期时段结束日期（2023年3月10日）不一致")]


def test_issue_date_before_the_period_ends_is_a_warning(sample_issue):
    issue = _clean(sample_issue)
    issue["issue_date"] = D(2023, 3, 9)
    problems = check_issue(issue)
    assert [(p.severity, p.anchor, p.field, p.message) for p in problems] == [
        (WARNING, "masthead", "issue_date",
         "报头：印发日期（2023年3月9日）早于时段结束日期（2023年3月10日）")]
    issue["issue_date"] = D(2023, 3, 10)  # the same day is fine
    assert check_issue(issue) == []


# --- the same paragraph twice ---


def _not_pages(problems: list) -> list:
    """Leave out the page warnings (tests/test_pages.py has them): these issues grow by a section
    or an item, which may leave the 版记 alone on a page."""
    return [p for p in problems if p.field]


def test_the_same_item_twice_is_reported_at_the_second_place(sample_issue):
    issue = _clean(sample_issue)
    first = _block(issue, "s2.0")["items"][1]
    _block(issue, "s2.2")["items"].append(f"  {first}\n")
    problems = _not_pages(check_issue(issue))
    assert [(p.severity, p.anchor, p.field, p.message) for p in problems] == [
        (WARNING, "s2.2", "items[2]",
         "（三）厅（局）长进大厅 第3条：与三、窗口工作动态 / （一）优化营商环境工作开展情况 / "
         "第2条的内容相同，是否重复？")]


def test_repeats_across_items_paragraphs_and_findings(sample_issue):
    issue = _clean(sample_issue)
    item = _block(issue, "s0.2")["items"][0]
    issue["sections"].append(_text_section([item, "另一段。", "另一段。"]))
    _block(issue, "s3")["checks"][5]["finding"] = "另一段。"
    problems = _not_pages(check_issue(issue))
    assert [(p.anchor, p.field) for p in problems] == [
        ("s4", "paragraphs[0]"), ("s4", "paragraphs[1]"), ("s4", "paragraphs[2]")]
    assert "与一、综窗改革攻坚行动 / （三）推进情况 / 第1条的内容相同" in problems[0].message
    # the first place of 另一段。 is the finding, which comes earlier in the outline
    assert "与四、大厅巡查情况 / （六）的内容相同" in problems[1].message
    assert "与四、大厅巡查情况 / （六）的内容相同" in problems[2].message
    assert {p.severity for p in problems} == {WARNING}


def test_findings_may_repeat_each_other_and_titles_departments_are_not_compared(sample_issue):
    issue = _clean(sample_issue)  # five checks say 总体情况良好。
    _block(issue, "s0.1")["departments"].append("科技厅")
    issue["sections"][1]["title"] = issue["sections"][0]["title"]
    _block(issue, "s2.0")["items"].append("")  # empty texts are another problem
    assert [(p.anchor, p.field) for p in check_issue(issue)] == [("s2.0", "items[2]")]


# --- placeholders ---


@pytest.mark.parametrize(("text", "found"), [
    ("（请填写二级标题）", ["（请填写二级标题）"]),
    ("（请填写单位名称）", ["（请填写单位名称）"]),
    ("据(请输入平台名称)统计", ["(请输入平台名称)"]),
    ("【待补充】", ["【待补充】"]),
    ("[请选择]部门", ["[请选择]"]),
    ("（此处填写巡查情况）", ["（此处填写巡查情况）"]),
    ("〔待填〕", ["〔待填〕"]),
    ("XXX厅窗口开展培训", ["XXX"]),
    ("×××同志、ＸＸＸＸ同志", ["×××", "ＸＸＸＸ"]),
    ("（请填写", ["（请填写"]),  # the bracket left open
])
def test_placeholders_are_found(text, found):
    assert placeholders(text) == found


@pytest.mark.parametrize("text", [
    "省级部门（单位）", "请填写申请表后提交", "（待办事项已办结）", "XX公司", "3×3", "王某某反映",
    "Windows XP", "【重要】",
])
def test_ordinary_text_is_no_placeholder(text):
    assert placeholders(text) == []


def test_placeholders_anywhere_are_errors(sample_issue):
    issue = _clean(sample_issue)
    issue["editor"] = "XXX中心"
    issue["sections"][2]["subsections"][1]["title"] = "（请填写二级标题）"  # as the app adds it
    _block(issue, "s0.1")["departments"][0] = "【待补充】"
    _block(issue, "s1")["source"] = "(请输入平台名称)"
    _block(issue, "s3")["checks"][1]["title"] = "（请填写巡查项目）"
    _block(issue, "s3")["checks"][2]["finding"] = "发现×××问题。"
    issue["distribution"]["send"] = "各相关省级部门（请填写）"
    issue["distribution"]["recipients"] = [{"group": "报", "name": "（请填写单位名称）",
                                            "copies": 1}]
    problems = check_issue(issue)
    assert [(p.severity, p.anchor, p.field) for p in problems] == [
        (ERROR, "masthead", "editor"),
        (ERROR, "s0.1", "departments[0]"),
        (ERROR, "s1", "source"),  # one problem: the half-width brackets are part of it
        (ERROR, "s2.1", "title"),
        (ERROR, "s3", "checks[1].title"),
        (ERROR, "s3", "checks[2].finding"),
        (ERROR, "distribution", "send"),
        (ERROR, "distribution", "recipients[0].name"),
    ]
    messages = [p.message for p in problems]
    assert messages[3] == "（二）（请填写二级标题）：含有待填写的占位文字“（请填写二级标题）”"
    assert messages[-1] == "版记 分发名单第1行：含有待填写的占位文字“（请填写单位名称）”"
    assert messages[0] == "报头 编印单位：含有待填写的占位文字“XXX”"


def test_placeholder_items_and_paragraphs_are_errors(sample_issue):
    issue = _clean(sample_issue)
    _block(issue, "s0.2")["items"][2] = "组织XXX培训"
    issue["sections"][0]["title"] = "【待补充】"
    issue["sections"].append(_text_section(["（请输入正文）"]))
    assert [(p.severity, p.anchor, p.field) for p in _not_pages(check_issue(issue))] == [
        (ERROR, "s0", "title"), (ERROR, "s0.2", "items[2]"), (ERROR, "s4", "paragraphs[0]")]


# --- typed numbers ---


def test_typed_numbers_that_print_doubled_are_errors(sample_issue):
    issue = _clean(sample_issue)
    items = _block(issue, "s0.2")["items"]
    items[2] = "3．" + items[2]
    items[0] = "2023年" + items[0]  # a year, not a number
    _block(issue, "s2.0")["items"][1] = "1.5万人次" + _block(issue, "s2.0")["items"][1]
    issue["sections"][1]["title"] = "二、省级政务服务事项受理办理情况"
    issue["sections"][2]["subsections"][0]["title"] = "(1)优化营商环境工作开展情况"
    _block(issue, "s3")["checks"][0]["title"] = "①按时到岗情况"
    issue["sections"].append(_text_section(["一、正文。", "3、4月份"]))
    problems = _not_pages(check_issue(issue))
    assert [(p.severity, p.anchor, p.field, p.message) for p in problems] == [
        (ERROR, "s0.2", "items[2]",
         "（三）推进情况 第3条：开头的编号“3．”会与自动编号重复，印成“3.3．…”，请删去"),
        (ERROR, "s1", "title", "二、二、省级政务服务事项受理办理情况：开头的编号“二、”"
                               "会与自动编号重复，印成“二、二、…”，请删去"),
        (ERROR, "s2.0", "title", "（一）(1)优化营商环境工作开展情况：开头的编号“(1)”"
                                 "会与自动编号重复，印成“（一）(1)…”，请删去"),
        (ERROR, "s3", "checks[0].title",
         "四、大厅巡查情况 （一）：开头的编号“①”会与自动编号重复，印成“（一）①…”，请删去"),
        (ERROR, "s4", "paragraphs[0]", "五、其他 第1段：开头的编号“一、”正文段落不编号，请删去"),
    ]


# --- places in words ---


@pytest.mark.parametrize(("anchor", "field", "place"), [
    ("masthead", "serial", "报头"),
    ("distribution", "copies", "版记"),
    ("distribution", "recipients[0].name", "版记 / 分发名单第1行"),
    ("s0", "title", "一、综窗改革攻坚行动"),
    ("s0.1", "departments[2]", "一、综窗改革攻坚行动 / （二）省级部门（单位）事项纳入及授权情况 / "
                               "第3个部门"),
    ("s0.2", "items", "一、综窗改革攻坚行动 / （三）推进情况"),
    ("s1", "licensing.accepted", "二、省级政务服务事项受理办理情况"),
    ("s2.2", "items[0]", "三、窗口工作动态 / （三）厅（局）长进大厅 / 第1条"),
    ("s3", "checks[1].finding", "四、大厅巡查情况 / （二）"),
])
def test_problem_place(sample_issue, anchor, field, place):
    assert problem_place(sample_issue, Problem(ERROR, anchor, field, "…")) == place


def test_problem_place_of_a_paragraph_and_an_untitled_section(sample_issue):
    sample_issue["sections"][2]["title"] = ""
    sample_issue["sections"].append(_text_section(["正文。"]))
    assert problem_place(sample_issue, Problem(WARNING, "s4", "paragraphs[0]", "…")) == (
        "五、其他 / 第1段")
    assert problem_place(sample_issue, Problem(WARNING, "s2.0", "title", "…")) == (
        "第三部分 / （一）优化营商环境工作开展情况")


def test_parse_field():
    assert parse_field("checks[1].title") == FieldRef("checks", 1, "title")
    assert parse_field("items[12]") == FieldRef("items", 12)
    assert parse_field("year_to_date.accept") == FieldRef("year_to_date", None, "accept")
    assert parse_field("issue_date") == FieldRef("issue_date")
    with pytest.raises(ValueError):
        parse_field("items[x]")


def test_a_slip_repeated_a_thousand_times_is_a_few_lines():
    from zwdesk.core.slips import MAX_WARNINGS_PER_TEXT, text_warnings

    warnings = text_warnings("很长" * 5000 + "政务政务服务,")
    assert len(warnings) == MAX_WARNINGS_PER_TEXT + 1
    assert warnings[-1].startswith("另有 ") and "处类似问题" in warnings[-1]


@pytest.mark.parametrize(("half", "full"), [
    ('"一件事一次办"', "“一件事一次办”"),
    ("'应办尽办'", "‘应办尽办’"),
    ('"甲"和"乙"', "“甲”和“乙”"),
    ("(试点)", "（试点）"),
    ("办结:100件,好!", "办结：100件，好！"),
    ("无需改动", "无需改动"),
])
def test_full_width_puts_a_fragment_right(half: str, full: str) -> None:
    from zwdesk.core.slips import full_width

    assert full_width(half) == full
