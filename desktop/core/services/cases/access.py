"""Who may see leads, reporters and cases, and the audit of every view (sensitive by design, issue 14).

Only users.can_see_sensitive(ctx) roles (管理员, 负责人) read these records; for the others every list is empty
and every read is refused. A reporter's name or contact never goes into the audit log: `redact` blanks them.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from desktop.core.errors import NotFound, PermissionDenied
from desktop.core.services import rows
from desktop.core.services.org import users

REPORTER_FIELDS = ("name", "contact")
HIDDEN = "（已隐去）"


def can_see(ctx) -> bool:
    return users.can_see_sensitive(ctx)


def require_see(ctx) -> None:
    """Raise PermissionDenied (Chinese) unless the user may see leads and cases."""
    if not users.can_see_sensitive(ctx):
        raise PermissionDenied(f"当前用户（{ctx.user_name}，{ctx.user_role}）无权查看问题线索和案件。")


def require_write(ctx) -> None:
    require_see(ctx)
    users.require_writer(ctx)


def find_by_no(ctx, model, no: str, what: str) -> str:
    """The id of the live `model` row numbered `no` (or an id given as is); NotFound naming `what` otherwise."""
    require_see(ctx)
    t = model.__table__
    with ctx.reader() as s:
        found = s.execute(select(t.c.id).where(or_(t.c.no == no, t.c.id == no), t.c.deleted_at.is_(None))).scalar()
    if not found:
        raise NotFound(f"找不到编号为“{no}”的{what}。")
    return found


def audit_view(ctx, entity: str, entity_id: str | None, summary: str) -> None:
    """Record that the current user looked at a sensitive record or list (its own short transaction)."""
    with ctx.session() as s:
        rows.write_audit(s, ctx, "查看", entity, entity_id, summary=summary)


def redact(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {k: (HIDDEN if k in REPORTER_FIELDS and v else v) for k, v in row.items()}


def insert_reporter(s, ctx, model, values: dict) -> dict:
    """Insert a reporter row with its audit entry redacted. A database error is re-raised without its SQL
    parameters (which would carry the identity into the crash report and the log)."""
    from sqlalchemy.exc import DBAPIError

    from desktop.core.errors import StoreError

    try:
        row = rows.insert(s, ctx, model, values, audit=False)
    except DBAPIError:
        raise StoreError("登记反映人信息失败，未保存。") from None
    rows.write_audit(s, ctx, "新增", model, row["id"], after=redact(row), summary="登记反映人")
    return row
