"""PDF writer for the content model (reportlab platypus), with the same layout numbers as the .docx.

Every font is an embedded TrueType subset (fonts.register); the canvas' initial font is one of ours, so no
non-embedded Helvetica appears. Body text is set on the 28-character grid: glyphs at the grid pitch (15.79 pt),
which is what Word's 文档网格 does to the character advance. Output is invariant (same input → same bytes).
"""

from __future__ import annotations

import re

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from desktop.core.documents import fonts as fontmod
from desktop.core.documents import layout as L
from desktop.core.documents import linebreak
from desktop.core.documents.content import Attachment, Document, Heading, Paragraph, Table, cell_align
from desktop.core.documents.content import Image as CImage
from desktop.core.documents.content import PageBreak as CPageBreak

rl_config.useA85 = 0      # binary (deflate-only) streams: smaller files, and no ASCII85 pass in pure Python
MM = L.MM


def escape(text: str) -> str:
    """Escape for reportlab's paragraph mini-XML (xml.sax.saxutils would import urllib and email: +60 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

PAGE_W, PAGE_H = L.PAGE_W_MM * MM, L.PAGE_H_MM * MM
LEFT, BOTTOM = L.LEFT_MM * MM, L.BOTTOM_MM * MM
BODY_FS = L.CHAR_PITCH - 0.01          # 28 glyphs fit the 156 mm line exactly
RED = colors.Color(*(c / 255 for c in L.RED))
ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "indent": TA_JUSTIFY, "justify": TA_JUSTIFY}
LATIN_RUN = re.compile(r"[\x21-\x7e]+")


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


def _last_lines(flowables: list) -> list:
    """Take the last two lines of the body's last paragraph off `flowables` (to keep them with the signature); a
    paragraph of three lines or fewer goes whole. Nothing when the body ends with a table."""
    if not flowables or not isinstance(flowables[-1], TextLines):
        return []
    last = flowables[-1]
    if len(last.lines) <= 3:
        return [flowables.pop()]
    head = TextLines(last.lines[:-2], last.style, last.width, last.first)
    head.continues = True
    flowables[-1] = head
    return [TextLines(last.lines[-2:], last.style, last.width, first=False)]


class _Writer:
    def __init__(self, doc: Document, report: fontmod.FontReport):
        self.doc = doc
        self.report = report
        self.names: dict[str, str] = {}          # role -> reportlab name, registered on first use
        self.latin = self.font("latin") if report.has("latin") else None
        self.styles: dict[tuple, ParagraphStyle] = {}

    def font(self, role: str) -> str:
        name = self.names.get(role)
        if name is None:
            name = self.names[role] = fontmod.register(self.report, (role,))[role]
        return name

    def style(self, role="fangsong", size=BODY_FS, align="left", leading=L.LINE, first=0.0, left=0.0,
              right=0.0, color=colors.black) -> ParagraphStyle:
        key = (role, size, align, leading, first, left, right, str(color))
        st = self.styles.get(key)
        if st is None:
            if align == "indent" and not first:
                first = L.INDENT
            st = ParagraphStyle(f"s{len(self.styles)}", fontName=self.font(role), fontSize=size, leading=leading,
                                alignment=ALIGN.get(align, TA_LEFT), firstLineIndent=first, leftIndent=left,
                                rightIndent=right, textColor=color, wordWrap="CJK", allowWidows=0,
                                allowOrphans=0, splitLongWords=1, justifyBreaks=1)
            self.styles[key] = st
        return st

    def markup(self, text: str) -> str:
        """Escape for reportlab's mini-XML; digits and Latin in the Latin face when there is one."""
        if not self.latin:
            return escape(text)
        out, pos = [], 0
        for m in LATIN_RUN.finditer(text):
            out.append(escape(text[pos:m.start()]))
            out.append(f'<font face="{self.latin}">{escape(m.group())}</font>')
            pos = m.end()
        out.append(escape(text[pos:]))
        return "".join(out)

    def para(self, text: str, **kw) -> TextLines:
        """A paragraph of the text block: our own line breaking (see linebreak), lines joined with <br/>."""
        st = self.style(**kw)
        return self.broken([(text, st.fontName)], st)

    def broken(self, pieces: list[tuple[str, str]], st: ParagraphStyle) -> TextLines:
        """Break with our rules (see linebreak) and draw the lines directly (TextLines)."""
        width = L.TEXT_W - st.leftIndent - st.rightIndent
        flat = [(part, font, st.fontSize) for t, f in pieces for part, font in self._latin_split(t, f)]
        lines = linebreak.break_lines(flat, width - st.firstLineIndent, width)
        return TextLines(lines, st, width)

    def _latin_split(self, text: str, font: str) -> list[tuple[str, str]]:
        """Pieces of one font run: digits/Latin in the Latin face when there is one."""
        if not self.latin:
            return [(text, font)]
        out, pos = [], 0
        for m in LATIN_RUN.finditer(text):
            if m.start() > pos:
                out.append((text[pos:m.start()], font))
            out.append((m.group(), self.latin))
            pos = m.end()
        if pos < len(text):
            out.append((text[pos:], font))
        return out

    # ------------------------------------------------------------------------------------------- blocks
    def blocks(self, blocks) -> list:
        out: list = []
        for b in blocks:
            if isinstance(b, Heading):
                st = self.style(align="indent")
                out.append(self.broken([(b.number + b.text, self.font(b.role)), (b.run_on, st.fontName)], st))
            elif isinstance(b, Paragraph):
                out.append(self.para(b.text, role=b.role, align=b.align))
            elif isinstance(b, Table):
                out += self.table(b)
            elif isinstance(b, CPageBreak):
                out.append(PageBreak())
            elif isinstance(b, CImage):
                out.append(self.image(b))
        return out

    def image(self, im: CImage):
        """A centred picture with its caption, kept together."""
        import io

        from reportlab.lib.units import mm
        from reportlab.platypus import Image as RLImage

        pic = RLImage(io.BytesIO(im.png), width=im.width_mm * mm, height=im.height_mm() * mm)
        pic.hAlign = "CENTER"
        parts = [Spacer(1, 6), pic]
        if im.caption:
            parts.append(self.para(im.caption, role="kai", align="center", size=12, leading=18))
        return KeepTogether(parts)

    def table(self, t: Table) -> list:
        heads = t.headers()
        ncols = len(t.columns)
        total = sum(c.weight for c in t.columns)
        widths = [L.TEXT_W * c.weight / total for c in t.columns]
        leading = round(t.font_size * 1.5, 1)
        pad_x, pad_y = 5.4, 2.0
        data, cmds = [], [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                          ("FONTNAME", (0, 0), (-1, -1), self.font("fangsong")),
                          ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                          ("LEFTPADDING", (0, 0), (-1, -1), pad_x), ("RIGHTPADDING", (0, 0), (-1, -1), pad_x),
                          ("TOPPADDING", (0, 0), (-1, -1), pad_y), ("BOTTOMPADDING", (0, 0), (-1, -1), pad_y)]
        for r, row in enumerate(heads + t.rows):
            header = r < len(heads)
            line, col = [""] * ncols, 0
            for cell in row:
                span = max(1, min(cell.colspan, ncols - col))
                width = sum(widths[col:col + span]) - 2 * pad_x
                st = self.style(role="hei" if header else "fangsong", size=t.font_size,
                                align=cell_align(cell, header), leading=leading)
                text = "<br/>".join(self.markup(x) for x in cell.text.split("\n"))
                p = RLParagraph(text, st)
                content: object = p
                if cell.lines > 1:
                    _, h = p.wrap(width, 1e6)
                    need = cell.lines * leading - h
                    content = [Spacer(0, need / 2), p, Spacer(0, need / 2)] if need > 0 else p
                line[col] = content
                if span > 1:
                    cmds.append(("SPAN", (col, r), (col + span - 1, r)))
                col += span
            data.append(line)
        tbl = RLTable(data, colWidths=widths, repeatRows=len(heads), splitByRow=1, style=TableStyle(cmds),
                      hAlign="CENTER")
        out: list = [tbl]
        if t.caption:
            out.append(self.para(t.caption, size=t.font_size, leading=leading))
        return out

    # ------------------------------------------------------------------------------------------- parts
    def front(self) -> list:
        d = self.doc
        out: list = []
        if d.layout == "red":
            size = L.mark_size(d.issuer, L.MARK_MAX_PT)
            out += [Spacer(0, round(L.RED_TOP_GAP, 1)),
                    self.para(d.issuer, role="title", size=size, align="center", leading=round(size * 1.25, 1),
                              color=RED),
                    Spacer(0, L.LINE),
                    self.para(d.number, align="center"),
                    HLine(round(L.RED_LINE_GAP) + 1, round(L.RED_LINE_GAP), RED, thickness=L.RED_LINE_WIDTH),
                    Spacer(0, L.LINE)]
        elif d.layout == "letter":
            if d.copy_no or d.number:
                if d.copy_no and d.number:
                    out.append(RLTable([[self.para(d.copy_no), self.para(d.number, align="right")]],
                                       colWidths=[L.TEXT_W / 2] * 2,
                                       style=TableStyle([("FONTNAME", (0, 0), (-1, -1), self.font("fangsong")),
                                                         ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                         ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                                         ("TOPPADDING", (0, 0), (-1, -1), 0),
                                                         ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])))
                else:
                    out.append(self.para(d.number or d.copy_no, align="right" if d.number else "left"))
            out.append(Spacer(0, L.LINE))
        for line in d.title:
            out.append(self.para(line, role="title", size=L.TITLE_PT, align="center"))
        if d.title:
            out.append(Spacer(0, L.LINE))
        if d.addressee:
            out.append(self.para(d.addressee))
        return out

    def back(self, tail: list) -> list:
        """附件说明, 署名, 成文日期 and 附注, kept together with `tail` (the last lines of the body): the note and the
        signature never start a page alone."""
        d = self.doc
        keep: list = list(tail)
        note = d.attachment_note_lines()
        if note:
            keep.append(Spacer(0, L.LINE))
            for i, line in enumerate(note):
                first = -3 * L.CHAR_PITCH if i == 0 else 0.0
                keep.append(self.para(line, left=5 * L.CHAR_PITCH, first=first))
        if d.signature or d.date:
            keep.append(Spacer(0, L.LINE * L.SEAL_BLANK_LINES))
            sig_ind, date_ind = L.signature_indents(d.signature, d.date)
            if d.signature:
                keep.append(self.para(d.signature, align="right", right=sig_ind * L.CHAR_PITCH))
            if d.date:
                keep.append(self.para(d.date, align="right", right=date_ind * L.CHAR_PITCH))
        if d.note:
            keep.append(self.para(f"（{d.note}）", align="indent"))
        return [KeepTogether(keep)] if keep else []

    def colophon(self) -> list:
        """The 版记 flowables (drawn at the bottom of the last page by BottomTail). 通用格式: 抄送 and the 印发 line
        between separator lines, the first and last 0.35 mm, the middle one 0.25 mm; 信函格式: 抄送 only, no lines."""
        d = self.doc
        printer, printed = d.imprint()
        parts: list = []
        if d.cc:
            parts.append(self.para(d.cc_line(), size=L.SMALL_PT, leading=L.LINE, left=4 * L.SMALL_PT,
                                   first=-3 * L.SMALL_PT, right=L.SMALL_PT))
        if d.layout != "red" or not parts and not printer:
            return parts
        if printer:
            if parts:
                parts.append(HLine(1, 0.5, thickness=L.COLOPHON_THIN))
            parts.append(TwoSides(self.para(printer, size=L.SMALL_PT, left=L.SMALL_PT),
                                  self.para(printed, size=L.SMALL_PT, align="right", right=L.SMALL_PT)))
        return [HLine(5, 0.5, thickness=L.COLOPHON_RULE), *parts, HLine(5, 4.5, thickness=L.COLOPHON_RULE)]

    def attachment(self, a: Attachment) -> list:
        return [PageBreak(), self.para(a.label, role="hei"), Spacer(0, L.LINE),
                self.para(a.title, role="title", size=L.TITLE_PT, align="center"), Spacer(0, L.LINE),
                *self.blocks(a.blocks)]

    def story(self) -> list:
        d = self.doc
        body = self.blocks(d.body)
        tail = _last_lines(body) if (d.attachment_note or d.signature or d.date) else []
        out = [NextPageTemplate("later")] + self.front() + body + self.back(tail)
        for a in d.attachments:
            out += self.attachment(a)
        parts = self.colophon()
        if parts:
            last = [out.pop()] if len(out) > 1 and not isinstance(out[-1], (PageBreak, NextPageTemplate)) else []
            out.append(BottomTail(last, parts, L.LINE))
        return out

    # ------------------------------------------------------------------------------------------- pages
    def letter_header_bottom(self) -> float:
        """Distance from the paper top to the bottom of the 武文线 (same sum as the .docx first-page header)."""
        size = L.mark_size(self.doc.issuer, L.LETTER_MARK_MAX_PT)
        return L.LETTER_NAME_TOP - MM + round(size * 1.15, 1) + round(L.RED_LINE_GAP) + 3

    def on_page(self, canv: Canvas, doc) -> None:
        d = self.doc
        page = canv.getPageNumber()
        if d.layout == "letter" and page == 1:
            self.draw_letter_head(canv)
        elif d.page_numbers:
            canv.setFont(self.font("song"), L.SMALL_PT)
            canv.setFillColor(colors.black)
            y = BOTTOM - L.PAGE_NUM_TOP_BELOW_TEXT - L.SMALL_PT * 0.85
            text = f"— {page} —"
            if page % 2:
                canv.drawRightString(PAGE_W - L.RIGHT_MM * MM - L.SMALL_PT, y, text)
            else:
                canv.drawString(LEFT + L.SMALL_PT, y, text)

    def draw_letter_head(self, canv: Canvas) -> None:
        d = self.doc
        size = L.mark_size(d.issuer, L.LETTER_MARK_MAX_PT)
        canv.saveState()
        canv.setFillColor(RED)
        canv.setStrokeColor(RED)
        canv.setFont(self.font("title"), size)
        cx = LEFT + L.TEXT_W / 2
        top = PAGE_H - L.LETTER_NAME_TOP
        canv.drawCentredString(cx, top - size * 0.88, d.issuer)
        x0, x1 = cx - L.LETTER_LINE_LEN / 2, cx + L.LETTER_LINE_LEN / 2
        y = PAGE_H - self.letter_header_bottom() + 3
        canv.setLineWidth(2.0)
        canv.line(x0, y, x1, y)            # 武文线: thick over thin
        canv.setLineWidth(0.6)
        canv.line(x0, y - 2.6, x1, y - 2.6)
        yb = L.LETTER_BOTTOM_LINE
        canv.line(x0, yb + 2.6, x1, yb + 2.6)  # 文武线: thin over thick
        canv.setLineWidth(2.0)
        canv.line(x0, yb, x1, yb)
        canv.restoreState()


def write(doc: Document, fileobj, report: fontmod.FontReport) -> None:
    """Write the PDF to a binary file object or path."""
    w = _Writer(doc, report)
    frame = Frame(LEFT, BOTTOM, L.TEXT_W, L.TEXT_H, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                  id="body")
    first = frame
    if doc.layout == "letter":
        top = max(L.TOP_MM * MM, w.letter_header_bottom())
        first = Frame(LEFT, BOTTOM, L.TEXT_W, PAGE_H - top - BOTTOM, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, id="first")
    title = "".join(doc.title) or doc.kind
    t = BaseDocTemplate(fileobj, pagesize=(PAGE_W, PAGE_H), leftMargin=LEFT, rightMargin=L.RIGHT_MM * MM,
                        topMargin=L.TOP_MM * MM, bottomMargin=BOTTOM, title=title, author=doc.signature,
                        creator="清风台账", subject=doc.kind, invariant=1, pageCompression=1,
                        initialFontName=w.font("fangsong"), initialFontSize=L.BODY_PT)
    t.addPageTemplates([PageTemplate("first", [first], onPage=w.on_page),
                        PageTemplate("later", [frame], onPage=w.on_page)])
    t.build(w.story())
