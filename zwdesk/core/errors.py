"""Errors the core raises with a message meant for the person at the keyboard."""


class ZwdeskError(Exception):
    """Any failure with a complete, human-readable message (no traceback is shown for it)."""


class FileWriteError(ZwdeskError):
    """A target file could not be written; any file already there is left as it was."""
