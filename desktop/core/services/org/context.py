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
    data_dir: Path | str | None = None,
    *,
    create: bool = False,
    login: str | None = None,
    clock: Clock | None = None,
    lock: bool = True,
) -> Context:
    """Open the data dir's database and load site and user into a Context.

    `login` picks the user by login name; otherwise the first active administrator is used.
    """
    data = DataDir(data_dir or default_data_dir())
    db = open_database(data, create=create, lock=lock)
    ctx = Context(db=db, data=data, clock=clock or default_clock())
    try:
        refresh_identity(ctx, login=login)
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
