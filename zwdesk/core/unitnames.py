"""A unit's name as typed, against the registry of units: the one form a name is matched and
stored in (``unit_name``: one unit, one name), names close to it (省医保局 typed, 省医保局窗口
registered) and the unit a pasted message's signature names. The app says 新单位 or
是否指“…”？ by these before a typed name silently becomes a new unit. Pure Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MIN_PART = 2  # characters of a typed part that may name a unit (医保 finds 省医保局窗口)

# Kept as typed by unit_name: the full-width punctuation of Chinese text （），：… (NFKC would
# make them ASCII, which the bulletin's checks call half-width punctuation in Chinese text).
_FULL_WIDTH_PUNCTUATION = "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff60"
_FOLDED = re.compile(f"[^{_FULL_WIDTH_PUNCTUATION}]+")
# Invisible characters outside the format (Cf) category: the combining grapheme joiner,
# variation selectors, Mongolian free variation selectors, Hangul fillers.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0\u180b\u180c\u180d\u180f"
                       + "".join(map(chr, range(0xFE00, 0xFE10))))
_SPACE = re.compile(r"\s+")
_SPACE_BY_WIDE = re.compile(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ")


def unit_name(text: str) -> str:
    """The one form a unit's name is matched and stored in, so the same unit written with
    other characters that look alike is one unit: compatibility forms folded (NFKC: full-width
    letters and digits, ideographs), invisible characters (zero-width spaces and joiners,
    U+2060, U+FEFF, direction marks, soft hyphens) removed, every kind of space (no-break,
    U+3000, …) a plain one, none left beside a Chinese character and one at most between Latin
    words, none at the ends. Chinese full-width punctuation is kept as it is."""
    text = "".join(c for c in text
                   if c not in _INVISIBLE and unicodedata.category(c) != "Cf")
    text = _FOLDED.sub(lambda part: unicodedata.normalize("NFKC", part[0]), text)
    text = _SPACE_BY_WIDE.sub("", _SPACE.sub(" ", text)).strip()
    return unicodedata.normalize("NFC", text)  # a mark NFKC split off (¨ → " ̈") joined again


def near_names(typed: str, names: Iterable[str]) -> list[str]:
    """The registered names that hold ``typed`` or are held in it, spaces ignored; [] when
    ``typed`` is registered as it is, or too short to mean anything."""
    wanted = "".join(unit_name(typed).split())
    names = list(names)
    if len(wanted) < MIN_PART or wanted in names:
        return []
    return [name for name in names if wanted in name or (len(name) >= MIN_PART and name in wanted)]


def named_in(signature: str, names: Iterable[str]) -> str:
    """The registered unit a signature (省医保局 王敏) names: the longest one held in it whole,
    else the only one a word of it starts (省医保局 → 省医保局窗口); '' when none or several."""
    names = list(names)
    folded = unit_name(signature)
    whole = sorted((n for n in names if n and n in folded), key=len, reverse=True)
    if whole:
        return whole[0]
    words = [unit_name(w) for w in signature.split() if len(w) >= MIN_PART + 1]
    started = {n for n in names for w in words if n.startswith(w)}
    return started.pop() if len(started) == 1 else ""
