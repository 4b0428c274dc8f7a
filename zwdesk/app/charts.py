"""The charts of zwdesk.core.stats drawn with QtCharts: one piece for the 统计 view and for the
PNG files (``zwdesk stats -o FILE.png``, the view's 导出图片).
"""

from __future__ import annotations

from pathlib import Path

from zwdesk.app.qt import (
    QApplication,
    QCategoryAxis,
    QChart,
    QColor,
    QFont,
    QGraphicsScene,
    QImage,
    QLineSeries,
    QLocale,
    QPainter,
    QPen,
    QRectF,
    Qt,
    QValueAxis,
)
from zwdesk.core.atomic import write_atomic
from zwdesk.core.stats import ChartData

PNG_WIDTH, CHART_HEIGHT = 1200, 520  # pixels of one chart in a PNG
MARKERS_UP_TO = 60  # points drawn as dots while a line has no more than this many
# QtCharts' light theme's first colours, the lines' in order (咨询人次, 受理, 颁发, 流转).
LINE_COLOURS = ("#209fdf", "#99ca53", "#f6a625", "#6d5fd5", "#bf593e")
SERIES_INDEX = "seriesIndex"  # a drawn line's property: the index of its ChartData series
MUTED_PEN = QPen(QColor("#9e9e9e"), 2, Qt.PenStyle.DashLine)  # grey, dashed: the year before


def make_chart(data: ChartData) -> QChart:
    """A line chart of ``data``: one line per series, the period labels under the x axis."""
    chart = QChart()
    chart.setTitle(data.title)
    chart.setTitleFont(_font(1.25, bold=True))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setFont(_font())
    chart.setMargins(chart.margins() * 0)  # the layout around it leaves room enough
    chart.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    chart.setLocalizeNumbers(True)  # 50,000 on the y axis, not 50000
    x_axis, y_axis = _x_axis(data), QValueAxis()
    y_axis.setLabelFormat("%.0f")  # localized: "%d" prints nothing
    y_axis.setLabelsFont(_font(0.9))
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    for index, each in enumerate(data.series):
        first = None
        for run in runs(each.points) or [[]]:  # an empty line still named in the legend
            series = QLineSeries()
            series.setName(each.name)
            series.setProperty(SERIES_INDEX, index)  # which of data.series it draws
            series.setPointsVisible(len(each.points) <= MARKERS_UP_TO or len(run) == 1)
            # Set here, not by the theme: the parts of a line, and a count whether or not
            # another line has gaps, keep one colour.
            series.setPen(MUTED_PEN if each.muted else QPen(QColor(LINE_COLOURS[index % len(
                LINE_COLOURS)]), 2))
            series.setBrush(series.pen().color())
            for x, value in run:
                series.append(x, value)
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
            if first is None:
                first = series
            else:  # a part after a gap: the same line, named once in the legend
                for marker in chart.legend().markers(series):
                    marker.setVisible(False)
    top = max((value for each in data.series for _x, value in each.points), default=0)
    y_axis.setRange(0, max(top, 10))  # whole-number steps even when nothing is shown
    y_axis.applyNiceNumbers()  # 0–2000 in steps of 500, not 0–1873 in steps of 468.25
    return chart


def runs(points: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The points in runs of consecutive x: a missing period is a gap in the line, not a
    straight stroke across it."""
    parts: list[list[tuple[int, int]]] = []
    for point in points:
        if parts and point[0] == parts[-1][-1][0] + 1:
            parts[-1].append(point)
        else:
            parts.append([point])
    return parts


def _x_axis(data: ChartData) -> QCategoryAxis:
    """Labels standing on their points (a value axis would print 10.5 between weeks)."""
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setLabelsFont(_font(0.9))
    # The axis' places when given (charts one above the other share them), else the points'.
    xs = list(data.slots) or [x for each in data.series for x, _value in each.points]
    for x, label in data.ticks:
        axis.append(label, x)
    low, high = (min(xs), max(xs)) if xs else (0, 1)
    axis.setRange(low - 0.5, high + 0.5)  # half a period of room: the end points stay whole
    axis.setGridLineVisible(False)
    return axis


def _font(scale: float = 1.0, bold: bool = False) -> QFont:
    """The application's font (a Chinese one, see zwdesk.app.main), scaled: QtCharts' theme
    would otherwise pick its own family, which may have no Chinese characters."""
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    return font


def chart_image(charts: list[ChartData], width: int = PNG_WIDTH,
                height: int = CHART_HEIGHT) -> QImage:
    """The charts one under the other on white, each ``width`` × ``height`` pixels."""
    image = QImage(width, height * len(charts), QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scenes, shown = [], []
    for data in charts:
        scenes.append(QGraphicsScene())
        shown.append(make_chart(data))
        scenes[-1].addItem(shown[-1])
        shown[-1].setGeometry(QRectF(0, 0, width, height))
        shown[-1].layout().activate()  # lay out now: nothing is shown, no event loop runs
    align_left(shown)
    for row, (scene, chart) in enumerate(zip(scenes, shown, strict=True)):
        chart.layout().activate()
        scene.render(painter, QRectF(0, row * height, width, height), QRectF(0, 0, width, height))
    painter.end()
    return image


def align_left(charts: list[QChart]) -> None:
    """The plot areas' left edges at the same x (the y axis' labels differ in width), so that
    charts one above the other show the same period at the same x."""
    left = max(chart.plotArea().left() for chart in charts)
    for chart in charts:
        shift = round(left - chart.plotArea().left())
        if shift > 0:
            margins = chart.margins()
            margins.setLeft(margins.left() + shift)
            chart.setMargins(margins)


def write_png(target: Path, charts: list[ChartData], width: int = PNG_WIDTH,
              height: int = CHART_HEIGHT) -> None:
    """The charts as a PNG file, written atomically."""
    image = chart_image(charts, width, height)

    def save(tmp: Path) -> None:
        if not image.save(str(tmp), "PNG"):
            raise OSError("无法生成 PNG 图片 (Qt could not write the PNG)")

    write_atomic(target, save)
