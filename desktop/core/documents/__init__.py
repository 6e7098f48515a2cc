"""Formal documents (公文): content model, wording templates, fonts and the two writers.

Public API (stable; add, don't rename):
    build_document(kind, values, *, data_dir=None) -> content.Document
        kind: a key of templates.KINDS (Chinese name); values: see templates.context (org, unit, person,
        problems, deadline, reply_days, contact, number (None = draft), number_prefix, date, source, subject,
        holiday, cc, addressee, talk, extra); data_dir: DataDir, Context or path holding user overrides.
    render(content, out_dir, stem, formats=("docx", "pdf"), *, fonts=None) -> {"docx": Path, "pdf": Path}
        atomic (temp file + rename); OutputError / fonts.FontMissing with Chinese messages.
    fonts.resolve() -> fonts.FontReport (.choices per role, .notes: Chinese substitute notes for the UI)
    fonts.warm_up()  resolve + register every face (call from a background thread at start-up)
    templates.KINDS, templates.load(kind, data_dir), templates.save_override(kind, text, data_dir),
    templates.reset(kind, data_dir), templates.has_override(kind, data_dir), templates.validate(text, kind),
    templates.build(kind, values, data_dir=None, text=None)  (text: live preview of unsaved edits),
    templates.PLACEHOLDERS / PROBLEM_FIELDS (help for the editor), templates.TemplateError (.line)
    content.Document / Paragraph / Heading / Table / Column / Cell / Attachment / PageBreak  (build by hand,
        e.g. the 检查记录表 of issue 5: layout="plain", Table(header_rows=[...]) or a form of label/value cells)
    samples.values(kind) -> realistic values for every kind (tests, previews)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from desktop.core.documents.content import Document
from desktop.core.errors import OutputError

FORMATS = ("docx", "pdf")
_BAD_STEM = set('\\/:*?"<>|\r\n\t')


def build_document(kind: str, values: dict, *, data_dir=None) -> Document:
    """The content model of a document of `kind` (templates.KINDS) filled with `values` (see templates.build)."""
    from desktop.core.documents import templates

    return templates.build(kind, values, data_dir=data_dir)


def safe_stem(stem: str) -> str:
    """A file name stem without characters Windows forbids."""
    s = "".join("_" if ch in _BAD_STEM else ch for ch in stem).strip(" .")
    return s[:120] or "文书"


def render(content: Document, out_dir, stem: str, formats=FORMATS, *, fonts=None) -> dict[str, Path]:
    """Write the document as <out_dir>/<stem>.docx and/or .pdf. Each file is written to a temp file in out_dir and
    renamed, so a failure never leaves a half-written file. Raises OutputError (Chinese) or fonts.FontMissing."""
    from desktop.core.documents import fonts as fontmod

    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise OutputError(f"不支持的文件格式：{'、'.join(bad)}", hint="可选 docx、pdf")
    report = fonts or fontmod.resolve()
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建输出文件夹：{out}", hint="请选择有写入权限的文件夹") from exc
    stem = safe_stem(stem)
    paths: dict[str, Path] = {}
    if "docx" in formats and content.layout == "red" and content.has_colophon():
        # the PDF layout decides whether the 版记 goes alone on an even page; the .docx follows it
        if "pdf" in formats:
            formats = ["pdf", *[f for f in formats if f != "pdf"]]
        else:
            import io

            _write("pdf", content, io.BytesIO(), report)
    for fmt in formats:
        target = out / f"{stem}.{fmt}"
        _atomic_write(target, lambda fh, fmt=fmt: _write(fmt, content, fh, report))
        paths[fmt] = target
    return paths


def _write(fmt: str, content: Document, fh, report) -> None:
    if fmt == "docx":
        from desktop.core.documents import docx_writer

        docx_writer.write(content, fh, report)
    else:
        from desktop.core.documents import pdf_writer

        pdf_writer.write(content, fh, report)


def _atomic_write(target: Path, writer) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"输出文件夹不可写入：{target.parent}", hint="请选择有写入权限的文件夹") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            writer(fh)
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o644)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise OutputError(f"文件“{target.name}”正被其他程序打开或只读，无法覆盖",
                              hint="请在 Word/WPS 或 PDF 阅读器中关闭该文件后重试，或换一个文件名") from exc
        except OSError as exc:
            raise OutputError(f"无法写入文件：{target}（{exc.strerror or exc}）") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
