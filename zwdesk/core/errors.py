"""Errors the core raises with a message meant for the person at the keyboard."""

import re


class ZwdeskError(Exception):
    """Any failure with a complete, human-readable message (no traceback is shown for it)."""


class FileWriteError(ZwdeskError):
    """A target file could not be written; any file already there is left as it was."""


QUOTE_LIMIT = 80  # characters of user content shown in a message
PATH_QUOTE_LIMIT = 200  # a file name shown with its folder


def quote(text: object, limit: int = QUOTE_LIMIT) -> str:
    """User content made safe to show in a message: control and other unprintable characters
    escaped (``\\n``, ``\\x1b``, ``\\u202e``: a name cannot start a new line that looks like
    zwdesk's own output), and at most ``limit`` characters kept, the middle cut out as ``…``.
    """
    text = str(text)
    if len(text) > limit:
        head = (limit - 1) // 2
        text = text[:head] + "…" + text[len(text) - (limit - 1 - head):]
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def quote_path(path: object) -> str:
    """A file name for a message (see ``quote``), with room for its folder."""
    return quote(path, PATH_QUOTE_LIMIT)



# A message's English for the command line, at its end: " (not JSON: line 1 …)".
_ENGLISH_TAIL = re.compile(r"\s+\((?=[A-Za-z])[^()]*(?:\([^()]*\)[^()]*)*\)\s*$")


def chinese_part(message: str) -> str:
    """A message without the English in brackets at its end, for a window to show (the
    command line prints messages whole)."""
    return _ENGLISH_TAIL.sub("", message)
