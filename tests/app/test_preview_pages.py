"""The app's page preview, the page count in the 检查 summary, the 版记 setting in the settings
dialog, and 查看实际排版 (the office suite's pages)."""

from __future__ import annotations

import time

import pdfplumber
import pytest
from support.paths import SAMPLE_JSON
from support.soffice import needs_soffice

from zwdesk.app.qt import QTimer
from zwdesk.core.bulletin import compose
from zwdesk.core.exchange import read_issue
from zwdesk.store.settings import banji_even_page


def view_text(window) -> str:  # noqa: ANN001
    window.refresh_views()
    return window.child("preview").toPlainText()


def test_preview_shows_four_numbered_pages(main_window) -> None:  # noqa: ANN001
    text = view_text(main_window)
    assert [f"\u2014 {n} \u2014" in text for n in range(1, 6)] == [True] * 4 + [False]
    lines = text.splitlines()
    assert "部署无差别综合窗口、“一件事一次办”、重大项目和惠企政" in lines  # a line as printed
    assert main_window.preview.page_count == 4
    assert main_window.child("checksSummary").text().startswith("共 4 页。")


def test_preview_refresh_is_quick(main_window, sample_issue) -> None:  # noqa: ANN001
    bulletin = compose(sample_issue)
    main_window.preview.show(bulletin, even_page=True)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        main_window.preview.show(compose(sample_issue), even_page=True)
        main_window.child("preview").document().size()  # the layout, done
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.1  # about 10 ms here; the goal is 40 ms


def test_preview_shows_the_blank_page_and_the_setting_in_the_dialog(  # noqa: ANN001
        main_window, monkeypatch, qtbot) -> None:
    issue = read_issue(SAMPLE_JSON)
    issue["sections"][-1]["block"]["checks"] += [
        {"title": f"补充检查{n + 1}", "finding": "总体情况良好。"} for n in range(6)]
    main_window.preview.show(compose(issue))
    assert main_window.preview.page_count == 6  # on by default: blank page 5, 版记 on page 6
    text = main_window.child("preview").toPlainText()
    assert "\u2014 4 \u2014" in text and "\u2014 5 \u2014" not in text

    from zwdesk.app import dialogs

    seen = {}
    original = dialogs.SettingsDialog.__init__

    def spy(self, *args) -> None:  # noqa: ANN001
        original(self, *args)
        seen["checked"] = self.child("evenPage").isChecked()
        self.child("evenPage").setChecked(False)
        QTimer.singleShot(0, lambda: self._accept())

    monkeypatch.setattr(dialogs.SettingsDialog, "__init__", spy)
    main_window.edit_settings()
    assert seen["checked"] is True and not banji_even_page()
    main_window.preview.show(compose(issue))
    assert main_window.preview.page_count == 5


@pytest.mark.render
@needs_soffice
def test_real_layout_shows_the_office_suites_pages(main_window, qtbot,  # noqa: ANN001
                                                   monkeypatch) -> None:
    from zwdesk.app import printing

    shown = []

    def show_pdf(path, parent, title) -> None:  # noqa: ANN001
        with pdfplumber.open(path) as pdf:
            shown.append((title, len(pdf.pages)))

    monkeypatch.setattr(printing, "show_pdf", show_pdf)
    assert main_window.child("actionRealLayout") in main_window.child("menuIssue").actions()
    main_window.child("actionRealLayout").trigger()
    qtbot.waitUntil(lambda: bool(shown) and not main_window.outputs.running, timeout=60000)
    assert shown == [("实际排版 — 政务服务工作2023年第9期", 4)]
