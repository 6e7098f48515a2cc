"""Flowables of the PDF writer: rules, pre-broken text lines, the 版记 at the foot of the last page, page markers.

Split from pdf_writer (which builds the story and the pages); everything here is layout-only reportlab code.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether

from desktop.core.documents import layout as L


class HLine(Flowable):
    """A horizontal rule `width` long (centred on the frame), drawn `below` points under the flowable's top."""

    def __init__(self, height: float, below: float, color=colors.black, width: float = L.TEXT_W,
                 thickness: float = 0.75):
        super().__init__()
        self.height, self.below, self.color, self.line_w, self.thickness = height, below, color, width, thickness

    def wrap(self, aw, ah):
        self.aw = aw
        return aw, self.height

    def draw(self):
        c = self.canv
        c.setStrokeColor(self.color)
        c.setLineWidth(self.thickness)
        x0 = (self.aw - self.line_w) / 2
        y = self.height - self.below
        c.line(x0, y, x0 + self.line_w, y)


class TextLines(Flowable):
    """A paragraph already broken into lines (lists of (text, font, width) tokens), drawn with the canvas: one
    line per `leading`; justified lines spread the gap over the characters (PDF character spacing). Splits
    between lines like Word: never one line alone at the bottom or top of a page (widow/orphan control)."""

    def __init__(self, lines, style: ParagraphStyle, width: float, first: bool = True):
        super().__init__()
        self.lines, self.style, self.width, self.first = lines, style, width, first
        self.continues = False          # True for the part before a page break: its last line is justified

    def wrap(self, aw, ah):
        return aw, len(self.lines) * self.style.leading

    def split(self, aw, ah):
        n = len(self.lines)
        k = int((ah + 1e-6) // self.style.leading)
        if k >= n:
            return [self]
        if n >= 2 and k == 1:
            k = 0                      # orphan: the first line alone at the bottom
        if n >= 3 and n - k == 1:
            k -= 1                     # widow: the last line alone at the top
        if k <= 0:
            return []
        head = TextLines(self.lines[:k], self.style, self.width, self.first)
        head.continues = True
        return [head, TextLines(self.lines[k:], self.style, self.width, first=False)]

    def draw(self):
        st, c = self.style, self.canv
        lead = st.leading
        baseline = len(self.lines) * lead - (lead - st.fontSize) / 2 - st.fontSize * 0.86
        c.setFillColor(st.textColor)
        for i, line in enumerate(self.lines):
            indent = st.firstLineIndent if (i == 0 and self.first) else 0.0
            avail = self.width - indent
            natural = sum(t[2] for t in line)
            last = i == len(self.lines) - 1 and not self.continues
            x = st.leftIndent + indent
            space = 0.0
            chars = sum(len(t[0]) for t in line)
            if st.alignment == TA_JUSTIFY and not last and chars > 1 and natural < avail:
                space = (avail - natural) / (chars - 1)
            elif st.alignment == TA_CENTER:
                x += (avail - natural) / 2
            elif st.alignment == TA_RIGHT:
                x += avail - natural
            y = baseline - i * lead
            tx = c.beginText(x, y)
            tx.setCharSpace(space)
            for f, text in _runs(line):
                tx.setFont(f, st.fontSize)
                tx.textOut(text)
            c.drawText(tx)


class NoNumber(Flowable):
    """Marks the page it is drawn on as unnumbered (the blank page before the 版记 page, and that page)."""

    def __init__(self, pages: set):
        super().__init__()
        self.pages = pages

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.pages.add(self.canv.getPageNumber())


class TwoSides(Flowable):
    """Two one-line paragraphs on the same line (印发机关 flush left, 印发日期 flush right)."""

    def __init__(self, left: TextLines, right: TextLines):
        super().__init__()
        self.left, self.right = left, right

    def wrap(self, aw, ah):
        self.aw = aw
        return aw, max(self.left.wrap(aw, ah)[1], self.right.wrap(aw, ah)[1])

    def draw(self):
        for f in (self.left, self.right):
            f.drawOn(self.canv, 0, 0)


class Group(Flowable):
    """Flowables drawn one under the other, never split (the content of a KeepTogether inside BottomTail)."""

    def __init__(self, content: list):
        super().__init__()
        self.content = content

    def wrap(self, aw, ah):
        self.aw = aw
        self.heights = [f.wrapOn(self.canv, aw, ah)[1] for f in self.content]
        return aw, sum(self.heights)

    def split(self, aw, ah):
        return []

    def draw(self):
        y = sum(self.heights)
        for f, h in zip(self.content, self.heights, strict=True):
            y -= h
            f.drawOn(self.canv, 0, y)


class BottomTail(Flowable):
    """The 版记 (GB/T 9704 §7.4) at the bottom of the text block of the last page, kept with the last content.

    `prev` is the last content (flowables drawn from the top of what is left of the frame), `parts` the 版记
    (fixed-height flowables stacked at the bottom of the frame). When both fit, this flowable takes the rest of the
    frame. When they don't, `prev` is split so that its tail goes to the next page with the 版记; an unsplittable
    `prev` (KeepTogether, a short paragraph) moves whole. The 版记 is alone on a page only when `prev` fills a whole
    page by itself."""

    def __init__(self, prev: list, parts: list, gap: float):
        super().__init__()
        self.prev = [Group(f._content) if isinstance(f, KeepTogether) else f for f in prev]
        self.parts, self.gap = parts, gap

    def _heights(self, aw, ah):
        prev = [f.wrapOn(self.canv, aw, ah)[1] for f in self.prev]
        parts = [f.wrapOn(self.canv, aw, ah)[1] for f in self.parts]
        return prev, parts, sum(prev) + self.gap + sum(parts)

    def wrap(self, aw, ah):
        _, _, need = self._heights(aw, ah)
        self.aw = aw
        self.height = ah if need <= ah + 1e-6 else need
        return aw, self.height

    def split(self, aw, ah):
        prev, parts, need = self._heights(aw, ah)
        if need <= ah + 1e-6:
            return [self]
        room = ah - self.gap - sum(parts)
        head: list = []
        for i, (f, h) in enumerate(zip(self.prev, prev, strict=True)):
            if h <= room + 1e-6:
                head.append(f)
                room -= h
                continue
            pieces = [] if room <= 0 else f.split(aw, room)
            if len(pieces) >= 2:
                return head + pieces[:-1] + [BottomTail([pieces[-1], *self.prev[i + 1:]], self.parts, self.gap)]
            rest = self.prev[i:]
            break
        else:
            rest = []
        if head:
            return head + [BottomTail(rest, self.parts, self.gap)]
        if getattr(getattr(self, "_frame", None), "_atTop", False):
            prev = [KeepTogether(f.content) if isinstance(f, Group) else f for f in self.prev]
            return [*prev, BottomTail([], self.parts, self.gap)]     # prev fills a page: 版记 after it
        return []

    def draw(self):
        c, aw = self.canv, self.aw
        y = self.height
        for f in self.prev:
            y -= f.wrapOn(c, aw, y)[1]
            f.drawOn(c, 0, y)
        y = sum(f.wrapOn(c, aw, self.height)[1] for f in self.parts)
        for f in self.parts:
            y -= f.wrapOn(c, aw, self.height)[1]
            f.drawOn(c, 0, y)


def _runs(line) -> list[tuple[str, str]]:
    """Consecutive tokens in the same font joined: one text operator per run, not per character."""
    out: list[tuple[str, list[str]]] = []
    for text, font, _ in line:
        if out and out[-1][0] == font:
            out[-1][1].append(text)
        else:
            out.append((font, [text]))
    return [(f, "".join(parts)) for f, parts in out]
