"""The limits of an issue, one place for all: the exchange format, the issue key
(``2023-9``), the numbering of the printed bulletin and the app's forms agree on them, so an
issue that imports can also be listed, dumped, exported and opened.
"""

from __future__ import annotations

YEAR_MIN, YEAR_MAX = 2000, 2100
NUMBER_MIN, NUMBER_MAX = 1, 999  # 第N期 within a year (about 52 a year)
SERIAL_MIN, SERIAL_MAX = 1, 99_999  # 总第M期
COPIES_MAX = 99_999  # 共印N份, and the copies of one recipient
MAX_COUNT = 2**63 - 1  # any other count: the largest an SQLite INTEGER holds

# Sections, the subsections of one section and the checks of an inspection are numbered
# 一、… （一）… in Chinese numerals, which zwdesk writes up to 九十九.
NUMERAL_MAX = 99
MAX_SECTIONS = NUMERAL_MAX
MAX_SUBSECTIONS = NUMERAL_MAX
MAX_CHECKS = NUMERAL_MAX
MAX_LIST = 999  # items, paragraphs, departments of one block; recipients of an issue
MAX_TEXT = 10_000  # characters of one string (a title, a paragraph, a name)

MAX_FILE_BYTES = 20 * 1024 * 1024  # an exchange file; the sample is 5 KB

# The exchange format these limits belong to (resources/issue-format-v1.md); here rather than
# in core/exchange.py so that storing and loading issues need not load the whole parser.
FORMAT_NAME = "zwdesk-issue"
FORMAT_VERSION = 1

# A unit's submission (resources/submission-format-v1.md).
SUBMISSION_FORMAT_NAME = "zwdesk-submission"
SUBMISSION_FORMAT_VERSION = 1
MAX_NAME = 200  # characters of a unit's, author's or phone entry
