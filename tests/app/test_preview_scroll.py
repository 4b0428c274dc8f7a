"""The preview scrolled as a user scrolls it: its pages once each, whatever the pane's width,
and on a real screen (Xvfb with a window manager) the pixels the document holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from support.paths import ROOT
from support.xserver import x_display

from zwdesk.app import preview as pv
from zwdesk.app.qt import QApplication, Qt, QTextBrowser, QTextCursor
from zwdesk.core.bulletin import compose


def test_a_resized_pane_holds_each_page_once(qtbot, sample_issue, store) -> None:  # noqa: ANN001
    """The scroll bar that comes with the pages resized the pane while they were being set,
    which set them again inside the first setting: every page twice, the 报头 below — 1 —."""
    view = QTextBrowser()
    qtbot.addWidget(view)
    view.resize(500, 600)
    view.show()
    qtbot.waitExposed(view)
    preview = pv.Preview(view)
    preview.show(compose(sample_issue), even_page=True)
    for width in (540, 470, 520, 600, 430):  # the splitter dragged about
        view.resize(width, 600)
        qtbot.waitUntil(lambda: abs(preview._fit_zoom() - preview._zoom) <= 0.02)
        qtbot.wait(20)
        page = round(pv.PAGE_H * pv.PX * preview._zoom) + 2 + 14
        assert view.toPlainText().count("政务服务工作") == 1
        assert view.toPlainText().count("\u2014 1 \u2014") == 1
        height = view.document().size().height()
        assert abs(height - 4 * page) < 0.05 * height, (width, height, page)


@pytest.mark.xserver
def test_the_preview_scrolls_right_on_a_real_screen(tmp_path) -> None:  # noqa: ANN001
    """Under Xvfb and openbox at 1366×768, the app as on a first start: the wheel and the
    scroll bar move through four pages, the 报头 shows only at the top, and the screen shows
    what the document holds at every step (nothing blitted from another place)."""
    shots = tmp_path / "shots"
    shots.mkdir()
    with x_display() as display:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
               "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
               "PYTHONPATH": str(ROOT / "tests")}
        run = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "support" / "preview_scroll_probe.py"),
             str(tmp_path / "zwdesk.sqlite3"), str(shots)],
            env=env, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    where = f"screenshots in {shots}"
    assert result["pages"] == 4
    assert result["mastheads_in_document"] == 1, where
    assert abs(result["document_height"] - result["expected_height"]) < 40, (result, where)
    assert abs(result["scroll_range"] - result["document_height"]) < 40, (result, where)
    steps = result["steps"]
    assert max(step["scroll"] for step in steps) > 1500  # it did scroll through the pages
    assert any(step["how"] == "drag" and step["scroll"] > 0 for step in steps)
    for step in steps:
        assert step["mastheads_in_document"] == 1, (step, where)
        assert step["rows_unlike_the_document"] == 0, (step, where)
        if not step["masthead_may_show"]:
            assert step["red_rows"] == 0, (step, where)  # no 报头 below page 1
    assert steps[0]["red_rows"] > 10


def _lines_in_view(view) -> list[str]:  # noqa: ANN001
    """The printed lines the preview shows now, top to bottom."""
    lines, block = [], view.document().begin()
    while block.isValid():
        rect = view.cursorRect(QTextCursor(block))
        if block.text().strip() and rect.top() >= 0 and rect.bottom() <= view.viewport().height():
            lines.append(block.text())
        block = block.next()
    return lines


def test_the_preview_follows_the_outline(main_window, qtbot) -> None:  # noqa: ANN001
    win = main_window
    win.window.showNormal()
    win.window.resize(1366, 738)
    QApplication.processEvents()
    win.refresh_views()
    view = win.child("preview")
    assert "（共印94份）" not in _lines_in_view(view)
    win.select_anchor("distribution")  # 版记, in the outline
    assert "（共印94份）" in _lines_in_view(view)
    win.select_anchor("s2.2")
    assert "（三）厅（局）长进大厅" in _lines_in_view(view)
    win.select_anchor("masthead")
    assert "政务服务工作" in _lines_in_view(view)
    # A part whose first line shows low in the pane is brought up to the top, not left there.
    lines, low = _lines_in_view(view), "（二）省级部门（单位）事项纳入及授权情况"
    assert low in lines and lines.index(low) > len(lines) / 2
    win.select_anchor("s0.1")
    assert _lines_in_view(view).index(low) < 4
    # A click on a line selects its part without moving the pages.
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    shown = _lines_in_view(view)
    line = next(text for text in shown[3:] if text[:2] in {"1.", "2.", "3."})
    cursor = QTextCursor(view.document().find(line))
    before = bar.value()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.cursorRect(cursor).center())
    assert win.child("outline").currentItem().text(0) != "报头" and bar.value() == before


def test_another_issue_opens_at_its_masthead_in_the_preview(main_window, qtbot) -> None:  # noqa: ANN001
    """Another issue chosen in 各期简报 opens at its 报头 in the outline and the form: the
    preview shows its 报头 too, not the place the last issue was scrolled to."""
    win = main_window
    win.window.showNormal()
    win.window.resize(1366, 738)
    QApplication.processEvents()
    sample = win.session.issue.id
    qtbot.mouseClick(win.child("newIssueButton"), Qt.MouseButton.LeftButton)  # 第10期
    win.select_anchor("s3")  # its 四、大厅巡查情况: the preview low on its pages
    view = win.child("preview")
    assert "四、大厅巡查情况" in _lines_in_view(view)
    assert "政务服务工作" not in _lines_in_view(view)
    win.open_issue(sample)  # as a click on 第9期 in 各期简报 does
    QApplication.processEvents()
    assert win.child("outline").currentItem().text(0) == "报头"
    assert "政务服务工作" in _lines_in_view(view), _lines_in_view(view)
