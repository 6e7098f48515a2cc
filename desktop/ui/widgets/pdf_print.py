"""Print a PDF through the Qt print dialog (Chinese, since qtbase_zh_CN is loaded): each page is rendered at the
printer's resolution and drawn to fit the paper."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
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
    doc = QPdfDocument()
    doc.load(str(path))
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        rect = painter.viewport()
        for i in range(doc.pageCount()):
            if i:
                printer.newPage()
            image = doc.render(i, QSize(rect.width(), rect.height()))
            painter.drawImage(rect, image)
    finally:
        painter.end()
        doc.close()
    return doc.pageCount()
