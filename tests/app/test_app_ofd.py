"""导出 OFD… in the app: beside 导出 Word / 导出 PDF, and working with no office suite."""

from __future__ import annotations

from support import ofdcheck

from zwdesk.app import filedialogs
from zwdesk.app.qt import QDesktopServices, QSettings
from zwdesk.core import office


def test_export_ofd_without_an_office_suite(main_window, qtbot, monkeypatch, tmp_path,  # noqa: ANN001
                                            dialogs) -> None:  # noqa: ANN001
    def absent(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("the OFD export looked for an office suite")

    for name in ("find_soffice", "find_converter", "convert_to_pdf"):
        monkeypatch.setattr(office, name, absent)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    folder = tmp_path / "exports"
    folder.mkdir()
    QSettings().setValue("export/folder", str(folder))
    proposed = []

    def save_dialog(parent, title, path, filters):  # noqa: ANN001, ANN202
        proposed.append((title, path, filters))
        return str(folder / "第9期"), filters  # typed without the suffix

    monkeypatch.setattr(filedialogs, "get_save_file_name", save_dialog)
    action = main_window.child("actionExportOfd")
    assert action.text() == "导出 OFD…"
    for place in ("menuFile", "toolBar"):  # beside 导出 Word and 导出 PDF
        actions = [a.objectName() for a in main_window.child(place).actions()]
        at = actions.index("actionExportPdf")
        assert actions[at - 1:at + 2] == ["actionExportWord", "actionExportPdf",
                                          "actionExportOfd"]
    dialogs.answers = [True, True]  # export despite the one warning; open it after
    action.trigger()
    qtbot.waitUntil(lambda: not main_window.outputs.running, timeout=30000)
    assert proposed == [("导出 OFD", str(folder / "政务服务工作2023年第9期.ofd"),
                         "OFD 版式文档 (*.ofd)")]
    assert [d[1] for d in dialogs.shown] == ["导出前检查", "导出完成"]
    assert "现在用 OFD 阅读器打开吗" in dialogs.shown[1][2]
    package = ofdcheck.read(folder / "第9期.ofd")
    ofdcheck.check(package)
    assert len(package.pages()) == 4
    assert [url.toLocalFile() for url in opened] == [str(folder / "第9期.ofd")]


def test_an_unwritable_target_is_a_dialog(main_window, qtbot, monkeypatch, tmp_path,  # noqa: ANN001
                                          dialogs) -> None:  # noqa: ANN001
    target = tmp_path / "no-such-folder" / "a.ofd"
    monkeypatch.setattr(filedialogs, "get_save_file_name",
                        lambda *args: (str(target), "OFD 版式文档 (*.ofd)"))
    dialogs.answers = [True]
    main_window.child("actionExportOfd").trigger()
    qtbot.waitUntil(lambda: not main_window.outputs.running, timeout=30000)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "导出失败") and "a.ofd" in text
    assert main_window.child("actionExportOfd").isEnabled()
