"""The context every service call receives: the database, the data dir, the current user, the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.clock import Clock, default_clock
from desktop.core.paths import DataDir, default_data_dir
from desktop.core.store.engine import Database, open_database


@dataclass
class Context:
    """Who is working, where, and when. Cheap to pass around; holds no open session."""

    db: Database
    data: DataDir
    clock: Clock = field(default_factory=default_clock)
    user_id: str | None = None
    user_name: str = "系统"
    user_role: str = "管理员"
    site_code: str = ""
    site_name: str = ""
    role: str = "township"

    @property
    def is_district(self) -> bool:
        return self.role == "district"

    def session(self):
        """A write transaction (see Database.session)."""
        return self.db.session()

    def reader(self):
        """A read-only snapshot (see Database.reader)."""
        return self.db.reader()

    def close(self) -> None:
        self.db.close()


def open_context(
    data_dir: Path | str | DataDir | None = None,
    *,
    create: bool = False,
    login: str | None = None,
    clock: Clock | None = None,
    lock: bool = True,
    tidy: bool | None = None,
) -> Context:
    """Open the data dir's database and load site and user into a Context.

    `login` picks the user by login name; otherwise the first active administrator is used.
    """
    data = data_dir if isinstance(data_dir, DataDir) else DataDir(data_dir or default_data_dir())
    db = open_database(data, create=create, lock=lock, tidy=tidy)
    ctx = Context(db=db, data=data, clock=clock or default_clock())
    try:
        refresh_identity(ctx, login=login)
        if lock or tidy:
            finish_pending_restore(ctx)
    except BaseException:
        db.close()
        raise
    return ctx


def refresh_identity(ctx: Context, *, login: str | None = None) -> None:
    """(Re)load site and current user from the database into `ctx`."""
    from desktop.core.services.org import profile as org
    from desktop.core.services.org import users

    profile = org.get_profile(ctx)
    if profile:
        ctx.site_code, ctx.site_name, ctx.role = profile["site_code"], profile["site_name"], profile["role"]
    user = users.pick_user(ctx, login)
    if user:
        ctx.user_id, ctx.user_name, ctx.user_role = user["id"], user["display_name"], user["role"]


def finish_pending_restore(ctx) -> None:
    """After a restore's swap (now, or at the start after a kill): audit it in the restored database, move
    the change counter past what was sent, reload who and where we are, and clear the marker."""
    from desktop.core.services.rows import write_audit
    from desktop.core.store import backup
    from desktop.core.store import sync_state as state

    note = backup.pending(ctx.data)
    if note is None:
        return
    _reload_identity(ctx)
    who = note.get("by") or "（未知）"
    site = f"{note.get('site_name') or ''}（{note.get('site_code') or ''}）"
    summary = (f"{who} 从备份“{note.get('file', '')}”恢复了 {site} 的数据"
               f"{'（其他单位的备份，已确认）' if note.get('other_site') else ''}；"
               f"原数据库另存为 {Path(note.get('kept') or '').name}")
    with ctx.session() as s:
        state.continue_counter_in(s, ctx.data)
        write_audit(s, ctx, "恢复备份", "backup", note.get("file"), after=note, summary=summary)
    backup.done(ctx.data)


def _reload_identity(ctx) -> None:
    """Site and user from the restored database; the same user stays logged in when it exists there."""
    from desktop.core.models.users import AppUser
    from desktop.core.services import rows

    user_id = ctx.user_id
    refresh_identity(ctx)
    if user_id and user_id != ctx.user_id:
        with ctx.reader() as s:
            u = rows.get(s, AppUser, user_id)
        if u and u.get("active"):
            ctx.user_id, ctx.user_name, ctx.user_role = u["id"], u["display_name"], u["role"]
