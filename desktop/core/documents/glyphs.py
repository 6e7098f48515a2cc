"""Glyph-by-glyph font fallback for the PDF (and so for the preview, which shows our PDF).

A character the chosen face of its role lacks (堃 in 文鼎PL简报宋, 𠮷 in nearly everything) is set in the first face of
this chain that has it:
  1. the other installed CJK faces: the Windows fonts folder (宋体, SimSun-ExtB, 仿宋, 楷体, 黑体, 微软雅黑 …) and, on
     Linux/UOS/Kylin, whatever fontconfig reports for the character (`fc-list :charset=XXXX`);
  2. the bundled faces in resources/fonts, the last two covering CJK Extension A and B (HanaMin).
Only TrueType faces that allow embedding are used (fonts.check_font). Coverage sets are read once per face and
process (the chosen faces' from reportlab's parse, the others' cmap with fontTools, lazily: a document without rare
characters never opens a fallback face). `missing(text)` lists the characters no face has (reported before 签发).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from desktop.core.documents import fonts as fontmod

# Windows faces with wide CJK coverage, in the order they are tried (file names, case-insensitive)
WINDOWS_CJK = ("simsun.ttc", "simsunb.ttf", "simsunextg.ttf", "simfang.ttf", "simkai.ttf", "simhei.ttf",
               "msyh.ttc", "msyh.ttf", "mingliub.ttc", "msjh.ttc", "deng.ttf")
# bundled faces, in the order they are tried; the last two cover CJK Extension A and Extension B
BUNDLED_CHAIN = ("FandolFang-Regular.ttf", "FandolSong-Bold.ttf", "gbsn00lp.ttf", "gkai00mp.ttf",
                 "wqy-microhei.ttc", "HanaMinA-ExtA.ttf", "HanaMinB-ExtB.ttf")
_lock = threading.RLock()


@dataclass(frozen=True)
class Face:
    path: str
    index: int = 0

    @property
    def label(self) -> str:
        return Path(self.path).name


def ignorable(ch: str) -> bool:
    """Characters that need no glyph (spaces, line breaks, controls)."""
    return ch.isspace() or ord(ch) < 0x20 or 0xFE00 <= ord(ch) <= 0xFE0F


@functools.cache
def coverage(path: str, index: int = 0) -> frozenset[int]:
    """Code points a face maps (read from its cmap once per process); empty when it cannot be used."""
    if fontmod.check_font(path, index):
        return frozenset()
    try:
        from fontTools.ttLib import TTFont as FTFont

        f = FTFont(path, fontNumber=index, lazy=True)
        try:
            return frozenset(f.getBestCmap() or ())
        finally:
            f.close()
    except Exception:
        return frozenset()


def windows_faces(dirs: list[Path] | None = None) -> list[Face]:
    """The CJK faces of the Windows fonts folder(s) that exist, in WINDOWS_CJK order."""
    files: dict[str, str] = {}
    for d in fontmod.windows_dirs() if dirs is None else dirs:
        try:
            for p in d.iterdir():
                files.setdefault(p.name.lower(), str(p))
        except OSError:
            continue
    return [Face(files[n]) for n in WINDOWS_CJK if n in files]


def bundled_faces(folder: Path | None = None) -> list[Face]:
    d = fontmod.bundled_dir() if folder is None else folder
    return [Face(str(d / n)) for n in BUNDLED_CHAIN if (d / n).is_file()]


@functools.lru_cache(maxsize=4096)
def fontconfig_faces(cp: int) -> tuple[Face, ...]:
    """Installed faces fontconfig says have the character (Linux, UOS, Kylin); () without fontconfig."""
    exe = shutil.which("fc-list")
    if not exe or sys.platform == "win32":
        return ()
    try:
        out = subprocess.run([exe, f":charset={cp:x}", "file", "index"], capture_output=True, text=True,
                             timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    faces = []
    for line in sorted(out.splitlines()):
        path, _, rest = line.partition(":")
        idx = rest.strip().removeprefix("index=").strip() or "0"
        if path.lower().endswith((".ttf", ".ttc", ".otf")) and idx.isdigit():
            faces.append(Face(path.strip(), int(idx)))
    return tuple(faces)


class Fallback:
    """Picks a face per character for one font report. `register(face) -> reportlab font name` is injected by the
    PDF writer (so this module does not import reportlab); `primary_cov(name)` gives a registered font's coverage."""

    def __init__(self, win: list[Face] | None = None, bundled: list[Face] | None = None, use_fontconfig=True):
        self._win, self._bundled, self.use_fontconfig = win, bundled, use_fontconfig
        self._by_char: dict[int, Face | None] = {}

    def chain(self, cp: int) -> list[Face]:
        win = windows_faces() if self._win is None else self._win
        fc = list(fontconfig_faces(cp)) if self.use_fontconfig else []
        bun = bundled_faces() if self._bundled is None else self._bundled
        return win + fc + bun

    def face_for(self, ch: str) -> Face | None:
        """The first face of the chain that has `ch` (None: no face has it)."""
        cp = ord(ch)
        with _lock:
            if cp in self._by_char:
                return self._by_char[cp]
            face = next((f for f in self.chain(cp) if cp in coverage(f.path, f.index)), None)
            self._by_char[cp] = face
            return face


_default: Fallback | None = None


def default() -> Fallback:
    global _default
    with _lock:
        if _default is None:
            _default = Fallback()
        return _default


def role_coverage(report: fontmod.FontReport, role: str) -> frozenset[int]:
    c = report.choices.get(role)
    return coverage(c.path, c.index) if c else frozenset()


def missing(text: str, report: fontmod.FontReport | None = None, fallback: Fallback | None = None) -> list[str]:
    """Characters of `text` that neither the body face nor any fallback face has, in order of appearance."""
    report = report or fontmod.resolve()
    fb = fallback or default()
    body = role_coverage(report, "fangsong")
    out: dict[str, None] = {}
    for ch in dict.fromkeys(text):
        if ignorable(ch) or ord(ch) in body:
            continue
        if fb.face_for(ch) is None:
            out[ch] = None
    return list(out)


def document_missing(doc, report: fontmod.FontReport | None = None) -> list[str]:
    """Characters of a content.Document that no font can print (see missing)."""
    return missing("".join(doc.plain_text()), report)


def describe(chars: list[str]) -> str:
    """'𠮷（U+20BB7）、…' for messages."""
    return "、".join(f"{c}（U+{ord(c):04X}）" for c in chars)
