"""Printing: the PDF's pages through QPrinter, the copy count from the 版记, ``zwdesk print``,
and 打印… / 导出 PDF… in the app (pytest-qt, offscreen; no modal dialog is shown).

Real printers cannot be used here: printing goes into PDF files through QPrinter, and the
app's preview dialog is replaced by a function that asks it to paint.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
import types
from pathlib import Path
from unittest import mock

import pdfplumber
import pytest
from PIL import Image, ImageChops, ImageStat
from support.paths import SAMPLE_JSON

from zwdesk import cli
from zwdesk.app import filedialogs, printing
from zwdesk.app.printing import (
    PrintPreview,
    configure_printer,
    load_pdf,
    page_sequence,
    pdf_file_printer,
    print_pages,
)
from zwdesk.app.qt import (
    QDesktopServices,
    QDialog,
    QPageSize,
    QPainter,
    QPrinter,
    QSettings,
    Qt,
    QUrl,
)
from zwdesk.core import office
from zwdesk.core.exchange import read_issue
from zwdesk.core.office import ConversionError
from zwdesk.operations import write_bulletin

A4 = (595.3, 841.9)  # points
REAL_MAKE_PRINTER = printing.make_printer  # the fixture cli_printing replaces it
needs_soffice = pytest.mark.skipif(office.find_soffice() is None, reason="LibreOffice absent")


@pytest.fixture(autouse=True)
def _application(qapp) -> None:  # noqa: ANN001 - QPrinter and QtPdf need a QApplication
    pass


# --- PDFs to print -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> Path:
    """The sample issue as the office suite lays it out, converted once for the module."""
    if office.find_soffice() is None:
        pytest.skip("LibreOffice absent")
    from zwdesk.operations import write_bulletin, write_pdf

    target = tmp_path_factory.mktemp("printing") / "sample.pdf"
    write_pdf(write_bulletin, read_issue(SAMPLE_JSON), target)
    return target


@pytest.fixture(scope="module")
def four_pages(qapp, tmp_path_factory) -> Path:  # noqa: ANN001
    """A 4-page A4 PDF made with QPrinter: stands in for the bulletin where the office suite
    does not matter (copy counts, printer choice), so those tests run without LibreOffice."""
    target = tmp_path_factory.mktemp("printing") / "four-pages.pdf"
    printer = pdf_file_printer(target)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(printer)
    for number in range(1, 5):
        if number > 1:
            printer.newPage()
        painter.drawText(600, 600, f"— {number} —")
    painter.end()
    return target


def thumbnail(page):  # noqa: ANN001, ANN201 - a pdfplumber page → a small grey PIL image
    """Grey levels averaged over 4 mm squares: the same whether the page holds text or a
    picture of it (compared at the pixel, text and picture differ in hinting and weight)."""
    image = page.to_image(resolution=150).original.convert("L")
    return image.resize((50, 70), Image.Resampling.BOX)


def difference(a, b) -> float:  # noqa: ANN001
    return ImageStat.Stat(ImageChops.difference(a, b)).mean[0]


def assert_pages_are(printed: Path, source: Path, numbers: list[int]) -> None:
    """``printed`` holds, in order, pages ``numbers`` of ``source``: A4, each one image
    covering the page, and each looking like its source page more than like any other."""
    with pdfplumber.open(printed) as out, pdfplumber.open(source) as src:
        assert len(out.pages) == len(numbers)
        originals = [thumbnail(p) for p in src.pages]
        for page, number in zip(out.pages, numbers, strict=True):
            assert (page.width, page.height) == pytest.approx(A4, abs=1)
            assert len(page.images) == 1
            image = page.images[0]
            covered = (image["x1"] - image["x0"]) * (image["bottom"] - image["top"])
            assert covered / (page.width * page.height) > 0.98
            scores = [difference(thumbnail(page), original) for original in originals]
            assert scores.index(min(scores)) == number - 1
            assert scores[number - 1] < 4  # of 255 grey levels; other pages differ by 9 or more


# --- QPrinter ----------------------------------------------------------------------------------


@pytest.mark.render
@needs_soffice
def test_printing_to_a_pdf_file_gives_the_bulletins_pages(sample_pdf, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "printed.pdf"
    printer = pdf_file_printer(out)
    configure_printer(printer, 94)
    document = load_pdf(sample_pdf)
    assert print_pages(document, printer) == 4
    document.close()
    assert_pages_are(out, sample_pdf, [1, 2, 3, 4])  # one copy: a file of 94 is no use
    with pdfplumber.open(out) as pdf:  # the red 报头 survives the trip through an image
        page = pdf.pages[0]
        top = page.crop((0, 0, page.width, page.height / 3)).to_image(resolution=30).original
        rgb = top.convert("RGB")
        pixels = rgb.load()
        red = [(x, y) for x in range(rgb.width) for y in range(rgb.height)
               if pixels[x, y][0] > 200 and pixels[x, y][1] < 80]
        assert len(red) > 50


@pytest.mark.render
@needs_soffice
def test_page_range(sample_pdf, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "pages-2-3.pdf"
    printer = pdf_file_printer(out)
    configure_printer(printer, 1)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    document = load_pdf(sample_pdf)
    assert print_pages(document, printer) == 2
    document.close()
    assert_pages_are(out, sample_pdf, [2, 3])


def test_a_range_past_the_last_page_is_refused(four_pages, tmp_path) -> None:  # noqa: ANN001
    printer = pdf_file_printer(tmp_path / "x.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(5, 6)
    document = load_pdf(four_pages)
    with pytest.raises(printing.PrintError, match="所选页码超出范围：共 4 页"):
        print_pages(document, printer)
    document.close()
    assert not (tmp_path / "x.pdf").exists()


def test_a_broken_pdf_is_a_message(tmp_path) -> None:  # noqa: ANN001
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 and then nothing")
    with pytest.raises(printing.PrintError) as caught:
        load_pdf(broken)
    assert str(caught.value) == f"无法读取 PDF 文件 {broken}：文件不存在或已损坏。"


def test_configure_printer(tmp_path) -> None:  # noqa: ANN001
    printer = pdf_file_printer(tmp_path / "x.pdf")
    configure_printer(printer, 94)
    assert printer.copyCount() == 94
    assert printer.collateCopies()
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    assert printer.fullPage()  # the PDF's own margins, not the printer's on top
    assert printer.duplex() == QPrinter.DuplexMode.DuplexNone  # a PDF file has no two sides


@pytest.mark.parametrize(("offered", "duplex"), [
    ([QPrinter.DuplexMode.DuplexNone, QPrinter.DuplexMode.DuplexLongSide,
      QPrinter.DuplexMode.DuplexShortSide], True),
    ([QPrinter.DuplexMode.DuplexNone, QPrinter.DuplexMode.DuplexShortSide], False),
])
def test_two_sided_on_the_long_edge_where_the_printer_offers_it(monkeypatch, offered,  # noqa: ANN001
                                                                duplex) -> None:  # noqa: ANN001
    # A PDF file cannot be two-sided (QPrinter ignores the setting): a recording printer.
    info = types.SimpleNamespace(supportedDuplexModes=lambda: offered)
    monkeypatch.setattr(printing, "QPrinterInfo", lambda printer: info)
    printer = mock.Mock()
    configure_printer(printer, 2)
    if duplex:
        printer.setDuplex.assert_called_once_with(QPrinter.DuplexMode.DuplexLongSide)
    else:
        printer.setDuplex.assert_not_called()
    printer.setCopyCount.assert_called_once_with(2)


class FakePrinter:
    """What page_sequence asks of a printer."""

    def __init__(self, copies: int, collate: bool = True, multiple: bool = False,
                 native: bool = True, first: int = 0, last: int = 0) -> None:
        self.copies, self.collate, self.multiple = copies, collate, multiple
        self.format = QPrinter.OutputFormat.NativeFormat if native else \
            QPrinter.OutputFormat.PdfFormat
        self.first, self.last = first, last

    def fromPage(self) -> int:  # noqa: N802 - Qt's names
        return self.first

    def toPage(self) -> int:  # noqa: N802
        return self.last

    def copyCount(self) -> int:  # noqa: N802
        return self.copies

    def collateCopies(self) -> bool:  # noqa: N802
        return self.collate

    def supportsMultipleCopies(self) -> bool:  # noqa: N802
        return self.multiple

    def outputFormat(self):  # noqa: ANN201, N802
        return self.format

    def paintEngine(self) -> None:  # noqa: N802
        return None


@pytest.mark.parametrize(("printer", "expected"), [
    (FakePrinter(3, multiple=True), [0, 1, 2, 3]),  # the printer makes the copies
    (FakePrinter(3, native=False), [0, 1, 2, 3]),  # a PDF file: one copy
    (FakePrinter(2), [0, 1, 2, 3, 0, 1, 2, 3]),  # copies drawn by us, collated
    (FakePrinter(2, collate=False), [0, 0, 1, 1, 2, 2, 3, 3]),
    (FakePrinter(2, first=2, last=3), [1, 2, 1, 2]),
    (FakePrinter(1, first=3, last=9), [2, 3]),  # a range past the end stops at the end
])
def test_page_sequence(printer, expected) -> None:  # noqa: ANN001
    assert page_sequence(printer, 4) == expected


# --- zwdesk print ------------------------------------------------------------------------------


@pytest.fixture
def cli_printing(tmp_path, monkeypatch, four_pages):  # noqa: ANN001, ANN201
    """``zwdesk print`` on a database with the sample, the conversion and the printer faked:
    the bulletin's PDF is ``four_pages``, and the "printer" writes into printer.pdf."""
    db = tmp_path / "zwdesk.sqlite3"
    assert cli.main(["--db", str(db), "sample"]) == 0
    calls = types.SimpleNamespace(converted=[], printers=[], asked=[])

    def write_pdf(write, data, target) -> None:  # noqa: ANN001
        calls.converted.append(data)
        shutil.copyfile(four_pages, target)

    def make_printer(name=None) -> QPrinter:  # noqa: ANN001
        calls.asked.append(name)
        printer = pdf_file_printer(tmp_path / "printer.pdf")
        calls.printers.append(printer)
        return printer

    monkeypatch.setattr("zwdesk.operations.write_pdf", write_pdf)
    monkeypatch.setattr(printing, "make_printer", make_printer)
    monkeypatch.setattr(printing, "PRINT_DPI", 30)  # what is drawn does not matter here
    calls.run = lambda *args: cli.main(["--db", str(db), "print", "2023-9", *args])
    return calls


def test_print_presets_the_copies_of_the_distribution(cli_printing, capsys, tmp_path) -> None:  # noqa: ANN001
    assert cli_printing.run() == 0
    printer = cli_printing.printers[0]
    assert printer.copyCount() == 94 and printer.collateCopies()
    assert cli_printing.asked == [None]  # the default printer
    data = cli_printing.converted[0]
    assert (data["year"], data["number"], data["serial"]) == (2023, 9, 429)
    assert capsys.readouterr().out.endswith("：4 页，94 份\n")
    with pdfplumber.open(tmp_path / "printer.pdf") as pdf:
        assert len(pdf.pages) == 4


def test_copies_option_overrides(cli_printing, capsys) -> None:  # noqa: ANN001
    assert cli_printing.run("--copies", "3", "--printer", "HP LaserJet") == 0
    assert cli_printing.printers[0].copyCount() == 3
    assert cli_printing.asked == ["HP LaserJet"]
    assert capsys.readouterr().out.endswith("：4 页，3 份\n")


def test_copies_follow_the_recipients(tmp_path, monkeypatch, cli_printing) -> None:  # noqa: ANN001
    """With a register whose copies add up to 共印N份, N follows the register: 4 + 21 + 2."""
    from zwdesk.store.database import open_database
    from zwdesk.store.issues import save_issue

    data = copy.deepcopy(read_issue(SAMPLE_JSON))
    data["distribution"]["recipients"] = [
        {"group": "报", "name": "中心领导", "copies": 4},
        {"group": "发", "name": "各市（州）政务服务中心", "copies": 21},
        {"group": "发", "name": "存档", "copies": 2}]
    data["distribution"]["copies"] = 27
    db = open_database(tmp_path / "zwdesk.sqlite3")
    save_issue(data, replace=True)
    db.close()
    assert cli_printing.run() == 0
    assert cli_printing.printers[0].copyCount() == 27


def test_print_to_a_file_holds_one_copy(cli_printing, capsys, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(tempfile, "tempdir", str(temp_folder(tmp_path)))
    out = tmp_path / "out" / "打印稿.pdf"
    out.parent.mkdir()
    assert cli_printing.run("--output", str(out), "--copies", "5") == 0
    assert capsys.readouterr().out == f"已写出 {out}（4 页）\n"
    assert cli_printing.printers == []  # no printer involved
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 4
    assert list(out.parent.iterdir()) == [out]  # written in one rename
    assert list(temp_folder(tmp_path).iterdir()) == []  # the converted PDF's folder is gone


def test_output_must_be_a_pdf(cli_printing, capsys, tmp_path) -> None:  # noqa: ANN001
    assert cli_printing.run("--output", str(tmp_path / "x.docx")) == 1
    assert "--output 应以 .pdf 结尾" in capsys.readouterr().err
    assert cli_printing.converted == []


@pytest.mark.parametrize(("installed", "message"), [
    (["HP LaserJet M1136", "Canon LBP2900"],
     "找不到打印机“Epson”。可用的打印机：HP LaserJet M1136、Canon LBP2900。"),
    ([], "找不到打印机“Epson”。本机没有安装打印机。"),
])
def test_unknown_printer_lists_the_printers(cli_printing, capsys, monkeypatch,  # noqa: ANN001
                                            installed, message) -> None:  # noqa: ANN001
    monkeypatch.setattr(printing, "make_printer", REAL_MAKE_PRINTER)
    monkeypatch.setattr(printing, "available_printers", lambda: installed)
    capsys.readouterr()
    assert cli_printing.run("--printer", "Epson") == 1
    assert capsys.readouterr().err == f"zwdesk: {message}\n"
    assert cli_printing.converted == []  # found out before converting


def test_no_printer_at_all(cli_printing, capsys, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(printing, "make_printer", REAL_MAKE_PRINTER)
    none = types.SimpleNamespace(availablePrinterNames=lambda: [],
                                 defaultPrinter=lambda: types.SimpleNamespace(isNull=lambda: True))
    monkeypatch.setattr(printing, "QPrinterInfo", none)
    capsys.readouterr()
    assert cli_printing.run() == 1
    assert "本机没有可用的打印机。可以用 --output 文件.pdf 打印到文件。" in capsys.readouterr().err


def temp_folder(tmp_path: Path) -> Path:
    """The system's temporary folder for the test (the app's temporary files go there)."""
    folder = tmp_path / "tmp"
    folder.mkdir(exist_ok=True)
    return folder


# --- the app -----------------------------------------------------------------------------------


@pytest.fixture
def previews(monkeypatch, tmp_path):  # noqa: ANN001, ANN201
    """PrintPreview.exec replaced: it builds the preview (as on screen) and then paints into a
    PDF file as if 打印 had been pressed. Records what the dialog was given."""
    seen: list[dict] = []

    def exec_(dialog: PrintPreview) -> int:
        from PySide6.QtPrintSupport import QPrintPreviewWidget

        widget = dialog.findChild(QPrintPreviewWidget)
        widget.updatePreview()  # paints through the preview's picture engine
        printer = dialog.printer()
        out = tmp_path / f"printed-{len(seen)}.pdf"
        from PySide6.QtWidgets import QLabel, QToolBar

        toolbar = dialog.findChild(QToolBar)
        seen.append({"summary": dialog.findChild(QLabel, "printSummary").text().strip(),
                     "button_style": toolbar.toolButtonStyle(),
                     "first_button": toolbar.actions()[1].text(),
                     "title": dialog.windowTitle(), "copies": printer.copyCount(),
                     "collate": printer.collateCopies(), "preview_pages": widget.pageCount(),
                     "range": (printer.fromPage(), printer.toPage()), "out": out})
        dialog.paintRequested.emit(pdf_file_printer(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PrintPreview, "exec", exec_)
    monkeypatch.setattr(printing, "PRINT_DPI", 30)  # pages of four_pages: nothing to read
    monkeypatch.setattr(printing, "PREVIEW_DPI", 30)
    return seen


def test_print_in_the_app(main_window, qtbot, monkeypatch, four_pages, previews, dialogs,  # noqa: ANN001
                          tmp_path) -> None:  # noqa: ANN001
    monkeypatch.setattr(tempfile, "tempdir", str(temp_folder(tmp_path)))
    monkeypatch.setattr(office, "find_converter", lambda: "a converter")
    converted = []
    monkeypatch.setattr("zwdesk.operations.write_pdf",
                        lambda write, data, target: converted.append((write, data))
                        or shutil.copyfile(four_pages, target))
    dialogs.answers = [True]  # print despite the one warning
    assert main_window.child("actionPrint").shortcut().toString() == "Ctrl+P"
    for name in ("actionExportPdf", "actionPrint"):  # in the File menu and on the toolbar
        action = main_window.child(name)
        assert action in main_window.child("menuFile").actions()
        assert action in main_window.child("toolBar").actions()
    main_window.child("actionPrint").trigger()
    qtbot.waitUntil(lambda: bool(previews) and not main_window.outputs.running, timeout=10000)
    assert [d[1] for d in dialogs.shown] == ["打印前检查"]
    assert "仍然打印吗" in dialogs.shown[0][2]
    [shown] = previews
    assert shown["title"] == "打印预览 — 政务服务工作2023年第9期（共印94份）"
    assert (shown["copies"], shown["collate"]) == (94, True)
    assert shown["preview_pages"] == 4 and shown["range"] == (1, 4)
    assert shown["summary"] == "共 4 页，共印 94 份"
    assert shown["button_style"] == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    assert shown["first_button"] == "打印"  # not last, where a narrow window hides it
    with pdfplumber.open(shown["out"]) as pdf:
        assert len(pdf.pages) == 4
    write, data = converted[0]
    assert write.func is write_bulletin and (data["year"], data["number"]) == (2023, 9)
    assert write.keywords == {"even_page": True}  # the database's setting, on by default
    assert "已发送打印" in main_window.window.statusBar().currentMessage()
    assert list(temp_folder(tmp_path).iterdir()) == []  # the print's temporary folder is gone


def test_print_into_a_pdf_file_says_what_was_written(main_window, qtbot, monkeypatch,  # noqa: ANN001
                                                     four_pages, dialogs, tmp_path) -> None:
    """The print dialog's 打印到文件 with 共印94份: the PDF holds the pages once, and the status
    bar says so and where, not 已发送打印…94 份."""
    target = tmp_path / "打印件.pdf"

    def exec_(dialog: PrintPreview) -> int:  # 打印, the printer switched to a PDF file
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        dialog.paintRequested.emit(printer)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PrintPreview, "exec", exec_)
    monkeypatch.setattr(printing, "PRINT_DPI", 30)
    monkeypatch.setattr(office, "find_converter", lambda: "a converter")
    monkeypatch.setattr("zwdesk.operations.write_pdf",
                        lambda write, data, out: shutil.copyfile(four_pages, out))
    dialogs.answers = [True]  # print despite the one warning
    main_window.child("actionPrint").trigger()
    qtbot.waitUntil(lambda: target.exists() and not main_window.outputs.running, timeout=10000)
    with pdfplumber.open(target) as pdf:
        assert len(pdf.pages) == 4  # one copy
    message = main_window.window.statusBar().currentMessage()
    assert message.startswith(f"已写出 {target}：政务服务工作2023年第9期，4 页，一份"), message
    assert "已发送打印" not in message


def test_the_preview_toolbar_fits_a_laptop_screen(qt_settings, qtbot, four_pages) -> None:  # noqa: ANN001
    """On a 1366×768 screen every button of the print preview is in its row, none behind the
    » at its end (显示全部页面概览 and 打印设置 were); 打印设置 keeps its words."""
    from PySide6.QtWidgets import QToolButton

    from zwdesk.app.qt import QToolBar, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1366, 738)
    document = printing.load_pdf(four_pages)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    preview = PrintPreview(document, printer, parent, "打印预览")
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    toolbar = preview.findChild(QToolBar)
    shown = [a for a in toolbar.actions() if a.isVisible() and not a.isSeparator()]
    hidden = [a.text() for a in shown if not toolbar.widgetForAction(a).isVisible()]
    assert hidden == []
    [extension] = [b for b in toolbar.findChildren(QToolButton)
                   if b.objectName() == "qt_toolbar_ext_button"]
    assert not extension.isVisible()
    texts = {a.text(): toolbar.widgetForAction(a).toolButtonStyle() for a in shown if a.text()}
    assert texts["打印设置"] == texts["显示全部页面概览"] == texts["打印"] == \
        Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    document.close()


def test_from_a_window_on_half_the_screen_the_preview_opens_wide_enough(qt_settings, qtbot,  # noqa: ANN001
                                                                         four_pages) -> None:
    """The preview took 90 % of the main window: from a window on one half of a 1366-px
    screen it was 615 px wide and its toolbar hid the page buttons, 显示全部页面概览 and
    打印设置 behind ». It is as wide as its toolbar needs, as far as the screen allows."""
    from zwdesk.app.qt import QToolBar, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(683, 738)
    document = printing.load_pdf(four_pages)
    preview = PrintPreview(document, QPrinter(QPrinter.PrinterMode.HighResolution), parent,
                           "打印预览")
    qtbot.addWidget(preview)
    toolbar = preview.findChild(QToolBar)
    screen = preview.screen().availableGeometry().width()
    assert preview.width() >= min(toolbar.sizeHint().width(), screen - 40), (
        preview.width(), toolbar.sizeHint().width(), screen)
    assert preview.width() <= screen and preview.height() >= parent.height() * 0.9 - 1
    document.close()


def test_print_failure_is_a_dialog(main_window, qtbot, monkeypatch, previews, dialogs,  # noqa: ANN001
                                   tmp_path) -> None:  # noqa: ANN001
    monkeypatch.setattr(tempfile, "tempdir", str(temp_folder(tmp_path)))
    monkeypatch.setattr(office, "find_converter", lambda: "a converter")

    def fail(write, data, target) -> None:  # noqa: ANN001
        raise ConversionError("LibreOffice 转换失败（退出码 81）：")

    monkeypatch.setattr("zwdesk.operations.write_pdf", fail)
    main_window.child("actionPrint").trigger()
    qtbot.waitUntil(lambda: not main_window.outputs.running, timeout=10000)
    assert dialogs.shown[-1] == ("error", "打印失败", "LibreOffice 转换失败（退出码 81）：")
    assert previews == []
    assert list(temp_folder(tmp_path).iterdir()) == []  # the print's temporary folder is gone


def test_no_office_suite_offers_the_word_document(main_window, qtbot, monkeypatch, dialogs,  # noqa: ANN001
                                                  tmp_path) -> None:  # noqa: ANN001
    from docx import Document

    monkeypatch.setattr(tempfile, "tempdir", str(temp_folder(tmp_path)))
    monkeypatch.setattr(office, "find_converter", lambda: None)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialogs.answers = [True, True]  # print despite the warning; open the Word document
    main_window.child("actionPrint").trigger()
    qtbot.waitUntil(lambda: bool(opened) and not main_window.outputs.running, timeout=10000)
    kind, title, text = dialogs.shown[1]
    assert (kind, title) == ("confirm", "无法打印")
    assert text.startswith("未找到办公软件") and "请安装 LibreOffice" in text
    assert text.endswith("是否用系统默认程序打开 Word 文档？可以在那里打印。")
    [url] = opened
    path = Path(url.toLocalFile())
    assert path == temp_folder(tmp_path) / "zwdesk" / "政务服务工作2023年第9期.docx"
    paragraphs = [p.text for p in Document(str(path)).paragraphs]
    assert "2023年第9期（总第429期）" in paragraphs


def test_no_office_suite_and_no_thanks(main_window, monkeypatch, dialogs, tmp_path) -> None:  # noqa: ANN001
    monkeypatch.setattr(tempfile, "tempdir", str(temp_folder(tmp_path)))
    monkeypatch.setattr(office, "find_converter", lambda: None)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialogs.answers = [True, False]
    main_window.child("actionPrint").trigger()
    assert not main_window.outputs.running and opened == []
    assert list(temp_folder(tmp_path).iterdir()) == []


def test_export_pdf_without_office_suite_names_what_to_install(main_window, monkeypatch,  # noqa: ANN001
                                                               dialogs) -> None:  # noqa: ANN001
    monkeypatch.setattr(office, "find_converter", lambda: None)
    asked: list = []
    monkeypatch.setattr(filedialogs, "get_save_file_name", lambda *a: asked.append(a) or ("", ""))
    main_window.child("actionExportPdf").trigger()
    assert dialogs.shown[-1] == ("error", "无法导出 PDF", office.NOT_FOUND_MESSAGE)
    assert asked == []  # not asked for a file it cannot write


@pytest.mark.render
@needs_soffice
def test_export_pdf_through_the_ui(main_window, qtbot, monkeypatch, tmp_path, dialogs) -> None:  # noqa: ANN001
    folder = tmp_path / "exports"
    folder.mkdir()
    QSettings().setValue("export/folder", str(folder))
    proposed: list[str] = []

    def save_dialog(parent, title, path, filters):  # noqa: ANN001, ANN202
        proposed.append((title, path, filters))
        return str(folder / "第9期"), filters  # typed without the suffix

    monkeypatch.setattr(filedialogs, "get_save_file_name", save_dialog)
    dialogs.answers = [True, False]  # export despite the one warning; don't open it after
    main_window.child("actionExportPdf").trigger()
    qtbot.waitUntil(lambda: not main_window.outputs.running, timeout=60000)
    assert proposed == [("导出 PDF", str(folder / "政务服务工作2023年第9期.pdf"),
                         "PDF 文件 (*.pdf)")]
    assert [d[1] for d in dialogs.shown] == ["导出前检查", "导出完成"]
    assert "现在用 PDF 阅读器打开吗" in dialogs.shown[1][2]
    with pdfplumber.open(folder / "第9期.pdf") as pdf:
        assert len(pdf.pages) == 4
        assert "（共印94份）" in pdf.pages[-1].extract_text().replace(" ", "")
    assert QSettings().value("export/folder") == str(folder)


def test_print_the_register_in_the_app(main_window, qtbot, monkeypatch, four_pages, previews,  # noqa: ANN001
                                       dialogs, tmp_path) -> None:  # noqa: ANN001
    from zwdesk.operations import write_register

    monkeypatch.setattr(tempfile, "tempdir", str(temp_folder(tmp_path)))
    monkeypatch.setattr(office, "find_converter", lambda: "a converter")
    converted = []
    monkeypatch.setattr("zwdesk.operations.write_pdf",
                        lambda write, data, target: converted.append(write)
                        or shutil.copyfile(four_pages, target))
    main_window.select_anchor("distribution")
    button = main_window.forms["distribution"].fields.widget("printRegisterButton")
    button.click()
    qtbot.waitUntil(lambda: bool(previews) and not main_window.outputs.running, timeout=10000)
    assert converted == [write_register]
    assert previews[0]["title"] == "打印预览 — 政务服务工作2023年第9期分发登记表（共印1份）"
    assert previews[0]["copies"] == 1
    assert dialogs.shown == []  # the register has no text to check: no question first
