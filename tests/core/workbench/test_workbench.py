"""工作台 data: overdue, due within tiers, 回头看 due, awaiting review, recently changed, reply deadlines."""

from __future__ import annotations

from sqlalchemy import text

from desktop.core.services.documents import alerts as doc_alerts
from desktop.core.services.problems import records as problems
from desktop.core.services.workbench import today as workbench
from tests.core.problem_helpers import assigned, closed, in_review, new_problem


def _due(ctx, deadline):
    p = new_problem(ctx)
    return problems.transition(ctx, p["id"], "交办", requirement="x", deadline=deadline)


def test_sections_count_and_list(ctx, tmp_path):
    red = _due(ctx, "2026-11-20")
    today_due = _due(ctx, "2026-11-24")
    soon = _due(ctx, "2026-12-10")
    assigned(ctx)  # 2026-12-31: outside the 20-day tier
    review = in_review(ctx, tmp_path)
    done = closed(ctx, tmp_path)
    with ctx.session() as s:  # its 回头看 date has come
        s.execute(text("UPDATE problem SET revisit_due='2026-11-01' WHERE id=:i"), {"i": done["id"]})
    w = workbench.today(ctx)
    assert w["overdue"]["count"] == 1 and w["overdue"]["rows"][0]["id"] == red["id"]
    assert w["overdue"]["rows"][0]["entity"] == "problem"
    assert w["due_soon"]["count"] == 2 and [r["id"] for r in w["due_soon"]["rows"]] == [today_due["id"], soon["id"]]
    assert w["due_soon"]["by_tier"] == {20: 1, 10: 0, 0: 1}
    assert w["awaiting_review"]["count"] == 1 and w["awaiting_review"]["rows"][0]["id"] == review["id"]
    assert w["revisit_due"]["count"] == 1 and w["revisit_due"]["rows"][0]["revisit_overdue"]
    assert w["recent"]["count"] == 6 and w["recent"]["rows"][0]["last_action"]
    assert w["replies"] == {"count": 0, "rows": []}  # documents module present (issue 6), nothing awaiting a reply


def test_reply_deadlines_come_from_doc_alerts(ctx, monkeypatch):
    monkeypatch.setattr(doc_alerts, "due_replies",
                        lambda c: [{"entity": "document", "id": "d1", "title": "整改通知书", "due": "2026-11-30"}])
    assert workbench.today(ctx)["replies"]["count"] == 1

    def broken(c):
        raise RuntimeError("boom")

    monkeypatch.setattr(doc_alerts, "due_replies", broken)
    assert workbench.today(ctx)["replies"]["error"]
