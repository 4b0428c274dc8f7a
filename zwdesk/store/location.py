"""Where the archive is: a SQLite file on this desk, or a database on a PostgreSQL server.

``--db`` and ``ZWDESK_DB`` take either a file path or a URL
``postgresql://USER@HOST[:PORT]/DBNAME[?sslmode=…]``. A URL never becomes a local file or
folder: any ``scheme://`` text is read as a URL, and one zwdesk cannot use is refused.

Passwords follow libpq's conventions (``PGPASSWORD``, ``~/.pgpass``, on Windows
``%APPDATA%\\postgresql\\pgpass.conf``); a password given in the URL is accepted but never
shown: ``str()`` of a location and every message made from it leave it out, and
``mask_secrets`` takes it out of any other text (a driver's message, a log line).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from zwdesk.core.errors import ZwdeskError
from zwdesk.core.errors import quote as quote_text

SERVER_SCHEMES = ("postgresql", "postgres")
DEFAULT_CONNECT_TIMEOUT = 10  # seconds: an unreachable server is said to be, not waited on
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class LocationError(ZwdeskError):
    pass


@dataclass(frozen=True)
class ServerLocation:
    """A database on a PostgreSQL server. ``options`` are the URL's query parameters
    (``sslmode``, ``connect_timeout``…), passed to libpq as they are."""

    dbname: str
    host: str = ""
    port: int | None = None
    user: str = ""
    options: tuple[tuple[str, str], ...] = ()
    password: str | None = field(default=None, repr=False, compare=False)

    def __str__(self) -> str:
        """The URL without its password."""
        who = quote(self.user, safe="") + "@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else quote(self.host, safe="")
        port = f":{self.port}" if self.port is not None else ""
        query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in self.options)
        return (f"postgresql://{who}{host}{port}/{quote(self.dbname, safe='')}"
                + (f"?{query}" if query else ""))

    @property
    def label(self) -> str:
        """服务器 HOST/DBNAME: how a window names the archive."""
        return f"服务器 {self.host or 'localhost'}/{self.dbname}"

    def connect_params(self) -> dict[str, Any]:
        """Keyword arguments for psycopg.connect (libpq's names)."""
        params: dict[str, Any] = {"dbname": self.dbname, "application_name": "zwdesk"}
        for key, value in (("host", self.host), ("user", self.user)):
            if value:
                params[key] = value
        if self.port is not None:
            params["port"] = self.port
        if self.password is not None:
            params["password"] = self.password
        params.update(self.options)
        params.setdefault("connect_timeout", str(DEFAULT_CONNECT_TIMEOUT))
        return params

    def secrets(self) -> list[str]:
        return [self.password] if self.password else []


Location = Path | ServerLocation


def is_url(text: str) -> bool:
    return bool(_URL.match(text.strip()))


def parse_location(text: str | os.PathLike[str] | ServerLocation) -> Location:
    """A file path as it is, or a server URL parsed; an empty text, a URL of another kind or
    a server URL without a database name is refused (LocationError)."""
    if isinstance(text, (Path, ServerLocation)):
        return text
    text = os.fspath(text)
    if not text.strip():
        raise LocationError("数据库不能为空：应为文件路径或 postgresql://用户@主机[:端口]/数据库 "
                            "(empty database location)")
    if not is_url(text):
        return Path(text)
    return _parse_url(text.strip())


def _parse_url(text: str) -> ServerLocation:
    shown = mask_secrets(text)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise _bad_url(shown, str(exc)) from None
    if parts.scheme.lower() not in SERVER_SCHEMES:
        raise LocationError(f"不支持的数据库地址 {quote_text(shown)}：只能是文件路径或 "
                            "postgresql://用户@主机[:端口]/数据库 "
                            "(only a file or a postgresql:// URL)")
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname or "/" in dbname:
        raise _bad_url(shown, "no database name")
    if parts.fragment:
        raise _bad_url(shown, "unexpected #")
    options = tuple(parse_qsl(parts.query, keep_blank_values=True))
    password = unquote(parts.password) if parts.password is not None else None
    return ServerLocation(dbname=dbname, host=unquote(parts.hostname or ""), port=port,
                          user=unquote(parts.username or ""), options=options, password=password)


def _bad_url(shown: str, why: str) -> LocationError:
    return LocationError(f"数据库地址 {quote_text(shown)} 不正确，应为 "
                         f"postgresql://用户@主机[:端口]/数据库 (bad server URL: {why})")


# user:password@ in a URL, password=… in a libpq connection string
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")
_KEYWORD_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
MASK = "***"


def mask_secrets(text: str, secrets: list[str] | None = None) -> str:
    """``text`` with every password taken out: a URL's, a connection string's, and each of
    ``secrets`` wherever it appears."""
    text = _URL_PASSWORD.sub(rf"\g<1>{MASK}@", text)
    text = _KEYWORD_PASSWORD.sub(rf"\g<1>{MASK}", text)
    for secret in secrets or ():
        if secret:
            text = text.replace(secret, MASK)
    return text


def location_label(location: Location) -> str:
    """本机 FILE or 服务器 HOST/DBNAME."""
    if isinstance(location, ServerLocation):
        return location.label
    return f"本机 {location}"
