"""Shared set-up for the 问题线索与案件 tests: a village, two people, a lead payload."""

from __future__ import annotations

from desktop.core.services.cases import leads
from desktop.core.services.registry import people, units

DECISION = {"participants": "王晓燕、李明、周强", "approver": "王晓燕"}


def registry(ctx) -> dict:
    v = units.create(ctx, {"name": "青石村", "type": "行政村"})
    a = people.create(ctx, {"name": "张伟", "unit_id": v["id"], "position": "一肩挑", "party_member": True})
    b = people.create(ctx, {"name": "李红", "unit_id": v["id"], "position": "会计/报账员"})
    return {"unit": v, "zhang": a, "li": b}


def lead_values(reg: dict, **over) -> dict:
    base = {"received_date": "2026-09-01", "source": "来信", "summary": "反映青石村低保评定优亲厚友",
            "reporter": {"kind": "实名", "name": "陈举报", "contact": "13800000000"},
            "subjects": [{"person_id": reg["zhang"]["id"], "rank": "农村/企业等其他人员"},
                         {"name": "赵某", "unit_name": "镇民政办", "position": "办事员", "rank": "一般干部"}],
            "category": "低保救助", "topic": "群众身边腐败和不正之风"}
    return {**base, **over}


def new_lead(ctx, reg: dict, **over):
    return leads.register(ctx, lead_values(reg, **over))


def as_role(ctx, role: str):
    ctx.user_role = role
    ctx.user_id = ctx.user_id or "u-test"
    return ctx


def two_leads(town):
    """Two leads with real-name reporters in a township data dir; the second 移送县/区. Returns their ids."""
    from desktop.core.services.cases import disposal
    from desktop.core.services.registry import people
    from tests.sync_helpers import open_ctx

    ctx = open_ctx(town)
    try:
        pid = people.list_people(ctx)[0]["id"]
        base = {"received_date": "2026-10-08", "source": "来访", "summary": "反映村干部截留补贴",
                "subjects": [{"person_id": pid}]}
        kept = leads.register(ctx, {**base, "reporter": {"kind": "实名", "name": "甲举报人", "contact": "139001"}})
        sent = leads.register(ctx, {**base, "reporter": {"kind": "实名", "name": "乙举报人", "contact": "139002"}})
        disposal.dispose(ctx, sent.id, {"route": "移送县/区", "decision_date": "2026-10-10",
                                        "forwarded_to": "县纪委监委第三纪检监察室", **DECISION})
        return kept.id, sent.id
    finally:
        ctx.close()
