"""PDF pages as QImages, rendered with pypdfium2 (PDFium). Used by the in-app preview and by printing.

PySide6's own QtPdf comes in the PySide6_Pdf wheel, which exists only for PySide6 6.12; 6.12.0 has a reference
counting bug under Python 3.11 (every call returning None drops a reference to None, and the process aborts),
so the app stays on 6.11 and renders PDFs with PDFium instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage


class PdfPages:
    """An open PDF file: `count`, `size_pt(i)` and `image(i, width_px)`. Close it (or use `with`)."""

    def __init__(self, path: Path | str):
        import pypdfium2 as pdfium

        self._pdf = pdfium.PdfDocument(str(path))
        self.count = len(self._pdf)

    def size_pt(self, index: int) -> tuple[float, float]:
        page = self._pdf[index]
        try:
            return page.get_size()
        finally:
            page.close()

    def image(self, index: int, width_px: int) -> QImage:
        """Page `index` rendered `width_px` pixels wide (height keeps the page's proportions)."""
        page = self._pdf[index]
        try:
            width_pt, _ = page.get_size()
            bitmap = page.render(scale=max(width_px, 16) / width_pt, rev_byteorder=True, prefer_bgrx=True)
            try:
                image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGBX8888)
                return image.copy()  # own the pixels: the bitmap buffer goes away with the bitmap
            finally:
                bitmap.close()
        finally:
            page.close()

    def close(self) -> None:
        self._pdf.close()

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
