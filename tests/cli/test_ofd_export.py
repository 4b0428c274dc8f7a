"""``zwdesk export YEAR-NUMBER -o FILE.ofd``: the OFD, written without any office suite."""

from __future__ import annotations

import errno

import pytest
from support import ofdcheck
from support.builders import file_hash, modules_loaded_by

from zwdesk import cli
from zwdesk.core import office


@pytest.fixture
def no_office(monkeypatch):  # noqa: ANN201
    """No LibreOffice, Word or WPS: asking for one fails the test."""
    def absent(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("the OFD export looked for an office suite")

    for name in ("find_soffice", "find_converter", "convert_to_pdf",
                 "convert_many_with_libreoffice"):
        monkeypatch.setattr(office, name, absent)


def test_export_ofd_without_an_office_suite(db_with_sample, tmp_path, capsys, no_office):
    target = tmp_path / "政务服务工作2023年第9期.OFD"  # the suffix in any case
    assert cli.main(["--db", str(db_with_sample), "export", "2023-9", "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"已写出 {target}\n"
    package = ofdcheck.read(target)
    ofdcheck.check(package)
    pages = package.pages()
    assert len(pages) == 4
    first = [line.text for line in ofdcheck.lines(pages[0])]
    assert first[:2] == ["政务服务工作", "2023年第9期（总第429期）"]


def test_export_ofd_follows_the_even_page_setting(db_with_sample, tmp_path, no_office):
    """With the setting on (the default) and a 版记 that would stand alone on page 5, a blank
    page comes first: 6 pages, the last two unnumbered; off, 5 pages."""
    db = str(db_with_sample)
    long = tmp_path / "long.json"
    assert cli.main(["--db", db, "dump", "2023-9", "-o", str(long)]) == 0
    text = long.read_text(encoding="utf-8").replace(
        '"checks": [', '"checks": [' + '{"title": "补充检查", "finding": "总体情况良好。"},' * 6, 1)
    long.write_text(text, encoding="utf-8")
    assert cli.main(["--db", db, "import", str(long), "--replace"]) == 0
    target = tmp_path / "a.ofd"
    assert cli.main(["--db", db, "export", "2023-9", "-o", str(target)]) == 0
    pages = ofdcheck.read(target).pages()
    assert len(pages) == 6 and ofdcheck.lines(pages[4]) == []
    assert cli.main(["--db", db, "settings", "--even-page", "off"]) == 0
    assert cli.main(["--db", db, "export", "2023-9", "-o", str(target)]) == 0
    assert len(ofdcheck.read(target).pages()) == 5


def test_a_suffix_the_document_cannot_take_is_refused(db_with_sample, tmp_path, capsys):
    db = str(db_with_sample)
    assert cli.main(["--db", db, "export", "2023-9", "-o", str(tmp_path / "a.odt")]) == 1
    assert "输出文件应以 .docx、.pdf 或 .ofd 结尾 (expected a .docx, .pdf or .ofd file" in \
        capsys.readouterr().err
    assert cli.main(["--db", db, "register", "2023-9", "-o", str(tmp_path / "r.ofd")]) == 1
    assert "输出文件应以 .docx 或 .pdf 结尾" in capsys.readouterr().err
    assert list(tmp_path.glob("*.o*")) == []


def test_a_failed_write_leaves_the_old_file(db_with_sample, tmp_path, capsys, monkeypatch,
                                           no_office):
    """A full disk at the moment of the rename: one message naming the file, the earlier
    export untouched, no temporary file left."""
    from zwdesk.core import atomic

    target = tmp_path / "a.ofd"
    target.write_bytes(b"an earlier export")
    before = file_hash(target)

    def full(*args):  # noqa: ANN002, ANN202
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    code = cli.main(["--db", str(db_with_sample), "export", "2023-9", "-o", str(target)])
    assert code == 1 and file_hash(target) == before
    assert str(target) in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".sqlite3") == ["a.ofd"]


def test_export_ofd_loads_only_what_it_needs(db_with_sample, tmp_path):
    """No python-docx, office suite, checks, exchange parser or Qt for an OFD."""
    code, loaded = modules_loaded_by(tmp_path, "--db", str(db_with_sample), "export", "2023-9",
                                     "-o", str(tmp_path / "x.ofd"))
    assert code == "0" and (tmp_path / "x.ofd").exists()
    assert "zwdesk.core.ofd" in loaded
    for heavy in ("docx", "zwdesk.core.office", "zwdesk.core.checks", "zwdesk.core.exchange",
                  "PySide6", "fontTools"):
        assert heavy not in loaded, heavy
