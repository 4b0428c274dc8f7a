"""The check of a year's run (zwdesk.core.yearcheck, ``zwdesk check YEAR``): a year generated
with next_issue from the sample is clean; each kind of problem planted gives its exact line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from support.paths import SAMPLE_JSON

from zwdesk import cli
from zwdesk.core.exchange import read_issue
from zwdesk.core.kinds.window_stats import accumulate
from zwdesk.core.nextissue import next_issue
from zwdesk.core.yearcheck import check_year

Issue = dict[str, Any]
WINDOW = (0, 0)  # the sample's 综窗办件统计: sections[0].subsections[0]
PLATFORM = 1  # the sample's 平台受理办结统计: sections[1]
WINDOW_PLACE = "一、综窗改革攻坚行动 / （一）省本级综窗办件情况"


def _window(issue: Issue) -> dict:
    return issue["sections"][WINDOW[0]]["subsections"][WINDOW[1]]["block"]


def _platform(issue: Issue) -> dict:
    return issue["sections"][PLATFORM]["block"]


def _fill(issue: Issue, step: int) -> None:
    """This week's figures, 今年以来 accumulated (as next_issue left it: the previous
    issue's), platform figures rising with each week."""
    window = _window(issue)
    window["week"] = {"consult": 10 + step, "accept": 5, "issue": 7, "transfer": 3}
    window["year_to_date"] = accumulate(window["year_to_date"], window["week"])
    platform = _platform(issue)
    size = (step + 1) * 100
    for group in ("licensing", "public_service"):
        platform[group].update(accepted=size, completed=size)
    platform["other"].update(accepted=size, completed=size)


def _run(weeks: int = 6) -> tuple[Issue, list[Issue]]:
    """2022年第52期 (总第420期, 26–30 December) and 2023's 第1期 to 第``weeks``期, each made
    with next_issue from the one before."""
    before = read_issue(SAMPLE_JSON)
    before.update(year=2022, number=52, serial=420, issue_date=dt.date(2023, 1, 3),
                  period={"start": dt.date(2022, 12, 26), "end": dt.date(2022, 12, 30)})
    _platform(before).update({"from": dt.date(2022, 1, 1), "to": dt.date(2022, 12, 30)})
    issues, latest = [], before
    for step in range(weeks):
        latest = next_issue(latest)
        _fill(latest, step)
        issues.append(latest)
    return before, issues


def _lines(issues: list[Issue], before: Issue | None) -> list[str]:
    return [f"{'错误' if p.severity == 'error' else '提醒'}\t{p.place}\t{p.message}"
            for p in check_year(issues, before)]


def test_a_year_made_with_next_issue_is_clean():
    before, issues = _run()
    assert [(i["year"], i["number"], i["serial"]) for i in issues][:2] == [(2023, 1, 421),
                                                                          (2023, 2, 422)]
    assert _lines(issues, before) == []
    assert _lines(issues, None) == []  # no earlier year in the database


def test_a_gap_in_the_numbers_is_listed_once():
    before, issues = _run()
    del issues[2:4]  # 第3期, 第4期
    assert _lines(issues, before) == ["提醒\t2023年第5期\t上期为2023年第2期，缺第3—4期"]


def test_a_year_that_does_not_start_at_number_1():
    before, issues = _run()
    assert _lines(issues[1:], None) == ["提醒\t2023年第2期\t本年第一期为第2期，缺第1期"]
    assert _lines(issues[1:], before) == ["提醒\t2023年第2期\t本年第一期为第2期，缺第1期"]


def test_a_serial_that_does_not_follow_the_previous_years_last():
    before, issues = _run(2)
    before["serial"] = 418
    assert _lines(issues, before) == [
        "提醒\t2023年第1期\t总期号应为总第419期（2022年第52期为总第418期），现为总第421期"]
    issues[1]["serial"] = 425
    assert _lines(issues, None)[-1] == \
        "提醒\t2023年第2期\t总期号应为总第422期（2023年第1期为总第421期），现为总第425期"


def test_overlapping_and_missing_weeks():
    before, issues = _run(3)
    issues[1]["period"] = {"start": dt.date(2023, 1, 6), "end": dt.date(2023, 1, 13)}
    issues[2]["period"] = {"start": dt.date(2023, 1, 30), "end": dt.date(2023, 2, 3)}
    for issue in issues:
        _platform(issue)["to"] = issue["period"]["end"]
    assert _lines(issues, before) == [
        "错误\t2023年第2期\t时段（2023年1月6日至2023年1月13日）与上期2023年第1期的时段"
        "（2023年1月2日至2023年1月6日）重叠",
        "提醒\t2023年第3期\t时段（2023年1月30日至2023年2月3日）与上期2023年第2期的时段"
        "（2023年1月6日至2023年1月13日）之间相隔16天，超过一周，中间的周没有报",
    ]


def test_a_two_week_period_is_followed_without_a_warning():
    before, issues = _run(2)
    issues[0]["period"]["end"] = dt.date(2023, 1, 13)  # a holiday issue
    issues[1]["period"] = {"start": dt.date(2023, 1, 16), "end": dt.date(2023, 1, 20)}
    assert _lines(issues, before) == []


def test_a_year_to_date_that_does_not_accumulate_names_both_issues():
    """One wrong figure is blamed once: the next issue carries on from the right one."""
    before, issues = _run(4)
    _window(issues[2])["year_to_date"]["accept"] += 2
    assert _lines(issues, before) == [
        f"提醒\t2023年第3期 / {WINDOW_PLACE}\t今年以来受理为17，"
        "应为15：上期2023年第2期的今年以来受理10＋本周5",
    ]


def test_two_wrong_figures_in_a_row_say_what_each_should_be():
    before, issues = _run(4)
    _window(issues[2])["year_to_date"]["accept"] += 2
    _window(issues[3])["year_to_date"]["accept"] += 1
    assert _lines(issues, before) == [
        f"提醒\t2023年第3期 / {WINDOW_PLACE}\t今年以来受理为17，"
        "应为15：上期2023年第2期的今年以来受理10＋本周5",
        f"提醒\t2023年第4期 / {WINDOW_PLACE}\t今年以来受理为21，"
        "应为20：上期2023年第3期的今年以来受理应为15（现为17）＋本周5",
    ]


def test_an_issue_that_carries_on_from_a_wrong_figure_is_not_blamed_for_it():
    before, issues = _run(4)
    for issue in issues[2:]:
        _window(issue)["year_to_date"]["accept"] += 2
    assert len(_lines(issues, before)) == 1


def test_the_first_issue_of_a_year_counts_its_week_only():
    before, issues = _run(1)
    _window(issues[0])["year_to_date"]["consult"] = 999
    assert _lines(issues, before) == [
        f"提醒\t2023年第1期 / {WINDOW_PLACE}\t今年以来咨询为999，"
        "本期为本年第一期，应等于本周咨询10"]


def test_falling_platform_figures():
    before, issues = _run(3)
    _platform(issues[2])["licensing"]["completed"] = 150
    assert _lines(issues, before) == [
        "错误\t2023年第3期 / 二、省级政务服务事项受理办理情况\t"
        "行政许可事项办结150件，少于上期（2023年第2期）的200件（起始日期相同，累计数不应减少）"]


# --- the command ---


def _stored(tmp_path, issues: list[Issue]):  # noqa: ANN001, ANN202
    from zwdesk.store.database import open_database
    from zwdesk.store.issues import save_issue

    path = tmp_path / "year.sqlite3"
    db = open_database(path)
    for issue in issues:
        save_issue(issue)
    db.close()
    return path


def _check(path, year: str, capsys) -> tuple[int, list[str]]:  # noqa: ANN001
    capsys.readouterr()
    status = cli.main(["--db", str(path), "check", year])
    return status, capsys.readouterr().out.splitlines()


def test_check_year_exits_0_when_clean(tmp_path, capsys):
    before, issues = _run(3)
    assert _check(_stored(tmp_path, [*issues, before]), "2023", capsys) == (0, [])


def test_check_year_exits_3_with_problems(tmp_path, capsys):
    before, issues = _run(3)
    path = _stored(tmp_path, [before, issues[2], issues[0]])
    assert _check(path, "2023", capsys) == (3, ["提醒\t2023年第3期\t上期为2023年第1期，缺第2期"])


def test_check_of_a_year_without_issues_is_an_error(tmp_path, capsys):
    before, issues = _run(1)
    path = _stored(tmp_path, issues)
    capsys.readouterr()
    assert cli.main(["--db", str(path), "check", "2021"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "没有 2021年的期刊" in captured.err
