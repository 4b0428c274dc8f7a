"""The seed issue as printed (tests/data/seed-2023-09.txt, text extracted from the PDF the
secretariat sent): what every export of the sample must read as."""

from __future__ import annotations

import re

from support.paths import SEED_TEXT

_PAGE_NUMBER_LINE = re.compile(r"\s*—\s*\d+\s*—\s*")


def seed_text() -> str:
    """The seed with its extraction artefacts removed: page-number lines, all whitespace."""
    lines = [line for line in SEED_TEXT.read_text("utf-8").splitlines()
             if not _PAGE_NUMBER_LINE.fullmatch(line)]
    return re.sub(r"\s+", "", "".join(lines))


def seed_body() -> str:
    """The seed from 一、 to the end of the 版记."""
    text = seed_text()
    end = "（共印94份）"
    return text[text.index("一、"):text.index(end) + len(end)]
