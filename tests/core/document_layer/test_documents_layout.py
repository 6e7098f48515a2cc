"""Layout checks on our own output: golden docx XML, PDF text == docx text, embedded fonts, GB/T 9704 numbers."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
from lxml import etree

from desktop.core import documents
from desktop.core.documents import samples
from desktop.core.documents.content import Cell, Column, Document, Heading, Paragraph, Table
from tests.core.documents_helpers import (
    W,
    bundled_fonts,
    docx_text,
    docx_xml,
    norm,
    pdf_fonts,
    pdf_pages,
    pdf_text,
)

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "documents", "golden_letter.xml")
VOLATILE = re.compile(r' (?:w:rsid\w*|w14:\w+)="[^"]*"')


def small_letter() -> Document:
    return Document(kind="廉洁提醒函", layout="letter", issuer="中共清溪镇纪律检查委员会", number="清纪提〔2026〕3号",
                    title=["廉洁提醒函"], addressee="李建国同志：",
                    body=[Paragraph("元旦、春节将至，现就有关廉洁事项提醒如下："),
                          Heading(1, "一、", "严守纪律。", "严禁违规收送礼品礼金。"),
                          Heading(2, "（一）", "带头移风易俗。")],
                    attachment_note=["回执"], signature="中共清溪镇纪律检查委员会", date="2026年11月24日",
                    cc=["区纪委监委第三纪检监察室"])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    fonts = bundled_fonts()
    letter = documents.render(small_letter(), out, "letter", fonts=fonts)
    notice = documents.render(documents.build_document("整改通知书", samples.values("整改通知书")), out, "notice",
                              fonts=fonts)
    return {"letter": letter, "notice": notice}


def _pretty(path) -> str:
    xml = etree.tostring(docx_xml(path), pretty_print=True, encoding="unicode")
    return VOLATILE.sub("", xml)


def test_golden_docx_xml(rendered):
    got = _pretty(rendered["letter"]["docx"])
    if os.environ.get("QINGFENG_UPDATE_GOLDEN") or not os.path.exists(GOLDEN):
        with open(GOLDEN, "w", encoding="utf-8") as fh:
            fh.write(got)
    with open(GOLDEN, encoding="utf-8") as fh:
        assert got == fh.read(), "document.xml changed; run with QINGFENG_UPDATE_GOLDEN=1 if intended"


def test_pdf_text_equals_docx_text_letter(rendered):
    paths = rendered["letter"]
    assert norm(pdf_text(paths["pdf"])) == norm(docx_text(paths["docx"]))


def test_pdf_text_equals_docx_text_notice_with_tables(rendered):
    """Same main text in the same order; in the tables pdftotext may read cells column-wise, so there the
    characters (each with its count) must be the same."""
    paths = rendered["notice"]
    pdf, docx = norm(pdf_text(paths["pdf"])), norm(docx_text(paths["docx"]))
    assert pdf.split("附件1")[0] == docx.split("附件1")[0]
    assert sorted(pdf) == sorted(docx)


@pytest.mark.parametrize("name", ["letter", "notice"])
def test_every_pdf_font_is_embedded(rendered, name):
    fonts = pdf_fonts(rendered[name]["pdf"])
    assert fonts, "no fonts listed"
    assert all(emb == "yes" for _, emb in fonts), fonts
    assert not any(n.startswith("Helvetica") for n, _ in fonts)


def test_docx_page_setup_is_gbt9704(rendered):
    body = docx_xml(rendered["notice"]["docx"]).find(f"{W}body")
    sect = body.find(f"{W}sectPr")
    size, mar, grid = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar"), sect.find(f"{W}docGrid")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")                      # A4
    assert {k: mar.get(f"{W}{k}") for k in ("top", "bottom", "left", "right")} == {
        "top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}                      # 37/35/28/26 mm
    assert grid.get(f"{W}type") == "linesAndChars" and grid.get(f"{W}linePitch") == "579"
    # 28 characters in 156 mm: (16 pt + charSpace/4096) * 28 = 442.2 pt
    assert abs((16 + int(grid.get(f"{W}charSpace")) / 4096) * 28 - 156 * 72 / 25.4) < 0.5


def test_docx_fonts_pin_east_asia_and_drop_theme(rendered):
    path = rendered["notice"]["docx"]
    for part in ("word/document.xml", "word/styles.xml"):
        root = docx_xml(path, part)
        rfonts = list(root.iter(f"{W}rFonts"))
        assert rfonts
        for rf in rfonts:
            assert not [a for a in rf.attrib if "Theme" in a or "theme" in a], (part, rf.attrib)
    doc = docx_xml(path)
    runs = [r for r in doc.iter(f"{W}r") if r.find(f"{W}t") is not None and (r.find(f"{W}t").text or "")]
    assert runs and all(r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") for r in runs)
    styles = docx_xml(path, "word/styles.xml")
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN"
    # body text: 3号 (sz 32), exact 28.95 pt; title 2号 (sz 44); heading 一、 in 黑体
    assert any(r.find(f"{W}rPr/{W}sz").get(f"{W}val") == "44" for r in runs)
    heads = [r for r in runs if r.find(f"{W}t").text.startswith("一、")]
    assert heads and heads[0].find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "黑体"


def test_docx_table_header_repeats_and_attachment_on_new_page(rendered):
    doc = docx_xml(rendered["notice"]["docx"])
    tables = list(doc.iter(f"{W}tbl"))
    assert tables
    first_row = tables[0].find(f"{W}tr")
    assert first_row.find(f"{W}trPr/{W}tblHeader") is not None
    breaks = list(doc.iter(f"{W}br")) + list(doc.iter(f"{W}pPr"))
    breaks = [b for b in breaks if b.tag == f"{W}br" or b.find(f"{W}sectPr") is not None]
    assert len(breaks) >= 2          # one page or section break per attachment


def test_pdf_page_size_and_text_inside_the_text_block(rendered):
    path = rendered["notice"]["pdf"]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89" in info
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    mm = 72 / 25.4
    checked = 0
    for page in html.split("<page ")[1:]:
        width = float(re.match(r'width="([\d.]+)"', page).group(1))
        land = width > 800                    # the 问题整改清单 on landscape pages: text block 225 × 147 mm
        left, right, top, bottom = (37, 297 - 35, 28, 210 - 35) if land else (28, 210 - 26, 37, 297 - 35)
        page_h = 595.276 if land else 841.89
        words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page)
        for x0, y0, x1, y1, text in words:
            x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
            if re.fullmatch(r"—|\d+", text) and y0 > page_h - 35 * mm:     # page number below the text block
                continue
            checked += 1
            assert x0 >= left * mm - 1 and x1 <= right * mm + 16, (text, x0, x1)   # punctuation may hang
            assert y0 >= top * mm - 8 and y1 <= bottom * mm + 2, (text, y0, y1)
    assert checked


def test_pdf_page_numbers_alternate_sides(rendered):
    path = rendered["notice"]["pdf"]
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = html.split("<page ")[1:]
    assert len(pages) == pdf_pages(path) >= 3
    for no, page in enumerate(pages, 1):
        nums = [float(x) for x, t in re.findall(r'xMin="([\d.]+)"[^>]*>(\d+)<', page)
                if t == str(no)]
        assert nums, f"no page number on page {no}"
        assert (nums[-1] > 297) == bool(no % 2), f"page {no} number on the wrong side"


def test_letter_first_page_has_no_page_number(tmp_path):
    doc = small_letter()
    doc.body += [Paragraph("段落内容用于换页。" * 30) for _ in range(4)]
    paths = documents.render(doc, tmp_path, "long", fonts=bundled_fonts())
    pages = subprocess.run(["pdftotext", str(paths["pdf"]), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    assert pdf_pages(paths["pdf"]) >= 2
    assert "— 1 —" not in pages[0] and "— 2 —" in pages[1]
    sect = docx_xml(paths["docx"]).find(f"{W}body/{W}sectPr")
    assert sect.find(f"{W}titlePg") is not None


def test_generic_form_table_renders_in_both(tmp_path):
    """The check sheet of issue 5: a form (label/value cells, colspans) and a table with two header rows."""
    form = Table(columns=[Column("项目", 2), Column("内容", 4), Column("项目", 2), Column("内容", 4)],
                 rows=[[Cell("被检查单位", label=True), Cell("东岭村", colspan=3)],
                       [Cell("检查日期", label=True), Cell("2026年11月24日"), Cell("检查人", label=True),
                        Cell("王晓燕")],
                       [Cell("检查意见", label=True), Cell("", colspan=3, lines=4)]], header_rows=[])
    grid = Table(columns=[Column("序号", 1), Column("检查事项", 5), Column("结果", 2)],
                 header_rows=[[Cell("村级小微权力检查", colspan=3, label=True)],
                              [Cell("序号", label=True), Cell("检查事项", label=True), Cell("结果", label=True)]],
                 rows=[[Cell(str(i)), Cell(f"检查事项{i}"), Cell("符合")] for i in range(1, 60)])
    doc = Document(kind="检查记录表", layout="plain", title=["村级小微权力检查记录表"], body=[form, grid])
    paths = documents.render(doc, tmp_path, "sheet", fonts=bundled_fonts())
    assert pdf_pages(paths["pdf"]) >= 2
    text = pdf_text(paths["pdf"])
    assert text.count("村级小微权力检查\n") >= 2 or norm(text).count("村级小微权力检查序号") >= 2   # repeated
    # the PDF repeats the two header rows on every further page; otherwise the same characters as the .docx
    from collections import Counter
    extra = Counter(norm(text)) - Counter(norm(docx_text(paths["docx"])))
    assert extra == Counter("村级小微权力检查序号检查事项结果" * (pdf_pages(paths["pdf"]) - 1))
    tbl = list(docx_xml(paths["docx"]).iter(f"{W}tbl"))[1]
    assert sum(1 for tr in tbl.iter(f"{W}tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None) == 2


def test_docx_reopens_and_paragraph_properties_follow_the_schema_order(rendered):
    """Word refuses files whose pPr/rPr/tblPr children are out of order; python-docx must read the file back."""
    import docx

    from desktop.core.documents.docx_writer import PPR_ORDER, RPR_ORDER, TBLPR_ORDER

    path = rendered["notice"]["docx"]
    reopened = docx.Document(str(path))
    assert reopened.paragraphs and reopened.tables
    root = docx_xml(path)
    for tag, order in (("pPr", PPR_ORDER), ("rPr", RPR_ORDER), ("tblPr", TBLPR_ORDER)):
        rank = {f"{W}{n}": i for i, n in enumerate(order)}
        for el in root.iter(f"{W}{tag}"):
            ranks = [rank.get(k.tag, 99) for k in el]
            assert ranks == sorted(ranks), (tag, [k.tag for k in el])
