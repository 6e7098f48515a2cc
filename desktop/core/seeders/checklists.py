"""Seed the default 小微权力 checklist (db/seed/checklist_xiaowei.json) for the current year at set-up."""

from __future__ import annotations


def seed(s, ctx) -> None:
    from desktop.core.services.checks.checklists import seed_default_in

    seed_default_in(s, ctx, ctx.clock.today().year)
