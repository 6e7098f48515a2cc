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
from reportlab.pdfbase import pdfdoc as _pdfdoc
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from desktop.core.documents import fonts as fontmod
from desktop.core.documents import glyphs, linebreak, tables
from desktop.core.documents import layout as L
from desktop.core.documents.content import Attachment, Document, Heading, Paragraph, Table, cell_align
from desktop.core.documents.content import Image as CImage
from desktop.core.documents.content import PageBreak as CPageBreak
from desktop.core.documents.pdf_flowables import BottomTail, HLine, NoNumber, TextLines, TwoSides

rl_config.useA85 = 0      # binary (deflate-only) streams: smaller files, and no ASCII85 pass in pure Python


class _FastZlib:
    """reportlab compresses every stream (font subsets above all) with zlib's default level 6; level 1 is ~3× faster
    for files a few per cent larger. Installed as reportlab.pdfbase.pdfdoc's `zlib`."""

    import zlib as _z

    compress = staticmethod(lambda data, level=1: _FastZlib._z.compress(data, level))
    decompress = staticmethod(_z.decompress)


_pdfdoc.zlib = _FastZlib
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
        self.fallback = glyphs.default()
        self.width = L.TEXT_W                    # text block width (landscape attachments: wider)
        self.unnumbered: set[int] = set()        # pages without a page number (see NoNumber)
        self.covers: dict[str, object] = {}      # reportlab font name -> its charToGlyph map

    def fall(self, text: str, font: str) -> list[tuple[str, str]]:
        """Split a run so that each character is set in a face that has it: `font` where it can, else the first
        face of the fallback chain (glyphs.Fallback) that has the character."""
        cov = self.covers.get(font)
        if cov is None:
            cov = self.covers[font] = pdfmetrics.getFont(font).face.charToGlyph
        if all(ord(ch) in cov for ch in text):
            return [(text, font)]
        out: list[tuple[str, str]] = []
        for ch in text:
            f = font
            if ord(ch) not in cov and not glyphs.ignorable(ch):
                face = self.fallback.face_for(ch)
                if face is not None:
                    f = fontmod.register_file(face.path, face.index)
            if out and out[-1][1] == f:
                out[-1] = (out[-1][0] + ch, f)
            else:
                out.append((ch, f))
        return out

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

    def para(self, text: str, **kw) -> TextLines:
        """A paragraph of the text block: our own line breaking (see linebreak), lines joined with <br/>."""
        st = self.style(**kw)
        return self.broken([(text, st.fontName)], st)

    def broken(self, pieces: list[tuple[str, str]], st: ParagraphStyle, width: float | None = None,
               words: bool = False) -> TextLines:
        """Break with our rules (see linebreak) and draw the lines directly (TextLines)."""
        width = (self.width if width is None else width) - st.leftIndent - st.rightIndent
        flat = [(run, rf, st.fontSize) for t, f in pieces for part, font in self._latin_split(t, f)
                for run, rf in self.fall(part, font)]
        lines = linebreak.break_lines(flat, width - st.firstLineIndent, width, words=words)
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
        widths = tables.column_widths(t, self.width)
        leading = round(t.font_size * 1.5, 1)
        pad_x, pad_y = tables.PAD_X, tables.PAD_Y
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
                lines = [ln for part in cell.text.split("\n")
                         for ln in self.broken([(part, st.fontName)], st, width, words=True).lines]
                p = TextLines(lines, st, width)
                content: object = p
                if cell.lines > 1:
                    need = cell.lines * leading - len(lines) * leading
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
            size = min(L.mark_size(x, L.MARK_MAX_PT) for x in d.issuers() or [""])
            out.append(Spacer(0, round(L.RED_TOP_GAP, 1)))
            for issuer in d.issuers() or [""]:      # 联合行文: one organ per line, the leading organ first
                out.append(self.para(issuer, role="title", size=size, align="center",
                                     leading=round(size * 1.25, 1), color=RED))
            out += [Spacer(0, L.LINE),
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
            sig_inds, date_ind = L.joint_signature_indents(d.signatures(), d.date)
            for sig, ind in zip(d.signatures(), sig_inds, strict=True):
                keep.append(self.para(sig, align="right", right=ind * L.CHAR_PITCH))
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
        land = tables.landscape(a)
        self.width = L.LAND_TEXT_W if land else L.TEXT_W
        out = [NextPageTemplate("landscape" if land else "later"), PageBreak(), self.para(a.label, role="hei"),
               Spacer(0, L.LINE), self.para(a.title, role="title", size=L.TITLE_PT, align="center"),
               Spacer(0, L.LINE), *self.blocks(a.blocks)]
        self.width = L.TEXT_W
        return out

    def story(self) -> list:
        d = self.doc
        body = self.blocks(d.body)
        tail = _last_lines(body) if (d.attachment_note or d.signature or d.date) else []
        out = [NextPageTemplate("later")] + self.front() + body + self.back(tail)
        for a in d.attachments:
            out += self.attachment(a)
        parts = self.colophon()
        if parts and d.colophon_own_page:
            out += [NextPageTemplate("later"), PageBreak()]
            if d.colophon_blank_before:       # GB/T 9704: the blank page and the 版记 page carry no number
                out += [NoNumber(self.unnumbered), PageBreak(), NoNumber(self.unnumbered)]
            out.append(BottomTail([], parts, L.LINE))
        elif parts:
            last = [out.pop()] if len(out) > 1 and not isinstance(out[-1], (PageBreak, NextPageTemplate)) else []
            out.append(BottomTail(last, parts, L.LINE))
        return out

    # ------------------------------------------------------------------------------------------- pages
    def letter_header_bottom(self) -> float:
        """Distance from the paper top to the bottom of the 武文线 (same sum as the .docx first-page header)."""
        size = L.mark_size(self.doc.issuer, L.LETTER_MARK_MAX_PT)
        return L.LETTER_NAME_TOP - MM + round(size * 1.15, 1) + round(L.RED_LINE_GAP) + 3

    def on_page(self, canv: Canvas, doc) -> None:
        if self.doc.layout == "letter" and canv.getPageNumber() == 1:
            self.draw_letter_head(canv)

    def on_page_end(self, canv: Canvas, doc) -> None:
        """The page number, drawn when the page is complete (so NoNumber can withhold it)."""
        d = self.doc
        page = canv.getPageNumber()
        if (d.layout == "letter" and page == 1) or page in self.unnumbered:
            return
        if d.page_numbers:
            canv.setFont(self.font("song"), L.SMALL_PT)
            canv.setFillColor(colors.black)
            y = BOTTOM - L.PAGE_NUM_TOP_BELOW_TEXT - L.SMALL_PT * 0.85
            text = f"— {page} —"
            land = canv._pagesize[0] > canv._pagesize[1]
            left, right = (L.LAND_LEFT_MM * MM, L.LAND_RIGHT_MM * MM) if land else (LEFT, L.RIGHT_MM * MM)
            if page % 2:
                canv.drawRightString(canv._pagesize[0] - right - L.SMALL_PT, y, text)
            else:
                canv.drawString(left + L.SMALL_PT, y, text)

    def draw_letter_head(self, canv: Canvas) -> None:
        d = self.doc
        size = L.mark_size(d.issuer, L.LETTER_MARK_MAX_PT)
        canv.saveState()
        canv.setFillColor(RED)
        canv.setStrokeColor(RED)
        canv.setFont(self.font("title"), size)
        cx = LEFT + L.TEXT_W / 2
        top = PAGE_H - L.LETTER_NAME_TOP
        runs = self.fall(d.issuer, self.font("title"))
        width = sum(pdfmetrics.stringWidth(t, f, size) for t, f in runs)
        tx = canv.beginText(cx - width / 2, top - size * 0.88)
        for t, f in runs:
            tx.setFont(f, size)
            tx.textOut(t)
        canv.drawText(tx)
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
    """Write the PDF to a binary file object. A 通用格式 document's 版记 must fall on an even page (the back of the
    last sheet, GB/T 9704 §7.4): when it would end on an odd page, the 版记 moves alone to the next page and
    `doc.colophon_own_page` is set (the .docx writer, run after this one, does the same)."""
    import io

    buf = io.BytesIO()
    if doc.layout == "red" and doc.has_colophon() and doc.attachments and tables.landscape(doc.attachments[-1]):
        doc.colophon_own_page = True          # the 版记 is set on a portrait page, never under a landscape table
    pages = _build(doc, buf, report)
    while doc.layout == "red" and doc.has_colophon() and pages % 2 and not doc.colophon_blank_before:
        if doc.colophon_own_page:             # alone on the next page it is odd again: a blank page before it
            doc.colophon_blank_before = True
        doc.colophon_own_page = True
        buf = io.BytesIO()
        pages = _build(doc, buf, report)
    fileobj.write(buf.getvalue())


def _build(doc: Document, fileobj, report: fontmod.FontReport) -> int:
    """Lay out and write the PDF; the number of pages."""
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
    land = Frame(L.LAND_LEFT_MM * MM, L.LAND_BOTTOM_MM * MM, L.LAND_TEXT_W, L.LAND_TEXT_H, leftPadding=0,
                 rightPadding=0, topPadding=0, bottomPadding=0, id="land")
    t.addPageTemplates([PageTemplate("first", [first], onPage=w.on_page, onPageEnd=w.on_page_end),
                        PageTemplate("later", [frame], onPage=w.on_page, onPageEnd=w.on_page_end),
                        PageTemplate("landscape", [land], onPage=w.on_page, onPageEnd=w.on_page_end,
                                     pagesize=(PAGE_H, PAGE_W))])
    t.build(w.story())
    return t.page
