"""A township with known counts for every statistics figure (see EXPECTED_Q3 / EXPECTED_Q4), built through the
services as users would (problems through their state machine, talks, inspections, surveys).

Edges: P1 found in Q3 and closed in Q4; P2 延期 out of Q3 into Q4 (then overdue); P3 closed in Q3 and 反弹 in Q4;
P4 in a community that later became inactive; P5 deleted; P6 不予认定; 张三 has three talks (two 诫勉);
a deleted talk; a draft inspection; a voided and a draft document; P7 a year earlier (同比).
"""

from __future__ import annotations

from desktop.core.models.checks import Inspection
from desktop.core.models.documents import Document
from desktop.core.services import rows
from desktop.core.services.checks import inspections
from desktop.core.services.problems import records as problems
from desktop.core.services.registry import people, units
from desktop.core.services.stats import surveys
from desktop.core.services.talks import records as talks
from tests.core.problem_helpers import evidence


def _problem(ctx, unit, found, category="村级财务", ptype="白条入账", desc="报账员以白条入账3笔"):
    return problems.create_problem(ctx, {"unit_id": unit["id"], "description": f"{unit['name']}{desc}",
                                         "found_date": found, "source": "自主", "category": category,
                                         "problem_type": ptype, "people": ["张三"]})


def _go(ctx, p, action, on, **payload):
    return problems.transition(ctx, p["id"], action, on_date=on, **payload)


def _close(ctx, tmp_path, p, deadline, assigned_on, feedback_on, closed_on, **results):
    _go(ctx, p, "交办", assigned_on, requirement="补齐手续", deadline=deadline)
    _go(ctx, p, "反馈", feedback_on, measures="已整改到位", evidence=[evidence(tmp_path)])
    return _go(ctx, p, "销号", closed_on, opinion="整改到位，同意销号", **results)


def _doc(ctx, kind, unit, status, sign_date, reply_required=False, reply_date=None):
    with ctx.session() as s:
        return rows.insert(s, ctx, Document, {"kind": kind, "title": f"关于{unit['name']}的{kind}", "status": status,
                                              "doc_no": f"清纪〔2026〕{len(kind)}号" if status != "草稿" else None,
                                              "unit_id": unit["id"], "values_json": "{}", "sign_date": sign_date,
                                              "reply_required": reply_required, "reply_date": reply_date})


def _inspection(ctx, unit_list, on, households=None, persons=None, completed=True):
    ins = inspections.create_inspection(ctx, {"unit_ids": [u["id"] for u in unit_list], "date": on,
                                              "inspectors": "王晓燕、李明", "methods": ["走访群众"],
                                              "households_contacted": households, "people_contacted": persons})
    if completed:
        with ctx.session() as s:
            rows.update(s, ctx, Inspection, ins["id"], {"status": "已完成", "completed_at": on})
    return ins


def build(ctx, tmp_path) -> dict:
    """Create the records; returns their ids by name (P1…P8, I1…I4, docs, talks, units)."""
    ids: dict = {}
    qs = units.create(ctx, {"name": "青石村", "type": "行政村", "sort_order": 1})
    dl = units.create(ctx, {"name": "东岭村", "type": "行政村", "sort_order": 2})
    hq = units.create(ctx, {"name": "红旗社区", "type": "社区", "sort_order": 3})
    g1 = units.create(ctx, {"name": "一组", "type": "村民小组", "parent_id": qs["id"]})
    ids.update(qs=qs["id"], dl=dl["id"], hq=hq["id"], g1=g1["id"])

    p1 = _problem(ctx, qs, "2026-08-05")
    _close(ctx, tmp_path, p1, "2026-09-20", "2026-08-06", "2026-09-10", "2026-10-08", money_recovered=1234.56,
           rules_made=1)
    p2 = _problem(ctx, dl, "2026-07-10", "惠民惠农补贴", "优亲厚友")
    _go(ctx, p2, "交办", "2026-07-11", requirement="重新评议", deadline="2026-08-31")
    _go(ctx, p2, "延期", "2026-08-25", reason="涉及农户多", approver="王书记", deadline="2026-10-31")
    p3 = _problem(ctx, g1, "2026-07-20", "三务公开", "公开不及时")
    _close(ctx, tmp_path, p3, "2026-08-15", "2026-07-21", "2026-08-10", "2026-08-12")
    _go(ctx, p3, "回头看反弹", "2026-10-20", reason="公开栏又未更新", deadline="2026-12-15")
    p4 = _problem(ctx, hq, "2026-09-01")
    _close(ctx, tmp_path, p4, "2026-09-30", "2026-09-02", "2026-09-25", "2026-09-28", money_recovered=800)
    p5 = _problem(ctx, qs, "2026-08-01")
    problems.delete_problem(ctx, p5["id"], "重复登记")
    p6 = _problem(ctx, dl, "2026-08-03")
    _go(ctx, p6, "不予认定", "2026-08-04", reason="经核实不存在")
    p7 = _problem(ctx, qs, "2025-08-15")
    p8 = _problem(ctx, dl, "2026-11-02")
    ids.update({f"P{i}": p["id"] for i, p in enumerate((p1, p2, p3, p4, p5, p6, p7, p8), start=1)})

    ids["I1"] = _inspection(ctx, [qs, dl], "2026-08-10", 30, 45)["id"]
    ids["I2"] = _inspection(ctx, [hq], "2026-09-05", 10, 12)["id"]
    ids["I3"] = _inspection(ctx, [dl], "2026-09-06", 5, 5, completed=False)["id"]
    ids["I4"] = _inspection(ctx, [g1], "2026-08-20")["id"]

    zs = people.create(ctx, {"name": "张三", "unit_id": qs["id"], "position": "村党组织书记"})
    ls = people.create(ctx, {"name": "李四", "unit_id": dl["id"], "position": "会计/报账员"})
    base = {"talker": "王晓燕", "reason": "履职不到位"}
    t = lambda kind, person, on, **kw: talks.create(ctx, {**base, "kind": kind, "person_id": person["id"],  # noqa: E731
                                                          "talk_date": on, **kw})["id"]
    ids["T_zs1"] = t("谈话提醒", zs, "2026-08-01", problem_id=p1["id"])
    ids["T_zs2"] = t("诫勉", zs, "2026-08-20", approver="王书记")
    ids["T_zs3"] = t("诫勉", zs, "2026-09-10", approver="王书记")
    ids["T_ls1"] = t("批评教育", ls, "2026-07-15", problem_id=p2["id"])
    ids["T_ls2"] = t("函询", ls, "2026-09-02")
    gone = t("约谈", ls, "2026-08-05")
    talks.delete(ctx, gone, "误录")
    ids["T_gone"] = gone

    ids["DOC_A"] = _doc(ctx, "整改通知书", qs, "已回复", "2026-08-06", True, "2026-09-10")["id"]
    ids["DOC_B"] = _doc(ctx, "廉洁提醒函", dl, "已签发", "2026-09-01")["id"]
    ids["DOC_C"] = _doc(ctx, "履责提醒函", hq, "待回复", "2026-09-15", True)["id"]
    ids["DOC_D"] = _doc(ctx, "整改通知书", dl, "作废", "2026-08-10")["id"]
    ids["DOC_E"] = _doc(ctx, "纪检监察建议书", dl, "草稿", None)["id"]

    ids["SV1"] = surveys.add(ctx, {"unit_id": qs["id"], "survey_date": "2026-09-20", "respondents": 20,
                                   "satisfied": 18}).id
    ids["SV2"] = surveys.add(ctx, {"unit_id": dl["id"], "survey_date": "2026-08-15", "respondents": 10,
                                   "satisfied": 9, "kind": "回访"}).id
    units.update(ctx, hq["id"], {"active": False})  # 撤并 after its problem and inspection
    return ids


# figure → (value, the records its drill-down lists) — names resolved through build()'s ids
EXPECTED_Q3 = {
    "S1": (3, {"I1", "I2", "I4"}), "S2": (3, {"qs", "dl", "hq"}), "S2D": (3, {"qs", "dl", "hq"}), "S2R": (100.0, None),
    "S3": (40, {"I1", "I2"}), "S3P": (57, {"I1", "I2"}),
    "S4": (4, {"P1", "P2", "P3", "P4"}), "S5": (2, {"P3", "P4"}), "S5D": (2, {"P1", "P4"}), "S5C": (1, {"P4"}),
    "S5R": (50.0, None), "S6": (1, {"P1"}), "S6O": (3, {"P1", "P2", "P3"}), "S6R": (33.3, None), "S7": (0, set()),
    "D1": (1, {"DOC_A"}), "D1B": (0, set()), "D2": (2, {"DOC_B", "DOC_C"}), "D3": (0, set()),
    "DRD": (2, {"DOC_A", "DOC_C"}), "DRC": (1, {"DOC_A"}), "DRR": (50.0, None),
    "T1": (1, {"T_zs1"}), "T2": (1, {"T_ls1"}), "T3": (0, set()), "T4": (1, {"T_zs2", "T_zs3"}),
    "T5": (1, {"T_ls2"}), "F1_1": (5, {"T_zs1", "T_zs2", "T_zs3", "T_ls1", "T_ls2"}),
    "F1": (5, {"T_zs1", "T_zs2", "T_zs3", "T_ls1", "T_ls2"}), "F1_1S": (100.0, None),
    "M1P": (0.08, {"P4"}), "M1": (0.08, {"P4"}), "R1P": (0, set()), "R1": (0, set()),
    "P1N": (27, {"SV1", "SV2"}), "P1D": (30, {"SV1", "SV2"}), "P1": (90.0, None),
}
EXPECTED_Q4 = {
    "S4": (1, {"P8"}), "S5": (1, {"P1"}), "S5D": (2, {"P2", "P3"}), "S5C": (0, set()), "S5R": (0.0, None),
    "S6": (1, {"P2"}), "S6O": (2, {"P2", "P3"}), "S7": (1, {"P3"}), "M1": (0.12, {"P1"}), "R1": (1, {"P1"}),
    "S1": (0, set()), "S2R": (0.0, None), "F1": (0, set()), "P1": (None, None),
}
