"""Working days with the official Chinese holiday and make-up-workday (调休) calendar.

Uses the maintained `chinese_calendar` package. Its data covers a fixed range of years (to 2026 in 1.11);
beyond that range days are counted Monday–Friday and the result says so (`exact=False`, `note`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

FALLBACK_NOTE = "超出法定节假日数据范围（{years}），按周一至周五计算工作日，请核对当年放假安排"


@dataclass(frozen=True)
class WorkdayResult:
    deadline: date
    exact: bool  # False when some day was counted with the Monday–Friday fallback
    note: str = ""


def _official(day: date) -> bool | None:
    """True/False from the official calendar; None when the package has no data for that year."""
    try:
        import chinese_calendar
    except ImportError:  # packaged build without the calendar: fall back
        return None
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def is_workday(day: date) -> tuple[bool, bool]:
    """(is a working day, counted from official data)."""
    official = _official(day)
    if official is None:
        return day.weekday() < 5, False
    return official, True


def covered_years() -> str:
    try:
        from chinese_calendar import constants

        years = sorted({d.year for d in constants.holidays})
        return f"{years[0]}–{years[-1]} 年"
    except Exception:  # noqa: BLE001 - any failure just means "no data"
        return "无数据"


def add_working_days(start: date, n: int) -> WorkdayResult:
    """The date N working days after `start` (start itself not counted). N ≥ 1."""
    if n < 1:
        raise ValueError("工作日数必须是正整数")
    day, left, exact = start, n, True
    while left:
        day += timedelta(days=1)
        work, official = is_workday(day)
        exact = exact and official
        if work:
            left -= 1
    note = "" if exact else FALLBACK_NOTE.format(years=f"现有数据 {covered_years()}")
    return WorkdayResult(day, exact, note)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_workday(day)[0]
    return count
