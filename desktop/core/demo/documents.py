"""Demo step: the township's issued documents — a pre-holiday 廉洁提醒函 to every village, 整改通知书 for the
problems found (delivered, one replied, one overdue), a 履责提醒函, and one voided letter.

Documents are signed with their content snapshot only (no files): the files are rendered on demand, which keeps
`demo --size small` fast."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.core.demo.names import person_name
from desktop.core.services.documents import layer as doc_layer
from desktop.core.services.documents import records as documents
from desktop.core.services.documents import values as doc_values
from desktop.core.services.documents.kinds import BY_NAME
from desktop.core.services.org import site as org
from desktop.core.services.registry import people, units


def run(ctx, rng, size):
    villages = units.villages(ctx)
    if not villages:
        return
    today = ctx.clock.today()
    signer = (org.get_profile(ctx) or {}).get("secretary_name") or person_name(rng)
    made = {"letters": 0, "notices": 0, "other": 0}
    if doc_layer.has_template("廉洁提醒函"):
        made["letters"] = _holiday_letters(ctx, rng, villages, signer, today - timedelta(days=56))
        yield f"廉洁提醒函 {made['letters']} 份"
    if doc_layer.has_template("整改通知书"):
        made["notices"] = _notices(ctx, rng, villages, signer, today, 6 if size == "small" else 15)
        yield f"整改通知书 {made['notices']} 份"
    made["other"] = _others(ctx, rng, villages, signer, today)
    yield f"其他文书 {made['other']} 份"


def _sign(ctx, doc: dict, signer: str, on: date) -> dict:
    return documents.sign(ctx, doc["id"], signer=signer, sign_date=on.isoformat(), store_files=False)


def _holiday_letters(ctx, rng, villages, signer, on: date) -> int:
    for v in villages:
        doc = documents.create_draft(ctx, "廉洁提醒函", unit_id=v["id"], fields={"reason": "中秋、国庆"})
        _sign(ctx, doc, signer, on)
        if rng.random() < 0.85:
            who = person_name(rng)
            documents.record_delivery(ctx, doc["id"], received_by=who,
                                      received_date=(on + timedelta(days=rng.randint(1, 3))).isoformat())
            documents.archive(ctx, doc["id"])
    return len(villages)


def _notices(ctx, rng, villages, signer, today: date, limit: int) -> int:
    plans = []
    for v in villages:
        open_ = [p for p in documents.open_problems(ctx, v["id"]) if p["status"] == "待核实"]
        found = [documents.problem_values(ctx, [p["id"]])[0] for p in open_[:3]]
        found = [p for p in found if p["found_date"] and date.fromisoformat(p["found_date"]) <= today - timedelta(days=12)]
        if found and len(plans) < limit:
            on = max(date.fromisoformat(p["found_date"]) for p in found) + timedelta(days=rng.randint(2, 6))
            plans.append((min(on, today - timedelta(days=8)), v, found))
    plans.sort(key=lambda plan: plan[0])  # numbers follow the signing dates, as in a real register
    for i, (on, v, found) in enumerate(plans):
        due = on + timedelta(days=30)
        if i == 0:  # the oldest one is overdue
            due = max(on + timedelta(days=5), today - timedelta(days=3))
        fields = {"source": f"{on.year}年{on.month}月村级小微权力运行监督检查", "reply_due": due.isoformat()}
        doc = documents.create_draft(ctx, "整改通知书", problem_ids=[p["id"] for p in found], fields=fields)
        _sign(ctx, doc, signer, on)
        documents.record_delivery(ctx, doc["id"], received_by=person_name(rng),
                                  received_date=(on + timedelta(days=1)).isoformat())
        replied = on + timedelta(days=6 if i == 1 else 20)
        if i == 1 or (i > 1 and due < today):
            documents.record_reply(ctx, doc["id"], reply_date=min(replied, today).isoformat(),
                                   reply_text="已召开两委会议专题研究，逐项整改到位，相关制度已修订并张榜公布。",
                                   reply_doc_no=f"{v['name']}〔{on.year}〕3号")
    return len(plans)


def _others(ctx, rng, villages, signer, today: date) -> int:
    made = 0
    v = villages[rng.randrange(len(villages))]
    if doc_layer.has_template("履责提醒函"):
        head = next((p for p in people.list_people(ctx, unit_id=v["id"]) if p.get("position") == "一肩挑"), None)
        if head:
            on = today - timedelta(days=20)
            due = doc_values.default_reply_due(ctx, BY_NAME["履责提醒函"], start=on)
            doc = documents.create_draft(ctx, "履责提醒函", person_id=head["id"], fields={"reply_due": due})
            _sign(ctx, doc, signer, on)
            documents.record_delivery(ctx, doc["id"], received_by=head["name"],
                                      received_date=(today - timedelta(days=19)).isoformat())
            made += 1
    if doc_layer.has_template("廉洁提醒函"):
        doc = documents.create_draft(ctx, "廉洁提醒函", unit_id=v["id"], fields={"reason": "元旦"})
        _sign(ctx, doc, signer, today - timedelta(days=2))
        documents.void(ctx, doc["id"], "节日名称写错，已重新制发")
        draft = documents.create_draft(ctx, "廉洁提醒函", unit_id=v["id"], fields={"reason": "元旦、春节"})
        made += 2 if draft else 1
    return made
