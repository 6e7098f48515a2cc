"""Demo step: talk records, after the problem ledger so talks can link to problems (see ledger_extra)."""

from __future__ import annotations

from desktop.core.demo.ledger_extra import run_talks as run

__all__ = ["run"]
