"""A statistics chart on screen: matplotlib's QtAgg canvas around charts.draw(), clickable bars/points/wedges
(→ `picked(chart, index)`), and 复制图表 / 另存为 PNG. Imported only when the 统计报表 page builds its charts."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QGuiApplication, QImage
from PySide6.QtWidgets import QMenu, QVBoxLayout, QWidget

from desktop.core.services.stats import charts


class ChartView(QWidget):
    picked = Signal(object, int, int)  # ChartData, series index, label index

    def __init__(self, parent=None):
        super().__init__(parent)
        self.data: charts.ChartData | None = None
        self.figure = Figure(figsize=(6.0, 3.2), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(260)
        self.canvas.mpl_connect("pick_event", self._on_pick)
        QVBoxLayout(self).addWidget(self.canvas)
        self.layout().setContentsMargins(0, 0, 0, 0)
        self.setContextMenuPolicy(self.contextMenuPolicy().CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.canvas.setContextMenuPolicy(self.contextMenuPolicy().CustomContextMenu)
        self.canvas.customContextMenuRequested.connect(self._menu)
        self.canvas.setToolTip("点击柱形、折线上的点或扇形查看明细记录；右键可复制或另存为 PNG")

    def show_chart(self, data: charts.ChartData) -> None:
        self.data = data
        charts.draw(data, self.figure)
        self.canvas.draw_idle()

    def _on_pick(self, event) -> None:
        if self.data is None:
            return
        artist = event.artist
        if self.data.kind == "line":
            ind = getattr(event, "ind", None)
            if ind is None or not len(ind):
                return
            self.picked.emit(self.data, int(artist.get_gid() or 0), int(ind[0]))
        else:
            self.picked.emit(self.data, 0, int(artist.get_gid() or 0))

    def png(self) -> bytes:
        return charts.png_bytes(self.data) if self.data else b""

    def copy(self) -> None:
        image = QImage.fromData(self.png(), "PNG")
        QGuiApplication.clipboard().setImage(image)

    def save_png(self, path=None) -> None:
        if path is None:
            from desktop.ui import files

            path = files.save_file(self, "另存统计图", f"{self.data.title}.png", "PNG 图片 (*.png)")
            if path is None:
                return
        from pathlib import Path

        Path(path).write_bytes(self.png())

    def _menu(self, pos) -> None:
        menu = QMenu(self)
        copy = QAction("复制图表", menu)
        copy.triggered.connect(self.copy)
        save = QAction("另存为 PNG…", menu)
        save.triggered.connect(lambda: self.save_png())
        menu.addActions([copy, save])
        menu.exec(self.mapToGlobal(pos))
