"""Printing the bulletin: the PDF the office suite made, rendered page by page with QtPdf.

Printing the real PDF (not the preview's HTML) puts on paper exactly the pages the Word
document has, page numbers and 版记 included. Shared by the app (打印…) and ``zwdesk print``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zwdesk.app.qt import (
    QAction,
    QDialog,
    QImage,
    QLabel,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
    QPdfDocument,
    QPrinter,
    QPrinterInfo,
    QPrintPreviewDialog,
    QRectF,
    QSize,
    Qt,
    QToolBar,
    QToolButton,
    QWidget,
)
from zwdesk.core.atomic import write_atomic
from zwdesk.core.errors import ZwdeskError, quote, quote_path

if TYPE_CHECKING:
    from zwdesk.operations import DocumentWriter

# Pages go to the printer as images. 300 dpi keeps 3号 text sharp on paper while a page stays
# at 35 MB in memory and in the Windows spool file (600 dpi: 139 MB a page, 2 s for 4 pages).
PRINT_DPI = 300
PREVIEW_DPI = 150  # the preview holds every page at once; the screen shows no more than this


class PrintError(ZwdeskError):
    """The PDF could not be read, or the printer (or output file) could not be opened."""


def load_pdf(path: Path) -> QPdfDocument:
    document = QPdfDocument()
    error = document.load(str(path))
    if error != QPdfDocument.Error.None_ or document.pageCount() == 0:
        raise PrintError(f"无法读取 PDF 文件 {quote_path(path)}：文件不存在或已损坏。")
    return document


def configure_printer(printer: QPrinter, copies: int) -> None:
    """共印N份 as the copy count, collated, A4, two-sided on the long edge where offered."""
    printer.setCopyCount(copies)
    printer.setCollateCopies(True)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF's pages carry the official margins themselves
    if QPrinter.DuplexMode.DuplexLongSide in QPrinterInfo(printer).supportedDuplexModes():
        printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)


def print_pages(document: QPdfDocument, printer: QPrinter,
                first: int | None = None, last: int | None = None) -> int:
    """Draw pages ``first``..``last`` (1-based; by default the printer's page range, or all
    pages) onto ``printer``; return how many pages were drawn."""
    pages = page_sequence(printer, document.pageCount(), first, last)
    if not pages:
        raise PrintError(f"所选页码超出范围：共 {document.pageCount()} 页。")
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("无法开始打印：打印机不可用，或输出文件无法写入。")
    # Without it Qt stores the pages as JPEG in PDF output (a file, or the PDF that CUPS
    # prints), which smears the edges of the characters.
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
    # The preview scales the pages down to the screen: unsmoothed, 本 looks like 木.
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    try:
        for index, page in enumerate(pages):
            if index:
                printer.newPage()
            _draw_page(painter, document, page, printer)
    finally:
        painter.end()
    return len(pages)


def page_sequence(printer: QPrinter, count: int, first: int | None = None,
                  last: int | None = None) -> list[int]:
    """0-based page indices in print order, with copies repeated where Qt leaves them to us."""
    first = first or printer.fromPage() or 1  # fromPage() is 0 when all pages are to print
    last = min(last or printer.toPage() or count, count)
    pages = list(range(first - 1, last))
    copies = _copies_to_draw(printer)
    if printer.collateCopies():
        return pages * copies
    return [page for page in pages for _ in range(copies)]


def _copies_to_draw(printer: QPrinter) -> int:
    """Copies the pages must be drawn for: one, unless the printer cannot make copies itself.

    A PDF file gets one copy of the pages (a file of 94 identical copies is of no use), and so
    does the preview, which is drawn through a QPicture paint engine.
    """
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or _previewing(printer):
        return 1
    return 1 if printer.supportsMultipleCopies() else printer.copyCount()


def _previewing(printer: QPrinter) -> bool:
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture


def _draw_page(painter: QPainter, document: QPdfDocument, page: int, printer: QPrinter) -> None:
    dpi = PREVIEW_DPI if _previewing(printer) else min(printer.resolution(), PRINT_DPI)
    points = document.pagePointSize(page)
    scale = printer.resolution() / 72  # device pixels per point
    target = QRectF(0, 0, points.width() * scale, points.height() * scale)
    painter.drawImage(target, page_image(document, page, dpi))


def page_image(document: QPdfDocument, page: int, dpi: float) -> QImage:
    """The page at ``dpi`` on white paper (QtPdf leaves it transparent, which some printer
    drivers print black)."""
    points = document.pagePointSize(page)
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, document.render(page, size))
    painter.end()
    return image


# --- choosing the printer, printing without a dialog (zwdesk print) ----------------------------


def available_printers() -> list[str]:
    return QPrinterInfo.availablePrinterNames()


def make_printer(name: str | None = None) -> QPrinter:
    """The printer called ``name``, or the system's default printer."""
    if name is None:
        if QPrinterInfo.defaultPrinter().isNull():
            raise PrintError("本机没有可用的打印机。可以用 --output 文件.pdf 打印到文件。")
        return QPrinter(QPrinter.PrinterMode.HighResolution)
    names = available_printers()
    if name not in names:
        listed = f"可用的打印机：{'、'.join(names)}" if names else "本机没有安装打印机"
        raise PrintError(f"找不到打印机“{quote(name)}”。{listed}。")
    return QPrinter(QPrinterInfo.printerInfo(name), QPrinter.PrinterMode.HighResolution)


def pdf_file_printer(target: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def print_to_printer(pdf: Path, printer: QPrinter, copies: int) -> str:
    """Send every page of ``pdf`` to ``printer``, ``copies`` times; say what was done."""
    document = load_pdf(pdf)
    try:
        configure_printer(printer, copies)
        pages = print_pages(document, printer)
    finally:
        document.close()
    return f"已发送到打印机 {printer.printerName()}：{pages} 页，{copies} 份"


def print_to_file(pdf: Path, output: Path) -> str:
    """Print ``pdf`` through QPrinter into the PDF file ``output``: one copy of the pages,
    written atomically (a failed print leaves an existing file as it was)."""
    document = load_pdf(pdf)
    drawn: list[int] = []

    def write(tmp: Path) -> None:
        printer = pdf_file_printer(tmp)
        configure_printer(printer, 1)
        drawn.append(print_pages(document, printer))

    try:
        write_atomic(output, write)
    finally:
        document.close()
    return f"已写出 {output}（{drawn[0]} 页）"


# --- the preview --------------------------------------------------------------------------------


class PrintPreview(QPrintPreviewDialog):
    """Qt's print preview showing the real pages; its 打印 button opens the print dialog with
    the copy count, duplex and page range of ``printer``."""

    def __init__(self, document: QPdfDocument, printer: QPrinter, parent: QWidget | None,
                 title: str) -> None:
        super().__init__(printer, parent)
        self.document = document
        self.failure: str | None = None  # a message for the caller when drawing failed
        self.drawn = 0  # pages drawn by the last paint: after 打印, those printed
        self.setWindowTitle(title)
        self._label_toolbar(printer.copyCount(), document.pageCount())
        if parent is not None:
            self._fit(parent)
        self.paintRequested.connect(self.paint)

    def _fit(self, parent: QWidget) -> None:
        """90 % of the window it comes from, but at least as wide as its toolbar (within the
        screen): from a window on half of a 1366-px screen, 615 px hid the page buttons,
        显示全部页面概览 and 打印设置 behind the toolbar's »."""
        size = parent.size() * 0.9
        toolbar = self.findChild(QToolBar)
        screen = parent.screen().availableGeometry()
        needed = toolbar.sizeHint().width() + 24 if toolbar is not None else 0
        width = max(size.width(), min(needed, screen.width() - 40))
        self.resize(width, size.height())

    def _label_toolbar(self, copies: int, pages: int) -> None:
        """Words beside the icons (people do not read icons), and what will be printed."""
        toolbar = self.findChild(QToolBar)
        if toolbar is None:
            return
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        actions = toolbar.actions()
        for action in actions:  # 纵向/横向: the only unnamed checkable ones; a bulletin is A4
            if action.isCheckable() and not action.objectName():  # portrait, always
                action.setVisible(False)
        first = actions[0]
        self.summary = QLabel(f"  共 {pages} 页，共印 {copies} 份  ")
        self.summary.setObjectName("printSummary")
        self.summary.setStyleSheet("font-weight:bold;")
        toolbar.insertWidget(first, self.summary)
        print_action = actions[-1]  # Qt puts 打印 last, where a narrow window hides it
        toolbar.removeAction(print_action)
        toolbar.insertAction(first, print_action)
        toolbar.insertSeparator(first)
        _icons_beside_boxes(toolbar)

    def paint(self, printer: QPrinter) -> None:
        try:
            self.drawn = print_pages(self.document, printer)
        except ZwdeskError as exc:  # raised inside a Qt slot: kept for the caller to show
            self.failure = str(exc)


def _icons_beside_boxes(toolbar: QToolBar) -> None:
    """The zoom and page-turning buttons show icons only: each sits beside its own box (the
    zoom percentage, the page number) that says what it does. With words beside every icon
    the row was wider than the window on a 1366-px screen, and 显示全部页面概览 and 打印设置
    went behind the » at its end."""
    group: list[QAction] = []
    for action in [*toolbar.actions(), None]:
        if action is not None and not action.isSeparator():
            group.append(action)
            continue
        widgets = [toolbar.widgetForAction(a) for a in group]
        if any(not isinstance(w, (QToolButton, QLabel)) for w in widgets):  # a box: % or page
            for widget in widgets:
                if isinstance(widget, QToolButton):
                    widget.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        group = []


def preview_and_print(pdf: Path, copies: int, parent: QWidget | None,
                      title: str) -> tuple[QPrinter, int] | None:
    """Show the preview of ``pdf`` with ``copies`` preset; return the printer the pages went
    to and how many were drawn, or None when the preview was closed without printing."""
    document = load_pdf(pdf)
    try:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        configure_printer(printer, copies)
        printer.setFromTo(1, document.pageCount())  # the print dialog proposes 1 to 4, not 1 to 1
        preview = PrintPreview(document, printer, parent, title)
        accepted = preview.exec() == QDialog.DialogCode.Accepted
        if preview.failure:
            raise PrintError(preview.failure)
        return (printer, preview.drawn) if accepted else None
    finally:
        document.close()


def printed_message(printer: QPrinter, pages: int, name: str) -> str:
    """What 打印 did, for the status bar: to a printer, so many copies; into a PDF file (the
    print dialog's 打印到文件), one copy of the pages, whatever the copy count."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return (f"已写出 {printer.outputFileName()}：{name}，{pages} 页，一份"
                f"（PDF 文件不按份数重复；共印{printer.copyCount()}份请在打印机上印）")
    return f"已发送打印：{name}，{printer.copyCount()} 份"


class PrintJob:
    """The PDF a print works from, in a temporary folder of its own until ``close``."""

    def __init__(self, name: str, copies: int) -> None:
        self.name = name
        self.copies = copies
        self._folder = tempfile.TemporaryDirectory(prefix="zwdesk-print-")
        self.pdf = Path(self._folder.name) / "bulletin.pdf"

    def make(self, write: DocumentWriter, data: dict[str, Any]) -> PrintJob:
        """Write the PDF of a document of the issue (off the GUI thread: the office suite
        takes seconds); on failure the folder is removed at once."""
        from zwdesk.operations import write_pdf

        try:
            write_pdf(write, data, self.pdf)
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        self._folder.cleanup()


def show_pdf(path: Path, parent: QWidget | None, title: str) -> None:
    """A window of the PDF's pages, one under the other, as wide as the window (modal: the
    file is removed after it closes)."""
    from zwdesk.app.qt import QPdfView, QVBoxLayout

    document = load_pdf(path)
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"{title}（共 {document.pageCount()} 页）")
    view = QPdfView(dialog)
    view.setPageMode(QPdfView.PageMode.MultiPage)
    view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
    view.setDocument(document)
    QVBoxLayout(dialog).addWidget(view)
    screen = (parent.screen() if parent is not None else dialog.screen()).availableGeometry()
    dialog.resize(min(720, screen.width() - 40), min(900, screen.height() - 60))  # 768-px laptops
    dialog.exec()
