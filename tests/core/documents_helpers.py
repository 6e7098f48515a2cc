"""Helpers shared by the document-layer tests (not collected: no test_ prefix)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from functools import lru_cache

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


@lru_cache(maxsize=1)
def bundled_fonts():
    """A deterministic font report: only the fonts bundled in resources/fonts."""
    from desktop.core.documents import fonts

    return fonts.resolve_in([], [], fonts.bundled_dir())


def docx_xml(path, part="word/document.xml"):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def docx_text(path) -> str:
    """All printed text of a .docx in reading order: first-page header, then the body (paragraphs and tables)."""
    out = []
    with zipfile.ZipFile(path) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        doc = etree.fromstring(z.read("word/document.xml"))
        sect = doc.find(f"{W}body/{W}sectPr")
        for ref in sect.findall(f"{W}headerReference"):
            if ref.get(f"{W}type") == "first":
                rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
                    rf'Target="([^"]+)"[^>]*Id="{rid}"', rels)
                head = etree.fromstring(z.read("word/" + target.group(1)))
                out += [t.text or "" for t in head.iter(f"{W}t")]
    out += [t.text or "" for t in doc.find(f"{W}body").iter(f"{W}t")]
    return "".join(out)


def pdf_text(path) -> str:
    txt = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return PAGE_NUMBER.sub("", txt)


def norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def pdf_fonts(path) -> list[tuple[str, str]]:
    """(name, embedded yes/no) per font."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        if len(parts) >= 5:
            # name type [type2] encoding emb sub uni id gen: emb is the 5th field from the end
            rows.append((parts[0], parts[-5]))
    return rows
