"""The report of a period: everything the workbook and the written report show, read from one snapshot, and the
job that writes both (`write_all`: a progress generator returning the three paths)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from desktop.core.progress import Progress
from desktop.core.services.stats import charts, periods, service
from desktop.core.services.stats import scope as scopes
from desktop.core.services.stats.charts import ChartData
from desktop.core.services.stats.service import Breakdown, StatsResult

# the columns of the breakdown tables (codes that exist and have data sources)
TABLE_CODES = {
    "village": ("S1", "S4", "S5", "S5R", "S6", "S7", "D1", "D2", "T1", "F1", "M1", "P1"),
    "category": ("S4", "S5", "S5R", "S6", "S7", "M1"),
    "topic": ("S4", "S5", "S6", "S7", "T1", "F1"),
    "township": ("S1", "S2R", "S4", "S5", "S5R", "S6", "D1", "T1", "F1", "C3", "C4", "M1"),
}
TREND_CODES = ("S1", "S4", "S5", "T1", "F1")


@dataclass
class ReportData:
    result: StatsResult
    org: dict
    scope_label: str               # 全镇 / 全区 / 所选单位
    maker: str
    checker: str
    report_date: str               # 2026-11-24
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)
    trend: list[tuple[str, dict]] = field(default_factory=list)   # (month label, {code: value})
    charts: list[ChartData] = field(default_factory=list)
    submissions: dict[str, str] = field(default_factory=dict)   # district: site code → 报送情况
    is_district: bool = False

    @property
    def site_name(self) -> str:
        return self.org.get("site_name") or ""

    @property
    def title(self) -> str:
        return f"{self.org.get('short_name') or self.site_name}{self.result.label}纪检监察工作统计表"


def scope_word(ctx, org: dict, units: list[str]) -> str:
    if units:
        return "、".join(units[:3]) + ("等" if len(units) > 3 else "")
    if ctx.is_district:
        return "全区（县）"
    name = org.get("site_name") or ""
    return "全街道" if name.endswith("街道") else "全乡" if name.endswith("乡") else "全镇"


def submissions(s, ctx, period: periods.Period) -> dict[str, str]:
    """报送情况 per township at the district: whether its data for the period has arrived (sync import ledger)."""
    asof = period.asof(ctx.clock.today()).isoformat()
    out = {}
    latest = {r[0]: r[1] for r in s.execute(text("SELECT source_code, max(package_created_at) FROM sync_import "
                                                 "GROUP BY source_code"))}
    for code, _name in scopes.townships(s, ctx):
        got = latest.get(code)
        if not got:
            out[code] = "未报送"
        elif got[:10] >= asof:
            out[code] = f"已报送（{got[:10]}）"
        else:
            out[code] = f"部分报送（数据截至{got[:10]}）"
    return out


def collect(ctx, period: str, units=None, *, maker: str | None = None, checker: str | None = None) -> ReportData:
    from desktop.core.services.org import profile as orgs

    org = orgs.get_profile(ctx) or {}
    with ctx.reader() as s:
        sc = scopes.build(s, ctx, period, units)
        cache: dict = {}
        figs = service.figure_values(s, sc, cache=cache)
        p = sc.period
        result = StatsResult(p.key, p.label, p.start.isoformat(), p.end.isoformat(), service.unit_names(s, sc), figs)
        bys = ["village", "category", "topic"] + (["township"] if ctx.is_district else [])
        bds = {by: service.breakdown(s, ctx, sc, by, TABLE_CODES[by], cache) for by in bys}
        trend = []
        from desktop.core.services.stats import engine
        from desktop.core.services.stats.figures import registry

        reg = registry()
        for m in charts.trend_months(p):
            trend.append((f"{m.start.year}年{m.start.month}月",
                          {c: engine.value(s, reg[c], sc.at(m), cache) for c in TREND_CODES}))
        chart_list = charts.chart_data(s, ctx, sc, cache)
        subs = submissions(s, ctx, p) if ctx.is_district else {}
    return ReportData(result, org, scope_word(ctx, org, result.units), maker or ctx.user_name,
                      checker or org.get("secretary_name") or "", ctx.clock.today().isoformat(), bds, trend,
                      chart_list, subs, ctx.is_district)


def file_stem(data: ReportData) -> str:
    return f"{data.site_name}{data.result.label}纪检监察工作统计"


def write_all(ctx, period: str, out_dir, units=None, *, maker: str | None = None, checker: str | None = None):
    """Write <stem>.xlsx (report workbook), <stem>报告.docx and .pdf (written report) into out_dir.
    A progress generator; returns {"xlsx": Path, "docx": Path, "pdf": Path}."""
    from desktop.core.services.stats import workbook, written

    yield Progress(0, 4, "正在统计……")
    data = collect(ctx, period, units, maker=maker, checker=checker)
    out = Path(out_dir)
    yield Progress(1, 4, "正在生成 Excel 统计表……")
    xlsx = workbook.write(data, out / f"{file_stem(data)}表.xlsx")
    yield Progress(2, 4, "正在绘制统计图……")
    content = written.build(ctx, data)
    yield Progress(3, 4, "正在生成 Word 和 PDF 文字稿……")
    from desktop.core import documents

    paths = documents.render(content, out, f"{file_stem(data)}报告")
    yield Progress(4, 4, "完成")
    return {"xlsx": xlsx, "docx": paths["docx"], "pdf": paths["pdf"]}


def submission_status(ctx, period: str) -> dict[str, str]:
    """报送情况 per township for the period (district only; {} at a township)."""
    if not ctx.is_district:
        return {}
    with ctx.reader() as s:
        return submissions(s, ctx, periods.parse(period))
