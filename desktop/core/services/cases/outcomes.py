"""Outcomes per person (处理处分): 党纪处分, 政务处分, 组织处理, 诫勉, 批评教育, 责令检查, 移送司法机关, each with
its approving body and date; what a township may approve is enforced by the rule table (four_forms.py).

    outcomes.add(ctx, {"case_id": cid, "case_person_id": pid, "family": "党纪处分", "kind": "严重警告",
                       "measure_date": "2026-11-02", "approving_body": "乡镇纪委"})
Every measure stores its form (1–4); a person transferred to the judiciary in a case has that case's sanctions
counted in the fourth form (the others are re-stamped when the transfer is recorded).
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.core.errors import ValidationError
from desktop.core.models.cases import DUTIES, Case, CasePerson, Lead, Measure
from desktop.core.models.problems import Problem
from desktop.core.services import rows
from desktop.core.services.cases import access, four_forms
from desktop.core.services.matters.records import _text, parse_date

SANCTION_FAMILIES = ("党纪处分", "政务处分")


def of_case_in(s, case_id: str) -> list[dict]:
    t = Measure.__table__
    q = select(t).where(t.c.case_id == case_id, t.c.deleted_at.is_(None)).order_by(t.c.measure_date, t.c.change_seq)
    return [{**dict(r), "form_name": four_forms.FORM_NAMES.get(r["form"], "")} for r in s.execute(q).mappings()]


def _owner(s, v: dict) -> tuple[str, str]:
    """(floor date, label) of the record the measure belongs to; ValidationError if it is missing."""
    if v["case_id"]:
        c = rows.get(s, Case, v["case_id"])
        if c is None:
            raise ValidationError("所属案件不存在或已删除。", field="case_id")
        v["_complex"] = bool(c["complex_case"])
        return c["opened_date"], "立案日期"
    if v["lead_id"]:
        lead = rows.get(s, Lead, v["lead_id"])
        if lead is None:
            raise ValidationError("所属问题线索不存在或已删除。", field="lead_id")
        return lead["received_date"], "线索受理日期"
    if v["problem_id"]:
        p = rows.get(s, Problem, v["problem_id"])
        if p is None:
            raise ValidationError("所属问题不存在或已删除。", field="problem_id")
        return p["found_date"], "问题发现日期"
    raise ValidationError("处理处分须属于一个案件、问题线索或问题。", field="case_id")


def _person(s, v: dict, pl: dict) -> None:
    if pl.get("case_person_id"):
        cp = rows.get(s, CasePerson, pl["case_person_id"])
        owner = v["case_id"] or v["lead_id"]
        if cp is None or cp["owner_id"] != owner:
            raise ValidationError("所选人员不是该案件（线索）的审查调查对象（被反映人）。", field="case_person_id")
        v.update(case_person_id=cp["id"], person_id=cp["person_id"], name=cp["name"], unit_name=cp["unit_name"],
                 rank=cp["rank"])
        return
    from desktop.core.services.cases import subjects

    people = subjects.clean_in(s, [pl], what="处理对象")
    if not people:
        raise ValidationError("请选择处理对象。", field="person_id")
    p = people[0]
    v.update(case_person_id=None, person_id=p["person_id"], name=p["name"], unit_name=p["unit_name"], rank=p["rank"])


def clean_in(s, ctx, pl: dict) -> dict:
    data = four_forms.table(ctx)
    v = {k: (pl.get(k) or None) for k in ("case_id", "lead_id", "problem_id")}
    floor, floor_label = _owner(s, v)
    family, kind = (pl.get("family") or "").strip(), (pl.get("kind") or pl.get("family") or "").strip()
    kinds = data["kinds"]
    if family not in kinds:
        raise ValidationError(f"处理类别只能是：{'、'.join(kinds)}。", field="family")
    if kind not in kinds[family]:
        raise ValidationError(f"{family}的种类只能是：{'、'.join(kinds[family])}。", field="kind")
    day = parse_date(pl.get("measure_date"), "处理日期", "measure_date")
    if not day:
        raise ValidationError("请填写处理日期。", field="measure_date")
    if day > ctx.clock.today().isoformat():
        raise ValidationError("处理日期不能晚于今天。", field="measure_date")
    if day < floor:
        raise ValidationError(f"处理日期不能早于{floor_label}（{floor}）。", field="measure_date")
    approval_date = parse_date(pl.get("approval_date"), "批准日期", "approval_date")
    if approval_date and (approval_date > ctx.clock.today().isoformat() or approval_date < floor):
        raise ValidationError(f"批准日期应在{floor_label}（{floor}）至今天之间。", field="approval_date")
    body = _text(pl.get("approving_body"), 50, "批准机关", "approving_body")
    ref = _text(pl.get("approval_ref"), 100, "批复文号", "approval_ref")
    if v.pop("_complex", False) and family in SANCTION_FAMILIES and body in four_forms.township_bodies(data):
        raise ValidationError(f"复杂案件的{family}须报县（区）纪委监委审批，{body}不能批准；请登记县级批准机关、日期和批复文号。",
                              field="approving_body")
    four_forms.check_approval(family, kind, body, approval_date, ref, data)
    duty = pl.get("duty") or None
    if duty and duty not in DUTIES:
        raise ValidationError(f"问责的责任类型只能是：{'、'.join(DUTIES)}。", field="duty")
    v.update(family=family, kind=kind, measure_date=day, approving_body=body, approval_date=approval_date,
             approval_ref=ref, duty=duty, note=_text(pl.get("note"), 2000, "备注", "note"),
             form=four_forms.form_of(family, kind, data))
    _person(s, v, pl)
    return v


def _transferred(s, v: dict) -> bool:
    t = Measure.__table__
    if not v["case_id"]:
        return False
    key = t.c.case_person_id == v["case_person_id"] if v["case_person_id"] else t.c.name == v["name"]
    q = select(t.c.id).where(t.c.case_id == v["case_id"], key, t.c.family == "移送司法机关", t.c.deleted_at.is_(None))
    return s.execute(q.limit(1)).first() is not None


def add_in(s, ctx, pl: dict) -> dict:
    v = clean_in(s, ctx, pl)
    data = four_forms.table(ctx)
    if v["family"] in SANCTION_FAMILIES and _transferred(s, v):
        v["form"] = four_forms.transfer_form(data)
    row = rows.insert(s, ctx, Measure, v, summary=f"{v['family']}：{v['kind']}")
    if v["family"] == data.get("transfer_family", "移送司法机关") and v["case_id"]:
        _restamp_sanctions(s, ctx, v, four_forms.transfer_form(data))
    return row


def _restamp_sanctions(s, ctx, v: dict, form: int) -> None:
    t = Measure.__table__
    key = t.c.case_person_id == v["case_person_id"] if v["case_person_id"] else t.c.name == v["name"]
    q = select(t.c.id).where(t.c.case_id == v["case_id"], key, t.c.family.in_(SANCTION_FAMILIES),
                             t.c.deleted_at.is_(None), t.c.form != form)
    for mid in s.execute(q).scalars().all():
        rows.update(s, ctx, Measure, mid, {"form": form}, reason="移送司法机关，处分计入第四种形态")


def add(ctx, payload: dict) -> dict:
    """Record one measure for one person. ValidationError (one Chinese line), nothing written, on bad input."""
    access.require_write(ctx)
    with ctx.session() as s:
        row = add_in(s, ctx, payload)
    return {**row, "form_name": four_forms.FORM_NAMES[row["form"]]}


def mark_came_forward(ctx, case_person_id: str, value: bool = True) -> None:
    """主动说清问题: the person came forward of their own accord."""
    access.require_write(ctx)
    with ctx.session() as s:
        rows.require(s, CasePerson, case_person_id, "人员")
        rows.update(s, ctx, CasePerson, case_person_id, {"came_forward": bool(value)}, reason="主动说清问题")
