"""Compare the page model (zwdesk.core.pages) with LibreOffice's layout of the exported .docx.

    python scripts/check_pages.py [--count N] [--seed S] [--keep FOLDER] [-v]

Renders the sample, the issues the tests hold (tests/builders.py) and N generated issues (30 by
default: long items, many short items, long titles, numbers and Latin text, quotes and brackets
at line ends) through LibreOffice, measures the PDF with pdfplumber (lines of 3号 text, matched
to the bulletin's paragraphs in order) and reports: issues with the same page count, and the
share of paragraphs that get as many lines as the model gives them. -v lists the differences.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from zwdesk.core.bulletin import Bulletin, compose  # noqa: E402
from zwdesk.core.docx_render import render_docx  # noqa: E402
from zwdesk.core.exchange import parse_issue, read_issue  # noqa: E402
from zwdesk.core.office import convert_many_with_libreoffice  # noqa: E402
from zwdesk.core.pages import layout  # noqa: E402

SAMPLE = ROOT / "resources" / "sample-2023-09.json"
BODY_SIZE = (15.5, 16.5)  # 3号 characters in the PDF
MASTHEAD_BODY_LINES = 2  # the 期号 and 时段 lines are 3号 too, above the text on page 1

# --- generated issues ----------------------------------------------------------------------

PHRASES = [
    "综合窗口", "一件事一次办", "跨省通办", "营商环境", "“好差评”", "《工作方案》", "政务服务",
    "（试行）", "RB/T214-2017", "2023年3月10日", "12345热线", "ISO9001", "App", "95%",
    "“一网通办”", "《关于简化检验检测机构人员信息变更办理程序的通知》", "省卫生健康委",
    "进一步简化办事程序", "提升企业群众办事便利度", "累计办结7571件", "GDP增长6.5%",
    "“最多跑一次”", "（单位）", "——", "……", "3.5万", "第1季度", "VR", "Wi-Fi",
]
MARKS = ["，", "、", "；", "：", "。", "！", "？", "”", "）", "》"]


def _sentence(rng: random.Random, words: int) -> str:
    parts = []
    for _ in range(words):
        parts.append(rng.choice(PHRASES))
        parts.append(rng.choice(MARKS[:4]) if rng.random() < 0.4 else "")
    return "".join(parts).rstrip("，、；：") + rng.choice(["。", "。", "！", "”。", "）。"])


def _texts(rng: random.Random, count: int, words: tuple[int, int]) -> list[str]:
    return [_sentence(rng, rng.randint(*words)) for _ in range(count)]


def _block(rng: random.Random, top: bool) -> dict[str, Any]:
    shape = rng.choice(["long", "short", "text", "window", "departments", "platform"]
                       + (["inspection"] if top else []))
    count = lambda: rng.choice([0, 7, 815, 12345, 887013, 2**40])  # noqa: E731
    if shape == "long":
        return {"kind": "items", "items": _texts(rng, rng.randint(1, 4), (6, 30))}
    if shape == "short":
        return {"kind": "items", "items": _texts(rng, rng.randint(5, 25), (1, 3))}
    if shape == "text":
        return {"kind": "text", "paragraphs": _texts(rng, rng.randint(1, 3), (3, 20))}
    if shape == "window":
        keys = ("consult", "accept", "issue", "transfer")
        return {"kind": "window_stats", "week": {k: count() for k in keys},
                "year_to_date": {k: count() for k in keys}}
    if shape == "departments":
        names = ["科技厅", "民政厅", "住房和城乡建设厅", "成都海关", "省贸促会", "省药监局"]
        return {"kind": "department_list", "departments": rng.sample(names, rng.randint(0, 6))}
    if shape == "platform":
        return {"kind": "platform_stats", "source": "四川一体化政务服务平台",
                "from": "2023-01-01", "to": "2023-03-10",
                "licensing": {"accepted": count(), "completed": count()},
                "public_service": {"accepted": count(), "completed": count()},
                "other": {"categories": 9, "accepted": count(), "completed": count()}}
    return {"kind": "inspection", "checks": [
        {"title": _sentence(rng, rng.randint(1, 4)), "finding": _sentence(rng, rng.randint(1, 12))}
        for _ in range(rng.randint(1, 8))]}


def _title(rng: random.Random) -> str:
    return "".join(rng.choice(PHRASES) for _ in range(rng.choice([1, 2, 3, 8])))


def generated_issue(seed: int) -> dict[str, Any]:
    """A valid issue (with dates) of a random outline, the same for the same seed."""
    rng = random.Random(seed)
    sections = []
    for _ in range(rng.randint(1, 6)):
        if rng.random() < 0.5:
            sections.append({"title": _title(rng), "block": _block(rng, top=True)})
        else:
            sections.append({"title": _title(rng), "subsections": [
                {"title": _title(rng), "block": _block(rng, top=False)}
                for _ in range(rng.randint(1, 4))]})
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["sections"] = sections
    data["distribution"]["send"] = rng.choice(["", "各相关省级部门（单位）", "各市（州）政务服务"
                                               "管理局，省直各部门，中心各处（室）、直属单位" * 2])
    return parse_issue(json.dumps(data, ensure_ascii=False))


def test_issues() -> dict[str, dict[str, Any]]:
    """The sample, its variants of the render tests, and the issues of tests/support/builders.py."""
    sys.path.insert(0, str(ROOT / "tests"))
    from support.builders import make_issue, random_issue

    def parsed(data: dict[str, Any]) -> dict[str, Any]:
        return parse_issue(json.dumps(data, ensure_ascii=False))

    issues = {"sample": read_issue(SAMPLE), "make_issue": parsed(make_issue())}
    for extra in (3, 6, 7):
        issue = read_issue(SAMPLE)
        checks = issue["sections"][-1]["block"]["checks"]
        checks += [{"title": f"补充检查{n + 1}", "finding": "总体情况良好。"} for n in range(extra)]
        issues[f"sample+{extra}"] = issue
    for seed in (1, 2, 3, 4):
        issues[f"random_issue({seed})"] = parsed(random_issue(seed))
    return issues


# --- comparing ------------------------------------------------------------------------------


@dataclass
class Comparison:
    name: str
    pages: tuple[int, int]  # model, LibreOffice
    lines: list[tuple[int, int, str]]  # per paragraph: model, LibreOffice, text

    @property
    def same_pages(self) -> bool:
        return self.pages[0] == self.pages[1]

    @property
    def same_lines(self) -> int:
        return sum(model == real for model, real, _ in self.lines)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_body_lines(pdf: pdfplumber.PDF) -> list[str]:
    """The 3号 lines of the PDF, page after page, without the 报头's two 3号 lines."""
    found: list[str] = []
    for page in pdf.pages:
        rows: dict[int, list[dict]] = {}
        for c in page.chars:
            if BODY_SIZE[0] < c["size"] < BODY_SIZE[1]:
                rows.setdefault(round(c["bottom"] / 3), []).append(c)
        found += [_squeezed("".join(c["text"] for c in sorted(row, key=lambda c: c["x0"])))
                  for _, row in sorted(rows.items())]
    return found[MASTHEAD_BODY_LINES:]


def real_line_counts(bulletin: Bulletin, lines: list[str]) -> list[int]:
    """Lines of each body paragraph in the PDF: lines taken in order until its text is used."""
    counts, at = [], 0
    for para in bulletin.body:
        want, got, count = len(_squeezed(para.text)), 0, 0
        while got < want and at < len(lines):
            got += len(lines[at])
            at, count = at + 1, count + 1
        counts.append(count)
    return counts


def compare(name: str, issue: dict[str, Any], pdf_path: Path, even_page: bool) -> Comparison:
    bulletin = compose(issue)
    model = layout(bulletin, even_page)
    with pdfplumber.open(pdf_path) as pdf:
        real = real_line_counts(bulletin, pdf_body_lines(pdf))
        pages = len(pdf.pages)
    lines = [(m, r, p.text) for m, r, p in zip(model.line_counts, real, bulletin.body, strict=True)]
    return Comparison(name, (model.page_count, pages), lines)


def render_all(issues: dict[str, dict[str, Any]], folder: Path,
               even_page: bool = False) -> list[Comparison]:
    docxs = []
    for index, issue in enumerate(issues.values()):
        docxs.append(folder / f"issue{index}.docx")
        render_docx(compose(issue), docxs[-1], even_page=even_page)
    pdfs = convert_many_with_libreoffice(docxs, folder)
    return [compare(name, issue, pdf, even_page)
            for (name, issue), pdf in zip(issues.items(), pdfs, strict=True)]


def summary(results: list[Comparison]) -> tuple[int, int, float]:
    """(issues with equal page counts, issues, share of paragraphs with equal line counts)."""
    paragraphs = sum(len(r.lines) for r in results)
    same = sum(r.same_lines for r in results)
    return sum(r.same_pages for r in results), len(results), same / max(paragraphs, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=30, help="generated issues (30)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--keep", type=Path, help="keep the .docx and .pdf files here")
    parser.add_argument("--even-page", action="store_true", help="版记 on an even page")
    parser.add_argument("-v", action="store_true", help="list the differences")
    args = parser.parse_args()
    issues = test_issues()
    issues.update((f"generated({args.seed + n})", generated_issue(args.seed + n))
                  for n in range(args.count))
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        results = render_all(issues, folder, args.even_page)
    for result in results:
        if args.v and not result.same_pages:
            print(f"{result.name}: 页数 模型 {result.pages[0]}，LibreOffice {result.pages[1]}")
        for model, real, text in result.lines if args.v else ():
            if model != real:
                print(f"{result.name}: 行数 模型 {model}，LibreOffice {real}：{text[:60]}")
    equal, total, share = summary(results)
    paragraphs = sum(len(r.lines) for r in results)
    print(f"页数相同：{equal}/{total} 期；行数相同的段落：{share:.1%}（共 {paragraphs} 段）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
