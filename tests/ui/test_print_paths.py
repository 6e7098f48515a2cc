"""Printing a document (the Windows print path through QPrinter), from and to folders with Chinese and spaces."""

from __future__ import annotations

import subprocess

from PySide6.QtPrintSupport import QPrinter


def test_print_pdf_draws_every_page_onto_the_printer(tmp_path, qapp):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from desktop.ui.widgets.pdf_print import make_printer, print_pdf

    folder = tmp_path / "文书 输出"
    folder.mkdir()
    src = folder / "整改 通知书.pdf"
    c = canvas.Canvas(str(src), pagesize=A4)
    for page in range(3):
        c.rect(50, 50, 400, 600, fill=1)
        c.drawString(100, 700, f"page {page + 1}")
        c.showPage()
    c.save()
    printer = make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # stands in for the Windows printer driver
    out = folder / "打印 结果.pdf"
    printer.setOutputFileName(str(out))
    assert print_pdf(src, printer) == 3
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
    assert pages == "3"
