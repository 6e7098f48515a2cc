"""Benchmark: period_figures (all counts of leads, cases, outcomes, money and 四种形态 for one year) and the month
snapshots of the ordinary package, on the demo township. Not collected by pytest.

    /work/main/.venv/bin/python tests/bench/cases_figures.py [--size small|large]

Medians of 5 runs; the baseline is talks.first_form_count for the same year (one GROUP BY over the talks), run
in the same process, so the ratio says how much the full figure set costs over the simplest existing count.
"""

from __future__ import annotations

import argparse
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
    from desktop.core import demo
    from desktop.core.clock import FixedClock
    from desktop.core.services.cases import figures
    from desktop.core.services.org import site as org
    from desktop.core.services.org.context import open_context
    from desktop.core.services.talks import records as talks

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="small", choices=("small", "large"))
    args = ap.parse_args()
    from datetime import date

    root = Path(tempfile.mkdtemp(prefix="qingfeng-bench-cases-"))
    ctx = open_context(root, create=True, clock=FixedClock(date(2026, 11, 24)))
    org.initialise(ctx, org.SiteSetup(role="township", site_code="330226101", site_name="清溪镇",
                                      capacities=["纪律检查"], contact_person="王晓燕", contact_phone="0574-65123456",
                                      admin_name="王晓燕", admin_login="admin"))
    t = time.perf_counter()
    for _ in demo.run(ctx, size=args.size, seed=7):
        pass
    print(f"demo {args.size}: {time.perf_counter() - t:.1f} s")
    base = timed(lambda: talks.first_form_count(ctx, date_from="2026-01-01", date_to="2026-12-31"))
    fig = timed(lambda: figures.period_figures(ctx, "2026-01-01", "2026-12-31"))
    snap_first = timed(lambda: figures.refresh_snapshots(ctx), runs=1)
    snap_again = timed(lambda: figures.refresh_snapshots(ctx))
    print(f"baseline first_form_count      {base:8.1f} ms")
    print(f"period_figures (one year)      {fig:8.1f} ms   ×{fig / base:.1f}")
    print(f"refresh_snapshots (first)      {snap_first:8.1f} ms   ×{snap_first / base:.1f}")
    print(f"refresh_snapshots (unchanged)  {snap_again:8.1f} ms   ×{snap_again / base:.1f}")
    ctx.close()


if __name__ == "__main__":
    main()
