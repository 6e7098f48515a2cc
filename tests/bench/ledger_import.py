"""Benchmark of the legacy ledger import (issue 11 §2/§3). Not collected by pytest.

    .venv/bin/python tests/bench/ledger_import.py [--rows 5000] [--baseline 4a413f9]

Writes one legacy 问题整改台账 of `--rows` rows (问题编号, 发现时间, 所属村, 类别, 描述, 责任人, 状态 …), then times,
on a fresh township each, the dry run and the real import (median of 3), for this checkout and for the code of
`--baseline` (taken with `git archive` into a temp dir, run in a subprocess on the same file) and prints the ratios;
also the time to read the sheet alone (xlsx.read_table). Times are CPU time of the process (time.process_time),
so that other work on a shared machine disturbs the comparison less than wall-clock time would.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ["序号", "问题编号", "发现时间", "所属村", "问题类别", "问题描述", "责任人", "整改期限", "整改状态", "备注"]


def write_ledger(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("问题台账")
    ws.append(HEADERS)
    for i in range(1, rows + 1):
        ws.append([i, f"QX-2025-{i}", f"2025-{i % 12 + 1}-{i % 27 + 1}", "青石村" if i % 2 else "石门村", "村级财务",
                   f"第{i}个问题：报账员以白条入账{i % 9 + 1}笔，共计{i * 10}元", "张三、李四", "2025-12-31",
                   "整改中" if i % 3 else "已销号", None])
    wb.save(path)


def worker(code_root: str, ledger: str, repeat: int) -> dict:
    sys.path.insert(0, code_root)
    from datetime import date

    from desktop.core.clock import FixedClock
    try:  # services in one package per domain (since the restructure)
        from desktop.core.services.org import context
        from desktop.core.services.org import site as org
        from desktop.core.services.problems import ledger_io
        from desktop.core.services.registry import units
    except ImportError:  # the flat layout of older revisions
        from desktop.core.services import context, ledger_io, org, units
    open_context = context.open_context

    from desktop.core.xlsx import read_table

    out: dict[str, list[float]] = {"read_ms": [], "dry_run_ms": [], "import_ms": []}
    for _ in range(repeat):
        t = time.process_time()
        read_table(Path(ledger), ledger_io.FIELDS)
        out["read_ms"].append((time.process_time() - t) * 1000)
    for _ in range(repeat):
        d = Path(tempfile.mkdtemp(prefix="qf-bench-import-"))
        ctx = open_context(d, create=True, clock=FixedClock(date(2026, 11, 24)))
        org.initialise(ctx, org.SiteSetup(role="township", site_code="330226101", site_name="清溪镇",
                                          capacities=["纪律检查"], contact_person="王晓燕", contact_phone="0574-65123456",
                                          admin_name="王晓燕", admin_login="admin"))
        for name in ("青石村", "石门村"):
            units.create(ctx, {"name": name, "type": "行政村"})
        t = time.process_time()
        dry = ledger_io.import_problems(ctx, ledger)
        out["dry_run_ms"].append((time.process_time() - t) * 1000)
        t = time.process_time()
        real = ledger_io.import_problems(ctx, ledger, dry_run=False)
        out["import_ms"].append((time.process_time() - t) * 1000)
        assert len(dry["accepted"]) == real["written"] > 0, (len(dry["accepted"]), real["written"])
        out["written"] = real["written"]
        ctx.close()
    return {k: (statistics.median(v) if isinstance(v, list) else v) for k, v in out.items()}


def run_worker(code_root: Path, ledger: Path, repeat: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--worker", str(code_root), "--ledger", str(ledger),
                           "--repeat", str(repeat)], cwd=code_root, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", default="4a413f9")
    ap.add_argument("--worker")
    ap.add_argument("--ledger")
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.ledger, args.repeat)))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="qf-bench-ledger-import-"))
    ledger = tmp / "旧台账.xlsx"
    sys.path.insert(0, str(ROOT))
    write_ledger(ledger, args.rows)
    base = tmp / "baseline"
    base.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
    print(f"旧台账 {args.rows} 行（{ledger.stat().st_size / 1024:.0f} KB），每项取 {args.repeat} 次的中位数（CPU 时间）",
          flush=True)
    before = run_worker(base, ledger, args.repeat)
    now = run_worker(ROOT, ledger, args.repeat)
    for key, label in (("read_ms", "读取表格"), ("dry_run_ms", "试导入（预检）"), ("import_ms", "导入（写入）")):
        print(f"{label:<12} 基线 {args.baseline}: {before[key]:8.0f} ms   现在: {now[key]:8.0f} ms   "
              f"比值 {now[key] / before[key]:.2f}", flush=True)
    print(f"写入行数：基线 {before['written']}，现在 {now['written']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
