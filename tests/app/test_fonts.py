"""The official fonts: told once when missing, in the app and for a PDF from the command line."""

from __future__ import annotations

import pytest

from zwdesk.core import fonts
from zwdesk.core.fonts import OFFICIAL_FONTS, missing_fonts


def test_missing_fonts_are_named_under_any_of_their_names():
    assert missing_fonts([]) == list(OFFICIAL_FONTS)
    windows = ["FangSong", "KaiTi", "SimHei", "Arial"]
    assert missing_fonts(windows) == ["方正小标宋简体"]
    assert missing_fonts(["仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体"]) == []
    assert missing_fonts(["fangsong_gb2312"]) == ["楷体_GB2312", "黑体", "方正小标宋简体"]


@pytest.fixture
def no_official_fonts(monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setattr("zwdesk.app.mainwindow.QFontDatabase.families",
                        staticmethod(lambda *a: ["AR PL SungtiL GB", "Noto Sans CJK SC"]))


def test_the_app_says_once_which_fonts_are_missing(no_official_fonts, qtbot, qt_settings,  # noqa: ANN001
                                                   db_path, monkeypatch, dialogs):
    from zwdesk.app.mainwindow import MainWindow
    from zwdesk.app.session import Session

    first = MainWindow(Session.open(db_path))
    qtbot.addWidget(first.window)
    first.show()
    banner = first.child("fontsBanner")
    assert banner.isVisible()
    assert "仿宋_GB2312、楷体_GB2312、黑体、方正小标宋简体" in banner.text()
    assert "Word 文档不受影响" in banner.text()
    banner.linkActivated.emit("ok")  # 知道了
    assert not banner.isVisible()
    second = MainWindow(Session())
    qtbot.addWidget(second.window)
    second.show()
    assert not second.child("fontsBanner").isVisible()


def test_no_banner_where_the_fonts_are_installed(qtbot, qt_settings, db_path, monkeypatch):  # noqa: ANN001
    from zwdesk.app.mainwindow import MainWindow
    from zwdesk.app.session import Session

    official = ["仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体"]
    monkeypatch.setattr("zwdesk.app.mainwindow.QFontDatabase.families",
                        staticmethod(lambda *a: official))
    window = MainWindow(Session.open(db_path))
    qtbot.addWidget(window.window)
    window.show()
    assert not window.child("fontsBanner").isVisible()


def test_a_pdf_from_the_command_line_notes_missing_fonts(monkeypatch, tmp_path, capsys):  # noqa: ANN001
    from zwdesk import cli

    db = str(tmp_path / "z.sqlite3")
    assert cli.main(["--db", db, "sample"]) == 0
    monkeypatch.setattr(fonts, "installed_families", lambda: ["AR PL SungtiL GB"])
    monkeypatch.setattr("zwdesk.operations.write_pdf",
                        lambda write, data, target: target.write_bytes(b"%PDF-1.4"))
    capsys.readouterr()
    assert cli.main(["--db", db, "export", "2023-9", "-o", str(tmp_path / "x.pdf")]) == 0
    err = capsys.readouterr().err
    assert "本机没有安装公文字体 仿宋_GB2312、楷体_GB2312、黑体、方正小标宋简体" in err
    monkeypatch.setattr(fonts, "installed_families",
                        lambda: ["仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体"])
    assert cli.main(["--db", db, "export", "2023-9", "-o", str(tmp_path / "x.pdf")]) == 0
    assert "公文字体" not in capsys.readouterr().err
