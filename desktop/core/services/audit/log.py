"""Reading the audit log: filter (user, record, action, date), a record's history, xlsx export, exports audited.

The full log is for 管理员 and 负责人; the history of one record is open to every logged-in user. Every export of
data (xlsx, backups, packages) is recorded with `record_export`; sensitive views with `record_view`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import func, select

from desktop.core.models.audit import AuditLog
from desktop.core.services import rows
from desktop.core.services.org import users

ENTITY_NAMES = {  # table → what the users call it (the viewer's 记录类型 column)
    "app_user": "用户", "org_profile": "单位信息", "app_setting": "设置", "unit": "单位", "person": "人员",
    "person_post": "人员任职", "problem": "问题", "problem_type": "问题类型", "problem_person": "问题责任人",
    "problem_deadline": "整改时限", "problem_milestone": "整改节点", "problem_feedback": "整改反馈",
    "problem_event": "问题进程", "inspection": "检查", "inspection_unit": "检查单位", "inspection_item": "检查项",
    "inspection_plan": "检查计划", "checklist": "监督清单", "checklist_item": "清单条目", "document": "文书",
    "document_link": "文书关联", "document_file": "文书文件", "receipt": "送达回证", "supervision_matter": "监督事项",
    "matter_unit": "事项单位", "talk_record": "谈话", "attachment": "附件", "sync_key": "密钥",
    "sync_peer": "区县/乡镇登记", "sync_export": "数据包导出", "sync_import": "数据包导入", "dispatch_task": "派单",
    "task_report": "派单反馈", "backup": "备份", "export": "导出", "audit_log": "审计日志",
}
PAGE = 2000


@dataclass
class AuditEntry:
    id: int
    at: str
    user_name: str
    action: str
    entity: str
    entity_label: str
    entity_id: str | None
    summary: str
    before: dict | None
    after: dict | None


@dataclass
class AuditFilter:
    user: str = ""  # user name (as written in the entry)
    entity_id: str = ""  # one record
    entity: str = ""  # one record kind (table name)
    action: str = ""
    date_from: str = ""  # 'YYYY-MM-DD', inclusive (UTC date of the entry)
    date_to: str = ""


def _entry(r) -> AuditEntry:
    load = lambda v: json.loads(v) if v else None  # noqa: E731
    return AuditEntry(r["id"], r["at"], r["user_name"], r["action"], r["entity"],
                      ENTITY_NAMES.get(r["entity"], r["entity"]), r["entity_id"], r["summary"] or "",
                      load(r["before_json"]), load(r["after_json"]))


def _query(f: AuditFilter):
    t = AuditLog.__table__
    q = select(t)
    if f.user:
        q = q.where(t.c.user_name == f.user)
    if f.entity_id:
        q = q.where(t.c.entity_id == f.entity_id)
    if f.entity:
        q = q.where(t.c.entity == f.entity)
    if f.action:
        q = q.where(t.c.action == f.action)
    if f.date_from:
        q = q.where(t.c.at >= f.date_from)
    if f.date_to:
        q = q.where(t.c.at < f.date_to + "T99")
    return q


def search(ctx, f: AuditFilter | None = None, *, limit: int = PAGE) -> list[AuditEntry]:
    """Newest first. 管理员 and 负责人 only."""
    users.require_sensitive(ctx)
    t = AuditLog.__table__
    with ctx.reader() as s:
        q = _query(f or AuditFilter()).order_by(t.c.id.desc()).limit(limit)
        return [_entry(r) for r in s.execute(q).mappings()]


def choices(ctx) -> dict[str, list[str]]:
    """Distinct users, actions and record kinds, for the viewer's filter lists."""
    users.require_sensitive(ctx)
    t = AuditLog.__table__
    with ctx.reader() as s:
        def distinct(col):
            return [v for (v,) in s.execute(select(col).distinct().order_by(col)) if v]
        return {"users": distinct(t.c.user_name), "actions": distinct(t.c.action), "entities": distinct(t.c.entity)}


def history(ctx, entity_id: str) -> list[AuditEntry]:
    """Who changed one record, when, before and after: oldest first. Any logged-in user."""
    if ctx.user_id is None and ctx.site_code:
        users.require_role(ctx, "管理员")  # raises: not logged in
    t = AuditLog.__table__
    with ctx.reader() as s:
        q = select(t).where(t.c.entity_id == entity_id).order_by(t.c.id)
        return [_entry(r) for r in s.execute(q).mappings()]


def count(ctx) -> int:
    with ctx.reader() as s:
        return s.execute(select(func.count()).select_from(AuditLog.__table__)).scalar_one()


COLUMNS = (("编号", "id", 8, "int"), ("时间（UTC）", "at", 22, "text"), ("用户", "user_name", 10, "text"),
           ("操作", "action", 10, "text"), ("记录类型", "entity_label", 12, "text"),
           ("记录编号", "entity_id", 38, "text"), ("说明", "summary", 40, "text"),
           ("修改前", "before", 40, "text"), ("修改后", "after", 40, "text"))


def export_xlsx(ctx, path: Path | str, f: AuditFilter | None = None) -> int:
    """The filtered log as an .xlsx (Chinese headers); the export itself is audited. Returns the row count."""
    from desktop.core.xlsx import XlsxColumn, write_table

    entries = search(ctx, f, limit=10**9)
    dump = lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True) if v else ""  # noqa: E731
    data = [{**asdict(e), "before": dump(e.before), "after": dump(e.after)} for e in entries]
    n = write_table(Path(path), "审计日志", [XlsxColumn(*c) for c in COLUMNS], data, title="")
    record_export(ctx, "审计日志", path, n)
    return n


def record_export(ctx, what: str, path: Path | str | None, n: int | None = None, *, entity: str = "export") -> None:
    """Audit one export of data: what, where to, how many."""
    name = Path(path).name if path else ""
    tail = f"（{n} 条）" if n is not None else ""
    with ctx.session() as s:
        rows.write_audit(s, ctx, "导出", entity, None, summary=f"导出{what}：{name}{tail}")


def record_view(ctx, entity: str, entity_id: str, what: str) -> None:
    """Audit one view of a sensitive record (a lead, a reporter, an unmasked ID number …)."""
    with ctx.session() as s:
        rows.write_audit(s, ctx, "查看", entity, entity_id, summary=f"查看{what}")
