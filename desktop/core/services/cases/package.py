"""The separate sensitive package: item-level leads, disposals, cases, measures and money, encrypted to the
district, exported only by a 负责人 (the ordinary package carries only the month figures, case_figure).

    job = package.export_cases(ctx, out_dir)                          # a generator of Progress; returns summary
    job = package.export_cases(ctx, out_dir, release_reporter_for=lead_id)

It is always a full snapshot of this site's case tables (small), built by the sync package machinery
(sign, encrypt, verify, rename) with kind "township_cases"; the district imports it with the ordinary importer
into the same protected tables. The reporter's name and contact are blanked in every row except the one lead a
负责人 explicitly releases, and only when that lead was transferred (移送县/区) to the county.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import insert

from desktop.core.errors import GateRefused, PermissionDenied, ValidationError
from desktop.core.models.cases import L_FORWARDED, Lead, Reporter
from desktop.core.models.sync import SyncExport
from desktop.core.progress import Progress
from desktop.core.services import rows

KIND, DIRECTION, SUFFIX = "township_cases", "up_cases", "_线索案件"


def case_tables():
    from desktop.core.sync.tables import UP, synced_tables

    return [st for st in synced_tables(UP) if st.package == "cases"]


def release_reporter_in(s, ctx, lead_id: str) -> None:
    """Mark one lead's reporter for the package (负责人, lead 已移送 only); audited without the identity."""
    lead = rows.require(s, Lead, lead_id, "问题线索")
    if lead["status"] != L_FORWARDED:
        raise GateRefused(f"问题线索 {lead['no']} 未移送县/区，不能在数据包中包含反映人信息。")
    from desktop.core.services.cases import leads

    rep = leads.reporter_in(s, lead_id)
    if rep is None or rep["kind"] != "实名":
        raise ValidationError(f"问题线索 {lead['no']} 没有实名反映人。")
    from desktop.core.clock import utc_iso

    t = Reporter.__table__
    s.execute(t.update().where(t.c.id == rep["id"]).values(released=True, released_by=ctx.user_name,
                                                           released_at=utc_iso(ctx.clock.now()),
                                                           rev=rep["rev"] + 1, change_seq=rows.next_seq(s)))
    rows.write_audit(s, ctx, "包含反映人", Reporter, rep["id"], summary=f"{lead['no']} 移送县/区，负责人同意在敏感数据包中包含反映人信息")


def _rows(s, ctx, st, seq_to: int) -> list[dict]:
    from desktop.core.sync.export import read_rows

    got = read_rows(s, st, ctx.site_code, st.columns, None, seq_to)
    if st.name == Reporter.__tablename__:
        got = [r if r.get("released") else {**r, "name": None, "contact": None} for r in got]
    return got


def export_cases(ctx, out_dir: Path, *, release_reporter_for: str | None = None) -> Iterator[Progress]:
    """负责人 only: write the sensitive package to `out_dir`. Returns a summary dict (file, rows per table)."""
    from desktop.core.sync import export as ex
    from desktop.core.sync import keys

    if ctx.user_id is not None and ctx.user_role != "负责人":
        raise PermissionDenied("线索案件数据包只能由负责人导出。")
    if ctx.is_district:
        raise PermissionDenied("区县不向上导出数据包。")
    district = keys.pinned_district(ctx)
    if district is None:
        raise ValidationError("尚未绑定区县密钥，无法导出。", hint="请先在“设置 → 密钥与区县”中导入区县登记文件")
    unlocked = keys.unlock(ctx)
    yield Progress(0, 5, "正在读取线索和案件……")
    with ctx.session() as s:
        if release_reporter_for:
            release_reporter_in(s, ctx, release_reporter_for)
        seq_to, schema = ex.current_seq(s), ex.schema_version(s)
        tables = [(st, st.columns, _rows(s, ctx, st, seq_to)) for st in case_tables()]
    no = ex.next_package_no(ctx, DIRECTION, district["site_code"])
    manifest = ex.base_manifest(ctx, kind=KIND, target={"site_code": district["site_code"],
                                                        "site_name": district["site_name"]},
                                schema=schema, package_no=no, seq_from=1, seq_to=seq_to, full=True, prev=None,
                                sensitive=True)
    name = ex.package_name(ctx.site_code, ctx.clock.today(), no, SUFFIX)
    result = yield from ex.write_package(ctx, manifest, tables, {}, unlocked.signer, district["age_recipient"],
                                         out_dir, name)
    _record(ctx, district["site_code"], result)
    return {"file": str(result["path"]), "package_no": no, "verified": True,
            "tables": [{"table": st.name, "label": st.label, "rows": len(r)} for st, _c, r in tables],
            "reporters_included": sum(1 for st, _c, r in tables if st.name == Reporter.__tablename__
                                      for x in r if x.get("released"))}


def _record(ctx, target: str, result: dict) -> None:
    m = result["manifest"]
    row = {"package_id": m["package_id"], "direction": DIRECTION, "target_code": target,
           "package_no": m["package_no"], "file_name": Path(result["path"]).name, "file_sha256": result["sha256"],
           "size": result["size"], "seq_from": m["seq_from"], "seq_to": m["seq_to"], "full_snapshot": True,
           "catalogue_version": None, "sensitive": True, "counts_json": json.dumps(m["counts"], ensure_ascii=False),
           "created_at": m["created_at"], "created_by": ctx.user_name}
    with ctx.session() as s:
        s.execute(insert(SyncExport.__table__).values(**row))
        rows.write_audit(s, ctx, "导出线索案件数据包", "sync_export", row["package_id"],
                         after={k: row[k] for k in ("file_name", "target_code", "counts_json")})



