"""Benchmark: the district's township filter (origin_site) on the problem list. Not collected by pytest.

    /tmp/venv/bin/python tests/bench/district_filter.py [--rows 100000] [--data-dir DIR]

Builds (like tests/bench/problems_page.py) a ledger of `rows` synthetic problems, copies it, spreads the rows over
ten townships' origin_site codes as at a district, then times the first page (200 rows) and the count for: all
townships, one township (1/10), one township + red, and a township with no rows (the worst case for the page
scan). Medians of 5 runs; the baseline is a plain SELECT COUNT(*) in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def timed(fn, runs: int = 5) -> float:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


def main() -> None:
    from tests.bench.problems_page import build

    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) / "qingfeng-bench-problems-page"))
    args = ap.parse_args()
    src = Path(args.data_dir)
    build(src, args.rows)
    d = Path(tempfile.mkdtemp(prefix="qingfeng-bench-district-"))
    shutil.copytree(src, d, dirs_exist_ok=True, ignore=shutil.ignore_patterns("qingfeng.lock"))
    con = sqlite3.connect(d / "qingfeng.db")
    con.execute("UPDATE problem SET origin_site = '3302261' || printf('%02d', rowid % 10) WHERE deleted_at IS NULL")
    con.commit()
    con.close()

    from sqlalchemy import text

    from desktop.core.services.org.context import open_context
    from desktop.core.services.problems import query as problem_query
    from tests.conftest import fixed_clock

    ctx = open_context(d, clock=fixed_clock())

    def count_only():
        with ctx.reader() as s:
            s.execute(text("SELECT COUNT(*) FROM problem WHERE deleted_at IS NULL")).scalar()

    base = timed(count_only)
    print(f"基线 SELECT COUNT(*)：{base:.1f} ms")
    cases = (("全部乡镇", {}), ("一个乡镇（1/10）", {"origin_site": "330226103"}),
             ("一个乡镇 + 红色", {"origin_site": "330226103", "colour": "red"}),
             ("没有数据的乡镇（页面扫描最坏情况）", {"origin_site": "999"}))
    for label, f in cases:
        for sort in (("found_date", "desc"), ("deadline", "asc")):
            ms = timed(lambda f=f, sort=sort: problem_query.page_problems(ctx, f, sort, limit=200, with_total=False))
            print(f"{label} 首页 200 行（按 {sort[0]}）：{ms:.1f} ms（为基线的 {ms / base:.1f} 倍）")
        ms = timed(lambda f=f: problem_query.count_problems(ctx, f))
        print(f"{label} 总数 {problem_query.count_problems(ctx, f)}：{ms:.1f} ms（为基线的 {ms / base:.1f} 倍）")
    ctx.close()
    shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
