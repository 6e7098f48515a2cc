"""Word (.docx) writer for the content model (python-docx plus raw XML where it has no API).

GB/T 9704: A4, margins 37/35/28/26 mm, 文档网格 22 lines × 28 characters, body 3号 仿宋 at an exact 28.95 pt line
pitch, title 2号 小标宋, 一、 黑体, （一） 楷体, Times New Roman for digits, page numbers 4号 "— n —" (odd pages right,
even pages left). Every font carries w:eastAsia and theme font attributes are removed (Word would prefer them).
"""

from __future__ import annotations

from docx import Document as new_docx
from docx.enum.section import WD_SECTION_START  # noqa: F401  (kept for callers extending sections)
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

from desktop.core.documents import layout as L
from desktop.core.documents.content import Attachment, Cell, Document, Heading, PageBreak, Paragraph, Table
from desktop.core.documents.fonts import FontReport

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme", "w:csTheme")
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "indent": WD_ALIGN_PARAGRAPH.JUSTIFY,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
RED = RGBColor(*L.RED)


# ------------------------------------------------------------------------------------------------ fonts

def pin_fonts(rpr, east_asia: str, latin: str) -> None:
    """Write ascii/hAnsi/cs = latin and eastAsia = east_asia on an rPr; drop theme attributes."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for a, v in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        rfonts.set(qn(a), v)
    for a in THEME_ATTRS:
        rfonts.attrib.pop(qn(a), None)


def _clean_styles(d, fonts: FontReport) -> None:
    """Remove theme fonts everywhere in styles.xml, pin 仿宋 + Times New Roman and zh-CN on the defaults."""
    styles = d.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        for a in THEME_ATTRS:
            rfonts.attrib.pop(qn(a), None)
    latin = fonts.docx_name("latin")
    body = fonts.docx_name("fangsong")
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    pin_fonts(rpr, body, latin)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    # the character grid pitch is computed from the default size (LibreOffice reads docDefaults, Word Normal)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(int(L.BODY_PT * 2)))
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    if spacing is not None:
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
    normal = d.styles["Normal"]
    # Text is laid out by exact line pitch and condensed 3号 characters rather than by snapping to the grid: Word,
    # WPS and LibreOffice then break lines alike (LibreOffice's character grid spreads mixed CJK/Latin lines).
    # No automatic extra space between Chinese and digits/Latin (the PDF has none; 公文 write "2026年" tight).
    ppr = normal.element.get_or_add_pPr()
    # Closing punctuation does not hang into the margin (w:overflowPunct off), as in the PDF and LibreOffice.
    for tag in ("w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:snapToGrid"):
        if ppr.find(qn(tag)) is None:
            el = OxmlElement(tag)
            el.set(qn("w:val"), "0")
            ppr.append(el)
    _sort_children(ppr, PPR_ORDER)
    pin_fonts(normal.element.get_or_add_rPr(), body, latin)
    normal.font.size = Pt(L.BODY_PT)
    # the theme part maps East Asian text to a Japanese face; drop the minor/major font scheme reference by pinning
    # every style that python-docx's template gives a theme font (done above) — the theme part itself stays unused.


# ------------------------------------------------------------------------------------------------ helpers

class _W:
    """Writes one document: keeps the python-docx Document and the font names per role."""

    def __init__(self, fonts: FontReport):
        self.fonts = fonts
        self.latin = fonts.docx_name("latin")
        self.d = new_docx()
        _clean_styles(self.d, fonts)

    # paragraphs -----------------------------------------------------------------------------------
    def para(self, text: str = "", *, container=None, role: str = "fangsong", size: float = L.BODY_PT,
             align: str = "left", first_chars: float = 0, left_chars: float = 0, right_chars: float = 0,
             line: float | None = L.LINE, color: RGBColor | None = None, bold: bool = False,
             grid: bool = False, char_pt: float | None = None):
        box = container if container is not None else self.d
        p = box.add_paragraph()
        pf = p.paragraph_format
        if line is not None:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(line)
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        p.alignment = ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT)
        pitch = char_pt or L.CHAR_PITCH
        if align == "indent" and not first_chars:
            first_chars = 2
        self._indent(p, first_chars, left_chars, right_chars, pitch)
        ppr = p._p.get_or_add_pPr()
        for tag in (("w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN") if not grid else ()) + (
                () if grid else ("w:snapToGrid",)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), "0")
            ppr.insert(0, el)
        if text:
            self.run(p, text, role=role, size=size, color=color, bold=bold)
        return p

    @staticmethod
    def _indent(p, first: float, left: float, right: float, pitch: float) -> None:
        if not (first or left or right):
            return
        ppr = p._p.get_or_add_pPr()
        ind = OxmlElement("w:ind")
        if left:
            ind.set(qn("w:left"), str(round(left * pitch * 20)))
            ind.set(qn("w:leftChars"), str(round(left * 100)))
        if right:
            ind.set(qn("w:right"), str(round(right * pitch * 20)))
            ind.set(qn("w:rightChars"), str(round(right * 100)))
        if first > 0:
            ind.set(qn("w:firstLine"), str(round(first * pitch * 20)))
            ind.set(qn("w:firstLineChars"), str(round(first * 100)))
        elif first < 0:
            ind.set(qn("w:hanging"), str(round(-first * pitch * 20)))
            ind.set(qn("w:hangingChars"), str(round(-first * 100)))
        ppr.append(ind)

    def run(self, p, text: str, *, role: str = "fangsong", size: float = L.BODY_PT,
            color: RGBColor | None = None, bold: bool = False):
        r = p.add_run(text)
        rpr = r._element.get_or_add_rPr()
        pin_fonts(rpr, self.fonts.docx_name(role), self.latin)
        r.font.size = Pt(size)
        if bold:
            r.font.bold = True
        if color is not None:
            r.font.color.rgb = color
        if size == L.BODY_PT:
            # condense 3号 text so 28 characters fit the line in every word processor (Word also snaps to the
            # 28-character grid; LibreOffice would give an over-wide glyph two grid cells)
            sp = OxmlElement("w:spacing")
            sp.set(qn("w:val"), str(L.BODY_CONDENSE_TWIPS))
            rpr.append(sp)
        return r

    @staticmethod
    def border(p, side: str, val: str = "single", eighths: int = 8, color: str = "000000",
               space_pt: int = 1) -> None:
        ppr = p._p.get_or_add_pPr()
        bdr = ppr.find(qn("w:pBdr"))
        if bdr is None:
            bdr = OxmlElement("w:pBdr")
            # pBdr must come before spacing/ind/jc in pPr
            ppr.insert(0, bdr)
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), val)
        el.set(qn("w:sz"), str(eighths))
        el.set(qn("w:space"), str(space_pt))
        el.set(qn("w:color"), color)
        bdr.append(el)

    def blank(self, height: float = L.LINE, container=None):
        return self.para("", container=container, line=height)

    def page_break(self):
        p = self.d.add_paragraph()
        p.paragraph_format.space_before = Pt(0)
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = Pt(L.LINE)
        p.add_run().add_break(WD_BREAK.PAGE)
        return p

    # blocks ---------------------------------------------------------------------------------------
    def blocks(self, blocks) -> None:
        for b in blocks:
            if isinstance(b, Heading):
                p = self.para("", align="indent")
                self.run(p, b.number + b.text, role=b.role)
                if b.run_on:
                    self.run(p, b.run_on)
            elif isinstance(b, Paragraph):
                self.para(b.text, role=b.role, align=b.align, bold=b.bold)
            elif isinstance(b, Table):
                self.table(b)
            elif isinstance(b, PageBreak):
                self.page_break()

    def table(self, t: Table) -> None:
        heads = t.headers()
        ncols = len(t.columns)
        table = self.d.add_table(rows=0, cols=ncols)
        table.style = self.d.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        total = sum(c.weight for c in t.columns)
        widths = [Emu(int(Mm(L.TEXT_W_MM) * c.weight / total)) for c in t.columns]
        leading = round(t.font_size * 1.5, 1)
        for i, row in enumerate(heads + t.rows):
            cells = table.add_row().cells
            tr = table.rows[-1]._tr
            if i < len(heads):
                trpr = tr.get_or_add_trPr()
                h = OxmlElement("w:tblHeader")
                trpr.append(h)
                cant = OxmlElement("w:cantSplit")
                trpr.append(cant)
            col = 0
            min_lines = max((c.lines for c in row), default=1)
            if min_lines > 1:
                trpr = tr.get_or_add_trPr()
                hr = OxmlElement("w:trHeight")
                hr.set(qn("w:val"), str(round((min_lines * leading + 4) * 20)))
                hr.set(qn("w:hRule"), "atLeast")
                trpr.append(hr)
            for cell in row:
                span = max(1, min(cell.colspan, ncols - col))
                target = cells[col]
                if span > 1:
                    target = target.merge(cells[col + span - 1])
                target.width = sum(widths[col:col + span], Emu(0))
                self._cell(target, cell, t, leading, header=i < len(heads))
                col += span
            for j in range(ncols):
                cells[j].width = widths[j] if cells[j].width is None else cells[j].width
        self._table_widths(table, widths)
        if t.caption:
            self.para(t.caption, size=t.font_size, line=leading, grid=False, char_pt=t.font_size)

    def _cell(self, target, cell: Cell, t: Table, leading: float, header: bool) -> None:
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = target.paragraphs[0]
        pf = p.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(leading)
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        sg = OxmlElement("w:snapToGrid")
        sg.set(qn("w:val"), "0")
        p._p.get_or_add_pPr().insert(0, sg)
        align = cell_align(cell, header)
        p.alignment = ALIGN[align]
        lines = cell.text.split("\n")
        for k, line in enumerate(lines):
            r = self.run(p, line, role="hei" if header else "fangsong", size=t.font_size)
            if k < len(lines) - 1:
                r.add_break()

    @staticmethod
    def _table_widths(table, widths) -> None:
        tbl = table._tbl
        tblpr = tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tblpr.append(layout)
        tblw = tblpr.find(qn("w:tblW"))
        if tblw is None:
            tblw = OxmlElement("w:tblW")
            tblpr.append(tblw)
        tblw.set(qn("w:w"), str(sum(round(w / 635) for w in widths)))
        tblw.set(qn("w:type"), "dxa")
        grid = tbl.tblGrid
        for gc, w in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
            gc.set(qn("w:w"), str(round(w / 635)))


def cell_align(cell: Cell, header: bool) -> str:
    if cell.align:
        return cell.align
    if header or cell.label:
        return "center"
    return "center" if len(cell.text) <= 6 and "\n" not in cell.text else "left"


# ------------------------------------------------------------------------------------------------ page set-up

def _page_setup(w: _W, doc: Document) -> None:
    d = w.d
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(L.PAGE_W_MM), Mm(L.PAGE_H_MM)
    sec.top_margin, sec.bottom_margin = Mm(L.TOP_MM), Mm(L.BOTTOM_MM)
    sec.left_margin, sec.right_margin = Mm(L.LEFT_MM), Mm(L.RIGHT_MM)
    sec.gutter = Mm(0)
    sec.header_distance = Mm(L.LETTER_NAME_TOP / L.MM - 1)
    sec.footer_distance = Mm(L.LETTER_BOTTOM_LINE / L.MM)
    sectpr = sec._sectPr
    grid = sectpr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sectpr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(L.LINE_TWIPS))
    grid.set(qn("w:charSpace"), str(L.DOC_GRID_CHARSPACE))
    if doc.page_numbers:
        d.settings.odd_and_even_pages_header_footer = True
        _page_number(w, sec.footer, "right")
        _page_number(w, sec.even_page_footer, "left")
    if doc.layout == "letter":
        sec.different_first_page_header_footer = True
        _letter_first_page(w, doc, sec)


def _field(p, w: _W, instr: str, size: float) -> None:
    def fld(kind):
        r = w.run(p, "", role="song", size=size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._element.append(el)

    fld("begin")
    r = w.run(p, "", role="song", size=size)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r._element.append(it)
    fld("separate")
    w.run(p, "1", role="song", size=size)
    fld("end")


def _page_number(w: _W, footer, side: str) -> None:
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.paragraph_format.space_before = Pt(0)
    # number text bottom ≈ 35 mm − 7 mm − one 4号 character above the paper bottom; the footer sits at 20 mm
    p.paragraph_format.space_after = Mm(L.BOTTOM_MM - L.PAGE_NUM_TOP_BELOW_TEXT / L.MM - L.LETTER_BOTTOM_LINE / L.MM
                                        - L.SMALL_PT / L.MM)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(L.SMALL_PT)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
    w._indent(p, 0, 1 if side == "left" else 0, 1 if side == "right" else 0, L.SMALL_PT)
    w.run(p, "— ", role="song", size=L.SMALL_PT)
    _field(p, w, "PAGE", L.SMALL_PT)
    w.run(p, " —", role="song", size=L.SMALL_PT)


def _letter_first_page(w: _W, doc: Document, sec) -> None:
    """信函格式 page 1: red name + 武文线 in the first-page header, 文武线 in the first-page footer, no number."""
    size = L.mark_size(doc.issuer, L.LETTER_MARK_MAX_PT)
    header = sec.first_page_header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(round(size * 1.15, 1))
    p.paragraph_format.space_after = Pt(0)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ppr = p._p.get_or_add_pPr()
    sg = OxmlElement("w:snapToGrid")
    sg.set(qn("w:val"), "0")
    ppr.insert(0, sg)
    # 170 mm line on a 156 mm text block: stretch the paragraph 7 mm into each margin
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(-round(7 * L.MM * 20)))
    ind.set(qn("w:right"), str(-round(7 * L.MM * 20)))
    ppr.append(ind)
    w.border(p, "bottom", "thickThinSmallGap", 24, L.RED_HEX, round(L.RED_LINE_GAP))
    w.run(p, doc.issuer, role="title", size=size, color=RED)
    footer = sec.first_page_footer
    footer.is_linked_to_previous = False
    f = footer.paragraphs[0]
    f.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    f.paragraph_format.line_spacing = Pt(1)
    f.paragraph_format.space_after = Pt(0)
    f.paragraph_format.space_before = Pt(0)
    fppr = f._p.get_or_add_pPr()
    find = OxmlElement("w:ind")
    find.set(qn("w:left"), str(-round(7 * L.MM * 20)))
    find.set(qn("w:right"), str(-round(7 * L.MM * 20)))
    fppr.append(find)
    w.border(f, "top", "thinThickSmallGap", 24, L.RED_HEX, 0)


# ------------------------------------------------------------------------------------------------ document

def _front(w: _W, doc: Document) -> None:
    if doc.layout == "red":
        w.blank(round(L.RED_TOP_GAP, 1))
        size = L.mark_size(doc.issuer, L.MARK_MAX_PT)
        w.para(doc.issuer, role="title", size=size, align="center", line=round(size * 1.25, 1), color=RED,
               grid=False)
        w.blank()
        p = w.para(doc.number, align="center")
        w.border(p, "bottom", "single", 8, L.RED_HEX, round(L.RED_LINE_GAP))
        w.blank()
    elif doc.layout == "letter":
        if doc.copy_no or doc.number:
            p = w.para(doc.copy_no, align="left")
            if doc.number:
                # 份号 flush left and 文号 flush right on the same line: a right tab stop at the text block edge
                p.paragraph_format.tab_stops.add_tab_stop(Mm(L.TEXT_W_MM), alignment=2)
                w.run(p, "\t" + doc.number)
        w.blank()
    for line in doc.title:
        w.para(line, role="title", size=L.TITLE_PT, align="center", grid=False)
    if doc.title:
        w.blank()
    if doc.addressee:
        w.para(doc.addressee, align="left")


def _back(w: _W, doc: Document) -> None:
    note = doc.attachment_note_lines()
    if note:
        w.blank()
        for i, line in enumerate(note):
            if i == 0:
                w.para(line, left_chars=2 + 3, first_chars=-3)
            else:
                w.para(line, left_chars=2 + 3)
    keep = []
    if doc.signature or doc.date:
        keep += [w.blank() for _ in range(L.SEAL_BLANK_LINES)]
        sig_ind, date_ind = L.signature_indents(doc.signature, doc.date)
        if doc.signature:
            keep.append(w.para(doc.signature, align="right", right_chars=sig_ind))
        if doc.date:
            keep.append(w.para(doc.date, align="right", right_chars=date_ind))
    if doc.note:
        keep.append(w.para(f"（{doc.note}）", align="indent"))
    for p in keep[:-1]:
        p.paragraph_format.keep_with_next = True   # signature block stays together, as in the PDF


def _colophon(w: _W, doc: Document) -> None:
    if not doc.cc:
        return
    w.blank().paragraph_format.keep_with_next = True
    p = w.para(doc.cc_line(), size=L.SMALL_PT, left_chars=1 + 3, first_chars=-3, right_chars=1,
               char_pt=L.SMALL_PT, grid=False)
    if doc.layout == "red":
        w.border(p, "top", "single", 8, "000000", 4)
        w.border(p, "bottom", "single", 8, "000000", 4)


def _attachment(w: _W, a: Attachment) -> None:
    w.page_break()
    w.para(a.label, role="hei", align="left")
    w.blank()
    w.para(a.title, role="title", size=L.TITLE_PT, align="center", grid=False)
    w.blank()
    w.blocks(a.blocks)


PPR_ORDER = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
             "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
             "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
             "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()
RPR_ORDER = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
             "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
             "vertAlign rtl cs em lang eastAsianLayout specVanish oMath").split()
TBLPR_ORDER = ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
               "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook").split()


def _sort_children(el, order) -> None:
    rank = {qn(f"w:{n}"): i for i, n in enumerate(order)}
    for k in sorted(el, key=lambda k: rank.get(k.tag, len(rank))):
        el.append(k)


def _schema_order(root) -> None:
    """Word rejects out-of-order children; sort the pPr/tblPr children we added by the schema sequence."""
    for tag, order in (("w:pPr", PPR_ORDER), ("w:tblPr", TBLPR_ORDER), ("w:rPr", RPR_ORDER)):
        rank = {qn(f"w:{n}"): i for i, n in enumerate(order)}
        for el in root.iter(qn(tag)):
            kids = list(el)
            kids.sort(key=lambda k: rank.get(k.tag, len(rank)))
            for k in kids:
                el.append(k)


def build(doc: Document, fonts: FontReport):
    """The python-docx Document for a content model."""
    w = _W(fonts)
    body = w.d.paragraphs[0]._p if w.d.paragraphs else None
    if body is not None:
        body.getparent().remove(body)
    _page_setup(w, doc)
    _front(w, doc)
    w.blocks(doc.body)
    _back(w, doc)
    for a in doc.attachments:
        _attachment(w, a)
    _colophon(w, doc)
    _schema_order(w.d.element)
    for part in (*(s.footer for s in w.d.sections), *(s.even_page_footer for s in w.d.sections),
                 *(s.first_page_header for s in w.d.sections), *(s.first_page_footer for s in w.d.sections)):
        if not part.is_linked_to_previous:
            _schema_order(part._element)
    core = w.d.core_properties
    core.title = "".join(doc.title) or doc.kind
    core.author = doc.signature or "清风台账"
    core.comments = ""
    return w.d


def write(doc: Document, fileobj, fonts: FontReport) -> None:
    """Write the .docx to a binary file object (the caller handles temp files and renaming)."""
    build(doc, fonts).save(fileobj)
