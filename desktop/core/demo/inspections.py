"""Demo step: about 60 village checks over the last 12 months, completed through the real completion flow, so
every 不符合 became a problem in the ledger (linked back). Older problems are then assigned, answered and
closed; a few checks of the current month stay drafts. One village keeps failing 村级财务 (屡查屡犯)."""

from __future__ import annotations

import base64
import tempfile
from datetime import date, timedelta
from pathlib import Path

from desktop.core.demo.names import person_name
from desktop.core.services.checks import checklists, inspections
from desktop.core.services.checks import completion as check_problems
from desktop.core.services.checks.village_profile import add_months
from desktop.core.services.problems import records as problems
from desktop.core.services.registry import units

# A valid 1×1 PNG (evidence placeholders for the demo).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")
NOTES = ("抽查{m}月凭证{n}份，发现{t}问题{k}笔，涉及金额{a}元。", "{t}：{m}月份相关资料缺失，经办人未签字。",
         "走访群众{n}户，反映{t}情况，经核实属实。", "现场查看发现{t}，村干部未能说明原因。")
METHOD_SETS = (["查阅资料", "听取汇报"], ["查阅资料", "实地查看"], ["走访群众", "入户核实"], ["四不两直", "实地查看"],
               ["查阅资料", "座谈"], ["暗访"])


def _dates(rng, today: date, key: bool) -> list[date]:
    """Check dates over the last 12 months: key villages most months, others about once a quarter."""
    out = []
    start = add_months(today, -12)
    if key:
        for m in range(12):
            first = add_months(start, m)
            if rng.random() < 0.6:
                out.append(first + timedelta(days=rng.randrange(2, 26)))
    else:
        for q in range(4):
            first = add_months(start, 3 * q)
            if rng.random() < 0.85:
                out.append(first + timedelta(days=rng.randrange(5, 80)))
    return [d for d in out if d < today]


def _items_for(rng, by_cat: dict, local: list) -> list[dict]:
    cats = rng.sample(sorted(by_cat), 3)
    chosen = [it for c in cats for it in by_cat[c]]
    if local and rng.random() < 0.3:
        chosen += rng.sample(local, 2)
    return chosen


def _note(rng, it: dict, d: date) -> str:
    t = it["problem_type"] or it["subject"]
    return rng.choice(NOTES).format(m=d.month, n=rng.randrange(5, 40), t=t, k=rng.randrange(1, 6),
                                    a=rng.randrange(2, 90) * 100)


def run(ctx, rng, size):
    today = ctx.clock.today()
    villages = units.villages(ctx)
    items = checklists.list_items(ctx, in_force_only=True)
    by_cat: dict[str, list] = {}
    for it in items:
        if it["checklist_kind"] == "共性化":
            by_cat.setdefault(it["category"], []).append(it)
    local = [it for it in items if it["checklist_kind"] == "个性化"]
    staff = [person_name(rng) for _ in range(3)]
    offender = villages[1]["id"] if len(villages) > 1 else None
    plans = []
    for v in villages:
        for d in _dates(rng, today, bool(v["is_key_village"])):
            plans.append((d, v))
    plans.sort(key=lambda x: x[0])
    tmp = Path(tempfile.mkdtemp(prefix="qingfeng-demo-"))
    photo = tmp / "现场照片.png"
    photo.write_bytes(PNG)
    done = created = 0
    for d, v in plans:
        chosen = _items_for(rng, by_cat, local)
        if v["id"] == offender and "村级财务" in by_cat:
            chosen = by_cat["村级财务"][:3] + chosen[:6]
        ins = inspections.create_inspection(ctx, {
            "unit_ids": [v["id"]], "date": d.isoformat(), "inspectors": rng.sample(staff, 2),
            "methods": rng.choice(METHOD_SETS), "people_contacted": rng.choice((None, 5, 8, 10, 12, 20, 30)),
            "item_ids": [it["id"] for it in dict((i["id"], i) for i in chosen).values()]})
        full = inspections.get_inspection(ctx, ins["id"])
        answers = [_answer(rng, it, d, v["id"] == offender) for it in full["items"]]
        inspections.save_results(ctx, ins["id"], answers)
        failed = [a for a in answers if a["result"] == "不符合"]
        if failed and rng.random() < 0.4:
            from desktop.core.services.checks import photos as check_photos

            check_photos.add_photo(ctx, failed[0]["id"], photo)
        result = check_problems.complete(ctx, ins["id"], check_problems.propose(ctx, ins["id"]))
        _advance(ctx, rng, result.problem_ids, d, today, photo)
        done += 1
        created += len(result.problem_ids)
    drafts = _drafts(ctx, rng, villages, by_cat, staff, today)
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    yield f"村居检查 {len(plans) + drafts} 次（已完成 {done} 次），由检查生成问题 {created} 个"


def _drafts(ctx, rng, villages: list[dict], by_cat: dict, staff: list[str], today: date) -> int:
    """Two checks of the last days, half filled in: drafts to resume."""
    for n, v in enumerate(rng.sample(villages, 2), start=1):
        chosen = _items_for(rng, by_cat, [])
        ins = inspections.create_inspection(ctx, {
            "unit_ids": [v["id"]], "date": (today - timedelta(days=n)).isoformat(), "inspectors": staff[:2],
            "methods": ["查阅资料", "走访群众"], "item_ids": [it["id"] for it in chosen]})
        items = inspections.get_inspection(ctx, ins["id"])["items"]
        half = items[: len(items) // 2]
        inspections.save_results(ctx, ins["id"], [{"id": it["id"], "result": "符合"} for it in half])
    return 2


def _answer(rng, it: dict, d: date, offender: bool) -> dict:
    fail_rate = 0.5 if offender and it["category"] == "村级财务" else 0.1
    r = rng.random()
    if r < fail_rate:
        return {"id": it["id"], "result": "不符合", "note": _note(rng, it, d)}
    if r < fail_rate + 0.05:
        return {"id": it["id"], "result": "不适用", "note": "本期无此类事项"}
    return {"id": it["id"], "result": "符合", "note": None}


def _advance(ctx, rng, problem_ids: list[str], found: date, today: date, photo: Path) -> None:
    """Move older problems along the real lifecycle: assigned, answered with evidence, closed."""
    age = (today - found).days
    if age < 7 or not problem_ids:
        return
    with ctx.session() as s:
        for pid in problem_ids:
            problems.transition_in(s, ctx, pid, "交办", requirement="对照问题逐项整改，完善制度，按期报送整改情况及佐证材料。",
                                   working_days=15, on_date=(found + timedelta(days=2)).isoformat())
            if age < 45 or rng.random() < 0.2:
                continue
            problems.transition_in(s, ctx, pid, "反馈", measures="已召开两委会议研究整改，完善相关手续，补齐资料并公开。",
                                   evidence=[str(photo)], on_date=(found + timedelta(days=18)).isoformat())
            problems.transition_in(s, ctx, pid, "销号", opinion="经复核，整改到位，同意销号。",
                                   on_date=(found + timedelta(days=25)).isoformat())
