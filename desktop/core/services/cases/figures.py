"""Period figures of leads, cases, outcomes, money, 建章立制, 通报 and 四种形态 — counts only, NO names
(DOMAIN §7.2–7.3). Used by the statistics package and, as month snapshots, by the ordinary sync package.

    f = figures.period_figures(ctx, "2026-07-01", "2026-09-30", unit_ids=None)   → PeriodFigures
    f.leads_received, f.disposed_by_route["初步核实"], f.forms[2].person_times, f.forms[2].pct
    figures.drill_down(ctx, "2026-07-01", "2026-09-30", "cases_opened")          → rows (sensitive roles only)
    figures.refresh_snapshots(ctx)        month rows in case_figure (what the ordinary package carries)
    figures.received_figures(ctx, "2026-07", "2026-09")   at the district: {site_code: summed snapshot dict}

Counting rules: 件 = records, 人次 = every measure, 人 = distinct persons (registry id, else name + unit).
A lead counts as received on its 受理日期 and as disposed in the period of each disposal decision; a case as
opened on 立案 and closed on 结案; a measure on its 处理日期; money on its 到账日期.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from desktop.core.models.cases import (
    Bulletin,
    Case,
    CasePerson,
    Disposal,
    FigureSnapshot,
    Lead,
    Money,
    RuleAdopted,
)
from desktop.core.services.cases import measures as measures_mod

SANCTIONS = ("党纪处分", "政务处分")
DRILL_CODES = ("leads_received", "leads_disposed", "cases_opened", "cases_closed", "sanctioned", "form1", "form2",
               "form3", "form4", "money", "rules_adopted")


@dataclass
class FormCount:
    person_times: int = 0
    persons: int = 0
    pct: float = 0.0  # share of the person-times of all four forms, in %


@dataclass
class PeriodFigures:
    """Every figure of the period; dict fields map a category (route, kind, rank, topic …) to its count."""

    start: str
    end: str
    leads_received: int = 0                                              # C1 件
    leads_by_source: dict[str, int] = field(default_factory=dict)
    leads_disposed: int = 0                                              # C2 件 (distinct leads)
    disposed_by_route: dict[str, int] = field(default_factory=dict)      # 件次
    inquiries: int = 0                                                   # T5 函询 件次
    cases_opened: int = 0                                                # C3 件
    cases_opened_persons: int = 0                                        # C3 人
    cases_closed: int = 0
    cases_closed_persons: int = 0
    sanctioned_persons: int = 0                                          # C4 人
    party_sanctioned_persons: int = 0
    gov_sanctioned_persons: int = 0
    sanctioned_by_rank: dict[str, int] = field(default_factory=dict)     # 人
    measures_by_kind: dict[str, int] = field(default_factory=dict)       # "党纪处分/警告" → 人次
    org_handling_persons: int = 0                                        # C5 人
    transferred_persons: int = 0                                         # C6 人
    accountability_persons: dict[str, int] = field(default_factory=dict)  # 主体责任/监督责任 → 人
    forms: dict[int, FormCount] = field(default_factory=dict)            # F1
    forms_person_times: int = 0
    forms_persons: int = 0
    money_yuan: dict[str, int] = field(default_factory=dict)             # M1 (元)
    money_wan: dict[str, float] = field(default_factory=dict)            # M1 (万元)
    came_forward_persons: int = 0                                        # 主动说清问题 人
    rules_adopted: int = 0                                               # R1 项
    bulletin_issues: int = 0                                             # D4 期
    bulletin_cases: int = 0                                              # D4 起
    bulletin_persons: int = 0                                            # D4 人
    by_topic: dict[str, dict[str, int]] = field(default_factory=dict)    # topic → {leads, cases, bulletins}
    by_subject_position: dict[str, int] = field(default_factory=dict)    # 被反映人 职务 → 人次

    def as_dict(self) -> dict:
        d = asdict(self)
        d["forms"] = {str(k): v for k, v in d["forms"].items()}
        return d


def _in_units(unit_ids, unit_id) -> bool:
    return unit_ids is None or unit_id in unit_ids


def _sites(ctx, site_codes):
    if site_codes:
        return list(site_codes)
    return [ctx.site_code] if ctx.site_code and not ctx.is_district else None


def _live(t, col, start, end, sites):
    q = select(t).where(t.c.deleted_at.is_(None), col >= start, col <= end)
    return q.where(t.c.origin_site.in_(sites)) if sites else q


def _people(s, owner: str, ids: list[str]) -> dict[str, list[dict]]:
    cp = CasePerson.__table__
    out: dict[str, list[dict]] = {}
    if ids:
        q = select(cp).where(cp.c.owner == owner, cp.c.owner_id.in_(ids), cp.c.deleted_at.is_(None))
        for r in s.execute(q).mappings():
            out.setdefault(r["owner_id"], []).append(dict(r))
    return out


def _key(p: dict) -> str:
    return p["person_id"] or f"{p['name']}|{p['unit_name'] or ''}"


def _keep(rows: list[dict], people: dict, unit_ids) -> list[dict]:
    if unit_ids is None:
        return rows
    return [r for r in rows if any(p["unit_id"] in unit_ids for p in people.get(r["id"], []))]


def _leads(s, f: PeriodFigures, unit_ids, sites) -> None:
    t = Lead.__table__
    got = [dict(r) for r in s.execute(_live(t, t.c.received_date, f.start, f.end, sites)).mappings()]
    people = _people(s, "lead", [r["id"] for r in got])
    got = _keep(got, people, unit_ids)
    f.leads_received = len(got)
    f.leads_by_source = dict(Counter(r["source"] for r in got))
    for r in got:
        f.by_topic.setdefault(r["topic"] or "未分专题", Counter())["leads"] += 1
        for p in people.get(r["id"], []):
            f.by_subject_position[p["position"] or "未填职务"] = f.by_subject_position.get(p["position"] or "未填职务", 0) + 1
    d = Disposal.__table__
    steps = [dict(r) for r in s.execute(_live(d, d.c.decision_date, f.start, f.end, sites)).mappings()]
    if unit_ids is not None:
        lp = _people(s, "lead", list({x["lead_id"] for x in steps}))
        steps = [x for x in steps if any(p["unit_id"] in unit_ids for p in lp.get(x["lead_id"], []))]
    f.disposed_by_route = dict(Counter(x["route"] for x in steps))
    f.leads_disposed = len({x["lead_id"] for x in steps})
    f.inquiries = f.disposed_by_route.get("谈话函询", 0)


def _cases(s, f: PeriodFigures, unit_ids, sites) -> None:
    t = Case.__table__
    for col, attr in ((t.c.opened_date, "opened"), (t.c.closed_date, "closed")):
        got = [dict(r) for r in s.execute(_live(t, col, f.start, f.end, sites)).mappings()]
        people = _people(s, "case", [r["id"] for r in got])
        got = _keep(got, people, unit_ids)
        setattr(f, f"cases_{attr}", len(got))
        setattr(f, f"cases_{attr}_persons", len({_key(p) for r in got for p in people.get(r["id"], [])}))
        if attr == "opened":
            for r in got:
                f.by_topic.setdefault(r["topic"] or "未分专题", Counter())["cases"] += 1
                f.came_forward_persons += sum(1 for p in people.get(r["id"], []) if p["came_forward"])


def _measures(s, ctx, f: PeriodFigures, unit_ids, sites) -> None:
    items = [m for m in measures_mod.all_in(s, ctx, f.start, f.end, sites) if _in_units(unit_ids, m["unit_id"])]
    f.measures_by_kind = dict(Counter(f"{m['family']}/{m['kind']}" for m in items))
    sanctioned = [m for m in items if m["family"] in SANCTIONS]
    f.sanctioned_persons = len({m["person_key"] for m in sanctioned})
    f.party_sanctioned_persons = len({m["person_key"] for m in sanctioned if m["family"] == "党纪处分"})
    f.gov_sanctioned_persons = len({m["person_key"] for m in sanctioned if m["family"] == "政务处分"})
    ranks: dict[str, set] = {}
    for m in sanctioned:
        ranks.setdefault(m["rank"] or "未填职级", set()).add(m["person_key"])
    f.sanctioned_by_rank = {k: len(v) for k, v in ranks.items()}
    f.org_handling_persons = len({m["person_key"] for m in items if m["family"] == "组织处理"})
    f.transferred_persons = len({m["person_key"] for m in items if m["family"] == "移送司法机关"})
    duties: dict[str, set] = {}
    for m in items:
        if m["duty"]:
            duties.setdefault(m["duty"], set()).add(m["person_key"])
    f.accountability_persons = {k: len(v) for k, v in duties.items()}
    # 四种形态: a transfer and its sanction count once, in form 4 (the sanction row carries form 4 already)
    counted = form_measures(items)
    f.forms_person_times = len(counted)
    f.forms_persons = len({m["person_key"] for m in counted})
    for form in (1, 2, 3, 4):
        mine = [m for m in counted if m["form"] == form]
        pct = round(100 * len(mine) / f.forms_person_times, 1) if f.forms_person_times else 0.0
        f.forms[form] = FormCount(len(mine), len({m["person_key"] for m in mine}), pct)


def form_measures(items: list[dict]) -> list[dict]:
    """The measures counted in the four forms: a transfer and its sanction count once (the sanction, form 4)."""
    return [m for m in items if m["family"] != "移送司法机关" or not _has_sanction(items, m)]


def _has_sanction(items: list[dict], transfer: dict) -> bool:
    return any(m["family"] in SANCTIONS and m["person_key"] == transfer["person_key"]
               and m["owner_id"] == transfer["owner_id"] for m in items)


def _money_rules_bulletins(s, f: PeriodFigures, unit_ids, sites) -> None:
    t = Money.__table__
    money: Counter = Counter()
    case_ids = None
    if unit_ids is not None:
        people = _people(s, "case", [r.id for r in s.execute(select(Case.__table__.c.id))])
        case_ids = {cid for cid, ps in people.items() if any(p["unit_id"] in unit_ids for p in ps)}
    for r in s.execute(_live(t, t.c.money_date, f.start, f.end, sites)).mappings():
        if case_ids is None or r["case_id"] in case_ids:
            money[r["kind"]] += r["amount"]
    f.money_yuan = dict(money)
    f.money_wan = {k: round(v / 10000, 2) for k, v in money.items()}
    r = RuleAdopted.__table__
    rules = s.execute(_live(r, r.c.adopted_date, f.start, f.end, sites)).mappings().all()
    f.rules_adopted = sum(1 for x in rules if _in_units(unit_ids, x["unit_id"]))
    b = Bulletin.__table__
    for x in s.execute(_live(b, b.c.issue_date, f.start, f.end, sites)).mappings():
        f.bulletin_issues += 1
        f.bulletin_cases += x["cases_count"]
        f.bulletin_persons += x["persons_count"]
        f.by_topic.setdefault(x["topic"], Counter())["bulletins"] += 1


def period_figures(ctx, start: str, end: str, unit_ids: list[str] | None = None,
                   site_codes: list[str] | None = None) -> PeriodFigures:
    """Counts for [start, end] (inclusive 'YYYY-MM-DD'); `unit_ids` keeps records touching those units.
    Any role may read the counts: they carry no names. At the district, item rows of all townships count
    (those imported from sensitive packages); `site_codes` narrows them."""
    units = set(unit_ids) if unit_ids is not None else None
    sites = _sites(ctx, site_codes)
    f = PeriodFigures(start=start, end=end)
    with ctx.reader() as s:
        _leads(s, f, units, sites)
        _cases(s, f, units, sites)
        _measures(s, ctx, f, units, sites)
        _money_rules_bulletins(s, f, units, sites)
    f.by_topic = {k: dict(v) for k, v in f.by_topic.items()}
    return f


def drill_down(ctx, start: str, end: str, code: str, unit_ids: list[str] | None = None) -> list[dict]:
    """The records behind one figure (`code` in DRILL_CODES): leads, cases or measures with names — only for the
    roles that may see sensitive records (PermissionDenied otherwise); the view is audited."""
    from desktop.core.services.cases import access, cases, leads

    access.require_see(ctx)
    if code not in DRILL_CODES:
        from desktop.core.errors import ValidationError

        raise ValidationError(f"未知的统计项“{code}”，可用：{'、'.join(DRILL_CODES)}。")
    units = set(unit_ids) if unit_ids is not None else None
    if code == "leads_received":
        out = leads.list_leads(ctx, date_from=start, date_to=end, audit=False)
        out = [r for r in out if units is None or any(p["unit_id"] in units for p in r["subjects"])]
    elif code in ("cases_opened", "cases_closed"):
        col = "opened_date" if code == "cases_opened" else "closed_date"
        out = [r for r in cases.list_cases(ctx, audit=False) if r[col] and start <= r[col] <= end
               and (units is None or any(p["unit_id"] in units for p in r["subjects"]))]
    else:
        out = _drill_measures(ctx, start, end, code, units)
    access.audit_view(ctx, "case_figures", None, f"查看统计明细 {code}（{start}—{end}，{len(out)} 条）")
    return out


def _drill_measures(ctx, start, end, code, units) -> list[dict]:
    with ctx.reader() as s:
        if code == "leads_disposed":
            d = Disposal.__table__
            return [dict(r) for r in s.execute(_live(d, d.c.decision_date, start, end, _sites(ctx, None))).mappings()]
        if code == "money":
            t = Money.__table__
            return [dict(r) for r in s.execute(_live(t, t.c.money_date, start, end, _sites(ctx, None))).mappings()]
        if code == "rules_adopted":
            r = RuleAdopted.__table__
            return [dict(x) for x in s.execute(_live(r, r.c.adopted_date, start, end, _sites(ctx, None))).mappings()]
        items = [m for m in measures_mod.all_in(s, ctx, start, end, _sites(ctx, None)) if _in_units(units, m["unit_id"])]
    if code == "sanctioned":
        return [m for m in items if m["family"] in SANCTIONS]
    return [m for m in form_measures(items) if m["form"] == int(code[-1])]


# --- month snapshots for the ordinary package --------------------------------------------------------------


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _month_end(period: str) -> str:
    import calendar

    y, m = int(period[:4]), int(period[5:7])
    return f"{period}-{calendar.monthrange(y, m)[1]:02d}"


def _first_day(s) -> str | None:
    from sqlalchemy import func

    firsts = [s.execute(select(func.min(c))).scalar() for c in
              (Lead.__table__.c.received_date, Case.__table__.c.opened_date, Bulletin.__table__.c.issue_date,
               RuleAdopted.__table__.c.adopted_date)]
    firsts = [d for d in firsts if d]
    return min(firsts) if firsts else None


def refresh_snapshots(ctx) -> int:
    """Write (or update) one case_figure row per month from the first lead/case to this month; rows change only
    when the figures did, so an unchanged month adds nothing to the next package. Returns rows written."""
    from desktop.core.clock import utc_iso
    from desktop.core.services import rows

    if ctx.is_district:
        return 0
    with ctx.reader() as s:
        first = _first_day(s)
        t = FigureSnapshot.__table__
        held = {r["period"]: dict(r) for r in s.execute(select(t).where(t.c.deleted_at.is_(None),
                                                                        t.c.origin_site == ctx.site_code)).mappings()}
    if not first:
        return 0
    today = ctx.clock.today().isoformat()
    wanted = {}
    for period in _months(first[:7], today[:7]):
        fig = period_figures(ctx, f"{period}-01", _month_end(period)).as_dict()
        wanted[period] = json.dumps({k: v for k, v in fig.items() if k not in ("start", "end")}, ensure_ascii=False,
                                    sort_keys=True)
    written = 0
    with ctx.session() as s:
        for period, body in wanted.items():
            old = held.get(period)
            if old is None:
                rows.insert(s, ctx, FigureSnapshot, {"period": period, "figures_json": body,
                                                     "computed_at": utc_iso(ctx.clock.now())}, audit=False)
                written += 1
            elif old["figures_json"] != body:
                rows.update(s, ctx, FigureSnapshot, old["id"], {"figures_json": body,
                                                                "computed_at": utc_iso(ctx.clock.now())},
                            reason="更新线索案件统计")
                written += 1
    return written


def received_figures(ctx, first_month: str, last_month: str, site_codes: list[str] | None = None) -> dict[str, dict]:
    """At the district: each township's month snapshots in [first_month, last_month] ('YYYY-MM') summed into one
    dict per site code (persons are summed per month, so a person counted in two months counts twice)."""
    t = FigureSnapshot.__table__
    q = select(t).where(t.c.deleted_at.is_(None), t.c.period >= first_month, t.c.period <= last_month)
    if site_codes:
        q = q.where(t.c.origin_site.in_(site_codes))
    out: dict[str, dict] = {}
    with ctx.reader() as s:
        for r in s.execute(q).mappings():
            out[r["origin_site"]] = _add(out.get(r["origin_site"], {}), json.loads(r["figures_json"]))
    for fig in out.values():  # shares are recomputed from the summed person-times
        total = fig.get("forms_person_times", 0)
        for form in (fig.get("forms") or {}).values():
            form["pct"] = round(100 * form["person_times"] / total, 1) if total else 0.0
    return out


def _add(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict):
            out[k] = _add(out.get(k, {}), v)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[k] = round(out.get(k, 0) + v, 2) if isinstance(v, float) else out.get(k, 0) + v
    return out
