"""`qingfeng user list|add|disable|enable|role|reset-password` and `qingfeng passwd` (change your own password).

New passwords come from $QINGFENG_NEW_PASSWORD or the terminal, never from the command line.
"""

from __future__ import annotations

from desktop.cli._common import PASSWORD_ENV, add_globals, add_json, context, emit, read_secret

NEW_ENV = "QINGFENG_NEW_PASSWORD"


def register(sub) -> None:
    p = sub.add_parser("user", help="用户管理（管理员）：列出、添加、停用、启用、改角色、重置密码")
    s = p.add_subparsers(dest="user_command", metavar="操作", required=True)
    ls = s.add_parser("list", help="列出用户")
    add_json(ls)
    ls.set_defaults(func=run_list)
    add = s.add_parser("add", help=f"添加用户（初始密码取自 {NEW_ENV} 或终端输入，首次登录须修改）")
    add.add_argument("login", metavar="LOGIN")
    add.add_argument("--name", required=True, help="姓名")
    add.add_argument("--role", default="工作人员", choices=("管理员", "负责人", "工作人员", "只读"))
    add_json(add)
    add.set_defaults(func=run_add)
    for name, help_text in (("disable", "停用用户"), ("enable", "重新启用用户"),
                            ("reset-password", f"重置密码（新密码取自 {NEW_ENV} 或终端输入，下次登录须修改）")):
        c = s.add_parser(name, help=help_text)
        c.add_argument("login", metavar="LOGIN")
        add_json(c)
        c.set_defaults(func=run_change, change=name)
    r = s.add_parser("role", help="修改角色")
    r.add_argument("login", metavar="LOGIN")
    r.add_argument("role", choices=("管理员", "负责人", "工作人员", "只读"))
    add_json(r)
    r.set_defaults(func=run_change, change="role")
    add_globals(s)
    pw = sub.add_parser("passwd", help=f"修改自己的密码（原密码取自 {PASSWORD_ENV}，新密码取自 {NEW_ENV} 或终端输入）")
    add_json(pw)
    pw.set_defaults(func=run_passwd)


def _public(u: dict) -> dict:
    return {k: u[k] for k in ("login_name", "display_name", "role", "active", "has_password") if k in u}


def run_list(args) -> int:
    from desktop.core.services.org import users

    with context(args) as ctx:
        rows = users.list_users(ctx)
    emit(args, [_public(u) for u in rows],
         [f"{u['login_name']}  {u['display_name']}  {u['role']}  {'在用' if u['active'] else '停用'}" for u in rows])
    return 0


def _new_password() -> str:
    return read_secret(NEW_ENV, "新密码（至少 8 位，不能全是数字）：", "需要新密码。", confirm=True)


def run_add(args) -> int:
    from desktop.core.services.org import users

    with context(args) as ctx:
        users.require_role(ctx, "管理员")
        user = users.create_user(ctx, args.name, args.login, args.role, _new_password(), require_password=True)
    emit(args, _public(user), f"已添加用户：{user['display_name']}（{user['login_name']}，{user['role']}），首次登录须修改密码")
    return 0


def _find(ctx, login: str) -> dict:
    from desktop.core.errors import NotFound
    from desktop.core.services.org import users

    found = [u for u in users.list_users(ctx) if u["login_name"] == login]
    if not found:
        raise NotFound(f"没有名为“{login}”的用户。")
    return found[0]


def run_change(args) -> int:
    from desktop.core.services.org import user_admin, users

    with context(args) as ctx:
        users.require_role(ctx, "管理员")
        user = _find(ctx, args.login)
        if args.change == "disable":
            user_admin.set_active(ctx, user["id"], False)
            text = f"已停用用户：{args.login}"
        elif args.change == "enable":
            user_admin.set_active(ctx, user["id"], True)
            text = f"已启用用户：{args.login}"
        elif args.change == "role":
            user_admin.set_role(ctx, user["id"], args.role)
            text = f"{args.login} 的角色已改为{args.role}"
        else:
            user_admin.reset_password(ctx, user["id"], _new_password())
            text = f"已重置 {args.login} 的密码，下次登录须修改"
        user = _find(ctx, args.login)
    emit(args, _public(user), text)
    return 0


def run_passwd(args) -> int:
    import os

    from desktop.core.services.org import auth

    with context(args) as ctx:
        auth.change_own_password(ctx, os.environ.get(PASSWORD_ENV, ""), _new_password())
        login = ctx.user_login
    emit(args, {"login_name": login, "changed": True}, f"{login} 的密码已修改")
    return 0
