"""Talk records (谈话记录): 谈话提醒, 提醒谈话, 约谈, 批评教育, 责令检查, 诫勉, 函询 (DOMAIN §3.1, §8.5).

All kinds count toward the first form (第一种形态, form = 1). A 诫勉 needs an approver.

    t = talks.create(ctx, {"kind": "约谈", "person_id": pid, "talk_date": "2026-11-20", "talker": "王晓燕",
                           "reason": "村务公开不及时", "problem_id": problem_id})
    talks.list_talks(ctx, kind="诫勉", text="张")
    talks.export_xlsx(ctx, Path("谈话记录.xlsx"))
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, or_, select

from desktop.core.errors import ValidationError
from desktop.core.models.problems import Problem
from desktop.core.models.registry import Person, Unit
from desktop.core.models.talks import FIRST_FORM, NEEDS_APPROVAL, TALK_KINDS, TalkRecord
from desktop.core.services import attachments, rows
from desktop.core.services.matters.records import _text, parse_date
from desktop.core.services.org import users
from desktop.core.store import fts

FIELDS = ("kind", "person_id", "talk_date", "place", "talker", "recorder", "reason", "summary", "response",
          "follow_up", "problem_id", "approver", "approval_date", "note")
SORT_KEYS = ("talk_date", "kind", "person_name", "unit_name", "talker", "created_at")
FORM_NAMES = {1: "第一种形态", 2: "第二种形态", 3: "第三种形态", 4: "第四种形态"}


def validate_in(s, ctx, values: dict) -> dict:
    """Clean a talk's values. Raises ValidationError with a Chinese message naming the field."""
    v = {k: values.get(k) for k in FIELDS}
    if v["kind"] not in TALK_KINDS:
        raise ValidationError(f"谈话类型只能是：{'、'.join(TALK_KINDS)}。", field="kind")
    if not v["person_id"]:
        raise ValidationError("请选择谈话对象。", field="person_id")
    if not rows.get(s, Person, v["person_id"]):
        raise ValidationError("所选谈话对象不存在或已删除。", field="person_id")
    v["talk_date"] = parse_date(v["talk_date"], "谈话日期", "talk_date")
    if not v["talk_date"]:
        raise ValidationError("请填写谈话日期。", field="talk_date")
    if v["talk_date"] > ctx.clock.today().isoformat():
        raise ValidationError("谈话日期不能晚于今天。", field="talk_date")
    for key, label, limit in (("place", "地点", 100), ("talker", "谈话人", 100), ("recorder", "记录人", 50),
                              ("reason", "事由", 1000), ("summary", "谈话内容", 8000), ("response", "表态", 4000),
                              ("follow_up", "后续情况", 4000), ("approver", "审批人", 50), ("note", "备注", 2000),
                              ("problem_id", "关联问题", 64)):
        v[key] = _text(v[key], limit, label, key)
    if not v["talker"]:
        raise ValidationError("请填写谈话人。", field="talker")
    if not v["reason"]:
        raise ValidationError("请填写谈话事由。", field="reason")
    v["approval_date"] = parse_date(v["approval_date"], "审批日期", "approval_date")
    if v["kind"] in NEEDS_APPROVAL and not v["approver"]:
        raise ValidationError(f"{v['kind']}须经审批，请填写审批人。", field="approver")
    if v["approval_date"] and v["approval_date"] > v["talk_date"]:
        raise ValidationError("审批日期不能晚于谈话日期。", field="approval_date")
    _check_problem(s, v["problem_id"])
    from desktop.core.services.cases import four_forms  # the 四种形态 rule table (db/seed/four_forms.json)

    v["form"] = four_forms.form_of("谈话", v["kind"], four_forms.table(ctx))
    return v


_PROBLEM = Problem.__table__
ENTITY = "talk_record"  # attachments.owner_entity and search index entity


def _check_problem(s, problem_id: str | None) -> None:
    if problem_id:
        hit = s.execute(select(_PROBLEM.c.id).where(_PROBLEM.c.id == problem_id,
                                                    _PROBLEM.c.deleted_at.is_(None))).first()
        if not hit:
            raise ValidationError("所关联的问题不存在或已删除。", field="problem_id")


def search_text(t: dict, person: dict | None, unit_name: str | None) -> tuple[str, str]:
    """(title, body) of a talk's row in the shared search index (desktop/core/store/fts.py)."""
    name = (person or {}).get("name") or ""
    title = f"{t['talk_date']} {t['kind']}：{name}（{unit_name or ''}）"
    parts = [t["kind"], name, unit_name, (person or {}).get("position"), t["talker"], t["recorder"], t["place"],
             t["reason"], t["summary"], t["response"], t["follow_up"], t["approver"], t["note"]]
    return title, " ".join(x for x in parts if x)


def reindex_in(s, talk_id: str) -> None:
    t = rows.get(s, TalkRecord, talk_id)
    if t is None:
        fts.remove(s, ENTITY, talk_id)
        return
    person = rows.get(s, Person, t["person_id"])
    unit = rows.get(s, Unit, person["unit_id"]) if person and person["unit_id"] else None
    fts.upsert(s, ENTITY, talk_id, *search_text(t, person, unit["name"] if unit else None))


def reindex_all_in(s) -> int:
    """Rebuild the talks' part of the search index (after bulk inserts such as the demo)."""
    t, p, u = TalkRecord.__table__, Person.__table__, Unit.__table__
    q = (select(t, p.c.name.label("_name"), p.c.position.label("_position"), u.c.name.label("_unit"))
         .select_from(t.join(p, p.c.id == t.c.person_id).outerjoin(u, u.c.id == p.c.unit_id))
         .where(t.c.deleted_at.is_(None)))
    items = []
    for r in s.execute(q).mappings():
        person = {"name": r["_name"], "position": r["_position"]}
        items.append((r["id"], *search_text(dict(r), person, r["_unit"])))
    fts.clear(s, ENTITY)
    return fts.bulk_upsert(s, ENTITY, items)


def create_in(s, ctx, values: dict) -> dict:
    clean = validate_in(s, ctx, values)
    row = rows.insert(s, ctx, TalkRecord, clean, summary=f"新增{clean['kind']}记录")
    for path in values.get("attachments") or []:
        attachments.add_file_in(s, ctx, path, ENTITY, row["id"])
    reindex_in(s, row["id"])
    return row


def create(ctx, values: dict) -> dict:
    """Record a talk. Raises ValidationError; nothing is written then."""
    users.require_writer(ctx)
    with ctx.session() as s:
        row = create_in(s, ctx, values)
    return get_talk(ctx, row["id"])


def update(ctx, talk_id: str, changes: dict) -> dict:
    users.require_writer(ctx)
    with ctx.session() as s:
        before = rows.require(s, TalkRecord, talk_id, "谈话记录")
        rows.update(s, ctx, TalkRecord, talk_id, validate_in(s, ctx, {**before, **changes}))
        reindex_in(s, talk_id)
    return get_talk(ctx, talk_id)


def delete(ctx, talk_id: str, reason: str = "") -> None:
    users.require_writer(ctx)
    with ctx.session() as s:
        rows.soft_delete(s, ctx, TalkRecord, talk_id, reason=reason)
        fts.remove(s, ENTITY, talk_id)


def _query():
    t, p, u = TalkRecord.__table__, Person.__table__, Unit.__table__
    cols = [t, p.c.name.label("person_name"), p.c.position.label("person_position"),
            u.c.name.label("unit_name"), p.c.unit_id.label("unit_id")]
    cols.append(_PROBLEM.c.no.label("problem_no"))
    frm = t.join(p, p.c.id == t.c.person_id).outerjoin(u, u.c.id == p.c.unit_id)
    frm = frm.outerjoin(_PROBLEM, _PROBLEM.c.id == t.c.problem_id)
    return select(*cols).select_from(frm).where(t.c.deleted_at.is_(None)), t, p, u



def _decorate(r) -> dict:
    d = dict(r)
    d.setdefault("problem_no", None)
    d["form_name"] = FORM_NAMES.get(d["form"], "")
    d["person_label"] = "/".join(x for x in (d["person_name"], d["unit_name"], d["person_position"]) if x)
    return d


def _read(ctx, build):
    with ctx.reader() as s:
        q, t, p, u = _query()
        return [_decorate(r) for r in s.execute(build(q, t, p, u)).mappings()]


def get_talk(ctx, talk_id: str) -> dict:
    """One talk with person_name, person_position, unit_name, person_label, problem_no, form_name."""
    found = _read(ctx, lambda q, t, p, u: q.where(t.c.id == talk_id))
    if not found:
        from desktop.core.errors import NotFound

        raise NotFound("找不到该谈话记录（可能已被删除）。")
    talk = found[0]
    talk["attachments"] = attachments.list_for(ctx, ENTITY, talk_id)
    return talk


def add_attachment(ctx, talk_id: str, path, kind: str | None = None) -> dict:
    """Attach a file (scan of the signed record, photo …) to a talk. Raises ImportFileError if unreadable."""
    users.require_writer(ctx)
    with ctx.session() as s:
        rows.require(s, TalkRecord, talk_id, "谈话记录")
        return attachments.add_file_in(s, ctx, path, ENTITY, talk_id, kind)


def problem_choices(ctx, unit_id: str | None, *, include_id: str | None = None) -> list[dict]:
    """Problems of a unit a talk may be linked to: [{id, no, status, description}], newest first."""
    p = _PROBLEM
    q = select(p.c.id, p.c.no, p.c.status, p.c.description).where(p.c.deleted_at.is_(None))
    q = q.where(or_(p.c.unit_id == unit_id, p.c.id == include_id)) if include_id else q.where(p.c.unit_id == unit_id)
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(q.order_by(p.c.year.desc(), p.c.seq.desc()).limit(200)).mappings()]


def list_talks(ctx, *, text: str = "", kind: str | None = None, unit_id: str | None = None,
               person_id: str | None = None, problem_id: str | None = None, date_from: str | None = None,
               date_to: str | None = None, sort: str = "talk_date", descending: bool = True,
               origin_site: str | None = None) -> list[dict]:
    """Talks matching the filters. `text` matches person, unit, talker, reason, summary, 表态 (any length).
    `origin_site` keeps one site's talks (the district's township filter; None = all)."""
    def build(q, t, p, u):
        if origin_site:
            q = q.where(t.c.origin_site == origin_site)
        if kind:
            q = q.where(t.c.kind == kind)
        if unit_id:
            q = q.where(p.c.unit_id == unit_id)
        if person_id:
            q = q.where(t.c.person_id == person_id)
        if problem_id:
            q = q.where(t.c.problem_id == problem_id)
        if date_from:
            q = q.where(t.c.talk_date >= date_from)
        if date_to:
            q = q.where(t.c.talk_date <= date_to)
        if text and text.strip():
            needle = text.strip()
            fields = (p.c.name, u.c.name, t.c.talker, t.c.reason, t.c.summary, t.c.response, t.c.place,
                      t.c.follow_up)
            q = q.where(or_(*(func.instr(func.coalesce(f, ""), needle) > 0 for f in fields)))
        key = {"person_name": p.c.name, "unit_name": u.c.name}.get(sort, t.c.get(sort, t.c.talk_date))
        return q.order_by(key.desc() if descending else key.asc(), t.c.created_at.desc())

    return _read(ctx, build)


def first_form_count(ctx, *, date_from: str | None = None, date_to: str | None = None) -> dict[str, int]:
    """Number of talks per kind in the period (all are 第一种形态), plus '合计'."""
    t = TalkRecord.__table__
    q = select(t.c.kind, func.count()).where(t.c.deleted_at.is_(None), t.c.form == FIRST_FORM).group_by(t.c.kind)
    if date_from:
        q = q.where(t.c.talk_date >= date_from)
    if date_to:
        q = q.where(t.c.talk_date <= date_to)
    with ctx.reader() as s:
        out = {k: int(n) for k, n in s.execute(q)}
    out["合计"] = sum(out.values())
    return out


def export_columns():
    from desktop.core.xlsx import XlsxColumn as C

    return [
        C("序号", "seq", 6, "int"), C("日期", "talk_date", 12, "date"),
        C("对象（姓名/单位/职务）", "person_label", 28), C("谈话类型", "kind", 10), C("事由", "reason", 30),
        C("谈话人", "talker", 14), C("记录人", "recorder", 10), C("表态", "response", 30),
        C("后续", "follow_up", 24), C("形态", "form_name", 12),
    ]


def export_xlsx(ctx, path: Path | str, **filters) -> int:
    """Write the talk ledger (DOMAIN §8.5 columns) to `path`; returns the row count. Filters as list_talks."""
    from desktop.core.xlsx import write_table

    filters.setdefault("descending", False)
    items = list_talks(ctx, **filters)
    for i, r in enumerate(items, start=1):
        r["seq"] = i
    n = write_table(Path(path), "谈话记录", export_columns(), items)
    from desktop.core.services.audit.log import record_export

    record_export(ctx, "谈话记录", path, n)
    return n
