"""未授权部门名单: the departments that have not yet authorised the 无差别综合窗口, printed as
one sentence (均已授权 when the list is empty). The list is kept from week to week."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from zwdesk.core.fieldkeys import department_field
from zwdesk.core.kinds import spec
from zwdesk.core.kinds.base import Block, Issue, SentenceKind
from zwdesk.core.kinds.reading import NUM, STOP, compact, count
from zwdesk.core.para import BODY, Para, para
from zwdesk.core.problems import strings

if TYPE_CHECKING:
    from zwdesk.core.kinds.reading import Report
    from zwdesk.core.outline import Node
    from zwdesk.core.problems import Problem


def sentence(departments: list[str]) -> str:
    if not departments:
        return "目前，省级部门（单位）均已授权无差别综合窗口。"
    return (
        f"目前，未授权无差别综合窗口的省级部门（单位）有{len(departments)}个："
        f"{'、'.join(departments)}。"
    )


# Hand-typed variants: 尚未授权…共N个，分别是…, commas instead of 、.
_LISTED = re.compile(
    r"(?:目前[，,]?)?(?:尚)?未授权(?:无差别)?综合窗口的省级部门(?:[（(]单位[）)])?"
    rf"(?:共有|共计|有|共){NUM}个[，,：:]?(?:分别(?:是|为)[：:]?)?(.*?){STOP}", re.DOTALL)
_ALL_AUTHORISED = re.compile(
    r"(?:目前[，,]?)?省级部门(?:[（(]单位[）)])?(?:均已|均|已全部|全部|都已)授权(?:无差别)?"
    rf"综合窗口{STOP}")
_NAME_SEPARATORS = re.compile(r"\s*[、，,；;]\s*")


class DepartmentList(SentenceKind):
    name = "department_list"
    label = "未授权部门名单"
    fields = {"departments": spec.ListOf(spec.TEXT)}
    list_key = "departments"  # carried over to next week: the list changes seldom

    def paragraphs(self, block: Block, anchor: str) -> list[Para]:
        return [para(BODY, sentence(block["departments"]), anchor)]

    def read(self, text: str, report: Report) -> Block | None:
        """The list as printed; a stated count that contradicts it is reported."""
        if _ALL_AUTHORISED.fullmatch(compact(text)):
            return {"kind": self.name, "departments": []}
        match = _LISTED.fullmatch(text.strip())
        if match is None:
            return None
        stated = count(match[1])
        names = [name for name in _NAME_SEPARATORS.split(match[2].strip()) if name]
        if stated != len(names):
            report.warnings.append(f"未授权部门的数量与名单不符：写明有{stated}个，但列出了"
                                   f"{len(names)}个名称（按列出的名称读入）：“{text}”")
        return {"kind": self.name, "departments": names}

    def problems(self, node: Node, block: Block, issue: Issue,
                 previous: Issue | None) -> list[Problem]:
        # An empty department list is fine: it prints 均已授权.
        return strings(node, block["departments"], department_field)


KIND = DepartmentList()
