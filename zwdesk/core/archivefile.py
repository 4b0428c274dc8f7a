"""The whole archive as one .zip that proves itself complete (resources/archive-format-v1.md).

Members are JSON: ``issues/YYYY-NNN.json`` in the exchange format, ``history/YYYY-NNN.json`` (its
revision history, when it has one), ``issues.json`` (each issue's file, status and history
member), ``inbox.json`` (units, submissions, their items with states and where each was
adopted), ``settings.json``; last ``manifest.json`` with the format, the program's version, the
counts and the SHA-256 of every other member. Reading checks the manifest before anything is
used: a member missing, added or changed is refused by name. Nothing is extracted to disk, every
member is read with a cap, and the declared sizes are checked first (a zip bomb is refused).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from zwdesk.core.errors import ZwdeskError, quote_path

FORMAT = "zwdesk-archive"
VERSION = 1
MANIFEST = "manifest.json"
MEMBER = re.compile(r"((issues|history)/\d{4}-\d{1,3}\.json|issues\.json|inbox\.json"
                    r"|settings\.json)")
MAX_MEMBERS = 200_000
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # inbox.json of a large archive; an issue is ~10 KB
MAX_RATIO = 200  # JSON compresses ~10:1; a bomb by far more


class ArchiveError(ZwdeskError):
    pass


def issue_member(year: int, number: int) -> str:
    return f"issues/{year}-{number:03d}.json"


def history_member(year: int, number: int) -> str:
    """The revision history of an issue (optional: an archive made before it has none)."""
    return f"history/{year}-{number:03d}.json"


class ArchiveWriter:
    """Members added one by one (each hashed as written), the manifest last."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._zip = zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED)
        self._sums: dict[str, str] = {}

    def add_json(self, name: str, value: Any) -> None:
        data = (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        self.add_bytes(name, data)

    def add_bytes(self, name: str, data: bytes) -> None:
        self._sums[name] = hashlib.sha256(data).hexdigest()
        self._zip.writestr(name, data)

    def finish(self, program_version: str, counts: dict[str, int]) -> None:
        manifest = {"format": FORMAT, "version": VERSION, "program": "zwdesk",
                    "program_version": program_version,
                    "created": dt.datetime.now().replace(microsecond=0).isoformat(),
                    "counts": counts, "sha256": self._sums}
        self._zip.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
        self._zip.close()


class ArchiveReader:
    """An archive whose manifest has been checked against every member."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise self._error(f"不是完整的 .zip 文件 (not a zip archive: {exc})") from None
        self._check_sizes()
        self.manifest = self._manifest()
        self._check_sums()

    def _error(self, problem: str) -> ArchiveError:
        return ArchiveError(f"{quote_path(self.path)}: {problem}")

    def _check_sizes(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise self._error(f"成员过多（{len(infos)} 个）(too many members)")
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER_BYTES or (info.file_size > 2**20
                                                       and ratio > MAX_RATIO):
                raise self._error(f"{info.filename} 解压后过大（{info.file_size} 字节），"
                                  "已拒绝 (member too large: zip bomb?)")

    def read(self, name: str) -> bytes:
        """A member's bytes, read with a cap (a lying header cannot make it grow)."""
        try:
            with self._zip.open(name) as member:
                data = member.read(MAX_MEMBER_BYTES + 1)
        except KeyError:
            raise self._error(f"缺少 {name} (member missing)") from None
        except (OSError, zipfile.BadZipFile, EOFError, ValueError) as exc:
            raise self._error(f"{name} 无法读取 (unreadable member: {exc})") from None
        if len(data) > MAX_MEMBER_BYTES:
            raise self._error(f"{name} 过大 (member too large)")
        return data

    def read_json(self, name: str) -> Any:
        data = self.read(name)
        if hashlib.sha256(data).hexdigest() != self.manifest["sha256"].get(name):
            raise self._error(f"{name} 与清单的校验值不符，文件已被改动或损坏 "
                              "(checksum mismatch)")
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise self._error(f"{name} 不是有效的 JSON (invalid JSON: {exc})") from None

    def _manifest(self) -> dict[str, Any]:
        try:
            manifest = json.loads(self.read(MANIFEST).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            manifest = None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise self._error("不是 zwdesk 全部数据导出文件：清单缺失或格式不符 "
                              "(not a zwdesk archive)")
        if manifest.get("version") != VERSION:
            raise self._error(f"导出文件版本 {manifest.get('version')!r} 不受支持，"
                              f"本程序读取版本 {VERSION} (unsupported archive version)")
        sums = manifest.get("sha256")
        if not isinstance(sums, dict) or not all(isinstance(v, str) for v in sums.values()):
            raise self._error("清单缺少校验值 (manifest has no checksums)")
        return manifest

    def _check_sums(self) -> None:
        names = {info.filename for info in self._zip.infolist()} - {MANIFEST}
        listed = set(self.manifest["sha256"])
        for name in sorted(names - listed):
            raise self._error(f"{name} 不在清单中 (member not in the manifest)")
        for name in sorted(listed):
            if not MEMBER.fullmatch(name):
                raise self._error(f"清单列出了未知的成员 {name} (unknown member)")
            data = self.read(name)  # raises for a member listed but missing
            if hashlib.sha256(data).hexdigest() != self.manifest["sha256"][name]:
                raise self._error(f"{name} 与清单的校验值不符，文件已被改动或损坏 "
                                  "(checksum mismatch)")

    def issue_members(self) -> Iterator[str]:
        return (name for name in sorted(self.manifest["sha256"]) if name.startswith("issues/"))

    def close(self) -> None:
        self._zip.close()
