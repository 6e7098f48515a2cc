"""Rebuild the bundled fonts converted from Debian packages (run by hand; not used at run time).

    apt-get download texlive-lang-chinese fonts-hanazono && dpkg-deb -x <each>.deb x
    python resources/fonts/tools/build_bundled.py x resources/fonts

reportlab embeds TrueType (glyf) outlines only, so the Fandol faces (OpenType/CFF) are converted to quadratic
outlines (fontTools cu2qu, max error 1 unit of 1000) and hinting is dropped. The Hanazono faces are subset to CJK
Extension A (HanaMinA) and Extension B (HanaMinB): the basic block is already covered by the other faces.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

FANDOL = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
HANAZONO = "usr/share/fonts/truetype/hanazono"
EXT_A = range(0x3400, 0x4DC0)
EXT_B = range(0x20000, 0x2A6E0)


def cff_to_glyf(font: TTFont, max_err: float = 1.0) -> None:
    """Replace the CFF table by glyf/loca (quadratic curves), as fontTools' otf2ttf snippet does."""
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def convert(src: Path, dst: Path) -> None:
    font = TTFont(src)
    cff_to_glyf(font)
    font.save(dst)
    font = TTFont(dst)      # recompute bounds / maxp from the new outlines
    font.save(dst)
    print(f"{dst.name}: {dst.stat().st_size / 1e6:.1f} MB")


def ext_subset(src: Path, dst: Path, block: range) -> None:
    font = TTFont(src)
    cmap = font.getBestCmap()
    keep = [cp for cp in block if cp in cmap]
    opts = subset.Options()
    opts.hinting = False
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.layout_features = []
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=keep)
    sub.subset(font)
    font.save(dst)
    print(f"{dst.name}: {len(keep)} characters, {dst.stat().st_size / 1e6:.1f} MB")


def main(root: str, out: str) -> None:
    r, o = Path(root), Path(out)
    for name in ("FandolFang-Regular", "FandolSong-Bold"):
        convert(r / FANDOL / f"{name}.otf", o / f"{name}.ttf")
    ext_subset(r / HANAZONO / "HanaMinA.ttf", o / "HanaMinA-ExtA.ttf", EXT_A)
    ext_subset(r / HANAZONO / "HanaMinB.ttf", o / "HanaMinB-ExtB.ttf", EXT_B)


if __name__ == "__main__":
    main(*sys.argv[1:3])
