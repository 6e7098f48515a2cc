"""线索编号 and 案件编号: one sequence per site and year, never reused (deleted rows keep their numbers).

    XS2026-007   the 7th lead received in 2026 by this township
    LA2026-003   the 3rd case opened in 2026
"""

from __future__ import annotations

from sqlalchemy import func, select

LEAD_PREFIX, CASE_PREFIX = "XS", "LA"


def format_no(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}{int(year)}-{int(seq):03d}"


def next_in(s, ctx, model, year: int) -> int:
    """The next sequence number of `model` for this site and year (inside the write transaction)."""
    t = model.__table__
    q = select(func.max(t.c.seq)).where(t.c.year == year, t.c.origin_site == ctx.site_code)
    return int(s.execute(q).scalar() or 0) + 1


def assign_in(s, ctx, model, prefix: str, day: str) -> dict:
    """{year, seq, no} for a record dated `day` ('YYYY-MM-DD')."""
    year = int(day[:4])
    seq = next_in(s, ctx, model, year)
    return {"year": year, "seq": seq, "no": format_no(prefix, year, seq)}
