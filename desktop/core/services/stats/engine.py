"""Run the figure queries: values for a scope, breakdowns (GROUP BY over the same query), drill-down lists.

Everything here takes an open read session `s` (ctx.reader()) so a whole report reads one snapshot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import text

from desktop.core.services.stats.figures import BREAKDOWNS, Figure, registry
from desktop.core.services.stats.periods import Period

_AGG = {"count": "COUNT(DISTINCT x.rid)", "distinct": "COUNT(DISTINCT x.pkey)", "sum": "coalesce(SUM(x.val), 0)",
        "money": "coalesce(SUM(x.val), 0)"}
_KEY = {
    "village": "coalesce(CASE WHEN u.type = '村民小组' THEN u.parent_id ELSE x.unit_id END, '')",
    "category": "coalesce(x.cat, '')",
    "topic": "coalesce(x.topic, '其他')",
    "township": "coalesce(x.site, '')",
    "position": "coalesce(x.pos, '')",
}
_UNIT_JOIN = " LEFT JOIN unit u ON u.id = x.unit_id"


@dataclass(frozen=True)
class Scope:
    """What a figure is computed over: a period, the day state figures are read on, the units and townships."""

    period: Period
    today: date
    units: tuple[str, ...] | None = None   # unit ids (with their 村民小组), None = all
    sites: tuple[str, ...] | None = None   # township site codes (district), None = all
    district: bool = False                 # at the district: figures with a district variant use it

    def at(self, period: Period) -> Scope:
        return replace(self, period=period)

    def params(self) -> dict:
        return {"start": self.period.start.isoformat(), "end": self.period.end.isoformat(),
                "m_start": self.period.start.isoformat()[:7], "m_end": self.period.end.isoformat()[:7],
                "asof": self.period.asof(self.today).isoformat(),
                "units": None if self.units is None else json.dumps(list(self.units)),
                "sites": None if self.sites is None else json.dumps(list(self.sites))}


def money(fen: int | None) -> float:
    """分 → 万元, two decimals, rounded half up from the exact integer."""
    q = (Decimal(int(fen or 0)) / Decimal(1_000_000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return float(q)


def ratio(num, den) -> float | None:
    if not den:
        return None
    q = (Decimal(str(num)) * 100 / Decimal(str(den))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(q)


def _tables(s) -> set[str]:
    info = s.info if hasattr(s, "info") else {}
    if "stats_tables" not in info:
        info["stats_tables"] = {r[0] for r in s.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
    return info["stats_tables"]


def sql_of(s, fig: Figure) -> str | None:
    """The figure's query on this database: None when its source tables do not exist (yet)."""
    if fig.pending:
        return None
    have = _tables(s)
    if fig.parts:
        usable = [sql for sql, needs in fig.parts
                  if all((t[1:] not in have) if t.startswith("!") else (t in have) for t in needs)]
        return " UNION ALL ".join(usable) if usable else None
    return fig.sql if all(t in have for t in fig.requires) else None


UNION = " UNION ALL "


def _parts(fig: Figure, sql: str) -> list[str]:
    """Queries to aggregate separately and add up: the disjoint parts of a UNION ALL (each then reads through its
    own index; SQLite would materialise every column of a compound subquery), for additive aggregates only."""
    if fig.agg in ("count", "sum", "money") and UNION in sql:
        return sql.split(UNION)
    return [sql]


def available(s, fig: Figure) -> bool:
    reg = registry()
    if fig.agg == "ratio":
        return available(s, reg[fig.num]) and available(s, reg[fig.den])
    return sql_of(s, fig) is not None


def for_scope(fig: Figure, scope: Scope) -> Figure:
    """The figure as computed in this scope: at the district, its district variant (month snapshots) if it has one."""
    if scope.district and fig.district:
        sql, agg = fig.district
        return replace(fig, sql=sql, agg=agg, parts=(), requires=("case_figure",), sensitive=False,
                       breakdowns=("township",))
    return fig


def _finish(fig: Figure, raw):
    if fig.agg == "money":
        return money(raw)
    return int(raw or 0)


def value(s, fig: Figure, scope: Scope, cache: dict | None = None):
    """The figure's value for the scope; None when its source is not available (or a ratio's base is 0)."""
    cache = {} if cache is None else cache
    fig = for_scope(fig, scope)
    key = (fig.code, scope.period.key)
    if key in cache:
        return cache[key]
    reg = registry()
    if fig.agg == "ratio":
        num, den = value(s, reg[fig.num], scope, cache), value(s, reg[fig.den], scope, cache)
        out = None if num is None or den is None else ratio(num, den)
    elif not available(s, fig):
        out = None
    else:
        raw = 0
        for part in _parts(fig, sql_of(s, fig)):
            q = f"SELECT {_AGG[fig.agg]} FROM ({part}) AS x"
            qkey = (q, scope.period.key)  # a total equal to one of its parts (M1 without cases = M1P) runs once
            if qkey not in cache:
                cache[qkey] = s.execute(text(q), scope.params()).scalar()
            raw = cache[qkey] if fig.agg == "distinct" else raw + (cache[qkey] or 0)
        out = _finish(fig, raw)
    cache[key] = out
    return out


def breakdown(s, fig: Figure, scope: Scope, by: str, cache: dict | None = None) -> dict[str, float | int | None]:
    """{key: value} of the figure grouped by `by` (village id, category, topic, site code or position)."""
    if by not in BREAKDOWNS:
        raise ValueError(by)
    cache = {} if cache is None else cache
    fig = for_scope(fig, scope)
    ckey = ("by", fig.code, scope.period.key, by)
    if ckey in cache:
        return cache[ckey]
    reg = registry()
    if fig.agg == "ratio":
        num, den = breakdown(s, reg[fig.num], scope, by, cache), breakdown(s, reg[fig.den], scope, by, cache)
        out = {k: ratio(num.get(k, 0), d) for k, d in den.items()}
    elif not available(s, fig) or by not in fig.breakdowns:
        out = {}
    else:
        join = _UNIT_JOIN if by == "village" else ""
        sums: dict = {}
        for part in _parts(fig, sql_of(s, fig)):
            q = f"SELECT {_KEY[by]} AS k, {_AGG[fig.agg]} FROM ({part}) AS x{join} GROUP BY k"
            for k, v in s.execute(text(q), scope.params()):
                sums[k] = sums.get(k, 0) + (v or 0)
        out = {k: _finish(fig, v) for k, v in sums.items()}
    cache[ckey] = out
    return out


@dataclass(frozen=True)
class DrillRow:
    entity: str          # problem | inspection | document | talk | survey | unit | lead | case | measure …
    id: str
    date: str | None
    title: str
    unit_id: str | None
    unit_name: str
    site: str
    category: str
    topic: str
    amount: float | int   # what the row adds to a sum figure (户, 人次, 项; money in 元); 1 for counts
    person: str | None    # distinct key for 人 figures


def drill_rows(s, fig: Figure, scope: Scope, by: str | None = None, key: str | None = None) -> list[DrillRow]:
    """The records behind the figure (optionally one breakdown cell), one row per record, by date."""
    if fig.agg == "ratio":
        fig = registry()[fig.den]
    fig = for_scope(fig, scope)
    if not available(s, fig):
        return []
    where, params = "", scope.params()
    if by:
        where = f" WHERE {_KEY[by]} = :key"
        params["key"] = key or ""
    uname = ("CASE WHEN u.type = '村民小组' THEN coalesce((SELECT pu.name FROM unit pu WHERE pu.id = u.parent_id), '') "
             "|| u.name ELSE u.name END")
    q = (f"SELECT x.rid, x.entity, x.day, x.title, x.val, x.pkey, x.unit_id, {uname}, x.site, x.cat, x.topic "
         f"FROM ({sql_of(s, fig)}) AS x{_UNIT_JOIN}{where} ORDER BY x.day, x.rid")
    merged: dict[str, dict] = {}
    for rid, entity, day, title, val, pkey, unit_id, uname, site, cat, topic in s.execute(text(q), params):
        row = merged.get(rid)
        if row is None:
            merged[rid] = {"entity": entity, "id": rid, "date": day, "title": title or "", "unit_id": unit_id,
                           "units": [uname] if uname else [], "site": site or "", "category": cat or "",
                           "topic": topic or "", "val": val or 0, "person": pkey}
        elif uname and uname not in row["units"]:
            row["units"].append(uname)
    out = []
    for r in merged.values():
        amount = int(r["val"] or 0) / 100 if fig.agg == "money" else int(r["val"] or 0)  # money rows in 元
        out.append(DrillRow(r["entity"], r["id"], r["date"], r["title"], r["unit_id"], "、".join(r["units"]),
                            r["site"], r["category"], r["topic"], amount, r["person"]))
    return out


def value_of_rows(fig: Figure, rows: list[DrillRow]):
    """The figure's value recomputed from its drill-down rows (the same rule as the SQL aggregate)."""
    if fig.agg == "count":
        return len({r.id for r in rows})
    if fig.agg == "distinct":
        return len({r.person for r in rows if r.person})
    if fig.agg == "money":
        return money(sum(round(r.amount * 100) for r in rows))
    return sum(r.amount for r in rows)
