"""Removal of the characters XML 1.0 forbids (text pasted from Word/WPS carries some)."""

import re

# C0 controls other than tab, newline and carriage return, the non-characters U+FFFE/U+FFFF, and
# lone UTF-16 surrogates (a JSON escape such as "\ud800" makes one; UTF-8 cannot store it).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Return ``text`` without XML-forbidden control characters; everything else is kept."""
    return _FORBIDDEN.sub("", text)

