"""`qingfeng sync …`: keys and enrolment, export (township), import, publish (district), status.

The key passphrase (the district's, and the township's: both sites' private keys are stored encrypted) comes from
$QINGFENG_PASSPHRASE or --passphrase-file FILE (never from argv); otherwise it is asked for on the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from desktop.cli._common import add_json, context, emit, progress

ENV = "QINGFENG_PASSPHRASE"


def register(sub) -> None:
    p = sub.add_parser("sync", help="数据交换：密钥、登记、导出、导入、下发")
    ss = p.add_subparsers(dest="sync_command", metavar="操作", required=True, parser_class=type(p))
    k = _sub(ss, "keys", "显示本单位密钥指纹；--init-district 生成区县密钥", run_keys)
    k.add_argument("--init-district", action="store_true", help="生成区县密钥（X25519 + Ed25519，口令保护）")
    k.add_argument("--init-township", action="store_true", help="生成乡镇密钥（口令保护；旧版本初始化的数据目录用）")
    k.add_argument("--protect", action="store_true", help="用口令加密旧版本以明文保存的本单位密钥")
    k.add_argument("--replace", action="store_true", help="替换已有的区县密钥")
    e = _sub(ss, "enrol", "导入登记文件（乡镇：绑定区县；区县：登记乡镇）", run_enrol)
    e.add_argument("file", metavar="FILE")
    e.add_argument("--replace", action="store_true", help="对方已更换密钥时替换原登记")
    o = _sub(ss, "enrolment", "导出本单位的登记文件（公钥与指纹）", run_enrolment)
    o.add_argument("--out", required=True, metavar="FILE")
    x = _sub(ss, "export", "乡镇：导出数据包到文件夹（U 盘）", run_export)
    x.add_argument("--out", required=True, metavar="DIR")
    x.add_argument("--full", action="store_true", help="完整快照（默认：自上次导出以来的变更）")
    x.add_argument("--sensitive", action="store_true", help="包含敏感信息（线索、举报人、身份证号等）")
    i = _sub(ss, "import", "导入数据包（可多个）", run_import)
    i.add_argument("files", nargs="+", metavar="FILE")
    i.add_argument("--dry-run", action="store_true", help="只校验并预览，不写入")
    i.add_argument("--trust", metavar="FINGERPRINT", help="已与乡镇核对的指纹：首次收到其数据包时登记")
    b = _sub(ss, "publish", "区县：向已登记的乡镇下发清单和派单", run_publish)
    b.add_argument("--out", required=True, metavar="DIR")
    b.add_argument("--site", action="append", metavar="CODE", help="只发给这些乡镇（可重复）")
    _sub(ss, "status", "区县：各乡镇数据包完整性；乡镇：导出记录", run_status)
    t = _sub(ss, "task", "区县：派单（新增一项任务）", run_task)
    t.add_argument("--title", required=True)
    t.add_argument("--content", default="")
    t.add_argument("--deadline", default="")
    t.add_argument("--site", action="append", metavar="CODE", help="派给这些乡镇（默认全部）")


def _sub(ss, name: str, text: str, func) -> argparse.ArgumentParser:
    p = ss.add_parser(name, help=text, description=text, allow_abbrev=False)
    add_json(p)
    p.add_argument("--passphrase-file", metavar="FILE", help="从文件读取密钥口令（第一行）")
    p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="数据目录")
    p.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help="以指定用户身份操作")
    p.set_defaults(func=func)
    return p


def passphrase(args, *, confirm: bool = False, what: str = "区县") -> str:
    """From --passphrase-file, else $QINGFENG_PASSPHRASE, else the terminal."""
    from desktop.core.errors import ValidationError

    if getattr(args, "passphrase_file", None):
        try:
            return Path(args.passphrase_file).read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, IndexError, UnicodeDecodeError):
            raise ValidationError(f"无法读取口令文件：{args.passphrase_file}") from None
    if os.environ.get(ENV):
        return os.environ[ENV]
    if not sys.stdin.isatty():
        raise ValidationError(f"需要{what}密钥口令。", hint=f"请设置环境变量 {ENV} 或用 --passphrase-file 指定口令文件")
    first = getpass.getpass(f"{what}密钥口令：")
    if confirm and getpass.getpass("再输入一次：") != first:
        raise ValidationError("两次输入的口令不一致。")
    return first


def township_passphrase(args, *, confirm: bool = False) -> str | None:
    """The township key passphrase as for the district; None where none is given and a default exists (tests)."""
    from desktop.core.sync import keys

    given = getattr(args, "passphrase_file", None) or os.environ.get(ENV) or sys.stdin.isatty()
    if not given and keys.has_default_passphrase():
        return None
    return passphrase(args, confirm=confirm, what="乡镇")


def _unlock(args, ctx):
    from desktop.core.services.sync import exchange as sync

    if not sync.needs_passphrase(ctx):
        return sync.unlock(ctx, None)
    return sync.unlock(ctx, passphrase(args) if ctx.is_district else township_passphrase(args))


def run_keys(args) -> int:
    from desktop.core.services.sync import exchange as sync

    with context(args) as ctx:
        if args.init_district:
            sync.init_district_keys(ctx, passphrase(args, confirm=True), replace=args.replace)
        if args.init_township or args.protect:
            from desktop.core.errors import PermissionDenied
            from desktop.core.services.org import users
            from desktop.core.sync import keys

            users.require_role(ctx, "管理员")
            if ctx.is_district:
                raise PermissionDenied("区县请用 --init-district 生成区县密钥。")
            phrase = township_passphrase(args, confirm=True)
            if args.protect:
                keys.protect(ctx, phrase or "")
            else:
                keys.ensure_township_keys(ctx, phrase)
        status = sync.key_status(ctx)
    own = status["own"]
    lines = [f"本单位：{status['site_name']}（{status['site_code']}）",
             f"本单位密钥指纹：{own['fingerprint'] if own else '（尚未生成，请运行 sync keys --init-district）'}"]
    if status["district"]:
        lines.append(f"已绑定区县：{status['district']['site_name']}，指纹 {status['district']['fingerprint']}")
    elif status["role"] == "township":
        lines.append("尚未绑定区县：请用 qingfeng sync enrol 区县登记文件.qfkey")
    lines += [f"已登记乡镇：{t['site_name']}（{t['site_code']}），指纹 {t['fingerprint']}" for t in status["townships"]]
    emit(args, status, lines)
    return 0


def run_enrol(args) -> int:
    from desktop.core.services.sync import exchange as sync

    with context(args) as ctx:
        peer = sync.enrol(ctx, Path(args.file), replace=args.replace)
        verb = "已登记乡镇" if ctx.is_district else "已绑定区县"
    emit(args, peer, f"{verb}：{peer['site_name']}（{peer['site_code']}），指纹 {peer['fingerprint']}"
                     "\n请与对方电话核对这个指纹。")
    return 0


def run_enrolment(args) -> int:
    from desktop.core.services.sync import exchange as sync

    with context(args) as ctx:
        unlocked = None if ctx.is_district else _unlock(args, ctx)  # a township's enrolment file is self-signed
        doc = sync.write_enrolment(ctx, Path(args.out), unlocked)
    emit(args, doc, f"登记文件已写入：{doc['path']}\n本单位指纹：{doc['fingerprint']}")
    return 0


def run_export(args) -> int:
    from desktop.core.services.sync import exchange as sync

    with context(args) as ctx:
        _unlock(args, ctx)  # asks for the township key passphrase; kept on the context for the export
        job = sync.export(ctx, Path(args.out), full=args.full, include_sensitive=args.sensitive)
        out = _drain(args, job)
    lines = [f"已导出并校验：{out['file']}",
             f"{'完整快照' if out['full_snapshot'] else '增量'}，变更序号 {out['seq_from']}–{out['seq_to']}，"
             f"{out['size']:,} 字节，附件 {out['files']} 个"]
    lines += [f"  {t['label']}：{t['rows']} 条（其中删除 {t['tombstones']} 条）" for t in out["tables"] if t["rows"]]
    if out["omitted"]["tables"] or out["omitted"]["columns"]:
        lines.append("未包含敏感信息（需要时加 --sensitive）")
    lines += [f"注意：{w}" for w in out["warnings"]]
    emit(args, out, lines)
    return 0


def run_import(args) -> int:
    from desktop.core.services.sync import exchange as sync

    with context(args) as ctx:
        unlocked = _unlock(args, ctx)
        results = _drain(args, sync.import_files(ctx, args.files, unlocked, dry_run=args.dry_run,
                                                 trust=args.trust))
    lines = []
    for r in results:
        lines.append(f"{Path(r.file).name}：{r.message}")
        for t in r.tables:
            if t.new or t.updated or t.rejected:
                lines.append(f"  {t.label}：新增 {t.new}，更新 {t.updated}，未变 {t.unchanged}，拒绝 {t.rejected}")
        lines += [f"  警告：{w}" for w in r.warnings]
    failed = [r for r in results if r.status == "失败"]
    if failed and not args.json:
        for r in failed:
            print(f"错误：{Path(r.file).name}：{r.message}", file=sys.stderr)
        lines = [x for x in lines if not any(x.startswith(Path(r.file).name) for r in failed)]
    emit(args, [r.as_dict() for r in results], lines)
    return 1 if failed else 0


def run_publish(args) -> int:
    from desktop.core.services.sync import exchange as sync

    with context(args) as ctx:
        unlocked = _unlock(args, ctx)
        out = _drain(args, sync.publish(ctx, Path(args.out), unlocked, args.site))
    lines = [f"已下发给 {o['township']}：{o['file']}（清单版本 {o['catalogue_version']}）" for o in out]
    emit(args, out, lines)
    return 0


def run_status(args) -> int:
    from desktop.core.services.sync import exchange as sync

    with context(args) as ctx:
        if ctx.is_district:
            board = sync.completeness(ctx)
            lines = [_board_line(r) for r in board] or ["还没有登记任何乡镇。"]
            emit(args, board, lines)
        else:
            done = sync.exports(ctx)
            lines = [f"{e['created_at'][:10]} {e['file_name']} 变更 {e['seq_from']}–{e['seq_to']}" for e in done]
            emit(args, done, lines or ["还没有导出过数据包。"])
    return 0


def _board_line(r: dict) -> str:
    if not r["packages"]:
        return f"{r['site_name']}（{r['site_code']}）：尚未收到数据包 ⚠"
    mark = f"  ⚠ 超过 {r['stale_days']} 天未报送" if r["stale"] else ""
    return (f"{r['site_name']}（{r['site_code']}）：最近 {r['last_created'][:10]}（{r['days']} 天前）"
            f" {r['last_file']} 变更 {r['seq_from']}–{r['seq_to']}，共 {r['packages']} 个包{mark}")


def run_task(args) -> int:
    from desktop.core.services.sync import exchange as sync

    with context(args) as ctx:
        task = sync.create_task(ctx, {"title": args.title, "content": args.content, "deadline": args.deadline,
                                      "target_sites": args.site or []})
    emit(args, task, f"已派单：{task['title']}（下次下发时发往{'、'.join(args.site) if args.site else '全部乡镇'}）")
    return 0


def _drain(args, job):
    """Run a job, echoing its progress to stderr unless --json."""
    def lines():
        while True:
            try:
                yield str(next(job))
            except StopIteration as stop:
                holder.append(stop.value)
                return

    holder: list = []
    progress(args, lines())
    return holder[0]
