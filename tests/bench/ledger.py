"""Benchmark of the problem ledger on the large demo (≥ 100,000 problems). Not collected by pytest.

    /tmp/venv/bin/python tests/bench/ledger.py [--data-dir DIR] [--keep]

Builds the large demo in DIR (or a temp dir) unless it already holds one, then prints:
time to first page of the problems list (targets ≤ 150 ms), search for 3+ and 2-character terms against a naive
LIKE '%…%' scan measured in the same run (targets ≤ 50 ms and ≤ 300 ms), the .xlsx export of every row, and
the peak resident memory with the large ledger open (target ≤ 300 MB).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def timed(fn, repeat: int = 5):
    """(first call ms, median ms of the next `repeat`, last result)."""
    t = time.perf_counter()
    result = fn()
    first = (time.perf_counter() - t) * 1000
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - t) * 1000)
    return first, statistics.median(runs), result


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure_demo(data_dir: Path) -> None:
    if (data_dir / "qingfeng.db").exists():
        return
    print(f"生成大规模演示数据到 {data_dir} …", flush=True)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "desktop", "demo", "--size", "large", "--data-dir", str(data_dir)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    print(f"  demo --size large: {time.perf_counter() - t:.1f} s", flush=True)


def line(name: str, first: float, median: float, target: float | None = None, extra: str = "") -> None:
    verdict = "" if target is None else ("  OK" if median <= target else f"  超出目标 {target:.0f} ms")
    print(f"{name:<44} 首次 {first:8.1f} ms   中位 {median:8.1f} ms{verdict}  {extra}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir")
    ap.add_argument("--skip-export", action="store_true")
    args = ap.parse_args()
    data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="qf-bench-ledger-"))
    ensure_demo(data_dir)

    from sqlalchemy import text

    from desktop.core.progress import Progress, drain
    from desktop.core.services.org.context import open_context
    from desktop.core.services.problems import ledger_io
    from desktop.core.services.problems import query as problem_query
    from desktop.core.services.search import fulltext as search
    from desktop.core.store import fts

    base_mb = peak_mb()
    ctx = open_context(data_dir)
    total = problem_query.count_problems(ctx)
    print(f"问题总数 {total}，数据库 {(data_dir / 'qingfeng.db').stat().st_size / 1e6:.0f} MB", flush=True)

    print("\n— 问题列表首页（200 行，含总数）—")
    for label, filters, sort in (("默认（发现时间倒序）", {}, ("found_date", "desc")),
                                 ("按编号", {}, ("no", "asc")),
                                 ("按单位名称", {}, ("unit", "asc")),
                                 ("按整改时限 + 只看红色", {"colour": "red"}, ("deadline", "asc")),
                                 ("状态=整改中 + 类别", {"status": "整改中", "category": "村级财务"}, ("deadline", "asc")),
                                 ("按追回资金（可空列）", {}, ("money_recovered", "desc"))):
        first, med, page = timed(lambda f=filters, s=sort: problem_query.page_problems(ctx, f, s, limit=200))
        line(label, first, med, 150, f"共 {page['total']} 条")
    page = problem_query.page_problems(ctx, {}, ("found_date", "desc"), limit=200)
    first, med, _ = timed(lambda: problem_query.page_problems(ctx, {}, ("found_date", "desc"), after=page["next"]))
    line("第二页（keyset）", first, med, 150)

    with ctx.reader() as s:
        names = s.execute(text("SELECT name FROM person WHERE length(name) = 3 LIMIT 1")).scalar()
        two = s.execute(text("SELECT name FROM person WHERE length(name) = 2 LIMIT 1")).scalar()

    print("\n— 全文检索（同次运行中与 LIKE '%…%' 全表扫描对比）—")
    for term, target in (("低价发包", 50), ("白条入账", 50), (names, 50), ("村监委", 50), (two, 300), ("公开", 300)):
        first, med, res = timed(lambda t=term: search.search(ctx, t, limit=50))

        def naive(t=term):
            with ctx.reader() as s:
                return fts.naive_like_count(s, t)

        _, like_med, like_n = timed(naive, repeat=3)
        assert like_n == res.count, (term, like_n, res.count)
        line(f"“{term}”（{len(term)} 字，{res.mode}）", first, med, target,
             f"{res.count} 条；LIKE {like_med:.1f} ms，比值 {like_med / med:.1f}×")
    first, med, res = timed(lambda: search.search(ctx, '"NEAR" OR *'))
    line("含引号/运算符的检索", first, med, None, f"{res.count} 条")
    first, med, res = timed(lambda: problem_query.page_problems(ctx, {"text": "白条入账", "status": "整改中"}))
    line("列表内检索（白条入账 + 整改中）", first, med, 150, f"共 {res['total']} 条")

    from desktop.core.services.workbench import today as workbench

    print("\n— 工作台 —")
    first, med, w = timed(lambda: workbench.today(ctx), repeat=3)
    line("工作台（逾期/临期/回头看/待审核/最近变动）", first, med, None,
         "，".join(f"{k} {v['count']}" for k, v in w.items() if isinstance(v, dict)))

    open_mb = peak_mb()
    print(f"\n打开大台账后的峰值常驻内存：{open_mb:.0f} MB（解释器与依赖加载前 {base_mb:.0f} MB；目标 ≤ 300 MB）")

    if not args.skip_export:
        print("\n— 导出 .xlsx（全部问题，流式写入，带进度）—")
        out = data_dir / "exports" / "问题整改台账-基准.xlsx"
        steps = []
        t = time.perf_counter()

        def on_step(p):
            if isinstance(p, Progress) and (p.done % 20000 == 0 or "保存" in p.message):
                steps.append(p)
                print(f"  {p}", flush=True)

        count = drain(ledger_io.export_problems(ctx, out), on_step)
        secs = time.perf_counter() - t
        print(f"导出 {count} 行：{secs:.1f} s（{count / secs:.0f} 行/秒），文件 {out.stat().st_size / 1e6:.1f} MB")
        print(f"导出后的峰值常驻内存：{peak_mb():.0f} MB")
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
