"""统计报表: figures for a period and units with 同比/环比, breakdowns, and the records behind any number.

    result = stats.compute(ctx, "2026Q3", units="东岭村", by="village")
    drill = stats.drill(ctx, "S4", "2026Q3", by="village", key=unit_id)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from desktop.core.errors import ValidationError
from desktop.core.services.stats import engine, periods
from desktop.core.services.stats import scope as scopes
from desktop.core.services.stats.engine import DrillRow, Scope
from desktop.core.services.stats.figures import BREAKDOWNS, Figure, get, registry
from desktop.core.services.stats.topics import TOPICS


@dataclass(frozen=True)
class FigureValue:
    code: str
    name: str
    unit: str
    rule: str
    group: str
    value: float | int | None
    yoy: float | None            # 同比: change in % (for % figures: in 百分点)
    mom: float | None            # 环比
    yoy_value: float | int | None
    mom_value: float | int | None
    pending: str = ""            # why there is no value (source not available)

    @property
    def text(self) -> str:
        return display(self.value, self.unit)

    def as_json(self) -> dict:
        return {"code": self.code, "name": self.name, "unit": self.unit, "value": self.value, "yoy": self.yoy,
                "mom": self.mom, "yoy_value": self.yoy_value, "mom_value": self.mom_value, "rule": self.rule,
                "group": self.group, **({"pending": self.pending} if self.pending else {})}


@dataclass(frozen=True)
class Breakdown:
    by: str
    label: str
    keys: list[tuple[str, str]]                      # (key, display label) in display order
    cells: dict[str, dict[str, float | int | None]]  # code → key → value
    codes: list[str]

    def as_json(self) -> dict:
        return {"by": self.by, "label": self.label,
                "rows": [{"key": k, "name": n, **{c: self.cells[c].get(k) for c in self.codes}} for k, n in self.keys]}


@dataclass(frozen=True)
class StatsResult:
    period: str
    label: str
    start: str
    end: str
    units: list[str]
    figures: list[FigureValue]
    breakdown: Breakdown | None = None
    extra: dict = field(default_factory=dict)

    def figure(self, code: str) -> FigureValue:
        return next(f for f in self.figures if f.code == code)

    def values(self) -> dict[str, float | int | None]:
        return {f.code: f.value for f in self.figures}

    def as_json(self) -> dict:
        return {"period": self.period, "label": self.label, "start": self.start, "end": self.end,
                "units": self.units, "figures": [f.as_json() for f in self.figures],
                "breakdown": self.breakdown.as_json() if self.breakdown else None}


def display(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "万元":
        return f"{value:.2f}"
    if unit == "%":
        return f"{value:.1f}%"
    return str(value)


def change(now, before, unit: str) -> float | None:
    if now is None or before is None:
        return None
    if unit == "%":
        return round(now - before, 1)
    if not before:
        return None
    return round((now - before) * 100 / before, 1)


def _pending(s, fig: Figure, scope: Scope) -> str:
    if engine.available(s, engine.for_scope(fig, scope)):
        return ""
    return fig.pending or "数据来源尚未接入（线索案件模块）"


def figure_values(s, scope: Scope, codes=None, *, compare: bool = True, cache: dict | None = None) -> list[FigureValue]:
    reg = registry()
    cache = {} if cache is None else cache
    prev, ago = scope.at(periods.previous(scope.period)), scope.at(periods.year_ago(scope.period))
    out = []
    for code in codes or reg:
        fig = reg[code]
        v = engine.value(s, fig, scope, cache)
        mv = yv = None
        if compare and fig.compare and v is not None:
            mv, yv = engine.value(s, fig, prev, cache), engine.value(s, fig, ago, cache)
        out.append(FigureValue(fig.code, fig.name, fig.unit, fig.rule, fig.group, v, change(v, yv, fig.unit),
                               change(v, mv, fig.unit), yv, mv, _pending(s, fig, scope)))
    return out


def breakdown_keys(s, ctx, scope: Scope, by: str, found: set[str]) -> list[tuple[str, str]]:
    if by == "village":
        rows = s.execute(text("SELECT id, name, active FROM unit WHERE deleted_at IS NULL AND type IN ('行政村', '社区') "
                              "ORDER BY sort_order, name")).all()
        keys = [(r[0], r[1] + ("" if r[2] else "（已停用）")) for r in rows
                if (r[2] or r[0] in found) and (scope.units is None or r[0] in scope.units)]
        others = sorted(k for k in found if k not in {k for k, _ in keys})
        names = dict(s.execute(text("SELECT id, name FROM unit")).all())
        return keys + [(k, names.get(k, "未关联单位") if k else "未关联单位") for k in others]
    if by == "category":
        cats = [r[0] for r in s.execute(text("SELECT name FROM problem_type WHERE kind = '类别' AND deleted_at IS NULL "
                                             "ORDER BY sort_order"))]
        rest = sorted(k for k in found if k not in cats and k)
        return [(c, c) for c in cats + rest if c in found] + ([("", "未分类")] if "" in found else [])
    if by == "topic":
        return [(t, t) for t in TOPICS if t in found] + sorted((k, k) for k in found if k not in TOPICS)
    if by == "township":
        town = scopes.townships(s, ctx)
        keys = [(c, n) for c, n in town if scope.sites is None or c in scope.sites]
        if ctx.site_code in found and not ctx.is_district:
            keys.insert(0, (ctx.site_code, ctx.site_name or ctx.site_code))
        return keys
    return sorted((k, k or "未填") for k in found)


def breakdown(s, ctx, scope: Scope, by: str, codes=None, cache: dict | None = None) -> Breakdown:
    if by not in BREAKDOWNS:
        raise ValidationError(f"无法按“{by}”分组，可选：{'、'.join(BREAKDOWNS)}。", field="by")
    reg = registry()
    codes = [c for c in (codes or reg) if by in engine.for_scope(reg[c], scope).breakdowns
             and engine.available(s, engine.for_scope(reg[c], scope))]
    cells = {c: engine.breakdown(s, reg[c], scope, by, cache) for c in codes}
    found = {k for v in cells.values() for k in v}
    keys = breakdown_keys(s, ctx, scope, by, found)
    return Breakdown(by, BREAKDOWNS[by], keys, cells, codes)


def compute(ctx, period: str, units=None, by: str | None = None, codes=None) -> StatsResult:
    """All figures (or `codes`) for the period and units, with 同比/环比 and optionally one breakdown."""
    with ctx.reader() as s:
        sc = scopes.build(s, ctx, period, units)
        figs = figure_values(s, sc, codes)
        bd = breakdown(s, ctx, sc, by, codes) if by else None
        names = unit_names(s, sc)
    p = sc.period
    return StatsResult(p.key, p.label, p.start.isoformat(), p.end.isoformat(), names, figs, bd)


def unit_names(s, sc: Scope) -> list[str]:
    out = []
    if sc.units:
        rows = s.execute(text("SELECT name FROM unit WHERE id IN (SELECT value FROM json_each(:u)) "
                              "AND type <> '村民小组' ORDER BY sort_order, name"), {"u": sc.params()["units"]})
        out += [r[0] for r in rows]
    return out + list(sc.sites or ())


@dataclass(frozen=True)
class DrillResult:
    code: str
    name: str
    unit: str
    rule: str
    period: str
    label: str
    value: float | int | None
    rows: list[DrillRow]
    numerator: set[str] = field(default_factory=set)   # ratio figures: the rows counted above the line
    note: str = ""

    def as_json(self) -> dict:
        return {"code": self.code, "name": self.name, "unit": self.unit, "rule": self.rule, "period": self.period,
                "value": self.value, "count": len(self.rows), "note": self.note,
                "records": [{"entity": r.entity, "id": r.id, "date": r.date, "title": r.title, "unit": r.unit_name,
                             "site": r.site, "category": r.category, "topic": r.topic, "amount": r.amount,
                             **({"counted": r.id in self.numerator} if self.numerator else {})} for r in self.rows]}


def drill(ctx, code: str, period: str, units=None, by: str | None = None, key: str | None = None) -> DrillResult:
    """The records behind one figure (or one cell of a breakdown). Ratios list their base, marking the counted rows."""
    fig = get(code)
    reg = registry()
    if by and by not in BREAKDOWNS:
        raise ValidationError(f"无法按“{by}”分组，可选：{'、'.join(BREAKDOWNS)}。", field="by")
    with ctx.reader() as s:
        sc = scopes.build(s, ctx, period, units)
        parts = [fig] + ([reg[fig.num], reg[fig.den]] if fig.agg == "ratio" else [])
        if any(engine.for_scope(f, sc).sensitive for f in parts):
            from desktop.core.services.org import users

            users.require_sensitive(ctx)
        rows = engine.drill_rows(s, fig, sc, by, key)
        numerator: set[str] = set()
        note = ""
        if fig.agg == "ratio":
            numerator = {r.id for r in engine.drill_rows(s, reg[fig.num], sc, by, key)}
            note = f"列出{reg[fig.den].name}，其中“计入”的为{reg[fig.num].name}"
            num, den = engine.for_scope(reg[fig.num], sc), engine.for_scope(reg[fig.den], sc)
            value = engine.ratio(len(numerator & {r.id for r in rows}) if num.agg == "count" else
                                 engine.value_of_rows(num, engine.drill_rows(s, num, sc, by, key)),
                                 engine.value_of_rows(den, rows)) if engine.available(s, den) else None
        else:
            here = engine.for_scope(fig, sc)
            value = engine.value_of_rows(here, rows) if engine.available(s, here) else None
    return DrillResult(fig.code, fig.name, fig.unit, fig.rule, sc.period.key, sc.period.label, value, rows,
                       numerator, note)
