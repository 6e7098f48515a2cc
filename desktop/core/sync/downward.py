"""District → township: 派单 tasks, 共性清单 and other district-owned tables, as signed full snapshots.

Every publication gets a new, higher `catalogue_version`; a township refuses a version not newer than the one it
holds (rollback protection) and accepts only packages signed by its pinned district key (checked in importer).
Rows of a table with a `target_sites` column go only to the townships listed (empty = all).
A task that arrives at a township gets a progress record (task_report, township-owned, so it travels back up in
the next export) and, when the ledger module provides `from_dispatch_task(s, ctx, task) -> matter_id`, a
supervision matter with source 派单.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, or_, select

from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.models.sync import TASK_STATUSES, DispatchTask, SyncExport, TaskReport
from desktop.core.progress import Progress
from desktop.core.sync import export, keys
from desktop.core.sync.tables import DOWN, synced_tables

MATTERS_MODULE = "desktop.core.services.matters.records"


def catalogue_version(ctx) -> int:
    """The highest catalogue version published (district) so far."""
    t = SyncExport.__table__
    with ctx.reader() as s:
        return int(s.execute(select(func.max(t.c.catalogue_version)).where(t.c.direction == DOWN)).scalar() or 0)


def publish(ctx, out_dir: Path, unlocked: keys.Unlocked, site_codes: list[str] | None = None) -> Iterator[Progress]:
    """Write one signed package per registered township (or `site_codes`), each encrypted to that township."""
    from desktop.core.services.org import users

    users.require_writer(ctx)
    if not ctx.is_district:
        raise PermissionDenied("只有区县才能下发清单和派单。")
    targets = [t for t in keys.townships(ctx) if not site_codes or t["site_code"] in site_codes]
    if not targets:
        raise ValidationError("还没有登记任何乡镇，无法下发。", hint="请先导入乡镇的登记文件")
    version = catalogue_version(ctx) + 1
    with ctx.reader() as s:
        seq_to, schema = export.current_seq(s), export.schema_version(s)
        tables = [(st, st.columns, export.read_rows(s, st, ctx.site_code, st.columns, None, seq_to))
                  for st in synced_tables(DOWN)]
    results = []
    for i, town in enumerate(targets):
        yield Progress(i, len(targets), f"正在生成发给 {town['site_name']} 的数据包……")
        mine = [(st, cols, [r for r in rows if _for_site(r, town["site_code"])]) for st, cols, rows in tables]
        warnings: list[str] = []
        blobs = {}
        for st, _c, rows in mine:
            blobs.update(export.blob_files(ctx.data, st, rows, warnings))
        no = export.next_package_no(ctx, DOWN, town["site_code"])
        manifest = export.base_manifest(
            ctx, kind="district_publish", schema=schema, package_no=no, seq_from=1, seq_to=seq_to,
            target={"site_code": town["site_code"], "site_name": town["site_name"]}, full=True, prev=None,
            catalogue_version=version)
        name = export.package_name(ctx.site_code, ctx.clock.today(), no, f"_to{town['site_code']}")
        result = yield from _quiet(export.write_package(ctx, manifest, mine, blobs, unlocked.signer,
                                                        town["age_recipient"], out_dir, name))
        export.record_export(ctx, direction=DOWN, target_code=town["site_code"], result=result, full=True)
        results.append({**export.summary(result, {"tables": mine, "warnings": warnings}),
                        "catalogue_version": version, "township": town["site_name"]})
    yield Progress(len(targets), len(targets), f"已下发 {len(results)} 个数据包（清单版本 {version}）")
    return results


def _quiet(job):
    """Run a sub-job, dropping its progress steps (the caller reports per township)."""
    while True:
        try:
            next(job)
        except StopIteration as stop:
            return stop.value
        yield from ()


def _for_site(row: dict, site_code: str) -> bool:
    targets = (row.get("target_sites") or "").replace("，", ",").replace(" ", "")
    return not targets or site_code in targets.split(",")


# --- township side ------------------------------------------------------------------------------------------


def after_apply(s, ctx, plans) -> None:
    """Called inside the import transaction at a township: new tasks get a report row (and a matter)."""
    from desktop.core.services import rows

    t = TaskReport.__table__
    _mark_read_only(s, ctx)
    for plan in plans:
        if plan.st.name != "dispatch_task":
            continue
        for task in plan.inserts:
            if task.get("deleted_at") or not _for_site(task, ctx.site_code):
                continue
            have = s.execute(select(t.c.id).where(t.c.task_id == task["id"], t.c.origin_site == ctx.site_code,
                                                  t.c.deleted_at.is_(None))).first()
            if have:
                continue
            matter_id = _make_matter(s, ctx, task)
            rows.insert(s, ctx, TaskReport, {"task_id": task["id"], "status": "未开始", "matter_id": matter_id},
                        summary=f"收到派单：{task['title']}")


def _make_matter(s, ctx, task: dict) -> str | None:
    """A supervision matter with source 派单 for the task (source_ref = task id), when the ledger exists."""
    try:
        module = importlib.import_module(MATTERS_MODULE)
    except ModuleNotFoundError:
        return None
    hook = getattr(module, "from_dispatch_task", None)
    if hook:
        return hook(s, ctx, task)
    t = module.SupervisionMatter.__table__
    have = s.execute(select(t.c.id).where(t.c.source_ref == task["id"], t.c.deleted_at.is_(None))).scalar()
    if have:
        return have
    row = module.create_in(s, ctx, {
        "title": task["title"][:200], "source": "派单", "category": "专项", "source_ref": task["id"],
        "plan_start": ctx.clock.today().isoformat(), "plan_due": task.get("deadline"),
        "focus": (task.get("content") or "")[:2000] or None, "note": "区县派单，随数据包下发"})
    return row["id"]


def _mark_read_only(s, ctx) -> None:
    """District 共性化 checklists are read-only at the township (a local display flag; rev unchanged)."""
    try:
        from desktop.core.models.checks import Checklist
    except ImportError:
        return
    t = Checklist.__table__
    if "read_only" in t.c:
        s.execute(t.update().where(t.c.origin_site != ctx.site_code, t.c.read_only.is_(False))
                  .values(read_only=True))


# --- tasks: create at the district, report at the township ---------------------------------------------------


def create_task(ctx, values: dict) -> dict:
    """District: a new 派单 task (title, content, deadline 'YYYY-MM-DD', target_sites list or text)."""
    from desktop.core.services import rows
    from desktop.core.services.org import users
    from desktop.core.services.registry.people import _date

    users.require_writer(ctx)
    if not ctx.is_district:
        raise PermissionDenied("只有区县才能派单。")
    title = (values.get("title") or "").strip()
    if not title:
        raise ValidationError("请填写派单事项。", field="title")
    targets = values.get("target_sites") or ""
    if isinstance(targets, list | tuple):
        targets = ",".join(targets)
    row = {"title": title, "content": (values.get("content") or "").strip() or None,
           "deadline": _date(values.get("deadline"), "完成期限", "deadline"),
           "target_sites": targets or None, "issued_on": ctx.clock.today().isoformat(),
           "note": values.get("note") or None}
    with ctx.session() as s:
        return rows.insert(s, ctx, DispatchTask, row)


def report_task(ctx, task_id: str, status: str, progress: str = "") -> dict:
    """Township: record progress on a task (travels up in the next export)."""
    from desktop.core.services import rows
    from desktop.core.services.org import users

    users.require_writer(ctx)
    if status not in TASK_STATUSES:
        raise ValidationError(f"进展状态只能是：{'、'.join(TASK_STATUSES)}。", field="status")
    t = TaskReport.__table__
    with ctx.session() as s:
        if not rows.get(s, DispatchTask, task_id):
            raise ValidationError("找不到该派单任务。")
        have = s.execute(select(t.c.id).where(t.c.task_id == task_id, t.c.origin_site == ctx.site_code,
                                              t.c.deleted_at.is_(None))).scalar()
        values = {"status": status, "progress": progress.strip() or None,
                  "reported_on": ctx.clock.today().isoformat()}
        if have:
            return rows.update(s, ctx, TaskReport, have, values, reason="派单进展")
        return rows.insert(s, ctx, TaskReport, {"task_id": task_id, **values})


def list_tasks(ctx) -> list[dict]:
    """Tasks with their progress: at a township its own report; at the district one entry per report."""
    d, r = DispatchTask.__table__, TaskReport.__table__
    with ctx.reader() as s:
        tasks = [dict(x) for x in s.execute(select(d).where(d.c.deleted_at.is_(None))
                                            .order_by(d.c.issued_on.desc(), d.c.title)).mappings()]
        q = select(r).where(r.c.deleted_at.is_(None))
        if not ctx.is_district:
            q = q.where(or_(r.c.origin_site == ctx.site_code))
        reports = [dict(x) for x in s.execute(q).mappings()]
    for task in tasks:
        task["reports"] = [x for x in reports if x["task_id"] == task["id"]]
    return tasks
