"""A unit's name as typed, against the registry of units: names close to it (省医保局 typed,
省医保局窗口 registered) and the unit a pasted message's signature names. The app says 新单位 or
是否指“…”？ by these before a typed name silently becomes a new unit. Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable

MIN_PART = 2  # characters of a typed part that may name a unit (医保 finds 省医保局窗口)


def near_names(typed: str, names: Iterable[str]) -> list[str]:
    """The registered names that hold ``typed`` or are held in it, spaces ignored; [] when
    ``typed`` is registered as it is, or too short to mean anything."""
    wanted = "".join(typed.split())
    names = list(names)
    if len(wanted) < MIN_PART or wanted in names:
        return []
    return [name for name in names if wanted in name or (len(name) >= MIN_PART and name in wanted)]


def named_in(signature: str, names: Iterable[str]) -> str:
    """The registered unit a signature (省医保局 王敏) names: the longest one held in it whole,
    else the only one a word of it starts (省医保局 → 省医保局窗口); '' when none or several."""
    names = list(names)
    whole = sorted((n for n in names if n and n in signature), key=len, reverse=True)
    if whole:
        return whole[0]
    words = [w for w in signature.split() if len(w) >= MIN_PART + 1]
    started = {n for n in names for w in words if n.startswith(w)}
    return started.pop() if len(started) == 1 else ""
