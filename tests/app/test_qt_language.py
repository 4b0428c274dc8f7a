"""Qt's own dialogs speak Chinese (the save dialog showed "Look in:" and "Files of type:")."""

from __future__ import annotations

import re

from zwdesk.app.qt import QFileDialog, QLabel

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def _labels(dialog) -> list[str]:  # noqa: ANN001
    return [label.text() for label in dialog.findChildren(QLabel) if label.text()]


def test_the_save_dialog_is_chinese(qt_settings, qtbot) -> None:  # noqa: ANN001
    dialog = QFileDialog(None, "导出 Word", "", "Word 文档 (*.docx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = _labels(dialog)
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels
    assert [text for text in labels if LATIN_WORD.search(text)] == []


def test_the_print_dialog_is_chinese(qt_settings, qtbot) -> None:  # noqa: ANN001
    from zwdesk.app.qt import QPrintDialog, QPrinter

    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    latin = [text for text in _labels(dialog) if LATIN_WORD.search(text) and "PDF" not in text]
    assert latin == []


def test_the_file_dialogs_columns_are_chinese_under_a_c_locale(qtbot, tmp_path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QTreeView

    from zwdesk.app import filedialogs
    from zwdesk.app.main import make_application
    from zwdesk.app.qt import QLocale

    for name in ("2023-09.docx", "来稿.json"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "往期").mkdir()
    before = QLocale()
    QLocale.setDefault(QLocale.c())  # LANG=C, as on a server or a bare Linux session
    try:
        make_application()
        dialog = filedialogs._dialog(None, "选择往期文件", str(tmp_path), "")
        qtbot.addWidget(dialog)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        dialog.show()
        view = next(v for v in dialog.findChildren(QTreeView) if v.isVisible())
        model = view.model()
        qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) == 3)
        rows = [[model.index(row, column, view.rootIndex()).data() for column in (0, 2, 3)]
                for row in range(3)]
        types = {name: kind for name, kind, _date in rows}
        assert types["往期"] == "文件夹", rows
        assert [t for t in types.values()
                if LATIN_WORD.search(t.replace("Word", "").replace("JSON", ""))] == [], rows
        assert all(re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}", date)
                   for _name, _kind, date in rows), rows  # not "6 12 2026 14:29"
        sizes = {model.index(row, 0, view.rootIndex()).data():
                 model.index(row, 1, view.rootIndex()).data() for row in range(3)}
        assert sizes["2023-09.docx"] == sizes["来稿.json"] == "1 字节", sizes  # not "1 bytes"
    finally:
        QLocale.setDefault(before)
