"""Helpers shared by the subcommands: opening the context, printing text or JSON, progress lines."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable
from contextlib import contextmanager


def add_json(parser) -> None:
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（供脚本使用）")


def add_globals(subparsers) -> None:
    """--data-dir and --user also after a second-level action (`audit verify --data-dir D`)."""
    import argparse

    for parser in subparsers.choices.values():
        parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="数据目录")
        parser.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help="以指定用户身份操作")


@contextmanager
def context(args, *, create: bool = False, login: bool = True):
    """Open the data dir named by --data-dir (or the default) for one command, logged in; always closed.

    The user comes from --user or $QINGFENG_USER, the password from $QINGFENG_PASSWORD or the terminal (never
    from the command line). A data dir not yet set up has nothing to protect; `login=False` is for init and demo.
    """
    from desktop.core.services.org.context import open_context

    ctx = open_context(args.data_dir, create=create, anonymous=True)
    try:
        if login:
            authenticate(args, ctx)
        yield ctx
    finally:
        ctx.close()


PASSWORD_ENV = "QINGFENG_PASSWORD"
USER_ENV = "QINGFENG_USER"


def read_secret(env: str, prompt: str, missing: str, *, confirm: bool = False) -> str:
    """A password from $`env`, else typed at the terminal (never an argument). Raises ValidationError."""
    import os

    from desktop.core.errors import ValidationError

    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise ValidationError(missing, hint=f"请设置环境变量 {env}，或在终端中运行以输入")
    import getpass

    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("再次输入：") != value:
        raise ValidationError("两次输入的密码不一致。")
    return value


def authenticate(args, ctx) -> None:
    """Log `ctx` in as the CLI's user (lockout applies); refuse data commands without a user."""
    import os

    from desktop.core.errors import PermissionDenied
    from desktop.core.services.org import auth

    if not ctx.site_code:
        return  # not set up yet: no users, nothing to protect
    login = getattr(args, "user", None) or os.environ.get(USER_ENV)
    if not login:
        raise PermissionDenied(f"需要登录：请用 --user 登录名 或环境变量 {USER_ENV} 指定用户（密码由 {PASSWORD_ENV} "
                               "或终端输入）。")
    password = read_secret(PASSWORD_ENV, f"{login} 的密码：", f"需要用户“{login}”的密码。")
    result = auth.login(ctx, login, password, channel=f"命令行 {getattr(args, 'command', '') or ''}".strip())
    if result.must_change and getattr(args, "command", "") != "passwd":
        from desktop.core.services.org.context import set_user

        set_user(ctx, None)
        raise PermissionDenied(f"用户“{login}”须先修改密码。", hint="请运行 qingfeng passwd，或在程序界面登录后修改")


def emit(args, data, text: str | Iterable[str] = "") -> None:
    """Print `data` as JSON with --json, else the human text. Dataclass results (the services' typed results)
    are printed with their fields, as dicts would be."""
    if getattr(args, "json", False):
        json.dump(plain(data), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        lines = [text] if isinstance(text, str) else list(text)
        for line in lines:
            print(line)


def plain(data):
    """`data` with every dataclass instance in it turned into a dict (for JSON)."""
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return dataclasses.asdict(data)
    if isinstance(data, list | tuple):
        return [plain(x) for x in data]
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    return data


def progress(args, items: Iterable[str]) -> list[str]:
    """Drain a progress generator, echoing each line to stderr unless --json."""
    out = []
    for line in items:
        out.append(str(line))
        if not getattr(args, "json", False):
            print(f"  {line}", file=sys.stderr)
    return out
