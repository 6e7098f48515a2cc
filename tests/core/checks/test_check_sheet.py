"""The printable check sheet (检查记录表) through the documents layer: blank and filled, docx and PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from docx import Document as DocxDocument

from desktop.core.services.checks import checklists
from desktop.core.services.checks import sheet as check_sheet
from tests.core.check_helpers import answer, new_inspection


def _docx_text(path) -> str:
    doc = DocxDocument(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler) not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_filled_sheet_carries_head_results_and_findings(ctx, tmp_path):
    ins = new_inspection(ctx, n_items=3, contacted_note="走访群众 12 户")
    answer(ctx, ins, [("符合", None), ("不符合", "会议记录缺签名"), ("不适用", None)])
    doc = check_sheet.build_sheet(ctx, inspection_id=ins["id"])
    text = "\n".join(doc.plain_text())
    assert "村级小微权力监督检查记录表" in text and "青石村" in text and "2026年11月20日" in text
    assert "■查阅资料" in text and "□暗访" in text and "■不符合" in text
    assert "1. C01-02 各环节会议记录是否齐全规范：会议记录缺签名" in text
    paths = check_sheet.render_sheet(ctx, tmp_path, inspection_id=ins["id"])
    docx_text, pdf_text = _docx_text(paths["docx"]), _pdf_text(paths["pdf"])
    for needle in ("青石村", "会议记录缺签名", "王晓燕、李明", "检查人员（签字）"):
        assert needle in docx_text
        assert needle in pdf_text.replace(" ", "")


def test_blank_sheets_leave_results_empty(ctx, tmp_path):
    ins = new_inspection(ctx, n_items=2)
    answer(ctx, ins, [("不符合", "不应出现在空白表上"), ("符合", None)])
    text = "\n".join(check_sheet.build_sheet(ctx, inspection_id=ins["id"], blank=True).plain_text())
    assert "■符合" not in text and "■不符合" not in text and "不应出现在空白表上" not in text
    assert "青石村" in text
    cl = checklists.list_checklists(ctx)[0]
    doc = check_sheet.build_sheet(ctx, checklist_id=cl["id"], blank=True)
    assert doc.title == ["村级小微权力监督检查记录表（空白）"]
    items = doc.body[3]
    assert len(items.rows) == 58
    paths = check_sheet.render_sheet(ctx, tmp_path, checklist_id=cl["id"], blank=True, formats=("pdf",))
    assert paths["pdf"].stat().st_size > 10_000
