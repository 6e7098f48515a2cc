"""数据交换 for the UI and CLI: keys and enrolment, export, import, publish, the completeness board, ownership.

    keys:       key_status, init_district_keys, unlock, enrol, write_enrolment
    township:   export(ctx, out_dir, full=, include_sensitive=)  → job (generator of Progress) → summary dict
    both:       import_files(ctx, paths, unlocked, dry_run=, trust=) → job → list[ImportResult]
    district:   publish(ctx, out_dir, unlocked) → job → list[dict]; completeness(ctx); township_choices(ctx)
    ownership:  is_foreign(ctx, row), require_own(ctx, row)  (rows.update/soft_delete enforce it too)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.core.services.org import settings
from desktop.core.services.rows import is_foreign, require_own  # noqa: F401 - re-exported for pages
from desktop.core.sync import downward, importer, keys
from desktop.core.sync import export as export_mod
from desktop.core.sync.tables import UP, synced_tables

Unlocked = keys.Unlocked
ImportResult = importer.ImportResult
UnregisteredSite = importer.UnregisteredSite

init_district_keys = keys.init_district
unlock = keys.unlock
needs_passphrase = keys.needs_passphrase
enrol = keys.enrol
read_enrolment = keys.read_enrolment
create_task = downward.create_task
report_task = downward.report_task
list_tasks = downward.list_tasks


def key_status(ctx) -> dict:
    """This site's key facts and its counterpart(s), for 设置 → 密钥与区县 and `sync keys`."""
    own = keys.own_key(ctx)
    return {"role": ctx.role, "site_code": ctx.site_code, "site_name": ctx.site_name, "own": own,
            "district": None if ctx.is_district else keys.pinned_district(ctx),
            "townships": keys.townships(ctx) if ctx.is_district else []}


def write_enrolment(ctx, path: Path, unlocked: keys.Unlocked | None = None) -> dict:
    return keys.write_enrolment(ctx, Path(path), unlocked)


def export_preview(ctx, *, full: bool = False, include_sensitive: bool = False) -> dict:
    """What an export would carry now (counts per table, range), without writing anything."""
    c = export_mod.collect_upward(ctx, full=full, include_sensitive=include_sensitive)
    return {"seq_from": c["seq_from"], "seq_to": c["seq_to"], "files": len(c["blobs"]),
            "tables": [{"table": st.name, "label": st.label, "rows": len(rows)} for st, _c, rows in c["tables"]],
            "omitted": c["omitted"], "last": c["last"], "district": c["district"]}


def export(ctx, out_dir: Path, *, full: bool = False, include_sensitive: bool = False):
    """Job: township → district package in `out_dir` (the USB folder the user picked).

    The month figures of leads and cases (case_figure, no names) are brought up to date first; the lead and case
    records themselves never travel here (services/cases/package.py exports them separately)."""
    def job():
        if not ctx.is_district:
            from desktop.core.services.cases import figures
            from desktop.core.services.org import users

            users.require_writer(ctx)
            figures.refresh_snapshots(ctx)
        return (yield from export_mod.export_up(ctx, Path(out_dir), full=full, include_sensitive=include_sensitive))

    return job()


def import_files(ctx, paths, unlocked: keys.Unlocked, *, dry_run: bool = False, trust: str | None = None):
    """Job: import packages (at the district from townships, at a township from its district)."""
    return importer.import_files(ctx, [Path(p) for p in paths], unlocked, dry_run=dry_run, trust=trust)


def publish(ctx, out_dir: Path, unlocked: keys.Unlocked, site_codes: list[str] | None = None):
    """Job: district → townships packages (派单, 共性清单 …) in `out_dir`."""
    return downward.publish(ctx, Path(out_dir), unlocked, site_codes)


def exports(ctx) -> list[dict]:
    from sqlalchemy import select

    from desktop.core.models.sync import SyncExport

    t = SyncExport.__table__
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(select(t).order_by(t.c.created_at.desc())).mappings()]


imports = importer.imports_for


def completeness(ctx) -> list[dict]:
    """District board: per registered township, its last package (when, range, counts) and whether it is stale."""
    import json

    stale_days = int(settings.get(ctx, "stale_package_days") or 45)
    today = ctx.clock.today()
    last = importer.last_per_source(ctx)
    out = []
    for town in keys.townships(ctx):
        p = last.get(town["site_code"])
        row = {"site_code": town["site_code"], "site_name": town["site_name"], "fingerprint": town["fingerprint"],
               "packages": 0, "last_file": None, "last_created": None, "last_imported": None, "seq_from": None,
               "seq_to": None, "counts": {}, "days": None, "stale": True, "stale_days": stale_days}
        if p:
            created = date.fromisoformat(p["package_created_at"][:10])
            row.update(packages=p["packages"], last_file=p["file_name"], last_created=p["package_created_at"],
                       last_imported=p["imported_at"], seq_from=p["seq_from"], seq_to=p["seq_to"],
                       counts=json.loads(p["counts_json"]), days=(today - created).days)
            row["stale"] = row["days"] > stale_days
        out.append(row)
    return out


def township_choices(ctx) -> list[tuple[str, str]]:
    """(site_code, name) of every township whose rows are here — for the district's township filter/column."""
    return [(t["site_code"], t["site_name"]) for t in keys.townships(ctx)]


def township_name(ctx, site_code: str) -> str:
    return dict(township_choices(ctx)).get(site_code, site_code)


def synced_table_labels() -> list[tuple[str, str]]:
    return [(st.name, st.label) for st in synced_tables(UP)]
