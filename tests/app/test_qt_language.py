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
