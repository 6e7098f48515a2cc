"""Fonts per role for the document writers.

Roles: 仿宋 (body), 小标宋 (title), 宋体 (page numbers), 黑体 (一、), 楷体 (（一）) and a Latin face for digits.
Search order per role: the Windows faces (%WINDIR%\\Fonts and the per-user font folder), then the same files or
known TrueType (glyf) CJK faces among the system fonts, then the bundled fallbacks in resources/fonts.
Every candidate is checked with fontTools: TrueType outlines (reportlab cannot embed CFF) and an OS/2 fsType that
allows embedding. `resolve()` returns a FontReport (cached per process); `register()` registers the chosen faces
with reportlab once, lazily. Substitutes are reported as Chinese notes the UI shows to the user.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.errors import QingfengError
from desktop.core.paths import resources_dir

ROLES = ("fangsong", "title", "song", "hei", "kai", "latin")
ROLE_LABEL = {"fangsong": "仿宋", "title": "小标宋", "song": "宋体", "hei": "黑体", "kai": "楷体",
              "latin": "Times New Roman"}
# Name written into the .docx (w:eastAsia / w:ascii) unless this machine has the standard face itself: the names
# GB/T 9704 documents use, so Word/WPS on a PC with the 公文 fonts uses them whatever this machine has. The .docx font
# table gives each an alternative (DOCX_ALT) that stock Chinese Windows has, for PCs without the 公文 fonts.
DOCX_DEFAULT = {"fangsong": "仿宋_GB2312", "title": "方正小标宋简体", "song": "宋体", "hei": "黑体",
                "kai": "楷体_GB2312", "latin": "Times New Roman"}
DOCX_ALT = {"仿宋_GB2312": "仿宋", "方正小标宋简体": "宋体", "楷体_GB2312": "楷体"}
OPTIONAL_ROLES = ("latin",)  # no Latin face: digits use the role's CJK face


class FontMissing(QingfengError):
    """No usable font for a role."""


@dataclass(frozen=True)
class Candidate:
    files: tuple[str, ...]      # file names, first existing wins (case-insensitive on Linux)
    index: int                  # sub-font index inside a .ttc
    label: str                  # human-readable Chinese name
    docx_name: str              # name Word/WPS knows the face by
    preferred: bool             # True: the face the standard asks for (no note when used)


_C = Candidate
WINDOWS = {
    "fangsong": [_C(("仿宋_GB2312.ttf", "FS_GB2312.ttf", "SIMFANG_GB2312.ttf"), 0, "仿宋_GB2312", "仿宋_GB2312", True),
                 _C(("simfang.ttf",), 0, "仿宋", "仿宋", True)],
    "title": [_C(("方正小标宋简体.ttf", "FZXBSJW.TTF", "方正小标宋_GBK.ttf", "FZXBSK.TTF"), 0, "方正小标宋简体",
                 "方正小标宋简体", True),
              _C(("simsun.ttc",), 0, "宋体", "宋体", False)],
    "song": [_C(("simsun.ttc",), 0, "宋体", "宋体", True)],
    "hei": [_C(("simhei.ttf",), 0, "黑体", "黑体", True)],
    "kai": [_C(("楷体_GB2312.ttf", "KT_GB2312.ttf", "SIMKAI_GB2312.ttf"), 0, "楷体_GB2312", "楷体_GB2312", True),
            _C(("simkai.ttf",), 0, "楷体", "楷体", True)],
    "latin": [_C(("times.ttf",), 0, "Times New Roman", "Times New Roman", True)],
}
SONG_FREE = [_C(("gbsn00lp.ttf",), 0, "文鼎PL简报宋", "宋体", False),
             _C(("uming.ttc",), 0, "文鼎PL明体", "宋体", False)]
FANG_FREE = [_C(("FandolFang-Regular.ttf",), 0, "Fandol仿宋", "仿宋_GB2312", False)]
TITLE_FREE = [_C(("FandolSong-Bold.ttf",), 0, "Fandol宋体粗体", "方正小标宋简体", False)]
LOOKALIKE = {"fangsong": FANG_FREE, "title": TITLE_FREE}   # open faces that look like the standard ones
SYSTEM = {  # free TrueType faces commonly packaged on Linux (Debian/UOS/Kylin)
    "fangsong": SONG_FREE,
    "title": SONG_FREE,
    "song": SONG_FREE,
    "hei": [_C(("wqy-microhei.ttc",), 0, "文泉驿微米黑", "黑体", False),
            _C(("wqy-zenhei.ttc",), 0, "文泉驿正黑", "黑体", False)],
    "kai": [_C(("gkai00mp.ttf",), 0, "文鼎PL简中楷", "楷体", False),
            _C(("ukai.ttc",), 0, "文鼎PL中楷", "楷体", False)],
    "latin": [_C(("LiberationSerif-Regular.ttf",), 0, "Liberation Serif", "Times New Roman", False)],
}
BUNDLED = {  # resources/fonts
    "fangsong": FANG_FREE, "title": TITLE_FREE, "song": SONG_FREE[:1],
    "hei": SYSTEM["hei"][:1], "kai": SYSTEM["kai"][:1], "latin": [],
}


@dataclass(frozen=True)
class FontChoice:
    role: str
    path: str
    index: int
    label: str
    docx_name: str
    source: str          # "windows" | "system" | "bundled" | "none"
    preferred: bool

    @property
    def substitute(self) -> bool:
        return not self.preferred


@dataclass
class FontReport:
    """The chosen face per role, plus Chinese notes about substitutes (shown to the user)."""

    choices: dict[str, FontChoice]
    notes: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)   # candidates found but unusable (CFF, no embedding)

    def docx_name(self, role: str) -> str:
        """Font name for the .docx: the standard face found here (e.g. 仿宋 on a PC without 仿宋_GB2312), else the
        standard name (DOCX_DEFAULT), whatever face this machine used for the PDF."""
        c = self.choices.get(role)
        return c.docx_name if c and c.preferred else DOCX_DEFAULT[role]

    def has(self, role: str) -> bool:
        return role in self.choices


# ------------------------------------------------------------------------------------------------ search

def windows_dirs() -> list[Path]:
    out = []
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        out.append(Path(windir) / "Fonts")
    elif sys.platform == "win32":
        out.append(Path(r"C:\Windows\Fonts"))
    local = os.environ.get("LOCALAPPDATA")
    if local:
        out.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return [d for d in out if d.is_dir()]


def system_dirs() -> list[Path]:
    if sys.platform == "win32":
        return []
    home = Path.home()
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts"]
    if sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), home / "Library/Fonts"]
    return [d for d in dirs if d.is_dir()]


def bundled_dir() -> Path:
    return resources_dir() / "fonts"


def _index_files(dirs: list[Path], recursive: bool) -> dict[str, str]:
    """lower-case file name -> path (first wins)."""
    found: dict[str, str] = {}
    for d in dirs:
        try:
            it = d.rglob("*") if recursive else d.iterdir()
            for p in it:
                if p.suffix.lower() in (".ttf", ".ttc", ".otf"):
                    found.setdefault(p.name.lower(), str(p))
        except OSError:
            continue
    return found


def check_font(path: str, index: int = 0) -> str:
    """'' when reportlab can embed the face, else a Chinese reason."""
    try:
        from fontTools.ttLib import TTFont as FTFont

        f = FTFont(path, fontNumber=index, lazy=True)
        try:
            if "glyf" not in f:
                return "不是 TrueType 轮廓（CFF/OpenType），无法嵌入 PDF"
            fs_type = f["OS/2"].fsType if "OS/2" in f else 0
            if fs_type & 0x0002 and not fs_type & 0x000C:
                return "字体授权禁止嵌入"
            if fs_type & 0x0200:
                return "字体授权仅允许嵌入位图"
        finally:
            f.close()
    except Exception as exc:  # damaged or unreadable file
        return f"无法读取（{type(exc).__name__}）"
    return ""


def _pick(role: str, tiers: list[tuple[str, list[Candidate], dict[str, str]]], rejected: list[str]):
    for source, cands, files in tiers:
        for c in cands:
            for name in c.files:
                path = files.get(name.lower())
                if not path:
                    continue
                why = check_font(path, c.index)
                if why:
                    rejected.append(f"{c.label}（{path}）{why}")
                    continue
                return FontChoice(role, path, c.index, c.label, c.docx_name, source, c.preferred)
    return None


def _note(choice: FontChoice) -> str:
    label = ROLE_LABEL[choice.role]
    where = "（随软件附带）" if choice.source == "bundled" else ""
    if choice.role == "title":
        return f"小标宋 未安装，标题已用 {choice.label}{where} 代替"
    return f"{label} 未安装，已用 {choice.label}{where} 代替"


def resolve_in(win: list[Path], system: list[Path], bundled: Path | None) -> FontReport:
    """Resolve every role in the given folders (no caching). Raises FontMissing when a required role has no face."""
    win_files = _index_files(win, recursive=False)
    sys_files = _index_files(system, recursive=True)
    bun_files = _index_files([bundled], recursive=False) if bundled and bundled.is_dir() else {}
    choices: dict[str, FontChoice] = {}
    notes: list[str] = []
    rejected: list[str] = []
    for role in ROLES:
        look = LOOKALIKE.get(role, [])
        tiers = [("windows", WINDOWS[role], win_files),
                 ("system", WINDOWS[role] + look, sys_files),
                 ("bundled", look, bun_files),
                 ("system", SYSTEM[role], sys_files),
                 ("bundled", BUNDLED[role], bun_files)]
        choice = _pick(role, tiers, rejected)
        if choice is None:
            if role in OPTIONAL_ROLES:
                continue
            raise FontMissing(f"找不到可用的{ROLE_LABEL[role]}字体，无法生成文书。",
                              hint="请安装仿宋、宋体、黑体、楷体（Windows 自带），或重新安装本软件以恢复附带字体")
        choices[role] = choice
        if choice.substitute:
            notes.append(_note(choice))
    if "latin" not in choices:
        notes.append("Times New Roman 未安装，数字和字母使用中文字体")
    return FontReport(choices, notes, rejected)


def _utf16(cp: int) -> str:
    if cp <= 0xFFFF:
        return f"{cp:04X}"
    cp -= 0x10000
    return f"{0xD800 + (cp >> 10):04X}{0xDC00 + (cp & 0x3FF):04X}"


def _tounicode_cmap(fontname, subset):
    """reportlab's ToUnicode CMap with UTF-16 surrogate pairs for characters outside the BMP (CJK Extension B …),
    so that text extraction and search find 𠮷 (reportlab writes the code point's low 16 bits only)."""
    body = [f"<{i:02X}> <{_utf16(v)}>" for i, v in enumerate(subset)]
    return "\n".join(["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
                      f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
                      f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
                      f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar", *body,
                      "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


_SUBSETS: dict = {}          # (font file, subfont, code points) -> (deflated subset, raw length); bounded
_SUBSETS_MAX = 64


def _add_subset_objects(self, doc, fontname, subset):
    """reportlab's TTFontFace.addSubsetObjects, with the deflated font subset kept per process: a batch of letters
    embeds the same title, heading and page-number subsets in every file, and subsetting plus compressing them is
    half of a letter's PDF time. Same bytes as without the cache (level-1 deflate, as pdf_writer sets)."""
    import zlib

    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC

    key = (self.filename, getattr(self, "subfontNameX", b""), tuple(subset))
    hit = _SUBSETS.get(key)
    if hit is None:
        raw = self.makeSubset(subset)
        hit = (zlib.compress(raw, 1), len(raw))
        if len(_SUBSETS) >= _SUBSETS_MAX:
            _SUBSETS.pop(next(iter(_SUBSETS)))
        _SUBSETS[key] = hit
    font_file = pdfdoc.PDFStream()
    font_file.content = hit[0] if doc.compression else zlib.decompress(hit[0])
    font_file.dictionary["Length1"] = hit[1]
    if doc.compression:
        font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    ref = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
    descriptor = pdfdoc.PDFDictionary({
        "Type": "/FontDescriptor", "Ascent": self.ascent, "CapHeight": self.capHeight, "Descent": self.descent,
        "Flags": (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC, "FontBBox": pdfdoc.PDFArray(self.bbox),
        "FontName": pdfdoc.PDFName(fontname), "ItalicAngle": self.italicAngle, "StemV": self.stemV,
        "FontFile2": ref, "MissingWidth": self.defaultWidth})
    return doc.Reference(descriptor, "fontDescriptor:" + fontname)


def _patch_reportlab() -> None:
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _tounicode_cmap
    ttfonts.TTFontFace.addSubsetObjects = _add_subset_objects


_lock = threading.Lock()
_cached: FontReport | None = None
_registered: dict[str, str] = {}   # role -> reportlab font name


def resolve(refresh: bool = False) -> FontReport:
    """The font report for this machine (computed once per process)."""
    global _cached
    with _lock:
        if _cached is None or refresh:
            _cached = resolve_in(windows_dirs(), system_dirs(), bundled_dir())
        return _cached


class _Scale:
    """reportlab's font unit scale, picklable (reportlab uses a lambda)."""

    def __init__(self, factor: float):
        self.factor = factor

    def __call__(self, x):
        return x * self.factor


def cache_dir() -> Path:
    """Per-user cache of parsed font faces ($QINGFENG_CACHE_DIR when set)."""
    env = os.environ.get("QINGFENG_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("qingfeng", appauthor=False))


def _face_cache_file(path: str, index: int) -> Path | None:
    import hashlib

    import reportlab

    try:
        st = os.stat(path)
    except OSError:
        return None
    key = f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}|{index}|{reportlab.Version}|1"
    return cache_dir() / "fonts" / (hashlib.sha1(key.encode()).hexdigest() + ".face")


def load_ttfont(name: str, path: str, index: int = 0):
    """reportlab TTFont for a face. Parsing a large CJK face takes 40–120 ms in every new process, so the parsed face
    (tables, widths, cmap) is kept in the user's cache folder, keyed by the file's path, size and time and the
    reportlab version; an unreadable or stale cache entry is ignored and rewritten."""
    import pickle
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace, unShapedFontGlob

    cache = _face_cache_file(path, index)
    face = None
    if cache is not None and cache.is_file():
        try:
            face = pickle.loads(cache.read_bytes())
            if not isinstance(face, TTFontFace):
                face = None
        except Exception:
            face = None
    if face is None:
        font = TTFont(name, path, subfontIndex=index)
        if cache is not None:
            try:
                font.face._pdfScale = _Scale(1000 / font.face.unitsPerEm)
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_suffix(f".{os.getpid()}.part")
                tmp.write_bytes(pickle.dumps(font.face, protocol=pickle.HIGHEST_PROTOCOL))
                os.replace(tmp, cache)
            except Exception:
                pass
        return font
    font = TTFont.__new__(TTFont)           # what TTFont.__init__ does, with the cached face
    font.fontName, font.face, font.encoding = name, face, TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in unShapedFontGlob)
    return font


def register(report: FontReport | None = None, roles=None) -> dict[str, str]:
    """Register the chosen faces with reportlab (each file once per process); returns role -> reportlab font name.
    `roles` limits the work to the faces a document uses (parsing a large CJK face takes 30–150 ms)."""
    from reportlab.pdfbase import pdfmetrics

    _patch_reportlab()
    report = report or resolve()
    with _lock:
        by_file: dict[tuple[str, int], str] = {}
        for role, c in report.choices.items():
            if roles is not None and role not in roles:
                continue
            key = (c.path, c.index)
            if key not in by_file:
                name = f"QF-{Path(c.path).stem}-{c.index}"
                try:
                    pdfmetrics.getFont(name)
                except KeyError:
                    try:
                        pdfmetrics.registerFont(load_ttfont(name, c.path, c.index))
                    except Exception as exc:
                        raise FontMissing(f"字体 {c.label} 无法加载：{exc}", hint="请检查字体文件是否完整") from exc
                by_file[key] = name
            _registered[role] = by_file[key]
        return {r: n for r, n in _registered.items() if roles is None or r in roles}


def register_file(path: str, index: int = 0) -> str:
    """Register one face (a fallback face of glyphs.Fallback) with reportlab once; its reportlab font name."""
    from reportlab.pdfbase import pdfmetrics

    _patch_reportlab()
    name = f"QF-{Path(path).stem}-{index}"
    with _lock:
        try:
            pdfmetrics.getFont(name)
        except KeyError:
            pdfmetrics.registerFont(load_ttfont(name, path, index))
    return name


def warm_up() -> FontReport:
    """Resolve and register every face now (0.2–0.5 s). Meant for a background thread at start-up, so the user's
    first document does not wait for font parsing; safe to call more than once."""
    report = resolve()
    register(report)
    return report
