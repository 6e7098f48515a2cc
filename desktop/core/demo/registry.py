"""Demo step: the township's villages, communities, village groups, stations and about 80 people."""

from __future__ import annotations

from datetime import date

from desktop.core.demo.names import STATIONS, VILLAGE_NAMES, mobile, person_name
from desktop.core.models.registry import Person, Unit
from desktop.core.services import rows

VILLAGE_POSTS = ("一肩挑", "村两委委员", "会计/报账员", "村监委主任", "村级纪检员")


def run(ctx, rng, size):
    site = ctx.site_code.ljust(9, "0")[:9]
    names = rng.sample(VILLAGE_NAMES, 15)
    units, people = [], []
    term_start, term_end = date(2021, 3, 1), date(2026, 3, 1)
    with ctx.session() as s:
        for i, base in enumerate(names, start=1):
            kind = "社区" if i > 12 else "行政村"
            unit = {"name": f"{base}{'社区' if kind == '社区' else '村'}", "type": kind,
                    "admin_code": f"{site}{200 + i:03d}", "is_key_village": i in (2, 7, 11),
                    "population": rng.randrange(900, 4200), "sort_order": i}
            unit["households"] = unit["population"] // rng.choice((3, 3, 4))
            units.append(rows.insert(s, ctx, Unit, unit, audit=False))
        for v in units[:3]:
            for g in range(1, 3):
                rows.insert(s, ctx, Unit, {"name": f"第{'一二三'[g - 1]}村民小组", "type": "村民小组",
                                           "parent_id": v["id"], "sort_order": g}, audit=False)
        for j, station in enumerate(STATIONS[:5], start=1):
            units.append(rows.insert(s, ctx, Unit, {"name": station, "type": "镇直站所", "sort_order": 100 + j},
                                     audit=False))
        for unit in units:
            posts = VILLAGE_POSTS if unit["type"] in ("行政村", "社区") else ("站所负责人",)
            for pos in posts:
                start = term_start if unit["type"] != "镇直站所" else date(2023, 1, 1)
                gender = rng.choice("男男男女")
                people.append({
                    "name": person_name(rng, gender), "gender": gender, "unit_id": unit["id"],
                    "position": pos, "party_member": pos != "会计/报账员" or rng.random() < 0.5,
                    "is_supervision_target": pos in ("一肩挑", "村两委委员", "会计/报账员", "站所负责人"),
                    "term_start": start.isoformat(),
                    "term_end": term_end.isoformat() if unit["type"] != "镇直站所" else None,
                    "phone": mobile(rng),
                })
        rows.bulk_insert(s, ctx, Person, people, audit_summary="演示数据：人员")
    yield f"单位 {len(units) + 6} 个，人员 {len(people)} 人"
