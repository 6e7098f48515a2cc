"""What a document is filled with: defaults for a new draft (title, 主送, 抄送, dates) and, at build time, the
values handed to the wording template (organisation, unit, person, problems, deadlines, contact)."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.core.models.registry import Person
from desktop.core.services import rows
from desktop.core.services.documents.kinds import KindSpec
from desktop.core.services.org import profile as org
from desktop.core.services.registry import units

# Free wording a draft may carry, per kind: (values key = layer's value name, label, hint). The first one is what
# the CLI's --reason fills. Empty subject/source get defaults from the records (see text_defaults).
HOLIDAY = ("holiday", "节日", "如：2027年元旦、春节（可不填）")
SOURCE = ("source", "检查来源", "如：2026年10月村级财务专项检查（可不填，写作“日常监督”）")
SUBJECT = ("subject", "事由", "标题中“关于……的”部分（可不填，按问题自动生成）")
CAUSES = ("causes", "原因分析", "问题产生的原因（可不填，使用模板中的通用表述）")
TEXT_FIELDS = {
    "廉洁提醒函": (HOLIDAY,),
    "履责提醒函": (("subject", "事由", "如：村级财务管理（可不填）"),),
    "工作提示函": (("subject", "事由", "如：村级工程项目管理（可不填）"),),
    "整改通知书": (SOURCE,),
    "督办函": (SUBJECT, ("source", "前期文书", "如：《关于××的通知》（清纪改〔2026〕1号）（可不填，自动查找）")),
    "纪律检查建议书": (SUBJECT, SOURCE, CAUSES),
    "监察建议书": (SUBJECT, SOURCE, CAUSES),
    "纪检监察建议书": (SUBJECT, SOURCE, CAUSES),
}
TEXT_KEYS = ("holiday", "source", "subject", "causes")


def text_fields(kind: str) -> tuple:
    return TEXT_FIELDS.get(kind, ())


def default_subject(spec: KindSpec, unit: dict | None, problems: list[dict]) -> str:
    """“关于${事由}的…”: 东岭村集体“三资”等问题 (督办函: …问题整改)."""
    who = (unit or {}).get("name") or ""
    subject = f"{who}{topic_of(problems)}问题"
    return subject + "整改" if spec.name == "督办函" else subject


def cn_date(iso: str | None) -> str:
    """'2026-11-24' → '2026年11月24日' (成文日期 uses Arabic numerals, no zero padding)."""
    if not iso:
        return ""
    d = date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def addressee_for_unit(unit: dict, site: str = "") -> str:
    """The full name of a unit's leading bodies (中共东岭村支部委员会、东岭村村民委员会), as the layer writes it; a
    township office by its full name (白石乡农业农村办公室, not a bare 农业农村办公室)."""
    from desktop.core.documents.templates import default_addressee

    name = unit["name"]
    if unit.get("type") not in ("行政村", "社区") and site and not name.startswith(site) \
            and not name.endswith(("村", "社区")):
        name = site + name
    return default_addressee(name)


def addressee_for_person(person: dict) -> str:
    return f"{person['name']}同志"


def default_cc(ctx, spec: KindSpec) -> str:
    profile = org.get_profile(ctx) or {}
    site = profile.get("site_name") or ctx.site_name
    if spec.group in ("整改", "建议书", "督办"):
        parts = [f"中共{site}委员会"]
        if profile.get("district_name"):
            parts.append(district_office(profile["district_name"]))
        return "，".join(parts)
    return ""


def district_office(district: str) -> str:
    """The district's 党风政风监督室, whether the setting holds “宁海县” or already “宁海县纪委监委” (never
    “宁海县纪委监委纪委监委…”)."""
    name = district.strip()
    for suffix in ("纪委监委", "纪委", "监委"):
        if name.endswith(suffix):
            name = name.removesuffix(suffix)
            break
    return f"{name}纪委监委党风政风监督室"


def topic_of(problems: list[dict]) -> str:
    cats = [p.get("category") for p in problems if p.get("category")]
    if not cats:
        return "有关"
    first = cats[0]
    return first + ("等" if len(set(cats)) > 1 else "")


def default_title(spec: KindSpec, unit: dict | None, person: dict | None, problems: list[dict]) -> str:
    who = (unit or {}).get("name") or (person or {}).get("name") or ""
    topic = topic_of(problems)
    if spec.name == "整改通知书":
        return f"关于{who}{topic}问题限期整改的通知"
    if spec.name == "督办函":
        return f"关于督促{who}抓紧整改{topic}问题的督办函"
    if spec.group == "建议书":
        word = spec.name.removesuffix("书")
        return f"关于{who}{topic}问题的{word}"
    return spec.name


def default_reply_due(ctx, spec: KindSpec, start: date | None = None) -> str | None:
    """Letters count working days (“收到本函后15个工作日内”); notices and proposals calendar days."""
    if not spec.reply_required:
        return None
    start = start or ctx.clock.today()
    if spec.group == "提醒函":
        from desktop.core.workdays import add_working_days

        return add_working_days(start, spec.reply_days).deadline.isoformat()
    return (start + timedelta(days=spec.reply_days)).isoformat()


def org_values(ctx) -> dict:
    p = org.get_profile(ctx) or {}
    return {
        "full_name": p.get("full_name") or "", "short_name": p.get("short_name") or "",
        "site_name": p.get("site_name") or "", "office_name": p.get("office_name") or "",
        "contact_person": p.get("contact_person") or "", "contact_phone": p.get("contact_phone") or "",
        "secretary_name": p.get("secretary_name") or "", "district_name": p.get("district_name") or "",
    }


def unit_values(ctx, unit_id: str | None) -> dict | None:
    u = units.get(ctx, unit_id) if unit_id else None
    return {"id": u["id"], "name": u["name"], "type": u["type"], "short_name": u.get("short_name") or ""} if u else None


def person_values(ctx, person_id: str | None) -> dict | None:
    p = None
    if person_id:
        with ctx.reader() as s:
            p = rows.get(s, Person, person_id)
    if not p:
        return None
    unit = units.get(ctx, p["unit_id"]) if p.get("unit_id") else None
    return {"id": p["id"], "name": p["name"], "position": p.get("position") or "",
            "unit_name": unit["name"] if unit else "", "unit_type": unit["type"] if unit else ""}


def talk_values(ctx, talk_id: str | None, person: dict | None) -> dict:
    """What a 谈话记录 prints from the talk it records: the talk given by `talk_id`, else the person's latest one —
    谈话类型, 谈话人, 记录人, time, place, reason and summary. {} when there is none."""
    from sqlalchemy import select

    from desktop.core.models.talks import TalkRecord

    t = TalkRecord.__table__
    q = select(t).where(t.c.deleted_at.is_(None))
    if talk_id:
        q = q.where(t.c.id == talk_id)
    elif person:
        q = q.where(t.c.person_id == person["id"]).order_by(t.c.talk_date.desc(), t.c.created_at.desc())
    else:
        return {}
    with ctx.reader() as s:
        row = s.execute(q.limit(1)).mappings().first()
    if not row:
        return {}
    return {"type": row["kind"], "talker": row["talker"] or "", "recorder": row["recorder"] or "",
            "time": cn_date(row["talk_date"]), "place": row["place"] or "", "reason": row["reason"] or "",
            "content": row["summary"] or ""}
