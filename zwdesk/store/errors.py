"""The store's own errors for what the database did (the messages say what happened, in Chinese
with the English in brackets, and that nothing was changed)."""

from __future__ import annotations

from zwdesk.core.errors import ZwdeskError


class DatabaseOpenError(ZwdeskError):
    """The database could not be opened (or created, or upgraded); nothing was changed."""


class DatabaseWriteError(ZwdeskError):
    """A read or write of the database failed (locked, disk full, read-only, the server gone…);
    the transaction was rolled back, so what is stored is what was there before."""


class ConflictError(DatabaseWriteError):
    """Another user's transaction got in the way (a deadlock or a serialization failure on the
    server); nothing of this one was stored, and trying again may succeed."""


class ConnectionLostError(DatabaseWriteError):
    """The server could not be reached (the network gone, the server restarted or stopped);
    nothing of the transaction was stored, and it may be made again once it is back."""
