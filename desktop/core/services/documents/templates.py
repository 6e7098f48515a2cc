"""Wording templates as the settings screen uses them: load, validate, save the user's override, reset, and a
live preview of unsaved text filled with sample values. The template language lives in the document layer."""

from __future__ import annotations

from pathlib import Path

from desktop.core.services.documents import layer as doc_layer
from desktop.core.services.documents import numbering
from desktop.core.services.documents import values as doc_values
from desktop.core.services.org import users


def _t():
    from desktop.core.documents import templates

    return templates


def kinds() -> list[str]:
    return list(_t().KINDS)


def placeholders() -> dict[str, str]:
    """Placeholder → meaning, plus the per-problem fields (问题.事实 …) usable inside “@循环 问题”."""
    t = _t()
    return {**t.PLACEHOLDERS, **{f"问题.{k}": v for k, v in t.PROBLEM_FIELDS.items()}}


def load(ctx, kind: str) -> str:
    return _t().load(kind, ctx.data.root)


def default_text(kind: str) -> str:
    return _t().default_text(kind)


def is_overridden(ctx, kind: str) -> bool:
    return _t().has_override(kind, ctx.data.root)


def validate(kind: str, text: str) -> None:
    """Raise a Chinese TemplateError (a ValidationError naming the line) when the text cannot be used."""
    _t().validate(text, kind)


def save(ctx, kind: str, text: str) -> Path:
    """Validate and save the user's version in the data dir; nothing is written when it is wrong."""
    users.require_writer(ctx)
    return _t().save_override(kind, text, ctx.data.root)


def reset(ctx, kind: str) -> None:
    users.require_writer(ctx)
    _t().reset(kind, ctx.data.root)


def sample_values(ctx, kind: str) -> dict:
    """Realistic sample values with this organisation's names and the next number of the kind."""
    from desktop.core.documents import samples

    values = samples.values(kind, number=numbering.peek_next(ctx, kind))
    values["org"] = {**samples.ORG, **{k: v for k, v in doc_values.org_values(ctx).items() if v}}
    return values


def preview(ctx, kind: str, text: str, out_dir) -> Path:
    """Render `text` (unsaved) with sample values to a PDF in out_dir; raises TemplateError when it is wrong."""
    content = doc_layer.build(kind, sample_values(ctx, kind), ctx.data.root, text=text)
    return doc_layer.render(content, Path(out_dir), f"模板预览-{kind}", ("pdf",))[0]
