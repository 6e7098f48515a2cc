"""Helpers shared by the subcommands: opening the context, printing text or JSON, progress lines."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable
from contextlib import contextmanager


def add_json(parser) -> None:
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（供脚本使用）")


@contextmanager
def context(args, *, create: bool = False):
    """Open the data dir named by --data-dir (or the default) for one command; always closed."""
    from desktop.core.services.org.context import open_context

    ctx = open_context(args.data_dir, create=create, login=getattr(args, "user", None))
    try:
        yield ctx
    finally:
        ctx.close()


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
