"""Benchmark: the 问题整改 page (Qt model + keyset paging) on a large ledger. Not collected by pytest.

    /tmp/venv/bin/python tests/bench/problems_page.py [--rows 100000] [--data-dir DIR]

Builds (once, if DIR has fewer problems) a township with `rows` synthetic problems via bulk inserts, then
measures, through the real page: first page with total count, the next page (scrolling), a header-click sort,
filter by colour, searches of 3+ and 2 characters, and resident memory. Each figure is printed with the
median of 5 runs; the baseline row is a plain `SELECT COUNT(*)` measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def build(data_dir: Path, rows: int) -> None:
    from desktop.core.models.problems import STATUSES, Problem
    from desktop.core.progress import drain
    from desktop.core.services import rows as rows_svc
    from desktop.core.services.org.context import open_context
    from desktop.core.services.problems import query as problem_query
    from desktop.core.services.registry import units
    from desktop.core.services.search import fulltext as search
    from tests.conftest import _init, fixed_clock

    if not (data_dir / "qingfeng.db").exists():
        _init(data_dir, demo=True)
    ctx = open_context(data_dir, clock=fixed_clock())
    try:
        have = problem_query.count_problems(ctx)
        if have >= rows:
            return
        rng = random.Random(4)
        vs = units.villages(ctx)
        words = ["白条入账", "公开不及时", "低保评议缺失", "工程未比选", "租金拖欠", "用印无登记"]
        names = ["张三", "李四", "王五", "赵六", "陈海燕", "周志明"]
        items = []
        for i in range(have, rows):
            found = date(2020 + i % 7, 1, 1) + timedelta(days=rng.randrange(360))
            status = rng.choice(STATUSES)
            items.append({"no": f"{found.year}-{i + 1:06d}", "year": found.year, "seq": i + 1,
                          "unit_id": rng.choice(vs)["id"], "category": "村级财务", "problem_type": rng.choice(words),
                          "description": f"{found.year}年检查发现{rng.choice(words)}问题，涉及金额{rng.randrange(100, 90000)}元。",
                          "found_date": found.isoformat(), "source": "自主", "handling": "限期整改", "severity": "一般",
                          "status": status, "people_names": rng.choice(names),
                          "deadline": (found + timedelta(days=rng.randrange(10, 900))).isoformat(),
                          "relapse_count": 0, "extension_count": 0})
        with ctx.session() as s:
            for start in range(0, len(items), 20000):
                rows_svc.bulk_insert(s, ctx, Problem, items[start:start + 20000])
        drain(search.rebuild_problems(ctx))
    finally:
        ctx.close()


def timed(fn, runs: int = 5) -> float:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) / "qingfeng-bench-problems-page"))
    args = ap.parse_args()
    data_dir = Path(args.data_dir)
    t = time.perf_counter()
    build(data_dir, args.rows)
    print(f"数据准备：{time.perf_counter() - t:.1f} s（{data_dir}）")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import text

    from desktop.core.services.org.context import open_context
    from desktop.ui.env import UiEnv
    from desktop.ui.pages.problems import ProblemsPage
    from desktop.ui.workers import Runner
    from tests.conftest import fixed_clock

    app = QApplication.instance() or QApplication([])
    ctx = open_context(data_dir, clock=fixed_clock())
    env = UiEnv(ctx=ctx, runner=Runner(sync=True), settings=QSettings(str(data_dir / "ui.ini"), QSettings.Format.IniFormat))
    page = ProblemsPage(env)
    page.resize(1400, 900)
    page.show()
    t = time.perf_counter()
    page.on_shown()
    app.processEvents()
    print(f"打开页面（首次，含目录加载）：{(time.perf_counter() - t) * 1000:.0f} ms，共 {page.total} 个问题")

    def count_only():
        with ctx.reader() as s:
            s.execute(text("SELECT COUNT(*) FROM problem WHERE deleted_at IS NULL")).scalar()

    base = timed(count_only)
    figures = {
        "首页（200 行 + 总数）": timed(page.reload),
        "下一页（滚动 fetchMore）": timed(lambda: (page.reload(), page.model.fetchMore())) - timed(page.reload),
    }
    col = next(i for i, c in enumerate(page.model.columns) if c.key == "deadline")
    figures["点击表头按整改时限排序"] = timed(lambda: page.table.horizontalHeader().sectionClicked.emit(col))
    page.colour_filter.blockSignals(True)
    page.colour_filter.set_value("red")
    page.colour_filter.blockSignals(False)
    figures["筛选：红色（逾期）"] = timed(page.reload)
    page.clear_filters()
    for term in ("白条入账", "张三"):
        page.search.blockSignals(True)
        page.search.setText(term)
        page.search.blockSignals(False)
        figures[f"检索“{term}”（{len(term)} 字）"] = timed(page.reload)
        figures[f"  → 结果数 {page.total}"] = 0
    print(f"基线 SELECT COUNT(*)：{base:.1f} ms")
    for name, ms in figures.items():
        print(f"{name}：{ms:.1f} ms" + (f"（为基线的 {ms / base:.1f} 倍）" if ms and base else "") if ms else name)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"峰值常驻内存：{rss:.0f} MB")
    ctx.close()


if __name__ == "__main__":
    main()
