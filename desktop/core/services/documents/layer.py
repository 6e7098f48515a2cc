"""The seam between the records side (services/documents/records.py) and the document layer (desktop/core/documents).

Everything the records side needs from the layer goes through here: build a content model from a kind and
values, render it to files, (de)serialise it for the snapshot taken at 签发, and the fonts report.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from pathlib import Path


def _layer():
    return importlib.import_module("desktop.core.documents")


def build(kind: str, values: dict, data_dir=None, *, text: str | None = None):
    """The content model of a document of `kind` filled with `values` from its wording template (the user's
    override in `data_dir` if any; `text` = unsaved template text, for the editor's live preview)."""
    if text is not None:
        return importlib.import_module("desktop.core.documents.templates").build(kind, values, data_dir=data_dir,
                                                                                  text=text)
    return _layer().build_document(kind, values, data_dir=data_dir)


def has_template(kind: str) -> bool:
    """True when the layer ships a wording template for `kind`."""
    from desktop.core.documents import templates

    return kind in templates.KINDS and templates.default_path(kind).is_file()


def render(content, out_dir: Path, stem: str, formats=("docx", "pdf")) -> list[Path]:
    """Write the files (atomically); returns their paths in the order of `formats`."""
    paths = _layer().render(content, Path(out_dir), stem, tuple(formats))
    if isinstance(paths, dict):
        return [Path(paths[f]) for f in formats if f in paths]
    return [Path(p) for p in paths]


def to_json(content) -> str:
    """Serialise a content model (a dataclass tree) with type tags, so `from_json` rebuilds it exactly."""
    return json.dumps(_encode(content), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json(text: str):
    return _decode(json.loads(text))


def plain_text(content) -> list[str]:
    fn = getattr(content, "plain_text", None)
    return fn() if fn else []


def font_notes() -> list[str]:
    """Chinese notes about substitute fonts (empty when every role has its standard face)."""
    try:
        fonts = importlib.import_module("desktop.core.documents.fonts")
    except ModuleNotFoundError:
        return []
    report = fonts.resolve()
    notes = getattr(report, "notes", None)
    if callable(notes):
        notes = notes()
    return list(notes or [])


def font_lines() -> list[str]:
    """One line per font role: the face this computer uses for the PDF (设置 → 文书, `qingfeng doc fonts`)."""
    fonts = importlib.import_module("desktop.core.documents.fonts")
    report = fonts.resolve()
    where = {"bundled": "（随软件附带）", "windows": "", "system": ""}
    return [f"{fonts.ROLE_LABEL[r]}：{c.label}{where.get(c.source, '')}" for r, c in report.choices.items()]


def _encode(obj):
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {"__t": type(obj).__name__}
        for f in dataclasses.fields(obj):
            out[f.name] = _encode(getattr(obj, f.name))
        return out
    if isinstance(obj, (list, tuple)):
        return [_encode(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _encode(v) for k, v in obj.items()}
    return obj


def _classes() -> dict:
    module = importlib.import_module("desktop.core.documents.content")
    return {name: cls for name, cls in vars(module).items() if isinstance(cls, type) and dataclasses.is_dataclass(cls)}


def _decode(obj, classes=None):
    if isinstance(obj, list):
        return [_decode(x, classes) for x in obj]
    if isinstance(obj, dict):
        if "__t" in obj:
            classes = classes or _classes()
            cls = classes[obj["__t"]]
            names = {f.name for f in dataclasses.fields(cls) if f.init}
            return cls(**{k: _decode(v, classes) for k, v in obj.items() if k in names})
        return {k: _decode(v, classes) for k, v in obj.items()}
    return obj


_warm = {"thread": None}


def warm_up() -> None:
    """Import the writers, load the .docx base and resolve + register every font face now, so the user's first
    签发 / 预览 does not pay for it (0.3–0.6 s of parsing). Thread-safe (fonts has its own lock)."""
    _layer()
    importlib.import_module("desktop.core.documents.fonts").warm_up()
    importlib.import_module("desktop.core.documents.templates")
    importlib.import_module("desktop.core.documents.pdf_writer")
    docx_writer = importlib.import_module("desktop.core.documents.docx_writer")
    docx_writer._base_bytes()


def start_warm_up(delay: float = 0.5):
    """Run warm_up() once per process in a daemon thread (never on the GUI thread, never on the DB-writer runner),
    after `delay` seconds so the first page paints first. Failures are logged, never raised: the first document
    then simply does the work itself. Returns the thread."""
    import logging
    import threading
    import time

    if _warm["thread"] is not None:
        return _warm["thread"]

    def work():
        time.sleep(delay)
        try:
            warm_up()
        except Exception:       # noqa: BLE001  (a missing font is reported when a document is made)
            logging.getLogger(__name__).warning("文书字体预加载失败", exc_info=True)

    t = _warm["thread"] = threading.Thread(target=work, name="qingfeng-doc-warm-up", daemon=True)
    t.start()
    return t
