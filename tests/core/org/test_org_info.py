"""`info.summary` as a typed result: the site, the versions and the live rows per table."""

from __future__ import annotations

from desktop.core.services.org import info
from desktop.core.services.registry import units
from desktop.core.store import migrate


def test_summary_counts_live_rows_and_names_the_site(ctx):
    before = info.summary(ctx)
    assert isinstance(before, info.Summary)
    assert before.schema_version == before.program_schema_version == migrate.latest_version()
    assert before.site["site_code"] == ctx.site_code and before.user == ctx.user_name
    unit = units.create(ctx, {"name": "青石村", "type": "行政村"})
    assert info.summary(ctx).counts["unit"] == before.counts.get("unit", 0) + 1
    units.delete(ctx, unit["id"], "撤并")
    assert info.summary(ctx).counts["unit"] == before.counts.get("unit", 0)
