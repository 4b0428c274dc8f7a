"""Run by tests/app/test_preview_scroll.py under a real X server (Xvfb + openbox): the app's
main window as on a first start, its preview scrolled with the mouse wheel and by dragging the
scroll bar (xdotool, real X input), and at each step what the screen shows compared with what
the preview holds. Prints one JSON object; screenshots go to the folder given.

    python preview_scroll_probe.py DATABASE SHOTS_FOLDER
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtTest import QTest

from zwdesk.app import preview as pv
from zwdesk.app.main import make_application
from zwdesk.app.qt import QImage


def xdotool(*args: object) -> None:
    subprocess.run(["xdotool", *map(str, args)], check=True)


def red_rows(image: QImage) -> int:
    """How many rows of ``image`` hold the 报头's red (the publication's name and its rule)."""
    rows = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 3):
            colour = image.pixelColor(x, y)
            if colour.red() > 200 and colour.green() < 90 and colour.blue() < 90:
                rows += 1
                break
    return rows


def differing_rows(a: QImage, b: QImage) -> int:
    """Rows whose pixels differ between two images of the same size."""
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    if a.size() != b.size():
        return max(a.height(), b.height())
    line = a.bytesPerLine()
    bits_a, bits_b = bytes(a.constBits()), bytes(b.constBits())
    return sum(bits_a[y * line:(y + 1) * line] != bits_b[y * line:(y + 1) * line]
               for y in range(a.height()))


def main(database: Path, shots: Path) -> dict:
    app = make_application()
    from zwdesk.app.mainwindow import MainWindow
    from zwdesk.app.session import Session

    window = MainWindow(Session.open(database))
    window.show()
    QTest.qWaitForWindowExposed(window.window, 10000)
    QTest.qWait(1500)  # the window manager maximizes it; the first refresh follows
    view = window.child("preview")
    viewport, bar = view.viewport(), view.verticalScrollBar()
    zoom = window.preview._zoom
    page = round(pv.PAGE_H * pv.PX * zoom) + 2 + 14  # a sheet, its border and the gap below
    first_page_end = view.document().documentMargin() + page
    result = {
        "pages": window.preview.page_count,
        "mastheads_in_document": view.toPlainText().count("政务服务工作"),
        "document_height": view.document().size().height(),
        "expected_height": window.preview.page_count * page,
        "scroll_range": bar.maximum() + bar.pageStep(),
        "steps": [],
    }

    def look(how: str) -> None:
        QTest.qWait(250)
        origin = viewport.mapToGlobal(viewport.rect().topLeft())
        screen = app.primaryScreen().grabWindow(0, origin.x(), origin.y(), viewport.width(),
                                                viewport.height()).toImage()
        index = len(result["steps"])
        screen.save(str(shots / f"{index:02d}-{how}.png"))
        drawn = viewport.grab().toImage()  # what the preview paints now, from its document
        # The 报头 is on the first page only: its red may show only while that page does.
        masthead_visible = bar.value() < first_page_end
        result["steps"].append({
            "how": how, "scroll": bar.value(), "red_rows": red_rows(screen),
            "masthead_may_show": masthead_visible,
            "rows_unlike_the_document": differing_rows(screen, drawn),
            "mastheads_in_document": view.toPlainText().count("政务服务工作"),
        })

    look("start")
    centre = viewport.mapToGlobal(viewport.rect().center())
    xdotool("mousemove", centre.x(), centre.y())
    for _ in range(12):
        xdotool("click", "--repeat", 3, "--delay", 30, 5)  # the wheel, down
        look("wheel")
    for _ in range(4):
        xdotool("click", "--repeat", 6, "--delay", 30, 4)  # and up
        look("wheel-up")
    xdotool("click", "--repeat", 40, "--delay", 10, 4)  # back to the top: the handle at the top
    QTest.qWait(300)
    top = bar.mapToGlobal(bar.rect().topLeft())
    x, y = top.x() + bar.width() // 2, top.y() + bar.width() + 6  # below the arrow button
    xdotool("mousemove", x, y)
    QTest.qWait(100)
    xdotool("mousedown", 1)
    for _ in range(8):
        y += bar.height() // 12
        xdotool("mousemove", x, y)
        look("drag")
    xdotool("mouseup", 1)
    window.window.close()
    app.processEvents()
    return result


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
