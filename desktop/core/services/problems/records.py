"""Problem ledger: record, read, edit and move problems through their lifecycle (DOMAIN §3.1–3.2).

    p = problems.create_problem(ctx, {"unit_id": ..., "description": ..., "found_date": "2026-11-02",
                                      "source": "自主", "category": "村级财务", "people": ["张三"]})
    problems.transition(ctx, p["id"], "交办", requirement="…", working_days=15)
    problems.get_problem(ctx, "2026-017")        # by id or ledger number, with its timeline

Transitions and their gates are in flow.py (action names: flow.ACTIONS).
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import or_, select

from desktop.core.errors import Duplicate, NotFound, ValidationError
from desktop.core.models.problems import (
    HANDLINGS,
    PERSON_ROLES,
    S_PENDING,
    SEVERITIES,
    SOURCES,
    STATUSES,
    Problem,
    ProblemDeadline,
    ProblemEvent,
    ProblemFeedback,
    ProblemMilestone,
    ProblemPerson,
    ProblemType,
)
from desktop.core.models.registry import Person, Unit
from desktop.core.services import attachments, rows
from desktop.core.services.org import users
from desktop.core.services.problems import rules as problem_rules
from desktop.core.services.problems.history import (  # noqa: F401 - public here too (sync re-indexing, search)
    add_deadline_in,
    add_event_in,
    evidence_count_in,
    reindex_in,
    search_text,
)
from desktop.core.services.problems.history import parse_money as _money
from desktop.core.store import fts

EDITABLE = ("unit_id", "category", "problem_type", "description", "basis_violated", "amount_involved", "found_date",
            "source", "handling", "severity", "matter_id", "inspection_id", "inspection_item_id", "requirement",
            "doc_id", "doc_no", "note", "progress_note", "money_recovered", "rules_made")
IMPORT_ONLY = ("status", "measures", "feedback_date", "review_opinion", "reviewer", "review_date", "closed_date",
               "revisit_due", "revisit_date", "revisit_result", "assigned_date", "original_no", "import_key")


# ---------------------------------------------------------------- validation


def _clean(s, ctx, values: dict, *, imported: bool = False) -> dict:
    """Validated problem columns from form/import values. Raises ValidationError naming the field."""
    keys = EDITABLE + (IMPORT_ONLY if imported else ())
    v = {k: values.get(k) for k in keys if k in values}
    for k, val in list(v.items()):
        if isinstance(val, str):
            v[k] = val.strip() or None
    if not v.get("description"):
        raise ValidationError("请填写问题描述（时间、地点、事实、数字，按“五见两清”要求）。", field="description")
    found = problem_rules.as_date(v.get("found_date") or ctx.clock.today(), "发现日期", "found_date")
    if found > ctx.clock.today():
        raise ValidationError(f"发现日期 {found.isoformat()} 晚于今天。", field="found_date")
    v["found_date"] = found.isoformat()
    if not v.get("unit_id"):
        raise ValidationError("请选择问题所属的村（单位）。", field="unit_id")
    if rows.get(s, Unit, v["unit_id"]) is None:
        raise ValidationError("所选单位不在名册中（可能已被删除）。", field="unit_id")
    v["source"] = v.get("source") or "自主"
    _one_of(v, "source", SOURCES, "问题来源")
    v["handling"] = v.get("handling") or "限期整改"
    _one_of(v, "handling", HANDLINGS, "处置方式")
    v["severity"] = v.get("severity") or "一般"
    _one_of(v, "severity", SEVERITIES, "严重程度")
    if v.get("category"):
        known = category_names_in(s)
        if v["category"] not in known:
            raise ValidationError(f"问题类别“{v['category']}”不在目录中。", field="category",
                                  hint="请从下拉列表中选择，或先在“问题类型目录”中添加")
    for key, what in (("amount_involved", "涉及金额"), ("money_recovered", "追回资金")):
        v[key] = _money(v.get(key), what, key)
    if v.get("rules_made") not in (None, ""):
        try:
            v["rules_made"] = int(v["rules_made"])
        except (TypeError, ValueError):
            raise ValidationError("建章立制（项）必须是整数。", field="rules_made") from None
        if v["rules_made"] < 0:
            raise ValidationError("建章立制（项）不能为负数。", field="rules_made")
    if imported and v.get("status") and v["status"] not in STATUSES:
        raise ValidationError(f"状态“{v['status']}”无法识别。", field="status")
    return v


def _one_of(v: dict, key: str, allowed: tuple, what: str) -> None:
    if v.get(key) not in allowed:
        raise ValidationError(f"{what}“{v.get(key)}”不正确，只能是：{'、'.join(allowed)}。", field=key)



def category_names_in(s) -> set[str]:
    t = ProblemType.__table__
    return set(s.execute(select(t.c.name).where(t.c.kind == "类别", t.c.deleted_at.is_(None))).scalars())


def _people(s, values: dict, unit_id: str) -> list[dict]:
    """Responsible people from `people` (names, person ids, or dicts name/person_id/role/position)."""
    out = []
    for item in values.get("people") or values.get("person_ids") or []:
        entry = item if isinstance(item, dict) else {"name" if not _looks_like_id(item) else "person_id": item}
        person = rows.get(s, Person, entry["person_id"]) if entry.get("person_id") else None
        if entry.get("person_id") and person is None:
            raise ValidationError("所选责任人不在名册中（可能已被删除）。", field="people")
        name = (entry.get("name") or (person or {}).get("name") or "").strip()
        if not name:
            continue
        if person is None:
            person = _person_by_name(s, name, unit_id)
        role = entry.get("role") or "主要责任人"
        if role not in PERSON_ROLES:
            raise ValidationError(f"责任类型只能是：{'、'.join(PERSON_ROLES)}。", field="people")
        out.append({"person_id": person["id"] if person else None, "name": name,
                    "position": entry.get("position") or (person or {}).get("position"), "role": role})
    return out


def _looks_like_id(value: str) -> bool:
    return isinstance(value, str) and len(value) == 36 and value.count("-") == 4


def _person_by_name(s, name: str, unit_id: str) -> dict | None:
    t = Person.__table__
    found = s.execute(select(t).where(t.c.deleted_at.is_(None), t.c.name == name)
                      .order_by((t.c.unit_id == unit_id).desc())).mappings().first()
    return dict(found) if found else None


# ---------------------------------------------------------------- create / edit


def create_problem(ctx, values: dict) -> dict:
    """Record one problem (status 待核实). Returns the problem row. Raises ValidationError/Duplicate."""
    users.require_writer(ctx)
    with ctx.session() as s:
        return create_problems_in(s, ctx, [values])[0]


def create_problems_in(s, ctx, items: list[dict], *, imported: bool = False, event_reason: str = "") -> list[dict]:
    """Record several problems inside the caller's transaction (issue 5: failed check items; imports).

    Each dict takes the problem columns (unit_id, category, problem_type, description, basis_violated,
    amount_involved, found_date, source, handling, severity, matter_id, inspection_id, inspection_item_id,
    requirement, note …) plus optional `people` (names, person ids or dicts), `deadline` / `working_days`
    and `no` (a given ledger number; otherwise the next yearly number is assigned).
    Evidence: `evidence` (file paths, or (path, kind) pairs) is stored and attached to the problem;
    `attachment_ids` (existing attachments, e.g. an inspection's photos) are linked without copying the file.
    """
    created, next_seq = [], {}
    for values in items:
        v = _clean(s, ctx, values, imported=imported)
        found = date.fromisoformat(v["found_date"])
        deadline, days, note = problem_rules.resolve_deadline(values, found, found, gate=False)
        v["no"], v["year"], v["seq"] = _number(s, ctx, values.get("no"), found.year, next_seq)
        v["status"] = v.get("status") or S_PENDING
        v["deadline"] = deadline
        people = _people(s, values, v["unit_id"])
        v["people_names"] = "、".join(p["name"] for p in people) or None
        row = rows.insert(s, ctx, Problem, {**v, "relapse_count": 0, "extension_count": 0},
                          summary=f"登记问题 {v['no']}")
        rows.bulk_insert(s, ctx, ProblemPerson, [{**person, "problem_id": row["id"]} for person in people])
        _attach_evidence(s, ctx, row["id"], values)
        if deadline:
            add_deadline_in(s, ctx, {**row, "deadline": None}, deadline, kind="初定", working_days=days, reason=note or None)
        action = "导入" if imported else "登记"
        add_event_in(s, ctx, row, action, None, row["status"], reason=event_reason or None,
                     details={"来源": v["source"]} if not imported else None)
        reindex_in(s, row["id"], row)
        created.append(row)
    return created


def _attach_evidence(s, ctx, problem_id: str, values: dict) -> None:
    for item in values.get("evidence") or []:
        path, kind = item if isinstance(item, (tuple, list)) else (item, None)
        attachments.add_file_in(s, ctx, path, "problem", problem_id, kind)
    for att_id in values.get("attachment_ids") or []:
        attachments.link_existing_in(s, ctx, att_id, "problem", problem_id)


def _number(s, ctx, given, year: int, cache: dict) -> tuple[str, int, int]:
    t = Problem.__table__
    if given not in (None, ""):
        no = str(given).strip()
        clash = s.execute(select(t.c.id).where(t.c.origin_site == ctx.site_code, t.c.no == no,
                                               t.c.deleted_at.is_(None))).first()
        if clash:
            raise Duplicate(f"问题编号 {no} 已存在。", field="no")
        parsed = problem_rules.parse_no(no)
        return (no, *parsed) if parsed else (no, year, 0)
    if year not in cache:
        cache[year] = problem_rules.next_seqs(s, ctx, year)
    cache[year] += 1
    return problem_rules.format_no(year, cache[year]), year, cache[year]


def update_problem(ctx, id_or_no: str, changes: dict, reason: str = "") -> dict:
    """Edit the recorded facts of a problem (not its status: use transition). Returns the new row."""
    users.require_writer(ctx)
    with ctx.session() as s:
        current = require_in(s, ctx, id_or_no)
        merged = _clean(s, ctx, {**current, **changes})
        if current.get("deadline") and merged["found_date"] > current["deadline"]:
            raise ValidationError(f"发现日期不能晚于整改时限 {current['deadline']}。", field="found_date")
        new = rows.update(s, ctx, Problem, current["id"], {k: merged.get(k) for k in EDITABLE if k in changes},
                          reason=reason or "修改问题信息")
        if "people" in changes or "person_ids" in changes:
            _replace_people(s, ctx, new, changes)
            new = rows.require(s, Problem, new["id"])
        reindex_in(s, new["id"])
        return new


def _replace_people(s, ctx, problem: dict, changes: dict) -> None:
    t = ProblemPerson.__table__
    for old in s.execute(select(t.c.id).where(t.c.problem_id == problem["id"], t.c.deleted_at.is_(None))).scalars():
        rows.soft_delete(s, ctx, ProblemPerson, old)
    people = _people(s, changes, problem["unit_id"])
    rows.bulk_insert(s, ctx, ProblemPerson, [{**person, "problem_id": problem["id"]} for person in people])
    rows.update(s, ctx, Problem, problem["id"], {"people_names": "、".join(p["name"] for p in people) or None},
                reason="修改责任人")


def delete_problem(ctx, id_or_no: str, reason: str) -> None:
    """Delete a wrongly recorded problem (soft delete; its number is not reused)."""
    users.require_writer(ctx)
    if not (reason or "").strip():
        raise ValidationError("删除问题必须说明原因。", field="reason")
    with ctx.session() as s:
        p = require_in(s, ctx, id_or_no)
        rows.soft_delete(s, ctx, Problem, p["id"], reason=reason)
        fts.remove(s, "problem", p["id"])


# ---------------------------------------------------------------- history rows




# ---------------------------------------------------------------- reading


def require_in(s, ctx, id_or_no: str) -> dict:
    """A problem by id or ledger number (this site's numbering first). Raises NotFound."""
    t = Problem.__table__
    q = (select(t).where(t.c.deleted_at.is_(None), or_(t.c.id == id_or_no, t.c.no == id_or_no))
         .order_by((t.c.origin_site == ctx.site_code).desc()))
    row = s.execute(q).mappings().first()
    if row is None:
        raise NotFound(f"找不到问题“{id_or_no}”（编号或标识不存在，或已删除）。")
    return dict(row)


def _children(s, model, problem_id: str, order) -> list[dict]:
    t = model.__table__
    q = select(t).where(t.c.problem_id == problem_id, t.c.deleted_at.is_(None)).order_by(*order(t))
    return [dict(r) for r in s.execute(q).mappings()]


def get_problem(ctx, id_or_no: str) -> dict:
    """One problem with unit_name, colour, people, deadlines (history), milestones, feedback (with their
    attachments), attachments, evidence_count and the timeline (`events`, oldest first)."""
    today = ctx.clock.today()
    with ctx.reader() as s:
        p = require_in(s, ctx, id_or_no)
        unit = rows.get(s, Unit, p["unit_id"]) if p["unit_id"] else None
        p["unit_name"] = unit["name"] if unit else None
        p["people"] = _children(s, ProblemPerson, p["id"], lambda t: (t.c.created_at, t.c.id))
        p["deadlines"] = _children(s, ProblemDeadline, p["id"], lambda t: (t.c.created_at, t.c.change_seq))
        p["milestones"] = _children(s, ProblemMilestone, p["id"], lambda t: (t.c.seq,))
        p["feedback"] = _children(s, ProblemFeedback, p["id"], lambda t: (t.c.feedback_date, t.c.created_at))
        fb_atts = attachments.list_in(s, "problem_feedback", [f["id"] for f in p["feedback"]])
        for f in p["feedback"]:
            f["attachments"] = [a for a in fb_atts if a["owner_id"] == f["id"]]
        p["attachments"] = attachments.list_in(s, "problem", p["id"])
        p["evidence_count"] = len(p["attachments"]) + len(fb_atts)
        events = _children(s, ProblemEvent, p["id"], lambda t: (t.c.change_seq,))
        for e in events:
            e["details"] = json.loads(e.pop("details_json")) if e.get("details_json") else {}
        p["events"] = events
        warning = problem_rules.tiers(s, in_session=True)
    from desktop.core.services.problems.flow import allowed_actions

    problem_rules.decorate(p, today, warning)
    p["allowed_actions"] = allowed_actions(p)
    return p



# ---------------------------------------------------------------- search index




# ---------------------------------------------------------------- transitions (see problem_flow)


def transition(ctx, id_or_no: str, action: str, **payload) -> dict:
    """Apply one lifecycle action (Chinese name, see problem_flow.ACTIONS) with its payload.

    Returns the updated problem (as get_problem). A refused gate raises GateRefused with the reason in
    Chinese and nothing is written. Every transition writes a problem_event row and an audit entry.
    """
    from desktop.core.services.problems import flow as problem_flow

    users.require_writer(ctx)
    with ctx.session() as s:
        p = require_in(s, ctx, id_or_no)
        problem_flow.apply_in(s, ctx, p, action, payload)
    return get_problem(ctx, p["id"])


def transition_in(s, ctx, id_or_no: str, action: str, **payload) -> dict:
    """transition() inside the caller's transaction (issue 6: sign a notice, record a reply). Returns the row."""
    from desktop.core.services.problems import flow as problem_flow

    p = require_in(s, ctx, id_or_no)
    return problem_flow.apply_in(s, ctx, p, action, payload)


def transition_many(ctx, ids: list[str], action: str, **payload) -> list[dict]:
    """Bulk action (e.g. one deadline for several problems): all or nothing, in one transaction.

    A refusal names the problem number and nothing is written for any of them.
    """
    from desktop.core.errors import GateRefused
    from desktop.core.services.problems import flow as problem_flow

    users.require_writer(ctx)
    with ctx.session() as s:
        out = []
        for pid in ids:
            p = require_in(s, ctx, pid)
            try:
                out.append(problem_flow.apply_in(s, ctx, p, action, dict(payload)))
            except GateRefused as exc:
                raise GateRefused(f"问题 {p['no']}：{exc.message}", hint="批量操作未执行，所有问题均未改动") from None
        return out
