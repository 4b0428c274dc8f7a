"""split_leading_number: the numbers a secretary types before a text the bulletin numbers."""

from __future__ import annotations

import pytest

from zwdesk.core.numbering import split_leading_number


@pytest.mark.parametrize(("text", "marker", "rest"), [
    ("3.完善方案", "3.", "完善方案"),
    ("3、完善方案", "3、", "完善方案"),
    ("3．完善方案", "3．", "完善方案"),
    ("３．完善方案", "３．", "完善方案"),  # full-width digit
    ("12.完善方案", "12.", "完善方案"),
    ("3)完善方案", "3)", "完善方案"),
    ("3）完善方案", "3）", "完善方案"),
    ("3. 完善方案", "3. ", "完善方案"),  # the spaces after the marker go with it
    ("3.\u3000完善方案", "3.\u3000", "完善方案"),
    (" 3.完善方案", " 3.", "完善方案"),  # and the spaces before it
    ("1.一是加强", "1.", "一是加强"),  # a Chinese numeral after an Arabic marker
    ("（一）加强管理", "（一）", "加强管理"),
    ("（十二）加强管理", "（十二）", "加强管理"),
    ("(一)加强管理", "(一)", "加强管理"),
    ("(1)加强管理", "(1)", "加强管理"),
    ("（1）加强管理", "（1）", "加强管理"),
    ("（ 一 ） 加强管理", "（ 一 ） ", "加强管理"),
    ("一、综窗改革", "一、", "综窗改革"),
    ("十二、综窗改革", "十二、", "综窗改革"),
    ("二十三、综窗改革", "二十三、", "综窗改革"),
    ("一、2023年完成系统联调", "一、", "2023年完成系统联调"),  # Arabic after a Chinese marker
    ("（二）3月完成", "（二）", "3月完成"),
    ("（十一）加强管理", "（十一）", "加强管理"),  # in brackets 十一 is a number
    ("一．综窗改革", "一．", "综窗改革"),
    ("①推进", "①", "推进"),
    ("⑳推进", "⑳", "推进"),
    ("⑴推进", "⑴", "推进"),
    ("⒈推进", "⒈", "推进"),
    ("3.“一网通办”", "3.", "“一网通办”"),
])
def test_a_leading_number_is_split_off(text, marker, rest):
    assert split_leading_number(text) == (marker, rest)


@pytest.mark.parametrize("text", [
    "2023年3月6日，召开会议。",
    "1.5万人次",
    "3、4月份开展培训",
    "3.5",
    "3. 5",  # a digit after the spaces
    "一、二季度",  # 一、二 is a list of numerals, not a heading
    "一是加强，二是落实",
    "12345热线",
    "5G基站",
    "100.完善",  # three digits: not a list number
    "（2023）年度",
    "（1）2023年",  # a digit after the marker
    "3.",  # nothing after the marker yet (the secretary may be typing 3.5)
    "（一）",
    "① ",
    "",
    "完善方案3.",
    "省卫生健康委（一）",
    "XXX",
    "五一、国庆期间窗口正常运行。",  # holidays, not numbers
    "十一、中秋双节期间服务",
    "（2）号楼搬迁",  # a building, not an item number
    "（三）批次",
])
def test_texts_without_a_leading_number_are_left_alone(text):
    assert split_leading_number(text) == ("", text)


def test_the_marker_and_the_rest_make_the_text():
    for text in ("3. 完善", "（一）加强", "①推进", "2023年"):
        marker, rest = split_leading_number(text)
        assert marker + rest == text
