"""A stand-in for zwdesk.core.reader in tests that are about importing, not reading Word:
a "document" here is an exchange file under a .docx/.doc/.wps name, optionally with the
reader's extra findings under the key ``_read`` ({"kept": [...], "warnings": [...],
"comments": [[paragraph, comment], ...], "fail": "message"})."""

from __future__ import annotations

import json
import shutil
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from zwdesk.core.errors import ZwdeskError
from zwdesk.core.exchange import parse_issue


class ReaderError(ZwdeskError):
    pass


@dataclass
class ReadResult:
    issue: dict
    kept_as_text: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)


class FakeReader(types.ModuleType):
    def __init__(self) -> None:
        super().__init__("zwdesk.core.reader")
        self.ReaderError, self.ReadResult = ReaderError, ReadResult
        self.office_runs: list[list[Path]] = []
        self.read: list[str] = []

    def read_docx_bytes(self, data: bytes, source: str) -> ReadResult:
        self.read.append(source)
        raw = json.loads(data.decode("utf-8"))
        extra = raw.pop("_read", {})
        if "fail" in extra:
            raise ReaderError(f"{source}: {extra['fail']}")
        return ReadResult(parse_issue(json.dumps(raw, ensure_ascii=False), source),
                          extra.get("kept", []), extra.get("warnings", []),
                          [tuple(c) for c in extra.get("comments", [])])

    def read_document(self, path: Path) -> ReadResult:
        if path.suffix.lower() != ".docx":
            raise AssertionError("the importer converts .doc/.wps itself, in one run")
        return self.read_docx_bytes(Path(path).read_bytes(), str(path))

    def convert_to_docx_many(self, paths: list[Path], folder: Path) -> dict[Path, Path]:
        self.office_runs.append(list(paths))
        result = {}
        for index, path in enumerate(paths):
            target = Path(folder) / f"{index}.docx"
            shutil.copyfile(path, target)
            result[path] = target
        return result


def install(monkeypatch: pytest.MonkeyPatch) -> FakeReader:
    # What imports a part of the real reader package (dates: reader.frame) is imported first,
    # or it would look for that part in the stand-in (a test run alone failed that way).
    import zwdesk.core.dates  # noqa: F401

    fake = FakeReader()
    monkeypatch.setitem(sys.modules, "zwdesk.core.reader", fake)
    import zwdesk.core

    monkeypatch.setattr(zwdesk.core, "reader", fake, raising=False)
    return fake


def write_document(path: Path, issue: dict, **read: object) -> Path:
    """A fake Word document of ``issue`` (JSON form) with the reader's findings ``read``."""
    path.write_text(json.dumps({**issue, "_read": read} if read else issue, ensure_ascii=False),
                    encoding="utf-8")
    return path
