"""Statistics periods: month 2026-11, quarter 2026Q3, half-year 2026H1, year 2026, range 2026-01-01..2026-03-31.

`previous(p)` is the period before (环比): the month/quarter/half/year before, or a range of the same length
ending the day before. `year_ago(p)` is the same period of the year before (同比).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.core.errors import ValidationError

KINDS = ("month", "quarter", "half", "year", "range")
_M = re.compile(r"^(\d{4})-(\d{1,2})$")
_Q = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
_H = re.compile(r"^(\d{4})\s*[Hh]([12])$")
_Y = re.compile(r"^(\d{4})$")
_R = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$")
CN = "一二三四"
HINT = "应写成 2026-11（月）、2026Q3（季度）、2026H1（半年）、2026（年）或 2026-01-01..2026-03-31（起止日期）"


@dataclass(frozen=True)
class Period:
    key: str
    kind: str
    start: date
    end: date

    @property
    def label(self) -> str:
        y = self.start.year
        if self.kind == "month":
            return f"{y}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{y}年第{CN[(self.start.month - 1) // 3]}季度"
        if self.kind == "half":
            return f"{y}年{'上' if self.start.month == 1 else '下'}半年"
        if self.kind == "year":
            return f"{y}年"
        return f"{_cn_date(self.start)}至{_cn_date(self.end)}"

    @property
    def noun(self) -> str:
        """How the written report names the period: 本月 / 本季度 / 上半年 / 本年度 / 本期."""
        if self.kind == "half":
            return "上半年" if self.start.month == 1 else "下半年"
        return {"month": "本月", "quarter": "本季度", "year": "今年以来", "range": "本期"}[self.kind]

    def months(self) -> list[Period]:
        out, d = [], date(self.start.year, self.start.month, 1)
        while d <= self.end:
            out.append(month(d.year, d.month))
            d = _month_end(d) + timedelta(days=1)
        return out

    def asof(self, today: date) -> date:
        """The day a state figure (逾期, 在整改) is read on: the period's end, or today while it runs."""
        return min(self.end, today)


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _month_end(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1) - timedelta(days=1)


def month(y: int, m: int) -> Period:
    return Period(f"{y}-{m:02d}", "month", date(y, m, 1), _month_end(date(y, m, 1)))


def parse(text: str) -> Period:
    """Text → Period. Raises ValidationError (Chinese, field "period") for anything else."""
    t = (text or "").strip()
    try:
        if (m := _M.match(t)) and 1 <= int(m.group(2)) <= 12:
            return month(int(m.group(1)), int(m.group(2)))
        if m := _Q.match(t):
            y, q = int(m.group(1)), int(m.group(2))
            return Period(f"{y}Q{q}", "quarter", date(y, 3 * q - 2, 1), _month_end(date(y, 3 * q, 1)))
        if m := _H.match(t):
            y, h = int(m.group(1)), int(m.group(2))
            return Period(f"{y}H{h}", "half", date(y, 6 * h - 5, 1), _month_end(date(y, 6 * h, 1)))
        if m := _Y.match(t):
            y = int(m.group(1))
            return Period(str(y), "year", date(y, 1, 1), date(y, 12, 31))
        if m := _R.match(t):
            a, b = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
            if b < a:
                raise ValidationError(f"期间“{text}”的结束日期早于开始日期。", field="period")
            return Period(f"{a.isoformat()}..{b.isoformat()}", "range", a, b)
    except ValueError:
        pass
    raise ValidationError(f"期间“{text}”无法识别，{HINT}。", field="period")


def previous(p: Period) -> Period:
    """The period before (环比)."""
    if p.kind == "month":
        d = p.start - timedelta(days=1)
        return month(d.year, d.month)
    if p.kind == "quarter":
        q = (p.start.month - 1) // 3 + 1
        return parse(f"{p.start.year}Q{q - 1}" if q > 1 else f"{p.start.year - 1}Q4")
    if p.kind == "half":
        return parse(f"{p.start.year}H1" if p.start.month == 7 else f"{p.start.year - 1}H2")
    if p.kind == "year":
        return parse(str(p.start.year - 1))
    length = p.end - p.start
    end = p.start - timedelta(days=1)
    return parse(f"{(end - length).isoformat()}..{end.isoformat()}")


def year_ago(p: Period) -> Period:
    """The same period of the year before (同比)."""
    if p.kind != "range":
        return parse(p.key.replace(str(p.start.year), str(p.start.year - 1), 1))
    return parse(f"{_shift_year(p.start).isoformat()}..{_shift_year(p.end).isoformat()}")


def _shift_year(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def current(today: date, kind: str = "quarter") -> Period:
    """The period of `kind` containing `today` (the page's default)."""
    if kind == "month":
        return month(today.year, today.month)
    if kind == "year":
        return parse(str(today.year))
    if kind == "half":
        return parse(f"{today.year}H{1 if today.month <= 6 else 2}")
    return parse(f"{today.year}Q{(today.month - 1) // 3 + 1}")
