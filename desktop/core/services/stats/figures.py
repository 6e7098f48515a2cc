"""The figure registry (DOMAIN §7): each figure is a code, a Chinese name, a unit, a one-line 口径 and ONE query.

The query is the drill-down: it returns the records behind the figure, one row per (record, unit) with the
columns `rid, entity, unit_id, site, cat, topic, day, val, pkey, title`. The figure's value is an aggregate of that
same query run in SQL (engine.py), so a figure and its drill-down list can never disagree:

    count    COUNT(DISTINCT rid)        records (次, 个, 份, 件, 人次)
    distinct COUNT(DISTINCT pkey)       distinct persons (人)
    sum      SUM(val)                   households, persons contacted, rules made (户, 人次, 项)
    money    SUM(val) in 分 → 万元       money, summed from exact integer amounts
    ratio    num ÷ den × 100            整改率, 覆盖率, 逾期率, 回复率, 满意度 (%)

Queries take the parameters :start, :end, :asof (dates), :units and :sites (JSON arrays, NULL = all); use
`units_in(col)` and `sites_in(col)` for the last two. Figure modules list their figures in FIGURES; a module whose
sources do not exist yet gives figures with `pending` set (shown as "—", never as 0).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

AGGS = ("count", "distinct", "sum", "money", "ratio")
BREAKDOWNS = {"village": "村（社区）", "category": "类别", "topic": "专题", "township": "乡镇（街道）",
              "position": "职务层级"}
MODULES = ("figures_supervision", "figures_measures", "figures_results", "figures_cases")
GROUPS = ("监督检查", "问题整改", "文书与第一种形态", "线索与案件", "四种形态", "成效")


def units_in(col: str) -> str:
    return f"(:units IS NULL OR {col} IN (SELECT value FROM json_each(:units)))"


def sites_in(col: str) -> str:
    return f"(:sites IS NULL OR {col} IN (SELECT value FROM json_each(:sites)))"


@dataclass(frozen=True)
class Figure:
    code: str
    name: str
    unit: str
    rule: str                      # 口径, one line
    group: str
    sql: str = ""                  # the drill-down query (see module docstring)
    agg: str = "count"
    num: str = ""                  # ratio: numerator / denominator figure codes
    den: str = ""
    compare: bool = True           # 同比/环比 make sense
    breakdowns: tuple[str, ...] = ("village", "category", "topic", "township")
    pending: str = ""              # why there is no value yet (source not wired)
    narrative: bool = True         # used in the written report's paragraph
    requires: tuple[str, ...] = ()  # tables the query reads that may not exist yet (engine checks sqlite_master)
    parts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # instead of sql: (sql, requires) parts, UNION ALL of the
    #                                 ones whose tables exist ("!t": only while table t does not exist)
    sensitive: bool = False        # the drill-down shows names only 管理员/负责人 may see
    district: tuple[str, str] = ()  # (sql, agg) used at the district instead: the figure from data that travels
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self):
        if self.agg not in AGGS:
            raise ValueError(f"{self.code}: agg {self.agg!r}")


_REGISTRY: dict[str, Figure] | None = None


def registry() -> dict[str, Figure]:
    """Every figure by code, in report order (modules in MODULES order, figures in their FIGURES order)."""
    global _REGISTRY
    if _REGISTRY is None:
        out: dict[str, Figure] = {}
        for name in MODULES:
            module = importlib.import_module(f"{__package__}.{name}")
            for f in module.FIGURES:
                if f.code in out:
                    raise ValueError(f"figure code {f.code} defined twice")
                out[f.code] = f
        for f in out.values():
            for part in (f.num, f.den):
                if part and part not in out:
                    raise ValueError(f"{f.code}: unknown part {part}")
        _REGISTRY = out
    return _REGISTRY


def get(code: str) -> Figure:
    from desktop.core.errors import NotFound

    fig = registry().get((code or "").strip().upper())
    if fig is None:
        raise NotFound(f"没有代码为“{code}”的统计指标。", hint="运行 qingfeng stats --period 2026Q3 查看全部指标代码")
    return fig


def reset() -> None:
    """Forget the registry (tests that swap a module)."""
    global _REGISTRY
    _REGISTRY = None
