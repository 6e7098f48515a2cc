"""Benchmark of the records side of documents (not collected by pytest):

    /tmp/venv/bin/python tests/bench/doc_records.py [N]

Reports, in one run: signing one 整改通知书 (文号 + content snapshot + docx/pdf stored with SHA-256 + problems 交办)
against the bare layer render of the same content (the baseline); a batch of N 廉洁提醒函 signed with files; the
register query (文书登记簿) and doc_alerts.due_replies over the resulting table.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.core.progress import drain  # noqa: E402
from desktop.core.services.documents import alerts as doc_alerts  # noqa: E402
from desktop.core.services.documents import layer as doc_layer  # noqa: E402
from desktop.core.services.documents import records as documents  # noqa: E402
from desktop.core.services.org.context import open_context  # noqa: E402
from desktop.core.services.registry import units  # noqa: E402
from tests.conftest import _init, fixed_clock  # noqa: E402
from tests.doc_helpers import seed  # noqa: E402


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main(n: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="bench-docs-"))
    _init(root / "data", demo=False)
    ctx = open_context(root / "data", clock=fixed_clock())
    w = seed(ctx)
    for i in range(n - 2):
        units.create(ctx, {"name": f"测试{i}村", "type": "行政村"})
    doc_layer.font_notes()  # fonts resolved once, outside the timings
    warm = documents.issue(ctx, "廉洁提醒函", unit_id=w["station"]["id"], sign=True, fields={"signer": "李明"})
    content = documents.content_of(ctx, warm["id"])
    doc_layer.render(content, root / "warm", "warm")

    draft = documents.create_draft(ctx, "整改通知书", problem_ids=[w["p1"]["id"], w["p2"]["id"]],
                                   fields={"signer": "李明"})
    t_sign, signed = timed(lambda: documents.sign(ctx, draft["id"]))
    notice = documents.content_of(ctx, signed["id"])
    t_render, _ = timed(lambda: doc_layer.render(notice, root / "bare", "notice"))
    print(f"签发整改通知书（编号+快照+docx/pdf 入库+问题交办）: {t_sign * 1000:.0f} ms；"
          f"仅排版 docx+pdf: {t_render * 1000:.0f} ms；比值 {t_sign / t_render:.2f}")

    villages = [u["id"] for u in units.villages(ctx)][:n]
    t_batch, res = timed(lambda: drain(documents.batch_job(ctx, "廉洁提醒函", unit_ids=villages, sign=True,
                                                           fields={"signer": "李明"})))
    t_one, _ = timed(lambda: doc_layer.render(content, root / "one", "one"))
    print(f"批量签发廉洁提醒函 {len(res)} 份: {t_batch:.2f} s（每份 {t_batch / len(res) * 1000:.0f} ms；"
          f"单份仅排版 {t_one * 1000:.0f} ms；比值 {t_batch / len(res) / t_one:.2f}）")

    t_list, rows = timed(lambda: documents.list_documents(ctx))
    t_due, due = timed(lambda: doc_alerts.due_replies(ctx))
    print(f"登记簿查询 {len(rows)} 行: {t_list * 1000:.1f} ms；待回复提醒 {len(due)} 条: {t_due * 1000:.1f} ms")
    ctx.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
