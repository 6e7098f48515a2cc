"""Shared rules of the problem ledger: dates, deadlines (date or N working days), colours, ledger numbers."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from desktop.core.errors import GateRefused, ValidationError
from desktop.core.models.problems import (
    DEADLINE_STATUSES,
    ENDED_STATUSES,
    S_ARCHIVED,
    S_CLOSED,
    Problem,
)
from desktop.core.services.org import settings
from desktop.core.workdays import add_working_days

# Colour rule (DOMAIN §3.2): red overdue, yellow due within the warning tiers, white open otherwise,
# blue 已销号 (awaiting 回头看), green 已归档 (回头看通过), grey 不予认定/已移交.
COLOURS = ("red", "yellow", "white", "blue", "green", "grey")
COLOUR_LABELS = {"red": "红（逾期）", "yellow": "黄（临期）", "white": "在办", "blue": "蓝（已销号）",
                 "green": "绿（已归档）", "grey": "灰（不予认定/已移交）"}
COLOUR_SHORT = {"red": "红", "yellow": "黄", "white": "白", "blue": "蓝", "green": "绿", "grey": "灰"}
_NO = re.compile(r"^(\d{4})-(\d{1,7})$")


def as_date(value, what: str, field: str = "") -> date:
    """'YYYY-MM-DD' text or a date → date; a Chinese ValidationError otherwise."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except (TypeError, ValueError):
        raise ValidationError(f"{what}“{value}”不是有效日期（格式：2026-03-05）。", field=field) from None


def tiers(ctx_or_s, *, in_session: bool = False) -> list[int]:
    raw = settings.get_in(ctx_or_s, "warning_tiers") if in_session else settings.get(ctx_or_s, "warning_tiers")
    try:
        out = sorted({int(x) for x in raw}, reverse=True)
    except (TypeError, ValueError):
        out = [20, 10, 0]
    return out or [0]


def colour(p: dict, today: date, warning_tiers: list[int]) -> str:
    status = p.get("status")
    if status in ENDED_STATUSES:
        return "grey"
    if status == S_ARCHIVED:
        return "green"
    if status == S_CLOSED:
        return "blue"
    if status in DEADLINE_STATUSES and p.get("deadline"):
        left = (date.fromisoformat(p["deadline"]) - today).days
        if left < 0:
            return "red"
        if left <= max(warning_tiers):
            return "yellow"
    return "white"


def days_left(p: dict, today: date) -> int | None:
    if p.get("status") in DEADLINE_STATUSES and p.get("deadline"):
        return (date.fromisoformat(p["deadline"]) - today).days
    return None


def tier_of(left: int | None, warning_tiers: list[int]) -> int | None:
    """The tightest tier a due item is in (e.g. 5 days left with [20, 10, 0] → 10); None if not due/overdue."""
    if left is None or left < 0:
        return None
    fitting = [t for t in warning_tiers if left <= t]
    return min(fitting) if fitting else None


def decorate(p: dict, today: date, warning_tiers: list[int]) -> dict:
    """Add derived fields: colour, colour_label, days_left, tier."""
    c = colour(p, today, warning_tiers)
    left = days_left(p, today)
    p.update(colour=c, colour_label=COLOUR_LABELS[c], days_left=left, tier=tier_of(left, warning_tiers))
    return p


def resolve_deadline(payload: dict, start: date, found: date, *, gate: bool = True) -> tuple[str | None, int | None, str]:
    """(deadline text, working days, note) from payload 'deadline' (date) or 'working_days' (N, from `start`).

    Refuses a deadline before the date found. Returns (None, None, '') when neither is given.
    """
    def err(message: str):
        return GateRefused(message) if gate else ValidationError(message, field="deadline")

    days = payload.get("working_days")
    if days not in (None, ""):
        try:
            n = int(days)
        except (TypeError, ValueError):
            raise err("整改时限的工作日数必须是正整数。") from None
        if n < 1:
            raise err("整改时限的工作日数必须是正整数。")
        result = add_working_days(start, n)
        deadline, note = result.deadline, result.note
    elif payload.get("deadline") not in (None, ""):
        try:
            deadline = as_date(payload["deadline"], "整改时限", "deadline")
        except ValidationError as exc:
            raise err(exc.message) from None
        n, note = None, ""
    else:
        return None, None, ""
    if deadline < found:
        raise err(f"整改时限 {deadline.isoformat()} 早于发现日期 {found.isoformat()}，请重新确定。")
    return deadline.isoformat(), n, note


def parse_no(no: str) -> tuple[int, int] | None:
    m = _NO.match(no or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def format_no(year: int, seq: int) -> str:
    return f"{year}-{seq:03d}"


def next_seqs(s, ctx, year: int) -> int:
    """The last sequence number used in `year` by this site (deleted rows included: numbers are never reused)."""
    t = Problem.__table__
    q = select(func.max(t.c.seq)).where(t.c.origin_site == ctx.site_code, t.c.year == year)
    return s.execute(q).scalar() or 0
