"""Word (.docx) writer for the content model (python-docx plus raw XML where it has no API).

GB/T 9704: A4, margins 37/35/28/26 mm, 文档网格 22 lines × 28 characters, body 3号 仿宋 at an exact 28.95 pt line
pitch, title 2号 小标宋, 一、 黑体, （一） 楷体, Times New Roman for digits, page numbers 4号 "— n —" (odd pages right,
even pages left). Every font carries w:eastAsia and theme font attributes are removed (Word would prefer them).
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_SECTION_START  # noqa: F401  (kept for callers extending sections)
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml.etree import tostring as _tostring

from desktop.core.documents import layout as L
from desktop.core.documents import tables
from desktop.core.documents.content import (
    Attachment,
    Document,
    Heading,
    Image,
    PageBreak,
    Paragraph,
    Table,
    cell_align,
)
from desktop.core.documents.docx_package import (  # noqa: F401 - re-exported: warm-up and tests use them here
    PPR_ORDER,
    RPR_ORDER,
    TBLPR_ORDER,
    _base_bytes,
    _schema_order,
    _sort_children,
)
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


def etree_tostring(el) -> str:
    """An element's XML without namespace declarations (it goes into a body string parsed with the w: prefix)."""
    import re

    return re.sub(r' xmlns:\w+="[^"]*"', "", _tostring(el, encoding="unicode"))


def _font_table(d, fonts: FontReport) -> None:
    """Declare the faces the document names in word/fontTable.xml, each standard 公文 face with the stock Windows
    face as w:altName (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体) for PCs without the 公文 fonts."""
    from desktop.core.documents.fonts import DOCX_ALT, ROLES

    part = next((p for p in d.part.package.iter_parts() if p.partname == "/word/fontTable.xml"), None)
    if part is None:
        return
    blob = part.blob.decode("utf-8")
    entries = []
    for name in dict.fromkeys(fonts.docx_name(r) for r in ROLES):
        if f'w:name="{name}"' in blob:
            continue
        alt = f'<w:altName w:val="{DOCX_ALT[name]}"/>' if name in DOCX_ALT else ""
        charset = "00" if name == "Times New Roman" else "86"
        entries.append(f'<w:font w:name="{name}">{alt}<w:charset w:val="{charset}"/><w:family w:val="auto"/>'
                       f'<w:pitch w:val="variable"/></w:font>')
    if entries:
        part._blob = blob.replace("</w:fonts>", "".join(entries) + "</w:fonts>").encode("utf-8")


# ------------------------------------------------------------------------------------------------ helpers

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PPR_FLAGS = ('<w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
              '<w:snapToGrid w:val="0"/>')
_JC = {"left": "left", "center": "center", "right": "right", "indent": "both", "justify": "both"}


def _text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(s: str) -> str:
    return _text(s).replace('"', "&quot;")


class _P:
    """A body paragraph being built: properties plus run XML; `xml()` gives the w:p element text."""

    def __init__(self, align, line, first, left, right, pitch):
        self.align, self.line, self.first, self.left, self.right, self.pitch = align, line, first, left, right, pitch
        self.runs: list[str] = []
        self.borders: list[tuple] = []
        self.keep = False
        self.tab_right: int | None = None      # twips of a right-aligned tab stop
        self.bottom = False                     # in a frame at the bottom of the text block (版记)

    def xml(self) -> str:
        ppr = "<w:keepNext/>" if self.keep else ""
        if self.bottom:
            # GB/T 9704 §7.4: the 版记 sits at the bottom of the text block of the last page (a paragraph frame
            # anchored to the margin; LibreOffice and WPS read it alike)
            ppr += (f'<w:framePr w:w="{round(L.TEXT_W * 20)}" w:vSpace="{L.LINE_TWIPS}" w:wrap="notBeside" '
                    'w:vAnchor="margin" w:hAnchor="margin" w:xAlign="center" w:yAlign="bottom"/>')
        if self.borders:
            ppr += "<w:pBdr>" + "".join(
                f'<w:{side} w:val="{val}" w:sz="{sz}" w:space="{sp}" w:color="{color}"/>'
                for side, val, sz, color, sp in sorted(self.borders, key=lambda b: ("top", "bottom").index(b[0]))
            ) + "</w:pBdr>"
        if self.tab_right is not None:
            ppr += f'<w:tabs><w:tab w:val="right" w:pos="{self.tab_right}"/></w:tabs>'
        ppr += _PPR_FLAGS + '<w:spacing w:before="0" w:after="0"'
        ppr += f' w:line="{round(self.line * 20)}" w:lineRule="exact"/>' if self.line is not None else "/>"
        ind = ""
        if self.left:
            ind += f' w:left="{round(self.left * self.pitch * 20)}" w:leftChars="{round(self.left * 100)}"'
        if self.right:
            ind += f' w:right="{round(self.right * self.pitch * 20)}" w:rightChars="{round(self.right * 100)}"'
        if self.first > 0:
            ind += f' w:firstLine="{round(self.first * self.pitch * 20)}" w:firstLineChars="{round(self.first * 100)}"'
        elif self.first < 0:
            ind += f' w:hanging="{round(-self.first * self.pitch * 20)}" w:hangingChars="{round(-self.first * 100)}"'
        if ind:
            ppr += f"<w:ind{ind}/>"
        ppr += f'<w:jc w:val="{_JC.get(self.align, "left")}"/>'
        return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(self.runs)}</w:p>"


class _W:
    """Writes one document: keeps the python-docx Document and the font names per role."""

    def __init__(self, fonts: FontReport):
        self.fonts = fonts
        self.latin = fonts.docx_name("latin")
        self.d = new_docx(io.BytesIO(_base_bytes()))
        _clean_styles(self.d, fonts)
        _font_table(self.d, fonts)
        self.parts: list = []      # _P or table XML text, in document order

    # paragraphs -----------------------------------------------------------------------------------
    def para(self, text: str = "", *, container=None, role: str = "fangsong", size: float = L.BODY_PT,
             align: str = "left", first_chars: float = 0, left_chars: float = 0, right_chars: float = 0,
             line: float | None = L.LINE, color: RGBColor | None = None, bold: bool = False,
             grid: bool = False, char_pt: float | None = None) -> _P:
        """A body paragraph (built as XML text; python-docx's object API is ~5x slower per paragraph)."""
        if align == "indent" and not first_chars:
            first_chars = 2
        p = _P(align, line, first_chars, left_chars, right_chars, char_pt or L.CHAR_PITCH)
        (self.parts if container is None else container).append(p)
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
        if isinstance(p, _P):
            p.runs.append(self.run_xml(text, role, size, color, bold))
            return None
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

    def run_xml(self, text: str, role: str, size: float, color=None, bold: bool = False) -> str:
        ea = _attr(self.fonts.docx_name(role))
        lat = _attr(self.latin)
        rpr = f'<w:rFonts w:ascii="{lat}" w:hAnsi="{lat}" w:eastAsia="{ea}" w:cs="{lat}"/>'
        if bold:
            rpr += "<w:b/>"
        if color is not None:
            rpr += f'<w:color w:val="{color}"/>'
        if size == L.BODY_PT:
            rpr += f'<w:spacing w:val="{L.BODY_CONDENSE_TWIPS}"/>'
        half = round(size * 2)
        rpr += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        lines = text.split("\n")
        body = "<w:br/>".join("<w:tab/>".join(f'<w:t xml:space="preserve">{_text(t)}</w:t>' for t in x.split("\t"))
                              for x in lines)
        return f"<w:r><w:rPr>{rpr}</w:rPr>{body}</w:r>"

    @staticmethod
    def border(p, side: str, val: str = "single", eighths: int = 8, color: str = "000000",
               space_pt: int = 1) -> None:
        if isinstance(p, _P):
            p.borders.append((side, val, eighths, color, space_pt))
            return
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
        p = self.para("")
        p.runs.append('<w:r><w:br w:type="page"/></w:r>')
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
            elif isinstance(b, Image):
                self.image(b)

    def image(self, im: Image) -> None:
        """A centred picture in its own paragraph (the inline drawing carries its own namespace declarations)."""
        from lxml import etree

        inline = self.d.part.new_pic_inline(io.BytesIO(im.png), Mm(im.width_mm), Mm(im.height_mm()))
        drawing = etree.tostring(inline, encoding="unicode")
        self.parts.append(f'<w:p><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="0"/><w:jc w:val="center"/>'
                          f'</w:pPr><w:r><w:drawing>{drawing}</w:drawing></w:r></w:p>')
        if im.caption:
            self.para(im.caption, align="center", role="kai", size=12, line=None, char_pt=12)

    def table(self, t: Table) -> None:
        heads = t.headers()
        ncols = len(t.columns)
        widths = [round(w * 20) for w in tables.column_widths(t, getattr(self, "text_w", L.TEXT_W))]
        leading = round(t.font_size * 1.5, 1)
        line = round(leading * 20)
        border = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                         for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
               f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
               '<w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
               '<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>'
               + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
        for i, row in enumerate(heads + t.rows):
            header = i < len(heads)
            trpr = "<w:cantSplit/>"        # rows never split over pages, as in the PDF
            min_lines = max((c.lines for c in row), default=1)
            if min_lines > 1:
                trpr += f'<w:trHeight w:val="{round((min_lines * leading + 2 * tables.PAD_Y) * 20)}" w:hRule="atLeast"/>'
            if header:
                trpr += "<w:tblHeader/>"
            cells, col = [], 0
            for cell in row:
                span = max(1, min(cell.colspan, ncols - col))
                grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                jc = {"center": "center", "right": "right"}.get(cell_align(cell, header), "left")
                run = self.run_xml(cell.text, "hei" if header else "fangsong", t.font_size) if cell.text else ""
                cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths[col:col + span])}" w:type="dxa"/>{grid}'
                             f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>{_PPR_FLAGS}'
                             f'<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>'
                             f'<w:jc w:val="{jc}"/></w:pPr>{run}</w:p></w:tc>')
                col += span
            if col < ncols:       # short row: pad with one merged empty cell
                cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths[col:])}" w:type="dxa"/>'
                             f'<w:gridSpan w:val="{ncols - col}"/></w:tcPr><w:p/></w:tc>')
            out.append(f"<w:tr>{'<w:trPr>' + trpr + '</w:trPr>' if trpr else ''}{''.join(cells)}</w:tr>")
        out.append("</w:tbl>")
        self.parts.append("".join(out))
        if t.caption:
            self.para(t.caption, size=t.font_size, line=leading, char_pt=t.font_size)

    def flush(self) -> None:
        """Parse the collected body XML once and put it before the section properties."""
        xml = "".join(p if isinstance(p, str) else p.xml() for p in self.parts)
        holder = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{xml}</w:body>')
        body = self.d.element.body
        sect = body.sectPr
        for el in list(holder):
            if sect is not None:
                sect.addprevious(el)
            else:
                body.append(el)
        self.parts = []


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
        size = min(L.mark_size(x, L.MARK_MAX_PT) for x in doc.issuers() or [""])
        for issuer in doc.issuers() or [""]:        # 联合行文: one organ per line, the leading organ first
            w.para(issuer, role="title", size=size, align="center", line=round(size * 1.25, 1), color=RED,
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
                p.tab_right = round(L.TEXT_W * 20)
                w.run(p, "\t" + doc.number)
        w.blank()
    for line in doc.title:
        w.para(line, role="title", size=L.TITLE_PT, align="center", grid=False)
    if doc.title:
        w.blank()
    if doc.addressee:
        w.para(doc.addressee, align="left")


def _back(w: _W, doc: Document) -> None:
    """附件说明, signature, date and 附注, kept with the last body paragraph (keepNext), as in the PDF: the note
    and the signature never start a page alone."""
    keep = []
    if w.parts and isinstance(w.parts[-1], _P) and (doc.attachment_note or doc.signature or doc.date):
        keep.append(w.parts[-1])
    note = doc.attachment_note_lines()
    if note:
        keep.append(w.blank())
        for i, line in enumerate(note):
            if i == 0:
                keep.append(w.para(line, left_chars=2 + 3, first_chars=-3))
            else:
                keep.append(w.para(line, left_chars=2 + 3))
    if doc.signature or doc.date:
        keep += [w.blank() for _ in range(L.SEAL_BLANK_LINES)]
        sig_inds, date_ind = L.joint_signature_indents(doc.signatures(), doc.date)
        for sig, ind in zip(doc.signatures(), sig_inds, strict=True):
            keep.append(w.para(sig, align="right", right_chars=ind))
        if doc.date:
            keep.append(w.para(doc.date, align="right", right_chars=date_ind))
    if doc.note:
        keep.append(w.para(f"（{doc.note}）", align="indent"))
    for p in keep[:-1]:
        p.keep = True


def _colophon(w: _W, doc: Document) -> None:
    """The 版记 in paragraph frames at the bottom of the text block of the last page, kept with the last content
    (keepNext). 通用格式: 抄送 and the 印发 line between 0.35 mm separator lines; 信函格式: 抄送 only, without
    lines (GB/T 9704 §10.1)."""
    printer, printed = doc.imprint()
    if not doc.cc and not printer:
        return
    if doc.colophon_own_page:          # the PDF writer found it would end on an odd page: alone on the next one
        if not getattr(w, "after_section", False):     # (a section break has already started a new page)
            w.parts.append(_TINY_BREAK)
        if doc.colophon_blank_before:  # a blank page first, so that the 版记 page is even
            w.parts.append(_TINY_BREAK)
    elif w.parts and isinstance(w.parts[-1], _P):
        w.parts[-1].keep = True
    elif w.parts and w.parts[-1].startswith("<w:tbl>"):
        w.parts[-1] = _keep_last_row(w.parts[-1])
    paras = []
    if doc.cc:
        paras.append(_P("left", L.LINE, -3, 1 + 3, 1, L.SMALL_PT))
        paras[-1].runs.append(w.run_xml(doc.cc_line(), "fangsong", L.SMALL_PT))
    if printer:
        p = _P("left", L.LINE, 0, 1, 1, L.SMALL_PT)
        p.tab_right = round(L.TEXT_W * 20 - 2 * L.SMALL_PT * 20)
        p.runs.append(w.run_xml(printer + "\t" + printed, "fangsong", L.SMALL_PT))
        paras.append(p)
    for p in paras:
        p.bottom = True
        w.parts.append(p)
    if doc.layout != "red":
        return
    # 0.35 mm (1 pt) lines above and below. Consecutive framed paragraphs stay in one frame only when their
    # borders are identical (LibreOffice), and identical borders enclose the group as one box: so the .docx has
    # no thin line between 抄送 and 印发 (the PDF draws it).
    for p in paras:
        w.border(p, "top", "single", 8, "000000", 4)
        w.border(p, "bottom", "single", 8, "000000", 4)


# a page break in a 1 pt paragraph: it fits under a full page, so it never adds a page of its own
_TINY_BREAK = ('<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" '
               'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr><w:r><w:rPr><w:sz w:val="2"/></w:rPr>'
               '<w:br w:type="page"/></w:r></w:p>')


def _keep_last_row(tbl: str) -> str:
    """The table's last row kept with the next paragraph (the 版记): the row does not split and its paragraphs
    carry keepNext, which Word applies to the row."""
    i = tbl.rindex("<w:tr>")
    row = tbl[i:].replace("<w:p><w:pPr>", "<w:p><w:pPr><w:keepNext/>")
    if row.startswith("<w:tr><w:trPr>"):
        row = row.replace("<w:tr><w:trPr>", "<w:tr><w:trPr><w:cantSplit/>", 1)
    else:
        row = row.replace("<w:tr>", "<w:tr><w:trPr><w:cantSplit/></w:trPr>", 1)
    return tbl[:i] + row


def _attachment(w: _W, a: Attachment) -> None:
    land = tables.landscape(a)
    if land:
        _section_break(w, landscape=False)          # ends the portrait pages before it
    elif getattr(w, "after_section", False):
        w.after_section = False                     # a section break already started this page
    else:
        w.page_break()
    w.text_w = L.LAND_TEXT_W if land else L.TEXT_W
    w.para(a.label, role="hei", align="left")
    w.blank()
    w.para(a.title, role="title", size=L.TITLE_PT, align="center", grid=False)
    w.blank()
    w.blocks(a.blocks)
    w.text_w = L.TEXT_W
    if land:
        _section_break(w, landscape=True)           # ends the landscape pages
        w.after_section = True


def _section_break(w: _W, landscape: bool) -> None:
    """A 1 pt paragraph carrying the properties of the section it ends: a copy of the document's (portrait) section,
    or the same turned to landscape; no different first page (the letter head is on page 1 only)."""
    import copy

    sect = copy.deepcopy(w.d.sections[0]._sectPr)
    for el in list(sect):
        if el.tag in (qn("w:titlePg"), qn("w:type")) or (
                el.tag in (qn("w:headerReference"), qn("w:footerReference")) and el.get(qn("w:type")) == "first"):
            sect.remove(el)
    if landscape:
        pgsz, mar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
        pgsz.set(qn("w:w"), str(round(L.PAGE_H_MM * L.MM * 20)))
        pgsz.set(qn("w:h"), str(round(L.PAGE_W_MM * L.MM * 20)))
        pgsz.set(qn("w:orient"), "landscape")
        for side, mm in (("top", L.LAND_TOP_MM), ("bottom", L.LAND_BOTTOM_MM), ("left", L.LAND_LEFT_MM),
                         ("right", L.LAND_RIGHT_MM)):
            mar.set(qn(f"w:{side}"), str(round(mm * L.MM * 20)))
    xml = etree_tostring(sect)
    w.parts.append(f'<w:p><w:pPr>{_PPR_FLAGS}<w:spacing w:before="0" w:after="0" w:line="20" '
                   f'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr>{xml}</w:pPr></w:p>')


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
    w.flush()
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
