"""Document numbers (发文字号, DOMAIN §5.0): 机关代字〔2026〕3号.

One sequence per site, prefix and year; kinds sharing a prefix share its sequence. A number is handed out only
inside the transaction that signs the document (`assign_in`), so two documents signed at the same moment get
distinct numbers (BEGIN IMMEDIATE serialises writers; a unique index backs it up). Voided or deleted documents
keep their numbers: the next number is max(used) + 1 over every row ever numbered, so none is reused.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from desktop.core.errors import ValidationError
from desktop.core.models.documents import Document
from desktop.core.services.org import settings

SETTING_KEY = "doc_prefixes"
# kind → the part of the 机关代字 after the place character (X纪提 …); None: the kind carries no number
CODE_SUFFIX: dict[str, str | None] = {
    "廉洁提醒函": "纪提",
    "履责提醒函": "纪提",
    "工作提示函": "纪提",
    "整改通知书": "纪改",
    "督办函": "纪函",
    "纪律检查建议书": "纪建",
    "监察建议书": "监建",
    "纪检监察建议书": "纪监建",
    "回执": None,
    "谈话记录": None,
}
NUMBER_RE = re.compile(r"^(?P<prefix>.+?)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")
PREFIX_RE = re.compile(r"^[^\s〔〕\[\]（）()0-9０-９]{1,12}$")


def format_number(prefix: str, year: int, seq: int) -> str:
    """'X纪提', 2026, 3 → 'X纪提〔2026〕3号' (six-angle brackets, no 第, no zero padding)."""
    return f"{prefix}〔{int(year)}〕{int(seq)}号"


def parse_number(text: str) -> tuple[str, int, int]:
    """'X纪提〔2026〕3号' → ('X纪提', 2026, 3). Raises ValidationError for anything else."""
    m = NUMBER_RE.match((text or "").strip())
    if not m:
        raise ValidationError(f"文号“{text}”格式不正确，应为“机关代字〔年份〕序号号”，如 X纪提〔2026〕3号。")
    return m["prefix"], int(m["year"]), int(m["seq"])


def place_char(ctx) -> str:
    """The place character of the default 机关代字: the first character of the site name (清溪镇 → 清)."""
    name = (ctx.site_name or "").strip()
    if not name:
        from desktop.core.services.org import profile as org

        name = ((org.get_profile(ctx) or {}).get("site_name") or "").strip()
    return name[:1] or "X"


def default_prefixes(ctx) -> dict[str, str]:
    x = place_char(ctx)
    return {kind: f"{x}{suffix}" for kind, suffix in CODE_SUFFIX.items() if suffix}


def prefixes(ctx) -> dict[str, str]:
    """Prefix (机关代字) per numbered kind: the defaults overlaid with the saved settings."""
    saved = settings.get(ctx, SETTING_KEY, {}) or {}
    return {**default_prefixes(ctx), **{k: v for k, v in saved.items() if k in CODE_SUFFIX and CODE_SUFFIX[k]}}


def prefix_for(ctx, kind: str) -> str | None:
    """The 机关代字 of `kind`, or None for kinds that carry no number (回执, 谈话记录)."""
    if not CODE_SUFFIX.get(kind):
        return None
    return prefixes(ctx)[kind]


def validate_prefix(kind: str, prefix: str) -> str:
    p = (prefix or "").strip()
    if not p:
        raise ValidationError(f"“{kind}”的机关代字不能为空。", field=kind)
    if not PREFIX_RE.match(p):
        raise ValidationError(f"“{kind}”的机关代字“{p}”不正确：不能含空格、数字或括号，最多 12 个字。", field=kind)
    return p


def set_prefixes(ctx, mapping: dict[str, str]) -> dict[str, str]:
    """Save prefixes per kind (only those differing from the defaults are stored). Returns the effective map."""
    from desktop.core.services.org import users

    users.require_writer(ctx)
    unknown = [k for k in mapping if not CODE_SUFFIX.get(k)]
    if unknown:
        raise ValidationError(f"“{unknown[0]}”不编文号，不能设置机关代字。")
    clean = {k: validate_prefix(k, v) for k, v in mapping.items()}
    defaults = default_prefixes(ctx)
    settings.put(ctx, SETTING_KEY, {k: v for k, v in clean.items() if v != defaults.get(k)})
    return prefixes(ctx)


def _max_seq(s, site: str, prefix: str, year: int) -> int:
    t = Document.__table__
    q = select(func.max(t.c.doc_seq)).where(t.c.origin_site == site, t.c.doc_prefix == prefix, t.c.doc_year == year)
    return s.execute(q).scalar() or 0  # deleted and voided rows included on purpose: numbers are never reused


def assign_in(s, ctx, kind: str, year: int) -> tuple[str, int, int, str] | None:
    """Inside the signing transaction: the next (prefix, year, seq, doc_no) for `kind`, or None if unnumbered."""
    prefix = prefix_for(ctx, kind)
    if prefix is None:
        return None
    seq = _max_seq(s, ctx.site_code, prefix, year) + 1
    return prefix, year, seq, format_number(prefix, year, seq)


def peek_next(ctx, kind: str, year: int | None = None) -> str | None:
    """The number the next signed document of `kind` would get (for display only; not reserved)."""
    prefix = prefix_for(ctx, kind)
    if prefix is None:
        return None
    year = year or ctx.clock.today().year
    with ctx.reader() as s:
        return format_number(prefix, year, _max_seq(s, ctx.site_code, prefix, year) + 1)
