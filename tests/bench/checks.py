"""Benchmark: open a village profile with 5 years of history, and open a check form with 80 items.

Run:  QT_QPA_PLATFORM=offscreen /tmp/venv/bin/python tests/bench/checks.py
Prints median times and ratios against baselines measured in the same run (the same widget showing a village
without history / an inspection with one item).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.conftest import _init, fixed_clock  # noqa: E402


def median_ms(fn, runs: int = 7) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def build(ctx) -> tuple[str, str, str, str]:
    """The demo town plus 5 years of monthly checks of one village (20 items each, real completion flow),
    plus background checks of every other village written in bulk. Returns (busy, quiet, big_form, small_form)."""
    from desktop.core.models.checks import Inspection, InspectionItem, InspectionUnit
    from desktop.core.services import rows
    from desktop.core.services.checks import checklists, inspections
    from desktop.core.services.checks import completion as check_problems
    from desktop.core.services.registry import units
    from desktop.core.store.ids import uuid7

    rng = random.Random(5)
    villages = units.villages(ctx)
    busy, quiet = villages[0], units.create(ctx, {"name": "新建村", "type": "行政村"})
    items = checklists.list_items(ctx)
    today = ctx.clock.today()
    for m in range(60):
        d = today - timedelta(days=30 * m + 3)
        chosen = rng.sample(items, 20)
        ins = inspections.create_inspection(ctx, {"unit_ids": [busy["id"]], "date": d.isoformat(),
                                                  "inspectors": "王晓燕、李明", "methods": ["查阅资料"],
                                                  "item_ids": [i["id"] for i in chosen]})
        full = inspections.get_inspection(ctx, ins["id"])
        inspections.save_results(ctx, ins["id"], [
            {"id": it["id"], "result": "不符合" if rng.random() < 0.08 else "符合", "note": "抽查发现问题"}
            for it in full["items"]])
        check_problems.complete(ctx, ins["id"], check_problems.propose(ctx, ins["id"]))
    with ctx.session() as s:
        ins_rows, unit_rows, item_rows = [], [], []
        for v in villages[1:]:
            for m in range(60):
                iid = uuid7()
                ins_rows.append({"id": iid, "title": f"{v['name']}检查", "date": (today - timedelta(days=30 * m + 9))
                                 .isoformat(), "inspectors": "王晓燕", "methods": "查阅资料", "status": "已完成"})
                unit_rows.append({"inspection_id": iid, "unit_id": v["id"]})
                for n, it in enumerate(rng.sample(items, 20), start=1):
                    item_rows.append({"inspection_id": iid, "item_id": it["id"], "seq": n, "code": it["code"],
                                      "category": it["category"], "subject": it["subject"],
                                      "check_points": it["check_points"], "weight": it["weight"] or 1.0,
                                      "result": rng.choice(("符合", "符合", "符合", "不符合", "不适用")),
                                      "unit_id": v["id"]})
        rows.bulk_insert(s, ctx, Inspection, ins_rows)
        rows.bulk_insert(s, ctx, InspectionUnit, unit_rows)
        rows.bulk_insert(s, ctx, InspectionItem, item_rows)
    cl = checklists.create_checklist(ctx, {"kind": "个性化", "year": today.year, "title": "基准测试清单"})
    for n in range(1, 23):
        checklists.add_item(ctx, cl["id"], {"code": f"B{n:02d}", "category": "村级财务", "subject": f"基准事项{n}",
                                            "check_points": ["要点一", "要点二"]})
    every = [i["id"] for i in checklists.list_items(ctx)]
    big = inspections.create_inspection(ctx, {"unit_ids": [quiet["id"]], "inspectors": "王晓燕",
                                              "methods": ["查阅资料"], "item_ids": every[:80]})
    small = inspections.create_inspection(ctx, {"unit_ids": [quiet["id"]], "inspectors": "王晓燕",
                                                "methods": ["查阅资料"], "item_ids": every[:1]})
    assert len(inspections.get_inspection(ctx, big["id"])["items"]) == 80
    return busy["id"], quiet["id"], big["id"], small["id"]


def main() -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.core.services.checks import village_profile
    from desktop.core.services.org.context import open_context
    from desktop.ui.env import UiEnv
    from desktop.ui.widgets.check_form import CheckForm
    from desktop.ui.widgets.village_profile_view import VillageProfileView
    from desktop.ui.workers import Runner

    app = QApplication.instance() or QApplication([])
    root = Path(tempfile.mkdtemp(prefix="bench-checks-"))
    t0 = time.perf_counter()
    _init(root, demo=True)
    ctx = open_context(root, clock=fixed_clock())
    busy, quiet, big, small = build(ctx)
    print(f"数据准备：{time.perf_counter() - t0:.1f} s（5 年每月检查 1 个村并完成，另 {14} 个村各 60 次批量写入）")
    prof = village_profile.profile(ctx, busy)
    print(f"忙碌村：检查 {len(prof['inspections'])} 次，问题 {len(prof['problems'])} 个，得分期间 {len(prof['scores'])} 个")
    env = UiEnv(ctx=ctx, runner=Runner(sync=True), settings=QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat))
    view = VillageProfileView(env)
    view.resize(1200, 800)
    view.show()
    view.on_shown()
    form = CheckForm(env)
    form.resize(1200, 800)
    form.show()

    def show(unit_id):
        def run():
            view.show_unit(unit_id)
            app.processEvents()
        return run

    def load(ins_id):
        def run():
            form.load(ins_id)
            app.processEvents()
        return run

    figures = [
        ("村居档案 core（5 年历史）", median_ms(lambda: village_profile.profile(ctx, busy))),
        ("村居档案 core（无历史，基线）", median_ms(lambda: village_profile.profile(ctx, quiet))),
        ("村居档案 界面（5 年历史）", median_ms(show(busy))),
        ("村居档案 界面（无历史，基线）", median_ms(show(quiet))),
        ("检查表单 80 项", median_ms(load(big))),
        ("检查表单 1 项（基线）", median_ms(load(small))),
    ]
    for name, ms in figures:
        print(f"{name:<24} {ms:8.1f} ms")
    print(f"比值：档案界面 5 年/无历史 = {figures[2][1] / figures[3][1]:.1f}×；"
          f"表单 80 项/1 项 = {figures[4][1] / figures[5][1]:.1f}×")
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
