"""Print a PDF through the Qt print dialog (Chinese, since qtbase_zh_CN is loaded): each page is rendered at the
printer's resolution and drawn to fit the paper."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter


def make_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    return printer


def ask(parent, printer: QPrinter) -> bool:
    """Show the print dialog; True when the user chose 打印."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印文书")
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


def print_pdf(path: Path | str, printer: QPrinter) -> int:
    """Send every page of the PDF at `path` to `printer`; returns the number of pages printed."""
    from desktop.ui.widgets.pdf_pages import PdfPages

    with PdfPages(path) as pages:
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        try:
            rect = painter.viewport()
            for i in range(pages.count):
                if i:
                    printer.newPage()
                image = pages.image(i, rect.width())
                target = image.size().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(rect.x(), rect.y(), image.scaled(target, Qt.AspectRatioMode.KeepAspectRatio,
                                                                   Qt.TransformationMode.SmoothTransformation))
        finally:
            painter.end()
        return pages.count
