"""LibreOffice renders our .docx with the same page count as our own PDF (one soffice call per test)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from desktop.core import documents
from desktop.core.documents import samples, templates
from tests.core.document_layer.test_documents_layout import small_letter
from tests.core.documents_helpers import bundled_fonts, pdf_pages

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")]


# LibreOffice gets the faces our PDF used (the bundled fallbacks) under the names the .docx asks for, as Word on a
# Chinese Windows would have 仿宋/黑体/楷体/Times New Roman; otherwise it substitutes wider Latin faces.
# the names the .docx writes -> the bundled faces our PDF uses for them (tests.core.documents_helpers.bundled_fonts)
ALIASES = {"Times New Roman": "FandolFang", "仿宋_GB2312": "FandolFang", "仿宋": "FandolFang",
           "方正小标宋简体": "FandolSong", "宋体": "AR PL SungtiL GB", "黑体": "WenQuanYi Micro Hei",
           "楷体_GB2312": "AR PL KaitiM GB", "楷体": "AR PL KaitiM GB"}


def fontconfig(tmp_path) -> str:
    from desktop.core.documents import fonts

    rules = "".join(
        f'<match target="pattern"><test name="family"><string>{a}</string></test>'
        f'<edit name="family" mode="assign" binding="strong"><string>{b}</string></edit></match>'
        for a, b in ALIASES.items())
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<dir>{fonts.bundled_dir()}</dir>{rules}</fontconfig>', encoding="utf-8")
    return str(conf)


def libreoffice_pages(docx, tmp_path) -> int:
    out = tmp_path / "lo"
    env = {**os.environ, "FONTCONFIG_FILE": fontconfig(tmp_path)}
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo_profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   check=True, capture_output=True, timeout=120, env=env)
    return pdf_pages(out / (docx.stem + ".pdf"))


def compact_notice_template() -> str:
    """The default 整改通知书 without the general requirements section and the reply form."""
    text = templates.default_text("整改通知书").replace("@附件 整改情况反馈表\n", "")
    return text[:text.index("@一 整改要求")] + text[text.index("@一 整改期限"):]


def test_one_page_letter_same_page_count(tmp_path):
    paths = documents.render(small_letter(), tmp_path, "letter", fonts=bundled_fonts())
    assert pdf_pages(paths["pdf"]) == 1
    assert libreoffice_pages(paths["docx"], tmp_path) == 1


def test_three_page_notice_with_table_same_page_count(tmp_path):
    doc = templates.build("整改通知书", samples.values("整改通知书", n_problems=1), text=compact_notice_template())
    assert doc.attachments and doc.attachments[0].title == "问题整改清单"
    paths = documents.render(doc, tmp_path, "notice", fonts=bundled_fonts())
    # 3 pages of text; the 版记 goes alone on page 4, the back of the second sheet
    assert doc.colophon_own_page
    assert pdf_pages(paths["pdf"]) == 4
    assert libreoffice_pages(paths["docx"], tmp_path) == 4


def test_full_notice_colophon_kept_with_the_last_form_row(tmp_path):
    """The 版记 of the full 整改通知书 (two appended forms) is on the last page with the form's last row, in
    LibreOffice as in our PDF (keepNext on the row, 版记 in a frame at the bottom of the text block)."""
    import subprocess

    doc = documents.build_document("整改通知书", samples.values("整改通知书"))
    paths = documents.render(doc, tmp_path, "full", fonts=bundled_fonts())
    pages = pdf_pages(paths["pdf"])
    assert libreoffice_pages(paths["docx"], tmp_path) == pages
    last = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), str(tmp_path / "lo" / "full.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "抄送：" in last and "主要负责人签字" in last
