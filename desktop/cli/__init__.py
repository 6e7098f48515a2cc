"""The `qingfeng` command. Without a subcommand it starts the GUI.

Subcommands live one per module in this package (calibre style). A module exposes
`register(subparsers)` which adds its parser and sets `func=handler(args) -> int`.
Expected errors print one Chinese line and exit 1; usage errors exit 2; no tracebacks.
"""

from __future__ import annotations

import sys

from desktop import APP_NAME, __version__

_PARSER_CLASS = None


def __getattr__(name: str):
    """`desktop.cli.ChineseArgumentParser` stays importable, built on first use (argparse loads lazily)."""
    if name == "ChineseArgumentParser":
        return _parser_class()
    raise AttributeError(name)


def _parser_class():
    global _PARSER_CLASS
    if _PARSER_CLASS is not None:
        return _PARSER_CLASS
    import argparse

    class ChineseHelpFormatter(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)

    class ChineseArgumentParser(argparse.ArgumentParser):
        """argparse with Chinese headings, help option and error line."""

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("formatter_class", ChineseHelpFormatter)
            kwargs["add_help"] = False
            super().__init__(*args, **kwargs)
            self._positionals.title = "参数"
            self._optionals.title = "选项"
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

        def error(self, message: str):
            self.print_usage(sys.stderr)
            self.exit(2, f"用法错误：{message}\n（运行 qingfeng --help 查看用法）\n")

    _PARSER_CLASS = ChineseArgumentParser
    return ChineseArgumentParser


def build_parser():
    """The full parser with every subcommand module of this package (not built on the GUI fast path)."""
    import argparse
    import importlib
    import pkgutil

    ChineseArgumentParser = _parser_class()  # noqa: N806 - a class
    parser = ChineseArgumentParser(prog="qingfeng", description=f"{APP_NAME} — 乡镇纪委监督台账（离线桌面版）")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出")
    parser.add_argument("--data-dir", metavar="DIR", help="数据目录（默认：用户数据目录）")
    parser.add_argument("--smoke-test", action="store_true", help="启动界面，窗口显示后打印 shown_ms 并退出")
    parser.add_argument("--user", metavar="LOGIN", help="以指定登录名的用户身份操作")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register:
            register(sub)
    for command in sub.choices.values():  # global options are accepted after the subcommand too
        command.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="数据目录")
        command.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help="以指定用户身份操作")
    return parser


def main(argv: list[str] | None = None) -> int:
    from desktop.core.store.private import private_umask

    private_umask()  # data, backups and exports: 0600 files, 0700 folders
    try:
        code = _main(argv)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at interpreter exit
        return code
    except BrokenPipeError:
        return _closed_pipe()


def _closed_pipe() -> int:
    """The reader of our output went away (`qingfeng … --json | head -1`): stop quietly, no traceback, exit 1.
    stdout is pointed at devnull so that the interpreter's final flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 1


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_gui(argv):
        return _start_gui(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _start_gui(argv)
    from desktop.core.errors import QingfengError

    try:
        return int(args.func(args) or 0)
    except QingfengError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 1


def _wants_gui(argv: list[str]) -> bool:
    """True when no subcommand is given: take the fast path that skips building every subparser."""
    rest = [a for a in argv if a.startswith("-")]
    words = [a for i, a in enumerate(argv) if not a.startswith("-") and not (i and argv[i - 1] in ("--data-dir", "--user"))]
    return not words and not any(a in ("-h", "--help", "--version") for a in rest)


def _start_gui(argv: list[str]) -> int:
    """Start the GUI with --data-dir/--user/--smoke-test read by hand: argparse is not worth its import here."""
    opts = {"--data-dir": None, "--user": None}
    for i, arg in enumerate(argv):
        name, eq, value = arg.partition("=")
        if name in opts:
            opts[name] = value if eq else (argv[i + 1] if i + 1 < len(argv) else None)
    from desktop.app import run_gui

    return run_gui(data_dir=opts["--data-dir"], smoke_test="--smoke-test" in argv, login=opts["--user"])
