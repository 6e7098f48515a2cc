"""Demo step: the problem ledger. small ≈ 300 problems walked through the real lifecycle (every state, some
overdue, extended, relapsed, with evidence photos); large ≥ 100,000 problems bulk-inserted for benchmarks.

A problem is linked only to a supervision matter that targets its unit (matter_unit; none when no matter does).
"""

from __future__ import annotations

import struct
import zlib
from datetime import date, timedelta

from sqlalchemy import select, text

from desktop.core.demo.problem_texts import SOURCES, TEXTS, basis
from desktop.core.models.problems import Problem, ProblemEvent, ProblemPerson
from desktop.core.models.registry import Person, Unit
from desktop.core.services import attachments, rows
from desktop.core.services.problems import flow as problem_flow
from desktop.core.services.problems import records as problems
from desktop.core.services.problems import rules as problem_rules
from desktop.core.store import fts

SMALL_WALK = 100  # walked through the real transitions (every path)
SMALL_BULK = 200  # bulk-inserted in final states, with a two-entry timeline
LARGE = 100_000
# target status → share of the small ledger
PLAN = (("待核实", 0.05), ("已交办", 0.12), ("整改中", 0.20), ("持续整改", 0.05), ("待审核", 0.10),
        ("已销号", 0.22), ("已归档", 0.14), ("反弹", 0.04), ("不予认定", 0.04), ("已移交", 0.04))


def tiny_png(rgb: tuple[int, int, int], size: int = 8) -> bytes:
    """A valid little PNG of one colour (evidence photos without Qt or PIL)."""
    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    head = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _registry(s, site: str | None = None) -> tuple[list[dict], dict[str, list[dict]]]:
    u, p = Unit.__table__, Person.__table__
    units = [dict(r, _site=site) for r in s.execute(select(u.c.id, u.c.name, u.c.type).where(
        u.c.deleted_at.is_(None), u.c.type.in_(("行政村", "社区", "镇直站所"))).order_by(u.c.sort_order)).mappings()]
    people: dict[str, list[dict]] = {}
    for r in s.execute(select(p.c.id, p.c.name, p.c.unit_id, p.c.position).where(p.c.deleted_at.is_(None))).mappings():
        people.setdefault(r["unit_id"], []).append(dict(r))
    return units, people


def _matters(s) -> dict[str, list[str]]:
    """unit id → the supervision matters that target it (matter_unit): a problem links only to those."""
    if not s.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'matter_unit'")).first():
        return {}
    out: dict[str, list[str]] = {}
    for unit_id, matter_id in s.execute(text(
            "SELECT mu.unit_id, m.id FROM matter_unit mu JOIN supervision_matter m ON m.id = mu.matter_id "
            "WHERE mu.deleted_at IS NULL AND m.deleted_at IS NULL ORDER BY mu.unit_id, m.id")):
        out.setdefault(unit_id, []).append(matter_id)
    return out


def _matter_for(rng, matters: dict[str, list[str]], unit_id: str, share: float = 1.0) -> str | None:
    """One of the unit's matters (most of the time when share < 1), or None when no matter targets the unit."""
    own = matters.get(unit_id)
    return rng.choice(own) if own and (share >= 1 or rng.random() < share) else None


def _describe(rng, unit: dict, found: date) -> tuple:
    cat, ptype, tpl, req, measures = rng.choice(TEXTS)
    n = rng.randrange(2, 9)
    desc = tpl.format(y=found.year, m=found.month, q=(found.month - 1) // 3 + 1, v=unit["name"], n=n,
                      a=f"{rng.randrange(6, 400) * 100:,}")
    return cat, ptype, desc, req, measures.format(n=n)


def _values(rng, unit, people, found, matters) -> tuple[dict, str, str]:
    cat, ptype, desc, req, measures = _describe(rng, unit, found)
    cadres = people.get(unit["id"]) or []
    chosen = rng.sample(cadres, k=min(len(cadres), rng.choice((1, 1, 1, 2))))
    v = {"unit_id": unit["id"], "category": cat, "problem_type": ptype, "description": desc,
         "basis_violated": basis(rng, unit), "found_date": found.isoformat(), "source": rng.choice(SOURCES),
         "handling": "限期整改", "severity": rng.choice(("一般", "一般", "一般", "较重", "严重")),
         "people": [{"person_id": c["id"]} for c in chosen],
         "amount_involved": float(rng.randrange(0, 50) * 100) or None,
         "matter_id": _matter_for(rng, matters, unit["id"], 0.8)}
    return v, req, measures


def run(ctx, rng, size):
    if size == "large":
        yield from _large(ctx, rng)
        return
    today = ctx.clock.today()
    with ctx.session() as s:
        units, people = _registry(s, ctx.site_name)
        if not units:
            return
        matters = _matters(s)
        targets = [t for t, share in PLAN for _ in range(round(SMALL_WALK * share))]
        rng.shuffle(targets)
        for i, target in enumerate(targets):
            _walk(s, ctx, rng, target, rng.choice(units), people, matters, today, i)
        seqs = {y: problem_rules.next_seqs(s, ctx, y) for y in range(today.year - 5, today.year + 1)}
        _bulk(s, ctx, rng, SMALL_BULK, units, people, matters, seqs, today)
    yield f"问题 {len(targets) + SMALL_BULK} 个（各状态均有，含逾期、延期、反弹和佐证照片）"


def _d(day: date) -> str:
    return day.isoformat()


def _walk(s, ctx, rng, target, unit, people, matters, today, i):
    """Create one problem and move it through the real transitions to `target`."""
    spans = {"待核实": (1, 25), "已交办": (5, 60), "整改中": (15, 160), "持续整改": (90, 300), "待审核": (20, 150),
             "已销号": (40, 120), "已归档": (140, 400), "反弹": (140, 360), "不予认定": (5, 200), "已移交": (5, 200)}
    found = today - timedelta(days=rng.randrange(*spans[target]))
    values, req, measures = _values(rng, unit, people, found, matters)
    if target != "待核实" and rng.random() < 0.08:
        values["handling"] = "立行立改"
    p = problems.create_problems_in(s, ctx, [values])[0]

    def go(action, on: date, **payload):
        nonlocal p
        p = problem_flow.apply_in(s, ctx, p, action, {"on_date": _d(min(on, today)), **payload})

    if target in ("不予认定", "已移交"):
        reason = "经核实，反映问题不属实" if target == "不予认定" else "涉嫌违纪，转为问题线索"
        go("不予认定" if target == "不予认定" else "移交", found + timedelta(days=rng.randrange(1, 5)), reason=reason,
           forwarded_to="区纪委监委第三纪检监察室")
        return
    if target == "待核实":
        return
    assign = found + timedelta(days=rng.randrange(1, 4))
    if values["handling"] == "立行立改" and target in ("已销号", "已归档", "待审核"):
        _photo(s, ctx, p, i)
        go("立行立改", assign, measures=measures)
    else:
        go("交办", assign, requirement=req, deadline=_d(_deadline(rng, target, assign, today)))
        if target == "已交办":
            _maybe_chase(rng, go, assign, today)
            return
        go("开始整改", assign + timedelta(days=rng.randrange(1, 6)))
        if target == "整改中":
            _maybe_extend(rng, go, p, today)
            _maybe_chase(rng, go, assign, today)
            return
        if target == "持续整改":
            base = max(today - timedelta(days=20), assign + timedelta(days=10))
            go("持续整改", assign + timedelta(days=8), milestones=[
                {"title": "完成问题清查和台账梳理", "due": _d(base)},
                {"title": "完成制度修订并公开", "due": _d(today + timedelta(days=rng.randrange(20, 90)))},
                {"title": "全面完成整改并报送材料", "due": _d(today + timedelta(days=rng.randrange(100, 200)))}])
            go("阶段完成", min(base, today), note="清查完成")
            return
        feedback = min(today, assign + timedelta(days=rng.randrange(10, 30)))
        if target in ("已销号", "已归档", "反弹"):
            feedback = min(feedback, today - timedelta(days=(100 if target != "已销号" else 3)))
            feedback = max(feedback, assign)
        go("反馈", feedback, measures=measures)
        _photo(s, ctx, p, i)
        if target == "待审核":
            return
    close = min(today, p_date(p, "feedback_date") + timedelta(days=rng.randrange(1, 8)))
    if target == "已销号":
        close = max(close, today - timedelta(days=85))
        close = max(close, p_date(p, "feedback_date"))
    go("审核通过", close, opinion="整改措施到位，佐证材料齐全")
    go("销号", close, money_recovered=rng.choice((None, None, 800, 1200, 3500)), rules_made=rng.choice((None, 1, 2)))
    if target == "已归档":
        go("回头看通过", close + timedelta(days=rng.randrange(90, 100)), result="回头看未发现反弹，整改成果巩固")
    elif target == "反弹":
        on = close + timedelta(days=rng.randrange(88, 100))
        go("回头看反弹", on, reason="回头看发现同类问题再次出现", deadline=_d(max(on, today) + timedelta(days=rng.randrange(-15, 30))))


def p_date(p: dict, key: str) -> date:
    return date.fromisoformat(p[key])


def _deadline(rng, target: str, assign: date, today: date) -> date:
    if target in ("已交办", "整改中") and rng.random() < 0.4:  # overdue
        return max(assign, today - timedelta(days=rng.randrange(1, 30)))
    if target in ("已交办", "整改中"):
        return max(assign + timedelta(days=5), today + timedelta(days=rng.randrange(0, 50)))
    return assign + timedelta(days=rng.randrange(20, 60))


def _maybe_extend(rng, go, p, today):
    if rng.random() < 0.25:
        new = max(date.fromisoformat(p["deadline"]), today) + timedelta(days=rng.randrange(10, 40))
        go("延期", today - timedelta(days=rng.randrange(0, 5)), deadline=_d(new),
           reason=rng.choice(("涉及合同重签，需村民代表会议表决", "汛期施工困难", "需上级部门配合核查")), approver="镇纪委书记")


def _maybe_chase(rng, go, assign, today):
    if rng.random() < 0.3:
        go("催办", max(assign, today - timedelta(days=rng.randrange(0, 10))), reason=rng.choice(("电话催办", "发督办函")))


def _photo(s, ctx, p, i):
    colour = ((i * 37) % 256, (i * 91) % 256, (i * 53) % 256)
    attachments.add_bytes_in(s, ctx, tiny_png(colour), f"整改佐证{p['no']}.png", "problem", p["id"], "照片")


# ---------------------------------------------------------------- large


def _large(ctx, rng):
    today = ctx.clock.today()
    with ctx.session() as s:
        units, people = _registry(s, ctx.site_name)
        matters = _matters(s)
        seqs = {y: problem_rules.next_seqs(s, ctx, y) for y in range(today.year - 5, today.year + 1)}
        done = 0
        while done < LARGE:
            done += _bulk(s, ctx, rng, min(10_000, LARGE - done), units, people, matters, seqs, today,
                          full_timeline=False)
            yield f"大规模问题台账：已生成 {done} 个"


STATUSES_BULK = ("整改中", "已交办", "待审核", "已销号", "已归档", "待核实", "不予认定", "已移交", "持续整改")
WEIGHTS_BULK = (18, 8, 8, 30, 26, 4, 2, 2, 2)


def _bulk(s, ctx, rng, n, units, people, matters, seqs, today, *, full_timeline: bool = True) -> int:
    """Bulk-insert `n` problems in final states (people, a 登记 + current-state timeline, search rows).

    Without `full_timeline` (benchmark scale) only the last step is recorded."""
    names = {u["id"]: u["name"] for u in units}
    batch = [_large_row(rng, today, units, people, matters, STATUSES_BULK, WEIGHTS_BULK, seqs) for _ in range(n)]
    problem_rows = [b[0] for b in batch]
    rows.bulk_insert(s, ctx, Problem, problem_rows, audit_summary="演示数据：问题台账")
    rows.bulk_insert(s, ctx, ProblemPerson, [{"problem_id": r["id"], **pp} for r, pps in batch for pp in pps])
    events = [e for r in problem_rows for e in _large_events(ctx, r)[(0 if full_timeline else -1):]]
    rows.bulk_insert(s, ctx, ProblemEvent, events)
    fts.bulk_upsert(s, "problem", [(r["id"], *problems.search_text(r, names.get(r["unit_id"]))) for r in problem_rows])
    return n


def _large_row(rng, today, units, people, matters, statuses, weights, seqs):
    from desktop.core.store.ids import uuid7

    unit = rng.choice(units)
    status = rng.choices(statuses, weights)[0]
    recent = status in ("待核实", "已交办", "整改中", "待审核", "持续整改")
    found = today - timedelta(days=rng.randrange(1, 200 if recent else 1500))
    cat, ptype, desc, req, measures = _describe(rng, unit, found)
    seqs[found.year] = seqs.get(found.year, 0) + 1  # numbering continues after the walked problems
    seq = seqs[found.year]
    cadres = people.get(unit["id"]) or []
    chosen = rng.sample(cadres, k=min(len(cadres), 1))
    deadline = found + timedelta(days=rng.randrange(15, 90)) if status not in ("待核实", "不予认定", "已移交") else None
    if deadline and status in ("整改中", "已交办", "持续整改") and rng.random() < 0.5:
        deadline = max(found, today + timedelta(days=rng.randrange(-30, 60)))
    closed = status in ("已销号", "已归档")
    close = min(today, (deadline or found) + timedelta(days=rng.randrange(-10, 10))) if closed else None
    close = max(close, found) if close else None
    if status == "已销号" and close and close < today - timedelta(days=80):
        status = "已归档"  # old close-outs have had their 回头看
    row = {"id": uuid7(), "no": f"{found.year}-{seq:03d}", "year": found.year, "seq": seq, "unit_id": unit["id"],
           "category": cat, "problem_type": ptype, "description": desc, "basis_violated": basis(rng, unit),
           "amount_involved": None, "found_date": found.isoformat(), "source": rng.choice(SOURCES),
           "handling": "限期整改", "severity": "一般", "status": status,
           "matter_id": _matter_for(rng, matters, unit["id"]), "inspection_id": None, "inspection_item_id": None,
           "doc_id": None, "doc_no": None, "people_names": "、".join(c["name"] for c in chosen) or None,
           "requirement": req if deadline else None, "deadline": deadline.isoformat() if deadline else None,
           "assigned_date": found.isoformat() if deadline else None,
           "measures": measures if status in ("待审核", "已销号", "已归档") else None, "progress_note": None,
           "feedback_date": close.isoformat() if close else None,
           "review_opinion": "整改到位" if closed else None, "reviewer": "王晓燕" if closed else None,
           "review_date": close.isoformat() if close else None, "money_recovered": None, "rules_made": None,
           "closed_date": close.isoformat() if close else None,
           "revisit_due": problem_flow.add_months(close, 3).isoformat() if close else None,
           "revisit_date": min(today.isoformat(), _revisit_date(close)) if status == "已归档" else None,
           "revisit_result": "回头看未发现反弹" if status == "已归档" else None, "relapse_count": 0, "extension_count": 0,
           "ended_reason": "经核实不属实" if status in ("不予认定", "已移交") else None, "note": None}
    persons = [{"person_id": c["id"], "name": c["name"], "position": c["position"], "role": "主要责任人"}
               for c in chosen]
    return row, persons


def _revisit_date(close: date) -> str:
    return problem_flow.add_months(close, 3).isoformat()


def _large_events(ctx, r: dict) -> list[dict]:
    from desktop.core.clock import utc_iso

    at = utc_iso(ctx.clock.now())
    base = {"problem_id": r["id"], "at": at, "actor": ctx.user_name, "reason": None, "details_json": None}
    out = [{**base, "on_date": r["found_date"], "action": "登记", "from_status": None, "to_status": "待核实"}]
    last = {"已交办": "交办", "整改中": "开始整改", "持续整改": "持续整改", "待审核": "反馈", "已销号": "销号",
            "已归档": "回头看通过", "不予认定": "不予认定", "已移交": "移交"}.get(r["status"])
    if last:
        on = r.get("closed_date") or r.get("assigned_date") or r["found_date"]
        out.append({**base, "on_date": on, "action": last, "from_status": "待核实", "to_status": r["status"],
                    "reason": "演示数据（批量生成，仅记录最后一步）"})
    return out
