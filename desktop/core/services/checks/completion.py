"""Completing an inspection: every 不符合 becomes a proposed problem; the user reviews them; then, in one
transaction, the inspection is marked 已完成 and the kept proposals are created in the problem ledger
(issue 4's problems.create_problems_in), each linked back to the inspection and item, with the item's photos
attached as evidence.

    proposals = check_problems.propose(ctx, inspection_id)        # gate: every item answered
    ... user edits / drops (Proposal.keep = False) ...
    result = check_problems.complete(ctx, inspection_id, proposals)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from desktop.core.clock import utc_iso
from desktop.core.errors import GateRefused, ValidationError
from desktop.core.models.checks import Checklist, ChecklistItem, Inspection, InspectionItem
from desktop.core.models.problems import HANDLINGS, SEVERITIES
from desktop.core.models.registry import Unit
from desktop.core.services import rows
from desktop.core.services.checks.inspections import get_inspection_in
from desktop.core.services.checks.photos import PHOTO_OWNER
from desktop.core.services.org import users


@dataclass
class Proposal:
    """A problem proposed from one failed item; the review dialog edits these fields."""

    inspection_item_id: str
    unit_id: str
    unit_name: str
    code: str
    subject: str
    category: str
    problem_type: str
    description: str
    basis: str = ""
    source: str = "共性清单"
    severity: str = "一般"
    handling: str = "限期整改"
    photo_ids: list[str] = field(default_factory=list)
    keep: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class CompletionResult:
    inspection_id: str
    problem_ids: list[str]
    problem_nos: list[str]
    dropped: int


def unanswered(ins: dict) -> list[dict]:
    return [i for i in ins["items"] if not i["result"]]


def _gate(ins: dict) -> None:
    if ins["status"] != "草稿":
        raise GateRefused(f"检查“{ins['title']}”已经完成。")
    if not ins["items"]:
        raise GateRefused("这次检查还没有选择检查事项，不能完成。", hint="请先从清单中选择检查事项")
    missing = unanswered(ins)
    if missing:
        codes = "、".join(i["code"] for i in missing[:5]) + ("等" if len(missing) > 5 else "")
        raise GateRefused(f"还有 {len(missing)} 项未填写检查结果（{codes}），不能完成检查。",
                          hint="请对每一项选择“符合”“不符合”或“不适用”，或保存为草稿稍后继续")


def propose(ctx, inspection_id: str) -> list[Proposal]:
    """Proposed problems for every 不符合 item of a draft. Raises GateRefused while items are unanswered."""
    with ctx.reader() as s:
        ins = get_inspection_in(s, inspection_id)
        _gate(ins)
        from desktop.core.services.problems.records import category_names_in

        known = category_names_in(s)
        return [_proposal(s, ins, it, known) for it in ins["items"] if it["result"] == "不符合"]


def problem_type_names(ctx) -> list[str]:
    """The problem typology (§4.13) from the ledger's catalogue, in catalogue order."""
    from sqlalchemy import select

    from desktop.core.models.problems import ProblemType

    t = ProblemType.__table__
    q = (select(t.c.name).where(t.c.kind == "问题类型", t.c.deleted_at.is_(None), t.c.active.is_(True))
         .order_by(t.c.sort_order, t.c.name))
    with ctx.reader() as s:
        return list(s.execute(q).scalars())


def category_names(ctx) -> list[str]:
    """小微权力 categories known to the problem ledger's catalogue, sorted."""
    from desktop.core.services.problems.records import category_names_in

    with ctx.reader() as s:
        return sorted(category_names_in(s))


def _category(known: set[str], category: str) -> str:
    """The item's category if the ledger's catalogue knows it, else 其他 (the user may change it in review)."""
    if category in known:
        return category
    return "其他" if "其他" in known else ""


def _proposal(s, ins: dict, it: dict, known: set[str]) -> Proposal:
    unit = rows.get(s, Unit, it["unit_id"]) or ins["units"][0]
    version = rows.get(s, ChecklistItem, it["item_id"]) or {}
    cl = rows.get(s, Checklist, version.get("checklist_id", "")) or {}
    note = (it["note"] or "").strip()
    d = date.fromisoformat(ins["date"])
    when = f"{d.year}年{d.month}月{d.day}日"
    description = note or f"{when}检查发现，{unit['name']}“{it['subject']}”不符合要求。"
    if note and unit["name"] not in note:
        description = f"{when}检查{unit['name']}发现：{note}"
    return Proposal(
        inspection_item_id=it["id"], unit_id=unit["id"], unit_name=unit["name"], code=it["code"],
        subject=it["subject"], category=_category(known, it["category"]), problem_type=it["problem_type"] or "",
        description=description, basis=version.get("basis") or "",
        source="个性清单" if cl.get("kind") == "个性化" else "共性清单",
        photo_ids=[p["id"] for p in it["photos"]],
    )


def _problem_values(ins: dict, p: Proposal) -> dict:
    if not p.description.strip():
        raise ValidationError(f"问题（{p.code}）的描述不能为空。", field="description")
    if p.severity not in SEVERITIES:
        raise ValidationError(f"严重程度只能是：{'、'.join(SEVERITIES)}。", field="severity")
    if p.handling not in HANDLINGS:
        raise ValidationError(f"处置方式只能是：{'、'.join(HANDLINGS)}。", field="handling")
    return {
        "unit_id": p.unit_id, "category": p.category or None, "problem_type": p.problem_type or None,
        "description": p.description.strip(), "basis_violated": p.basis or None, "found_date": ins["date"],
        "source": p.source, "handling": p.handling, "severity": p.severity, "matter_id": ins.get("matter_id"),
        "inspection_id": ins["id"], "inspection_item_id": p.inspection_item_id,
    }


def complete(ctx, inspection_id: str, proposals: list[Proposal]) -> CompletionResult:
    """Mark the draft 已完成 and create the kept proposals as problems, all in one transaction.

    Proposals must be the ones returned by `propose` (edited or with keep=False). Raises GateRefused /
    ValidationError; nothing is written then.
    """
    from desktop.core.services.problems import records as problems

    users.require_writer(ctx)
    with ctx.session() as s:
        ins = get_inspection_in(s, inspection_id)
        _gate(ins)
        failed = {it["id"]: it for it in ins["items"] if it["result"] == "不符合"}
        for p in proposals:
            if p.inspection_item_id not in failed:
                raise ValidationError(f"问题（{p.code}）不对应本次检查中“不符合”的事项。")
        kept = [p for p in proposals if p.keep]
        created = problems.create_problems_in(s, ctx, [_problem_values(ins, p) for p in kept]) if kept else []
        for p, prob in zip(kept, created, strict=True):
            rows.update(s, ctx, InspectionItem, p.inspection_item_id, {"problem_id": prob["id"]},
                        reason=f"生成问题 {prob.get('no', '')}")
            _copy_photos(s, ctx, failed[p.inspection_item_id], p, prob["id"])
        rows.update(s, ctx, Inspection, inspection_id,
                    {"status": "已完成", "completed_at": utc_iso(ctx.clock.now())},
                    reason=f"完成检查，生成问题 {len(kept)} 个", action="完成检查")
    return CompletionResult(inspection_id, [p["id"] for p in created], [p.get("no", "") for p in created],
                            len(proposals) - len(kept))


def _copy_photos(s, ctx, item: dict, p: Proposal, problem_id: str) -> None:
    """Attach the item's chosen photos to the new problem as evidence (same stored file, new attachment row)."""
    from desktop.core.models.attachments import Attachment

    keep_cols = ("kind", "file_name", "ext", "size", "sha256", "taken_at", "note")
    for photo in item["photos"]:
        if photo["id"] in p.photo_ids:
            values = {k: photo.get(k) for k in keep_cols if k in photo}
            values.update(owner_entity="problem", owner_id=problem_id)
            rows.insert(s, ctx, Attachment, values, summary=f"检查照片作为问题佐证：{photo['file_name']}")


def problems_of(ctx, inspection_id: str) -> list[dict]:
    """Problems created from this inspection (ledger rows), in item order."""
    from sqlalchemy import select

    from desktop.core.models.problems import Problem

    t = Problem.__table__
    with ctx.reader() as s:
        q = select(t).where(t.c.inspection_id == inspection_id, t.c.deleted_at.is_(None)).order_by(t.c.no)
        return [dict(r) for r in s.execute(q).mappings()]


__all__ = ["Proposal", "CompletionResult", "propose", "complete", "problems_of", "PHOTO_OWNER"]
