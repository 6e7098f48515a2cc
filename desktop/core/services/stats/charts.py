"""Charts of the statistics: the data (ChartData, computed from the same figures and breakdowns) and their drawing
with matplotlib. One library for the GUI (a FigureCanvasQTAgg around `draw(...)`) and the documents (PNG through
the Agg canvas). matplotlib is imported only inside the functions that draw, so start-up never pays for it.

Labels are Chinese: the CJK face is the one the document writers chose (黑体 role, documents/fonts.py), registered
with matplotlib once.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field

from desktop.core.services.stats import engine, periods
from desktop.core.services.stats.figures import registry
from desktop.core.services.stats.service import breakdown_keys

COLOURS = ("#c0392b", "#2e86c1", "#27ae60", "#f39c12", "#8e44ad", "#7f8c8d")
_font_lock = threading.Lock()
_font_name: str | None = None


@dataclass(frozen=True)
class ChartData:
    key: str                      # trend | category | village | rate_village | forms | township
    title: str
    kind: str                     # line | bar | barh | pie
    labels: list[str]
    series: list[tuple[str, str, list]]   # (figure code, series name, values)
    unit: str
    keys: list[str] = field(default_factory=list)   # per label: the breakdown key or the month period key
    by: str = ""                  # breakdown of the labels ("" = months: keys are period keys)

    @property
    def empty(self) -> bool:
        return not self.labels or all(not any(v for v in vals if v) for _, _, vals in self.series)


def trend_months(p: periods.Period) -> list[periods.Period]:
    """Months of the trend chart: the months of a year/half/range, else the year so far up to the period's end."""
    if p.kind in ("year", "half", "range"):
        return p.months()
    return periods.parse(f"{p.start.year}-01-01..{p.end.isoformat()}").months()


def chart_data(s, ctx, scope: engine.Scope, cache: dict | None = None) -> list[ChartData]:
    """The charts of the page and the written report (`cache`: share engine results with the tables)."""
    reg = registry()
    out = []
    months = trend_months(scope.period)
    cache = {} if cache is None else cache
    found = [engine.value(s, reg["S4"], scope.at(m), cache) for m in months]
    closed = [engine.value(s, reg["S5"], scope.at(m), cache) for m in months]
    out.append(ChartData("trend", "各月发现问题与整改销号", "line", [f"{m.start.month}月" for m in months],
                         [("S4", "发现问题", found), ("S5", "整改销号", closed)], "个", [m.key for m in months]))
    for key, title, code, by, kind in (("category", "问题类别分布", "S4", "category", "barh"),
                                       ("village", "各村（社区）发现问题", "S4", "village", "bar"),
                                       ("rate_village", "各村（社区）整改率", "S5R", "village", "bar")):
        cells = engine.breakdown(s, reg[code], scope, by, cache)
        keys = [(k, n) for k, n in breakdown_keys(s, ctx, scope, by, set(cells)) if cells.get(k) is not None]
        if code == "S4":
            keys = [(k, n) for k, n in keys if cells.get(k)]
        if kind == "barh":
            keys = sorted(keys, key=lambda kn: cells.get(kn[0]) or 0)
        out.append(ChartData(key, title, kind, [n or "未分类" for _, n in keys],
                             [(code, reg[code].name, [cells.get(k) for k, _ in keys])], reg[code].unit,
                             [k for k, _ in keys], by))
    forms = [(c, reg[c].name, engine.value(s, reg[c], scope, cache)) for c in ("F1_1", "F1_2", "F1_3", "F1_4")]
    forms = [f for f in forms if f[2]]
    out.append(ChartData("forms", "运用“四种形态”构成", "pie", [n for _, n, _ in forms],
                         [("F1", "人次", [v for _, _, v in forms])], "人次", [c for c, _, _ in forms], "form"))
    if ctx.is_district:
        cells = engine.breakdown(s, reg["S4"], scope, "township", cache)
        keys = breakdown_keys(s, ctx, scope, "township", set(cells))
        out.append(ChartData("township", "各乡镇（街道）发现问题", "bar", [n for _, n in keys],
                             [("S4", "发现问题", [cells.get(k, 0) for k, _ in keys])], "个", [k for k, _ in keys],
                             "township"))
    return out


def font_name() -> str:
    """Register the documents' 黑体 face with matplotlib once; its family name."""
    global _font_name
    with _font_lock:
        if _font_name is None:
            from matplotlib import font_manager

            from desktop.core.documents import fonts

            name = "sans-serif"
            report = fonts.resolve()
            for role in ("hei", "song", "fangsong"):
                choice = report.choices.get(role)
                if choice:
                    font_manager.fontManager.addfont(choice.path)
                    name = font_manager.FontProperties(fname=choice.path).get_name()
                    break
            _font_name = name
        return _font_name


def draw(data: ChartData, figure=None, *, width: float = 7.0, height: float = 3.6):
    """Draw into a matplotlib Figure (a new one unless given). Bars and points carry `gid` = their index so the GUI
    can map a click back to a key."""
    import matplotlib

    matplotlib.rcParams["axes.unicode_minus"] = False
    from matplotlib.figure import Figure

    fam = font_name()
    fig = figure or Figure(figsize=(width, height), dpi=100)
    fig.clear()
    ax = fig.add_subplot(111)
    ax.set_title(data.title, fontfamily=fam, fontsize=12)
    if data.empty:
        ax.text(0.5, 0.5, "本期无数据", ha="center", va="center", fontfamily=fam, fontsize=12, color="#888")
        ax.set_axis_off()
        return fig
    if data.kind == "pie":
        _, _, vals = data.series[0]
        wedges, texts, autotexts = ax.pie(vals, labels=data.labels, colors=COLOURS[: len(vals)], autopct="%1.1f%%",
                                          startangle=90, textprops={"fontfamily": fam})
        for i, w in enumerate(wedges):
            w.set_picker(True)
            w.set_gid(str(i))
        ax.axis("equal")
    elif data.kind == "line":
        x = list(range(len(data.labels)))
        for n, (_code, name, vals) in enumerate(data.series):
            ax.plot(x, [v or 0 for v in vals], marker="o", color=COLOURS[n], label=name, picker=5, gid=str(n))
        ax.set_xticks(x, data.labels, fontfamily=fam)
        ax.legend(prop={"family": fam})
        ax.set_ylabel(data.unit, fontfamily=fam, rotation=0, labelpad=12)
    else:
        _code, name, vals = data.series[0]
        vals = [v or 0 for v in vals]
        pos = list(range(len(vals)))
        bars = (ax.barh(pos, vals, color=COLOURS[1]) if data.kind == "barh" else ax.bar(pos, vals, color=COLOURS[0]))
        for i, b in enumerate(bars):
            b.set_picker(True)
            b.set_gid(str(i))
        if data.kind == "barh":
            ax.set_yticks(pos, data.labels, fontfamily=fam, fontsize=9)
            ax.set_xlabel(data.unit, fontfamily=fam)
        else:
            ax.set_xticks(pos, data.labels, fontfamily=fam, fontsize=9, rotation=45 if len(pos) > 6 else 0,
                          ha="right" if len(pos) > 6 else "center")
            ax.set_ylabel(data.unit, fontfamily=fam, rotation=0, labelpad=12)
        for b, v in zip(bars, vals if len(vals) <= 16 else [], strict=False):
            label = f"{v:.1f}" if data.unit == "%" else str(v)
            if data.kind == "barh":
                ax.text(b.get_width(), b.get_y() + b.get_height() / 2, f" {label}", va="center", fontsize=8)
            else:
                ax.text(b.get_x() + b.get_width() / 2, b.get_height(), label, ha="center", va="bottom", fontsize=8)
    if data.kind != "pie" and data.unit != "%":
        from matplotlib.ticker import MaxNLocator

        (ax.xaxis if data.kind == "barh" else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    # fixed margins: tight_layout would draw the whole figure once more just to measure it
    left = 0.22 if data.kind == "barh" else 0.08
    bottom = 0.3 if data.kind == "bar" and len(data.labels) > 6 else 0.17 if data.kind == "barh" else 0.12
    fig.subplots_adjust(left=left, right=0.97, top=0.88, bottom=bottom)
    return fig


def png_bytes(data: ChartData, *, width: float = 7.0, height: float = 3.6, dpi: int = 150) -> bytes:
    """The chart as PNG (Agg canvas: no GUI needed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = draw(data, width=width, height=height)
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def chart_list(ctx, period: str, units=None) -> list[ChartData]:
    """The charts of a period and units (its own read snapshot)."""
    from desktop.core.services.stats import scope as scopes

    with ctx.reader() as s:
        return chart_data(s, ctx, scopes.build(s, ctx, period, units))
