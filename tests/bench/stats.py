"""Benchmark: statistics on the large demo (100k problems). Not collected by pytest.

    .venv/bin/python tests/bench/stats.py [--data-dir /tmp/qingfeng-stats-large]

The large demo (`qingfeng demo --size large`) is built into the data dir the first time (it takes a while) and
reused afterwards. Prints, with baselines measured in the same run (a bare COUNT(*) over the problems, and one
full scan of the problems' found dates):
  1. all figures of a quarter for all units, with 同比/环比 (target ≤ 1 s),
  2. one breakdown (by village) and one drill-down list,
  3. a full year's report: workbook + docx + pdf (target ≤ 5 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def median_s(fn, runs: int = 5) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def ensure_demo(data_dir: Path) -> None:
    if (data_dir / "qingfeng.db").exists():
        return
    from desktop.core import demo
    from desktop.core.services.org.context import open_context

    print(f"正在生成大规模演示数据到 {data_dir}（只需一次）……", flush=True)
    ctx = open_context(data_dir, create=True)
    try:
        for _ in demo.run(ctx, size="large", seed=3):
            pass
    finally:
        ctx.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) / "qingfeng-stats-large"))
    ap.add_argument("--quarter", default="2026Q3")
    ap.add_argument("--year", default="2026")
    args = ap.parse_args()
    data_dir = Path(args.data_dir)
    ensure_demo(data_dir)
    from sqlalchemy import text

    from desktop.core.progress import drain
    from desktop.core.services.org.context import open_context
    from desktop.core.services.stats import report, service

    ctx = open_context(data_dir)
    try:
        with ctx.reader() as s:
            n = s.execute(text("SELECT count(*) FROM problem")).scalar()

        def bare_count():
            with ctx.reader() as s:
                s.execute(text("SELECT count(*) FROM problem WHERE deleted_at IS NULL")).scalar()

        def found_scan():
            with ctx.reader() as s:
                s.execute(text("SELECT count(*), max(found_date), sum(length(description)) FROM problem")).all()

        base = median_s(bare_count)
        scan = median_s(found_scan)
        figures = median_s(lambda: service.compute(ctx, args.quarter))
        n_fig = len(service.compute(ctx, args.quarter).figures)
        village = median_s(lambda: service.compute(ctx, args.quarter, by="village", codes=["S4", "S5", "S5R", "S6"]))
        drill = median_s(lambda: service.drill(ctx, "S4", args.quarter), runs=3)
        rows = len(service.drill(ctx, "S4", args.quarter).rows)
        out = Path(tempfile.mkdtemp(prefix="qingfeng-stats-report-"))
        full = median_s(lambda: drain(report.write_all(ctx, args.year, out)), runs=3)
    finally:
        ctx.close()
    print(f"问题 {n} 个（{data_dir}）")
    print(f"基线 A：COUNT(*) 全部问题               {base * 1000:8.1f} ms")
    print(f"基线 B：全表扫描问题（含描述）           {scan * 1000:8.1f} ms")
    print(f"1. {args.quarter} 全部 {n_fig} 项指标（含同比、环比）  {figures * 1000:8.1f} ms  "
          f"= 基线B×{figures / scan:.1f}  目标 ≤ 1000 ms：{'达到' if figures <= 1 else '未达到'}")
    print(f"2. 按村分组（4 项指标）                 {village * 1000:8.1f} ms  = 基线B×{village / scan:.1f}")
    print(f"   钻取 S4（{rows} 条记录）               {drill * 1000:8.1f} ms  = 基线B×{drill / scan:.1f}")
    print(f"3. {args.year} 年报表：xlsx + docx + pdf         {full * 1000:8.1f} ms  = 基线B×{full / scan:.1f}  "
          f"目标 ≤ 5000 ms：{'达到' if full <= 5 else '未达到'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
