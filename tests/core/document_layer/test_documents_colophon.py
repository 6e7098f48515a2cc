"""版记 (抄送) at the bottom of the last page, kept with the last content; the 附件 note and the signature kept
with the last body paragraph (GB/T 9704 §7.3–§7.4)."""

from __future__ import annotations

import re
import subprocess

import pytest

from desktop.core import documents
from desktop.core.documents import samples
from desktop.core.documents.content import Paragraph
from tests.core.documents_helpers import PAGE_NUMBER, W, bundled_fonts, docx_xml

MM = 72 / 25.4
TEXT_BOTTOM = 841.89 - 35 * MM          # bottom edge of the text block, from the page top (pdftotext -bbox)


def pdf_only(doc, tmp_path, stem="doc"):
    return documents.render(doc, tmp_path, stem, formats=("pdf",), fonts=bundled_fonts())["pdf"]


def page_words(path) -> list[list[tuple[float, str]]]:
    """Per page: (yMax, word) of every word except the page number."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        words = [(float(y1), t) for y1, t in re.findall(r'yMax="([\d.]+)">([^<]*)<', page)]
        pages.append([(y, t) for y, t in words if not (re.fullmatch(r"—|\d+", t) and y > TEXT_BOTTOM)])
    return pages


def page_texts(path) -> list[str]:
    txt = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", PAGE_NUMBER.sub("", p)) for p in txt.split("\f")[:-1]]


@pytest.mark.parametrize("kind", ["整改通知书", "督办函", "廉洁提醒函", "纪律检查建议书"])
def test_cc_line_at_the_bottom_of_the_last_page_and_not_alone(kind, tmp_path):
    doc = documents.build_document(kind, samples.values(kind))
    assert doc.cc
    pages = page_words(pdf_only(doc, tmp_path))
    last = pages[-1]
    cc = [y for y, t in last if t.startswith("抄送")]
    assert cc, "抄送 is not on the last page"
    assert TEXT_BOTTOM - 2 * 28.95 < cc[0] <= TEXT_BOTTOM + 1, (cc[0], TEXT_BOTTOM)     # bottom of the text block
    others = [t for y, t in last if y < cc[0] - 20]
    if doc.layout == "red":      # 通用格式: the 版记 on an even page (the back of the last sheet), alone if need be
        assert len(pages) % 2 == 0, f"{kind}: the 版记 is on page {len(pages)}"
        assert bool(others) != doc.colophon_own_page
    else:
        assert others, f"{kind}: the 抄送 line is alone on the last page"
    assert all("抄送" not in t for page in pages[:-1] for _, t in page)
    printed = [y for y, t in last if t.endswith("日印发")]
    if doc.layout == "red":      # 通用格式: the 印发 line under the 抄送, on the bottom line of the text block
        assert doc.imprint() == ("中共清溪镇纪律检查委员会", "2026年11月24日印发")
        assert printed and cc[0] < printed[0] <= TEXT_BOTTOM + 1 and TEXT_BOTTOM - printed[0] < 20
    else:                        # 信函格式: no 印发 line
        assert not printed and doc.imprint() == ("", "")


def test_red_format_colophon_in_the_docx_is_one_bottom_frame_with_the_imprint(tmp_path):
    doc = documents.build_document("纪律检查建议书", samples.values("纪律检查建议书"))
    path = documents.render(doc, tmp_path, "prop", formats=("docx",), fonts=bundled_fonts())["docx"]
    body = docx_xml(path).find(f"{W}body")
    framed = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}framePr") is not None]
    texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in framed]
    assert texts == ["抄送：区纪委监委第三纪检监察室，中共清溪镇委员会。", "中共清溪镇纪律检查委员会2026年11月24日印发"]
    assert all(p.find(f"{W}pPr/{W}framePr").get(f"{W}yAlign") == "bottom" for p in framed)
    # identical borders: LibreOffice keeps the two paragraphs in one frame
    bdr = [etree_str(p.find(f"{W}pPr/{W}pBdr")) for p in framed]
    assert bdr[0] == bdr[1] and "top" in bdr[0] and "bottom" in bdr[0]


def etree_str(el) -> str:
    from lxml import etree

    return etree.tostring(el, encoding="unicode")


def test_cc_moves_with_the_last_table_row_when_the_page_is_full(tmp_path):
    """The full 整改通知书: the reply form fills its page; its last row goes over with the 版记, in both writers."""
    doc = documents.build_document("整改通知书", samples.values("整改通知书"))
    texts = page_texts(pdf_only(doc, tmp_path))
    assert "主要负责人签字" in texts[-1] and "抄送：" in texts[-1]
    assert "主要负责人签字" not in texts[-2]
    paths = documents.render(doc, tmp_path, "notice", formats=("docx",), fonts=bundled_fonts())
    body = docx_xml(paths["docx"]).find(f"{W}body")
    last_row = list(body.iter(f"{W}tr"))[-1]
    assert last_row.find(f"{W}trPr/{W}cantSplit") is not None
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in last_row.iter(f"{W}p") if len(p))
    frames = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}framePr") is not None]
    assert len(frames) == 2                             # 抄送 and the 印发 line
    fp = frames[0].find(f"{W}pPr/{W}framePr")
    assert (fp.get(f"{W}yAlign"), fp.get(f"{W}vAnchor")) == ("bottom", "margin")
    assert "".join(t.text for t in frames[0].iter(f"{W}t")).startswith("抄送：")


@pytest.mark.parametrize("extra", [0, 7, 18, 19, 20, 21])     # 19, 20: the old layout put them on a page alone
def test_note_and_signature_never_start_a_page_alone(extra, tmp_path):
    """Whatever the body length, the page holding the 附件 note and the signature also holds body text."""
    doc = documents.build_document("整改通知书", samples.values("整改通知书", n_problems=1))
    doc.attachments, doc.cc = [], []
    doc.body += [Paragraph("为确保整改取得实效，现补充说明一行。")] * extra + [
        Paragraph("请你单位高度重视，认真组织整改，并按期将整改情况书面报送镇纪委，逾期未报送的依规处理。")]
    texts = page_texts(pdf_only(doc, tmp_path, f"n{extra}"))
    page = next(t for t in texts if doc.date in t)
    assert "附件" in page and page.index("附件") > 0, page[:40]
    assert page.split("附件")[0].strip(), "the note and signature start the page"
    docx = documents.render(doc, tmp_path, f"n{extra}", formats=("docx",), fonts=bundled_fonts())["docx"]
    paras = list(docx_xml(docx).find(f"{W}body").iter(f"{W}p"))
    texts_x = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paras]
    last_body = max(i for i, t in enumerate(texts_x) if t.startswith("请你单位高度重视"))
    date = texts_x.index(doc.date)
    assert all(paras[i].find(f"{W}pPr/{W}keepNext") is not None for i in range(last_body, date))
