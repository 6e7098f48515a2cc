"""Rare characters never vanish: glyph-by-glyph fallback in the PDF, the Windows fonts folder path, the report of
characters no font has, and the font names the .docx gives Word/WPS."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from desktop.core import documents
from desktop.core.documents import fonts, glyphs, samples
from desktop.core.documents.content import Document, Paragraph
from tests.core.documents_helpers import W, bundled_fonts, docx_xml, norm, pdf_text

RARE = "堃喆犇䶮龘𪚥𠮷"          # BMP rare, Extension A (䶮), Extension B (𪚥 𠮷)
NOWHERE = "\U0003134a"         # CJK Extension G: in no bundled face


@pytest.fixture
def bundled_only(monkeypatch):
    """Fallback through the bundled faces only (no Windows folder, no fontconfig): the same on every machine."""
    fb = glyphs.Fallback(win=[], bundled=glyphs.bundled_faces(), use_fontconfig=False)
    monkeypatch.setattr(glyphs, "_default", fb)
    return fb


def rare_letter() -> Document:
    v = samples.values("廉洁提醒函")
    v["unit"] = {"name": "犇堃村"}
    doc = documents.build_document("廉洁提醒函", v)
    doc.body.insert(0, Paragraph(f"北岗村王堃祥经手，涉及{RARE}等姓名。"))
    doc.body.append(Paragraph("经办人：李𠮷喆。"))
    return doc


def pdf_fonts(path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def test_rare_characters_are_printed_and_extractable(tmp_path, bundled_only):
    doc = rare_letter()
    pdf = documents.render(doc, tmp_path, "rare", formats=("pdf",), fonts=bundled_fonts())["pdf"]
    text = norm(pdf_text(pdf))
    assert f"涉及{RARE}等姓名" in text                 # Extension B comes out as itself (UTF-16 ToUnicode)
    assert "中共犇堃村支部委员会" in text and "李𠮷喆" in text
    used = pdf_fonts(pdf)
    # the body face (Fandol 仿宋) lacks them: 文泉驿 has 堃喆犇龘, the Hanazono subsets 䶮 and 𪚥𠮷
    for face in ("FandolFang", "WenQuanYiMicroHei", "HanaMinA", "HanaMinB"):
        assert face in used, used


def test_fallback_faces_are_used_only_for_the_characters_they_fill(tmp_path, bundled_only):
    """pypdfium2: every character of the page is drawn with a glyph (no .notdef), and the fallback faces draw
    only the rare characters."""
    pdfium = pytest.importorskip("pypdfium2")
    doc = Document(kind="工作提示函", layout="plain", title=["提示"], body=[Paragraph(f"姓名：王{RARE}。")])
    pdf = documents.render(doc, tmp_path, "one", formats=("pdf",), fonts=bundled_fonts())["pdf"]
    page = pdfium.PdfDocument(str(pdf))[0]
    tp = page.get_textpage()
    text = tp.get_text_range()
    assert f"王{RARE}" in text.replace("\r\n", "")
    by_font: dict[str, str] = {}
    import ctypes

    import pypdfium2.raw as raw
    for i in range(tp.count_chars()):
        ch = chr(raw.FPDFText_GetUnicode(tp, i))
        buf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        raw.FPDFText_GetFontInfo(tp, i, buf, 256, ctypes.byref(flags))
        by_font.setdefault(buf.value.decode(errors="replace"), "")
        by_font[buf.value.decode(errors="replace")] += ch
    def chars(name: str) -> str:      # pdfium counts UTF-16 units: pair the surrogates again
        units = "".join(v for k, v in by_font.items() if name in k)
        return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le")

    hana = chars("HanaMin")
    assert sorted(hana) == sorted("䶮𪚥𠮷")
    wqy = chars("WenQuanYi")
    assert sorted(wqy) == sorted("堃喆犇龘")


def test_missing_reports_only_characters_no_font_has(bundled_only):
    report = bundled_fonts()
    assert glyphs.missing(f"王{RARE}同志", report) == []
    assert glyphs.missing(f"王{NOWHERE}{RARE}{NOWHERE}", report) == [NOWHERE]
    doc = rare_letter()
    doc.addressee = f"{NOWHERE}村："
    assert glyphs.document_missing(doc, report) == [NOWHERE]
    assert glyphs.describe([NOWHERE]) == f"{NOWHERE}（U+3134A）"


def test_windows_fonts_folder_is_searched_first(tmp_path, monkeypatch):
    """The Windows path, tested everywhere: a fonts folder with SimSun-ExtB (here a stand-in with that file name)
    fills 𠮷 before the bundled faces do."""
    win = tmp_path / "Windows" / "Fonts"
    win.mkdir(parents=True)
    shutil.copy(fonts.bundled_dir() / "HanaMinB-ExtB.ttf", win / "SIMSUNB.TTF")
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    faces = glyphs.windows_faces()
    assert [f.label for f in faces] == ["SIMSUNB.TTF"]
    fb = glyphs.Fallback(bundled=glyphs.bundled_faces(), use_fontconfig=False)
    assert fb.face_for("𠮷").path == str(win / "SIMSUNB.TTF")
    assert fb.face_for("䶮").label == "HanaMinA-ExtA.ttf"       # not in the stand-in: the bundled one
    assert fb.face_for(NOWHERE) is None


def test_fontconfig_lookup_parses_fc_list(monkeypatch, tmp_path):
    fake = tmp_path / "fc-list"
    fake.write_text("#!/bin/sh\necho '/usr/share/fonts/x/uming.ttc: index=1'\necho '/usr/share/fonts/y/a.pcf: index=0'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    glyphs.fontconfig_faces.cache_clear()
    try:
        assert glyphs.fontconfig_faces(0x5803) == (glyphs.Face("/usr/share/fonts/x/uming.ttc", 1),)
    finally:
        glyphs.fontconfig_faces.cache_clear()


def test_docx_names_the_standard_faces_with_windows_alternatives(tmp_path):
    doc = documents.build_document("纪律检查建议书", samples.values("纪律检查建议书"))
    path = documents.render(doc, tmp_path, "prop", formats=("docx",), fonts=bundled_fonts())["docx"]
    body = docx_xml(path)
    east = {r.get(f"{W}eastAsia") for r in body.iter(f"{W}rFonts")}
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体"} <= east
    assert not east & {"文鼎PL简报宋", "Fandol仿宋", "Fandol宋体粗体"}     # never the local substitute
    table = docx_xml(path, "word/fontTable.xml")
    alt = {f.get(f"{W}name"): (f.find(f"{W}altName").get(f"{W}val") if f.find(f"{W}altName") is not None
                               else None) for f in table.iter(f"{W}font")}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["方正小标宋简体"] == "宋体" and alt["楷体_GB2312"] == "楷体"


def test_parsed_faces_are_cached_and_give_the_same_subsets(tmp_path, monkeypatch):
    monkeypatch.setenv("QINGFENG_CACHE_DIR", str(tmp_path))
    path = str(fonts.bundled_dir() / "FandolFang-Regular.ttf")
    parsed = fonts.load_ttfont("T-parsed", path)
    cached_files = list((tmp_path / "fonts").glob("*.face"))
    assert len(cached_files) == 1
    cached = fonts.load_ttfont("T-cached", path)
    assert cached.face is not parsed.face and cached.face.charWidths == parsed.face.charWidths
    chars = [ord(c) for c in "整改通知书，东岭村2026年"]
    assert cached.face.makeSubset(chars) == parsed.face.makeSubset(chars)
    cached_files[0].write_bytes(b"damaged")                     # a damaged entry is ignored and rewritten
    again = fonts.load_ttfont("T-again", path)
    assert again.face.charWidths == parsed.face.charWidths
    assert cached_files[0].stat().st_size > 1000


def test_font_subsets_kept_across_documents_give_the_same_bytes():
    import io

    from desktop.core.documents import pdf_writer

    fonts._SUBSETS.clear()
    doc = documents.build_document("廉洁提醒函", samples.values("廉洁提醒函"))
    first = io.BytesIO()
    pdf_writer.write(doc, first, bundled_fonts())
    kept = len(fonts._SUBSETS)
    assert kept >= 3                                  # title, body, headings, page numbers …
    again = io.BytesIO()
    pdf_writer.write(documents.build_document("廉洁提醒函", samples.values("廉洁提醒函")), again, bundled_fonts())
    assert len(fonts._SUBSETS) == kept and again.getvalue() == first.getvalue()
