"""Check that a built bundle holds everything the program loads at run time: python installer/check_bundle.py DIR.

Prints what is missing (one line each) and exits 1, else prints the bundle's size by part and exits 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# (what, glob under _internal) — each must match at least one file.
REQUIRED = [
    ("python-docx 的默认模板", "docx/templates/default.docx"),
    ("python-docx 的页眉页脚模板", "docx/templates/default-footer.xml"),
    ("python-docx 的 parts 文件夹（模板按 docx/parts/../templates 查找）", "docx/parts/hdrftr.py"),
    ("reportlab 的字体与配置", "reportlab/fonts/*"),
    ("Qt 的中文翻译", "PySide6/Qt/translations/qtbase_zh_CN.qm"),
    ("Qt 的平台插件", "PySide6/Qt/plugins/platforms/*"),
    ("Qt 的图像插件（svg 图标）", "PySide6/Qt/plugins/imageformats/*svg*"),
    ("pypdfium2 的 pdfium 库", "pypdfium2_raw/*pdfium*"),
]


def missing_items(bundle: Path) -> list[str]:
    internal = bundle / "_internal"
    out = [f"缺少{what}：{pattern}" for what, pattern in REQUIRED if not any(internal.glob(pattern))]
    for folder in ("db", "templates", "resources"):  # every file of these repo folders, whatever was added
        for src in (REPO / folder).rglob("*"):
            if src.is_file() and "__pycache__" not in src.parts and not (internal / src.relative_to(REPO)).is_file():
                out.append(f"缺少程序文件：{src.relative_to(REPO)}")
    for font in (REPO / "resources" / "fonts").glob("*.tt[fc]"):
        stem = font.stem.lower()
        if not any(stem in p.name.lower() for p in (REPO / "resources" / "fonts").glob("*.txt")):
            out.append(f"字体缺少许可证说明：{font.name}")
    return out


def sizes(bundle: Path) -> list[tuple[str, int]]:
    """Megabytes by top-level part of _internal (biggest first)."""
    parts: dict[str, int] = {}
    for f in bundle.rglob("*"):
        if f.is_file() and not f.is_symlink():
            rel = f.relative_to(bundle).parts
            key = "/".join(rel[:2]) if rel[0] == "_internal" and len(rel) > 2 else rel[0] if len(rel) == 1 else "/".join(rel[:2])
            parts[key] = parts.get(key, 0) + f.stat().st_size
    return sorted(parts.items(), key=lambda kv: -kv[1])


def main(argv: list[str]) -> int:
    bundle = Path(argv[0] if argv else "dist/qingfeng")
    problems = missing_items(bundle)
    for line in problems:
        print(line)
    total = sum(size for _, size in sizes(bundle))
    print(f"程序包 {bundle}：共 {total / 1e6:.1f} MB")
    for name, size in sizes(bundle)[:12]:
        print(f"  {size / 1e6:7.1f} MB  {name}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
