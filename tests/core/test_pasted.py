"""A pasted message (粘贴来稿) split into news and what is not news: greeting, introduction,
signature, courtesies (zwdesk.core.pasted), and the unit a signature names (core.unitnames)."""

from __future__ import annotations

import pytest

from zwdesk.core.pasted import read_pasted
from zwdesk.core.submission import pasted_items
from zwdesk.core.unitnames import named_in, near_names

WECHAT = """各位好，本周信息如下：

1. 省医保局窗口开展“医保政策进社区”活动，发放宣传资料500份。
2、省医保局窗口办理生育津贴申领120件。

①省医保局窗口优化门诊慢特病认定流程，办理时限压缩一半。

——省医保局 王敏"""


def test_a_wechat_message_leaves_out_its_introduction_and_signature() -> None:
    message = read_pasted(WECHAT)
    assert message.left_out == ("各位好，本周信息如下：", "——省医保局 王敏")
    assert message.signature == "省医保局 王敏"
    assert pasted_items("粘贴", WECHAT) == [
        "省医保局窗口开展“医保政策进社区”活动，发放宣传资料500份。",
        "省医保局窗口办理生育津贴申领120件。",
        "省医保局窗口优化门诊慢特病认定流程，办理时限压缩一半。"]


def test_a_greeting_line_a_signature_block_and_thanks() -> None:
    message = read_pasted("王老师上午好！\n本周重点工作如下:\n窗口办件320件\n"
                          "开展延时服务12次。\n省市场监管局窗口\n2023年3月15日\n谢谢！")
    assert message.paragraphs == ("窗口办件320件", "开展延时服务12次。")
    assert message.left_out == ("王老师上午好！", "本周重点工作如下:", "省市场监管局窗口",
                                "2023年3月15日", "谢谢！")
    assert message.signature == "省市场监管局窗口 2023年3月15日"


@pytest.mark.parametrize("closing", ["请审阅。", "以上，请审阅！", "谢谢", "落款：张华 13800000000",
                                     "-- 省公安厅窗口", "王敏 028-86000000"])
def test_closings_alone_on_their_line(closing: str) -> None:
    message = read_pasted(f"省公安厅窗口办理出入境证件86件。\n{closing}")
    assert message.paragraphs == ("省公安厅窗口办理出入境证件86件。",)
    assert message.left_out == (closing,)


def test_news_ending_with_a_colon_or_short_is_kept() -> None:
    # the first line says something after its colon; a later line ending with a colon is news
    message = read_pasted("省医保局窗口推出三项便民措施：一是延时服务；二是预约服务。\n"
                          "2. 本周接待咨询情况：\n群众咨询56人次\n"
                          "省医保局窗口办理生育津贴申领120件")
    assert message.left_out == ()
    assert len(message.paragraphs) == 4
    # a numbered first line ending with a colon is an item, and so is a colon line alone
    assert read_pasted("1. 本周办件情况：\n办件300件。").paragraphs == ("1. 本周办件情况：",
                                                                      "办件300件。")
    assert read_pasted("本周办件情况：").paragraphs == ("本周办件情况：",)
    # a dash before a sentence is no signature
    assert read_pasted("— 开展“周末不打烊”服务，办件86件。").left_out == ()


def test_the_unit_a_signature_names() -> None:
    names = ["省市场监管局窗口", "省医保局窗口", "省公安厅窗口"]
    assert named_in("省医保局窗口 王敏", names) == "省医保局窗口"
    assert named_in("省医保局 王敏", names) == "省医保局窗口"  # the start of a registered name
    assert named_in("王敏 13800000000", names) == ""
    assert named_in("省 王敏", names) == ""


def test_names_near_a_typed_one() -> None:
    names = ["省市场监管局窗口", "省医保局窗口", "省医保局"]
    assert near_names("省医保局", names) == []  # registered as typed
    assert near_names("医保局", names) == ["省医保局窗口", "省医保局"]
    assert near_names("省市场监管局窗口（一）", names) == ["省市场监管局窗口"]
    assert near_names("省人社厅窗口", names) == []
    assert near_names("省", names) == []


EMAIL = """各位领导、同事：
现将我单位本周工作动态报送如下，请审阅。
1. 省医保局窗口本周办件210件。
二、优化窗口服务，主要措施如下：
（1）延长服务时间；
（2）增设自助设备6台。
3、开展业务培训。
省医保局
2023年3月15日
联系电话：028-86301234
谢谢！"""


def test_an_email_with_two_opening_lines_sub_points_and_a_labelled_phone() -> None:
    """The tester's e-mail: the second opening sentence, the phone line 联系电话：… and the
    (1)(2) under 二、 were stored as 来稿 of their own."""
    message = read_pasted(EMAIL)
    assert message.left_out == ("各位领导、同事：", "现将我单位本周工作动态报送如下，请审阅。",
                                "省医保局", "2023年3月15日", "联系电话：028-86301234", "谢谢！")
    assert named_in(message.signature, ["省医保局窗口", "省公安厅窗口"]) == "省医保局窗口"
    assert pasted_items("粘贴", EMAIL) == [
        "省医保局窗口本周办件210件。",
        "优化窗口服务，主要措施如下：（1）延长服务时间；（2）增设自助设备6台。",
        "开展业务培训。"]


def test_items_of_one_numbering_stay_apart_after_a_colon() -> None:
    text = "1. 本周接待咨询情况：\n2. 办理业务120件。\n（1）不在冒号之后的小点。"
    assert read_pasted(text).paragraphs == (
        "1. 本周接待咨询情况：", "2. 办理业务120件。", "（1）不在冒号之后的小点。")
