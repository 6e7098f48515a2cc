"""The .docx package beneath the writer: the slim base document (templates/base.docx, or python-docx's default
stripped the same way) and the schema order Word insists on for the properties the writer adds."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.oxml.ns import qn

from desktop.core.paths import templates_dir

BASE = "base.docx"     # templates/base.docx: python-docx's template slimmed to the styles we use (7 KB, not 900 KB)
_base_cache: list[bytes] = []


def _base_bytes() -> bytes:
    if not _base_cache:
        path = templates_dir() / BASE
        _base_cache.append(path.read_bytes() if path.is_file() else _slim_default())
    return _base_cache[0]


def _slim_default() -> bytes:
    """python-docx's default template without the unused parts and the 430 KB of built-in styles (how
    templates/base.docx was made; also the fallback when that file is missing)."""
    d = new_docx()
    for rel in list(d.part.rels.values()):
        if rel.reltype.endswith(("/stylesWithEffects", "/numbering", "/webSettings", "/customXml")):
            d.part.drop_rel(rel.rId)
    for rel in list(d.part.package.rels.values()):
        if rel.reltype.endswith("/thumbnail"):
            d.part.package.rels.pop(rel.rId)
    keep = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Header", "Footer", "HeaderChar",
            "FooterChar", "TableGrid"}
    styles = d.styles.element
    for el in list(styles):
        if el.tag == qn("w:latentStyles") or (el.tag == qn("w:style") and el.get(qn("w:styleId")) not in keep):
            styles.remove(el)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


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
