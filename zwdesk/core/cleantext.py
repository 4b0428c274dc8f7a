"""Plain-text clean-up shared by the readers and the forms: the characters XML 1.0 forbids
(text pasted from Word/WPS carries some), and soft line breaks joined."""

import re

# C0 controls other than tab, newline and carriage return, the non-characters U+FFFE/U+FFFF, and
# lone UTF-16 surrogates (a JSON escape such as "\ud800" makes one; UTF-8 cannot store it).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Return ``text`` without XML-forbidden control characters; everything else is kept."""
    return _FORBIDDEN.sub("", text)


BREAK = "\n"  # a soft line break
SPACES = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"  # spaces Word and WPS write
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def join_breaks(text: str) -> str:
    """Soft line breaks (a paragraph pasted from a PDF) removed: Chinese text joins directly,
    two Latin words or numbers keep one space between them."""
    if BREAK not in text:
        return text
    pieces = [piece.strip(SPACES) if i else piece.rstrip(SPACES)
              for i, piece in enumerate(text.split(BREAK))]
    out = pieces[0]
    for piece in pieces[1:]:
        latin = out and piece and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(piece[0])
        out += (" " if latin else "") + piece
    return out
