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
    user_role: str = ""
    user_login: str = ""
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


_default_login: str | None = None


def set_default_login(login: str | None) -> str | None:
    """Tests: the login a context opened without one acts as (like clock.set_default). Returns the previous one.

    Production never sets it: the CLI and the GUI open their context with `anonymous=True` and authenticate
    (services/auth.py); a context without a user may do nothing that needs a role once the site is set up.
    """
    global _default_login
    previous, _default_login = _default_login, login
    return previous


def open_context(
    data_dir: Path | str | None = None,
    *,
    create: bool = False,
    login: str | None = None,
    clock: Clock | None = None,
    lock: bool = True,
    anonymous: bool = False,
) -> Context:
    """Open the data dir's database and load site and user into a Context.

    `login` names the user to act as: the caller has already checked who it is (auth.login checks the password;
    core tests name their user). Without it the context has no user (`anonymous=True` ignores a test default).
    """
    data = DataDir(data_dir or default_data_dir())
    db = open_database(data, create=create, lock=lock)
    ctx = Context(db=db, data=data, clock=clock or default_clock())
    try:
        if login or anonymous or not _default_login:
            refresh_identity(ctx, login=login)
        else:  # a test's default user, when this data dir has it
            from desktop.core.errors import ValidationError

            try:
                refresh_identity(ctx, login=_default_login)
            except ValidationError:
                refresh_identity(ctx)
    except BaseException:
        db.close()
        raise
    return ctx


def refresh_identity(ctx: Context, *, login: str | None = None) -> None:
    """(Re)load site and user from the database into `ctx`: the user `login`, else the one already logged in."""
    from desktop.core.services.org import profile as org
    from desktop.core.services.org import users

    profile = org.get_profile(ctx)
    if profile:
        ctx.site_code, ctx.site_name, ctx.role = profile["site_code"], profile["site_name"], profile["role"]
    if login:
        set_user(ctx, users.pick_user(ctx, login))  # raises for an unknown login
    elif ctx.user_login:  # keep the logged-in user (after a restore: if still there and active)
        found = [u for u in users.list_users(ctx) if u["login_name"] == ctx.user_login and u["active"]]
        set_user(ctx, found[0] if found else None)


def set_user(ctx: Context, user: dict | None) -> None:
    """Make `user` (an app_user row) the context's user; None logs out."""
    if user is None:
        ctx.user_id, ctx.user_name, ctx.user_role, ctx.user_login = None, "系统", "", ""
    else:
        ctx.user_id, ctx.user_name, ctx.user_role = user["id"], user["display_name"], user["role"]
        ctx.user_login = user["login_name"]
