"""In-app PDF preview (QtPdf): all pages one under another, fit to width, with a page counter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class PdfPreview(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.info = QLabel("（未选择文书）")
        self._build()
        self.path: Path | None = None

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
        layout.addWidget(self.view, 1)

    def load(self, path: Path | str, label: str = "") -> int:
        """Show the PDF at `path` (captioned `label`); returns its page count (0 if it cannot be read)."""
        self.document.close()
        self.path = Path(path)
        self.document.load(str(path))
        pages = self.document.pageCount()
        ok = self.document.status() == QPdfDocument.Status.Ready
        name = label or self.path.name
        self.info.setText(f"共 {pages} 页　{name}" if ok else f"无法打开预览文件：{name}")
        return pages if ok else 0

    def clear(self) -> None:
        self.document.close()
        self.path = None
        self.info.setText("（未选择文书）")

    def page_count(self) -> int:
        return self.document.pageCount()

    @Slot()
    def _on_fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    @Slot()
    def _on_print(self) -> None:
        """Print what is shown, through the Qt print dialog."""
        from desktop.ui.widgets import pdf_print

        if self.path is None:
            return
        printer = pdf_print.make_printer()
        if pdf_print.ask(self, printer):
            pdf_print.print_pdf(self.path, printer)

    @Slot()
    def _on_fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
