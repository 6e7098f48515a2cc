"""In-app PDF preview: all pages one under another (rendered with PDFium), fit to width or whole page.

The file is opened only while pages are rendered, so it is never left locked (Windows) while shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

PAGE_GAP = 12


class PdfPreview(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.path: Path | None = None
        self._sizes: list[tuple[float, float]] = []
        self._fit_page = False
        self.info = QLabel("（未选择文书）")
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setStyleSheet("QScrollArea { background: #8a8a8a; }")
        self._sheet = QWidget()
        self._sheet.setStyleSheet("background: #8a8a8a;")
        self._column = QVBoxLayout(self._sheet)
        self._column.setSpacing(PAGE_GAP)
        self._column.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self._column.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll.setWidget(self._sheet)
        self._relayout = QTimer(self, singleShot=True, interval=120, timeout=self._render_pages)
        self._build()

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.info, 1)
        for text, slot in (("适合宽度", self._on_fit_width), ("整页", self._on_fit_page), ("打印…", self._on_print)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)

    def load(self, path: Path | str, label: str = "") -> int:
        """Show the PDF at `path` (captioned `label`); returns its page count (0 if it cannot be read)."""
        from desktop.ui.widgets.pdf_pages import PdfPages

        self.clear()
        name = label or Path(path).name
        try:
            with PdfPages(path) as pages:
                self._sizes = [pages.size_pt(i) for i in range(pages.count)]
        except Exception:  # noqa: BLE001 - PDFium raises its own error types for unreadable files
            self.info.setText(f"无法打开预览文件：{name}")
            return 0
        self.path = Path(path)
        self.info.setText(f"共 {len(self._sizes)} 页　{name}")
        self._render_pages()
        return len(self._sizes)

    def clear(self) -> None:
        self.path = None
        self._sizes = []
        self._clear_labels()
        self.info.setText("（未选择文书）")

    def page_count(self) -> int:
        return len(self._sizes)

    def page_labels(self) -> list[QLabel]:
        return [self._column.itemAt(i).widget() for i in range(self._column.count())]

    def _clear_labels(self) -> None:
        while self._column.count():
            widget = self._column.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()

    def _target_width(self, index: int) -> int:
        viewport = self.scroll.viewport().size()
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        width = max(viewport.width() - 2 * PAGE_GAP - bar, 200)
        if self._fit_page:
            w_pt, h_pt = self._sizes[index]
            width = min(width, int((viewport.height() - 2 * PAGE_GAP) * w_pt / h_pt))
        return max(width, 120)

    @Slot()
    def _render_pages(self) -> None:
        from desktop.ui.widgets.pdf_pages import PdfPages

        self._clear_labels()
        if self.path is None:
            return
        ratio = self.devicePixelRatioF()
        with PdfPages(self.path) as pages:
            for i in range(pages.count):
                image = pages.image(i, int(self._target_width(i) * ratio))
                image.setDevicePixelRatio(ratio)
                label = QLabel()
                label.setPixmap(QPixmap.fromImage(image))
                label.setToolTip(f"第 {i + 1} 页")
                self._column.addWidget(label)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.path is not None:
            self._relayout.start()

    @Slot()
    def _on_fit_width(self) -> None:
        self._fit_page = False
        self._render_pages()

    @Slot()
    def _on_fit_page(self) -> None:
        self._fit_page = True
        self._render_pages()

    @Slot()
    def _on_print(self) -> None:
        """Print what is shown, through the Qt print dialog."""
        from desktop.ui.widgets import pdf_print

        if self.path is None:
            return
        printer = pdf_print.make_printer()
        if pdf_print.ask(self, printer):
            pdf_print.print_pdf(self.path, printer)
