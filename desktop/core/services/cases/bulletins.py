"""通报 (典型问题通报 / 通报曝光): built from selected cases and problems in the GB/T 9704 layout of the other
documents (template templates/tongbao.txt through the document layer), numbered by 期 per year in the register,
with topic, cases (起) and persons (人) recorded.

    b = bulletins.create(ctx, {"topic": "群众身边腐败和不正之风", "subject": "侵害群众利益",
                               "issue_date": "2026-11-20", "case_ids": [...], "problem_ids": [...]})
    b.issue_no, b.cases_count, b.persons_count, b.files   # docx and pdf under <data>/documents/通报/

Cases are sensitive: only 管理员/负责人 may build a 通报 from them. Reporters never appear (they are not read).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from desktop.core.errors import ValidationError
from desktop.core.models.cases import TOPICS, Bulletin
from desktop.core.services.cases import access
from desktop.core.services.matters.records import _text, parse_date
from desktop.core.services.org import users

KIND = "通报"
SANCTION_WORDS = {"党纪处分": "处分", "政务处分": "处分"}


@dataclass
class BulletinInfo:
    id: str
    year: int
    issue_no: int
    title: str
    topic: str
    issue_date: str
    cases_count: int
    persons_count: int
    files: list[str] = field(default_factory=list)


def _case_item(c) -> tuple[dict, set[str]]:
    who = "、".join(f"{p['unit_name'] or ''}{p['position'] or ''}{p['name']}" for p in c.subjects)
    what = c.summary.removeprefix("反映").strip("。")
    done = "；".join(f"{m['name']}受到{m['kind']}{SANCTION_WORDS.get(m['family'], '')}" if m["family"] != m["kind"]
                    else f"{m['name']}被{m['kind']}" for m in c.measures)
    facts = f"经查，{what}属实。" + (f"{done}。" if done else "") + (f"{c.close_result}。" if c.close_result and not done else "")
    return {"title": f"{who}{'违纪' if c.measures else ''}问题", "description": facts}, {p["id"] for p in c.subjects}


def _problem_item(p: dict) -> tuple[dict, set[str]]:
    who = f"{p['unit_name'] or ''}{p['people_names'] or ''}"
    facts = p["description"].rstrip("。") + "。" + (f"目前处理状态：{p['status']}。" if p.get("status") else "")
    return {"title": f"{who}{p['problem_type'] or p['category'] or ''}问题", "description": facts}, \
        {x for x in (p.get("people_names") or "").split("、") if x}


def _items(ctx, case_ids: list[str], problem_ids: list[str]) -> tuple[list[dict], int]:
    from desktop.core.services.cases import cases
    from desktop.core.services.problems import records as problems

    items, persons = [], set()
    if case_ids:
        access.require_see(ctx)
    for cid in case_ids:
        item, who = _case_item(cases.get_case(ctx, cid))
        items.append(item)
        persons |= who
    for pid in problem_ids:
        item, who = _problem_item(problems.get_problem(ctx, pid))
        items.append(item)
        persons |= {f"p:{x}" for x in who}
    return items, len(persons)


def create(ctx, values: dict, *, formats=("docx", "pdf")) -> BulletinInfo:
    """Number, record and render a 通报. ValidationError (nothing written) on bad input."""
    from desktop.core.services.documents import layer as doc_layer
    from desktop.core.services.documents import values as doc_values

    users.require_writer(ctx)
    case_ids, problem_ids = list(values.get("case_ids") or []), list(values.get("problem_ids") or [])
    if not case_ids and not problem_ids:
        raise ValidationError("请至少选择一个案件或问题。", field="case_ids")
    topic = (values.get("topic") or "").strip()
    if topic not in TOPICS:
        raise ValidationError(f"通报专题只能是：{'、'.join(TOPICS)}。", field="topic")
    day = parse_date(values.get("issue_date"), "通报日期", "issue_date") or ctx.clock.today().isoformat()
    if day > ctx.clock.today().isoformat():
        raise ValidationError("通报日期不能晚于今天。", field="issue_date")
    subject = _text(values.get("subject"), 40, "通报事由", "subject") or topic
    items, persons = _items(ctx, case_ids, problem_ids)
    org = doc_values.org_values(ctx)
    from desktop.core.services import rows

    with ctx.session() as s:
        t = Bulletin.__table__
        year = int(day[:4])
        no = int(s.execute(select(func.max(t.c.issue_no)).where(t.c.year == year,
                                                               t.c.origin_site == ctx.site_code)).scalar() or 0) + 1
        title = f"关于{subject}典型问题的通报（{year}年第{no}期）"
        row = rows.insert(s, ctx, Bulletin, {"year": year, "issue_no": no, "title": title, "topic": topic,
                                             "issue_date": day, "cases_count": len(items), "persons_count": persons,
                                             "case_ids": ",".join(case_ids) or None,
                                             "problem_ids": ",".join(problem_ids) or None,
                                             "note": _text(values.get("note"), 500, "备注", "note")},
                          summary=title)
        short = org.get("short_name") or ctx.site_name
        content = doc_layer.build(KIND, {"org": org, "problems": items, "subject": subject, "date": day,
                                         "number": f"{short}通报〔{year}〕第{no}期"}, ctx.data.root)
        out = ctx.data.sub("documents") / KIND
        files = doc_layer.render(content, out, f"{year}年第{no}期_{subject}", formats)
    return BulletinInfo(row["id"], year, no, title, topic, day, len(items), persons, [str(f) for f in files])


def list_bulletins(ctx, year: int | None = None) -> list[dict]:
    t = Bulletin.__table__
    q = select(t).where(t.c.deleted_at.is_(None))
    if year:
        q = q.where(t.c.year == year)
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(q.order_by(t.c.year.desc(), t.c.issue_no.desc())).mappings()]

