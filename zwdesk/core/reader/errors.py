"""The reader's error: a file that cannot be read as a bulletin, with the file and the cause."""

from __future__ import annotations

from zwdesk.core.errors import ZwdeskError, quote_path


class ReaderError(ZwdeskError):
    """A Word file that is not a bulletin, is damaged or encrypted, or cannot be converted."""

    def __init__(self, source: str, cause: str) -> None:
        self.source, self.cause = source, cause
        super().__init__(f"无法读取 {quote_path(source)}：{cause}")
