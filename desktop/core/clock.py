"""The one source of 'now' and 'today', injectable in tests."""

from __future__ import annotations

from datetime import UTC, date, datetime


class Clock:
    """Real clock. Tests use `FixedClock`."""

    def now(self) -> datetime:
        """Aware UTC now."""
        return datetime.now(UTC)

    def today(self) -> date:
        """Local calendar date (what the user calls 'today')."""
        return date.today()


class FixedClock(Clock):
    """A clock stopped at a given moment (tests, demo data)."""

    def __init__(self, today: date, now: datetime | None = None):
        self._today = today
        self._now = now or datetime(today.year, today.month, today.day, 2, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def today(self) -> date:
        return self._today


_default: Clock = Clock()


def default_clock() -> Clock:
    """The clock a context gets when none is given: the real one, or the one a test fixed with `set_default`."""
    return _default


def set_default(clock: Clock) -> Clock:
    """Make `clock` the default for every context opened from now on (tests, the CLI); returns the previous one."""
    global _default
    previous, _default = _default, clock
    return previous


def utc_iso(moment: datetime) -> str:
    """ISO-8601 UTC text with milliseconds and a Z, the form stored in every timestamp column."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_date(text: str | None) -> date | None:
    """'2026-03-05' → date; empty → None."""
    return date.fromisoformat(text) if text else None
