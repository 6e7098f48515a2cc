"""S1–S7 (DOMAIN §7.1) with 覆盖率, 整改率 and 逾期率: inspections and problems.

A problem counts as found (S4) in the period of its found_date and as closed (S5) in the period of its 销号
(the current closed_date, or a 销号 event in the period — a problem closed in June that relapsed in August still
counts as closed in June). 不予认定 problems are not problems found. State figures (S6) are read on the period's
last day, or today while the period runs (:asof).
"""

from __future__ import annotations

from desktop.core.services.stats.figures import Figure, sites_in, units_in
from desktop.core.services.stats.topics import topic_sql

TOPIC = topic_sql("p.category", "p.problem_type", "p.matter_id")
P_COLS = (f"p.id AS rid, 'problem' AS entity, p.unit_id AS unit_id, p.origin_site AS site, p.category AS cat, "
          f"{TOPIC} AS topic")
P_TITLE = "p.no || ' ' || substr(p.description, 1, 40) AS title"
P_LIVE = f"p.deleted_at IS NULL AND {units_in('p.unit_id')} AND {sites_in('p.origin_site')}"
CLOSE_EVENTS = ("SELECT e.problem_id FROM problem_event e WHERE e.deleted_at IS NULL AND e.action = '销号' "
                "AND e.on_date BETWEEN :start AND :end")
CLOSED_DAY = ("(SELECT max(e.on_date) FROM problem_event e WHERE e.problem_id = p.id AND e.deleted_at IS NULL "
              "AND e.action = '销号' AND e.on_date BETWEEN :start AND :end)")
NOT_ENDED = "p.status NOT IN ('不予认定', '已移交')"


def closed_sql(val: str = "1", extra: str = "") -> str:
    """Problems closed (销号) in the period: by their close-out date, plus those closed in the period by a 销号 event
    whose close-out was undone or moved later (反弹). Two disjoint parts, each read through its own index."""
    tail = f"{val} AS val, NULL AS pkey, {P_TITLE}"
    return (f"SELECT {P_COLS}, p.closed_date AS day, {tail} FROM problem p INDEXED BY ix_problem_stats_closed "
            f"WHERE {P_LIVE} AND p.closed_date BETWEEN :start AND :end{extra} UNION ALL "
            f"SELECT {P_COLS}, {CLOSED_DAY} AS day, {tail} FROM problem p WHERE {P_LIVE} AND p.id IN ({CLOSE_EVENTS}) "
            f"AND (p.closed_date IS NULL OR p.closed_date NOT BETWEEN :start AND :end){extra}")


def due_sql(extra: str = "") -> str:
    """Problems due in the period: deadline (after any 延期) in the period, or no deadline and closed in it."""
    tail = f"1 AS val, NULL AS pkey, {P_TITLE}"
    return (f"SELECT {P_COLS}, p.deadline AS day, {tail} FROM problem p INDEXED BY ix_problem_stats_deadline "
            f"WHERE {P_LIVE} AND {NOT_ENDED} AND p.deadline BETWEEN :start AND :end{extra} UNION ALL "
            f"SELECT {P_COLS}, p.closed_date AS day, {tail} FROM problem p INDEXED BY ix_problem_stats_closed "
            f"WHERE {P_LIVE} AND {NOT_ENDED} AND p.deadline IS NULL AND p.closed_date BETWEEN :start AND :end{extra}")


# open on :asof — owes work now, or closed only after :asof
OPEN_NOW = "('已交办', '整改中', '持续整改', '待审核')"  # owes work (or awaits review) now
DONE = "('已销号', '已归档')"


def open_sql(extra: str = "", statuses: str = OPEN_NOW) -> str:
    """Problems open on :asof (found by then, not 不予认定/已移交/待核实): still open now, or closed only after :asof.
    Two disjoint parts through the status index."""
    head = f"SELECT {P_COLS}, p.deadline AS day, 1 AS val, NULL AS pkey, {P_TITLE} FROM problem p INDEXED BY ix_problem_stats"
    return (f"{head} WHERE {P_LIVE} AND p.status IN {statuses} AND p.found_date <= :asof{extra} UNION ALL "
            f"{head} WHERE {P_LIVE} AND p.status IN {DONE} AND p.closed_date > :asof AND p.found_date <= :asof{extra}")

INSPECTED = ("FROM inspection i JOIN inspection_unit iu ON iu.inspection_id = i.id AND iu.deleted_at IS NULL "
             "LEFT JOIN unit u ON u.id = iu.unit_id "
             f"WHERE i.deleted_at IS NULL AND i.status = '已完成' AND i.date BETWEEN :start AND :end "
             f"AND {units_in('iu.unit_id')} AND {sites_in('i.origin_site')}")
VILLAGE_ID = "(CASE WHEN u.type = '村民小组' THEN u.parent_id ELSE u.id END)"
ONE_UNIT = ("(SELECT min(iu.unit_id) FROM inspection_unit iu WHERE iu.inspection_id = i.id AND iu.deleted_at IS NULL "
            f"AND {units_in('iu.unit_id')})")
INSPECTION_ONE = (f"SELECT i.id AS rid, 'inspection' AS entity, {ONE_UNIT} AS unit_id, i.origin_site AS site, "
                  "NULL AS cat, NULL AS topic, i.date AS day, {val} AS val, NULL AS pkey, i.title AS title "
                  "FROM inspection i WHERE i.deleted_at IS NULL AND i.status = '已完成' "
                  f"AND i.date BETWEEN :start AND :end AND {sites_in('i.origin_site')} AND EXISTS (SELECT 1 FROM "
                  "inspection_unit iu WHERE iu.inspection_id = i.id AND iu.deleted_at IS NULL "
                  f"AND {units_in('iu.unit_id')})")
VILLAGES = ("SELECT v.id AS rid, 'unit' AS entity, v.id AS unit_id, v.origin_site AS site, NULL AS cat, NULL AS topic, "
            "NULL AS day, 1 AS val, NULL AS pkey, v.name AS title FROM unit v WHERE v.deleted_at IS NULL "
            f"AND v.type IN ('行政村', '社区') AND {units_in('v.id')} AND {sites_in('v.origin_site')}")
COVERED = (f"SELECT DISTINCT {VILLAGE_ID} AS rid, 'unit' AS entity, {VILLAGE_ID} AS unit_id, i.origin_site AS site, "
           "NULL AS cat, NULL AS topic, i.date AS day, 1 AS val, NULL AS pkey, "
           f"(SELECT v.name FROM unit v WHERE v.id = {VILLAGE_ID}) AS title "
           f"{INSPECTED} AND {VILLAGE_ID} IN (SELECT v.id FROM unit v WHERE v.type IN ('行政村', '社区'))")

W = ("village", "township")
FIGURES = (
    Figure("S1", "开展监督检查次数", "次", "检查日期在本期、已完成的村居检查，一次检查覆盖多个单位也只算一次", "监督检查",
           f"SELECT i.id AS rid, 'inspection' AS entity, iu.unit_id AS unit_id, i.origin_site AS site, NULL AS cat, "
           f"NULL AS topic, i.date AS day, 1 AS val, NULL AS pkey, i.title AS title {INSPECTED}", breakdowns=W),
    Figure("S2", "覆盖村（社区）数", "个", "本期已完成检查覆盖的不同村（社区），村民小组计入所属村", "监督检查",
           COVERED, breakdowns=W),
    Figure("S2D", "应覆盖村（社区）数", "个", "在用的村（社区），加上本期检查过、后来停用的村（社区）", "监督检查",
           f"{VILLAGES} AND (v.active = 1 OR v.id IN (SELECT rid FROM ({COVERED})))", breakdowns=W, narrative=False),
    Figure("S2R", "覆盖率", "%", "覆盖村（社区）数 ÷ 应覆盖村（社区）数", "监督检查", agg="ratio", num="S2", den="S2D",
           breakdowns=("township",)),
    Figure("S3", "走访群众户数", "户", "本期已完成检查登记的走访群众/入户核实户数之和", "监督检查",
           INSPECTION_ONE.format(val="coalesce(i.households_contacted, 0)")
           + " AND coalesce(i.households_contacted, 0) > 0", agg="sum", breakdowns=W),
    Figure("S3P", "走访群众人次", "人次", "本期已完成检查登记的走访群众/入户核实人次之和", "监督检查",
           INSPECTION_ONE.format(val="coalesce(i.people_contacted, 0)") + " AND coalesce(i.people_contacted, 0) > 0",
           agg="sum", breakdowns=W),
    Figure("S4", "发现问题数", "个", "发现日期在本期的问题（不含不予认定）", "问题整改",
           f"SELECT {P_COLS}, p.found_date AS day, 1 AS val, NULL AS pkey, {P_TITLE} FROM problem p "
           "INDEXED BY ix_problem_stats_found "
           f"WHERE {P_LIVE} AND p.found_date BETWEEN :start AND :end AND p.status <> '不予认定'"),
    Figure("S5", "督促整改数（已销号）", "个", "销号日期在本期的问题（销号后反弹的仍计入原销号期）", "问题整改",
           closed_sql()),
    Figure("S5D", "应整改问题数", "个", "整改时限（含延期后）在本期的问题，加上无时限、本期销号的问题（不含不予认定、已移交）",
           "问题整改",
           due_sql(), narrative=False),
    Figure("S5C", "应整改已销号数", "个", "应整改问题中，到本期末已销号的", "问题整改",
           due_sql(" AND p.closed_date <= :end"), narrative=False),
    Figure("S5R", "整改率", "%", "应整改已销号数 ÷ 应整改问题数", "问题整改", agg="ratio", num="S5C", den="S5D"),
    Figure("S6", "逾期未整改数", "个", "期末（本期未结束时为今天）仍在整改、已过整改时限的问题", "问题整改",
           open_sql(" AND p.deadline < :asof", "('已交办', '整改中', '持续整改')")),
    Figure("S6L", "持续整改数", "个", "期末处于持续整改（长期整改）状态的问题", "问题整改",
           f"SELECT {P_COLS}, p.deadline AS day, 1 AS val, NULL AS pkey, {P_TITLE} FROM problem p INDEXED BY ix_problem_stats "
           f"WHERE {P_LIVE} AND p.status = '持续整改' AND p.found_date <= :asof", compare=False),
    Figure("S6O", "期末在整改问题数", "个", "期末（本期未结束时为今天）尚未销号的已认定问题", "问题整改",
           open_sql(), narrative=False),
    Figure("S6R", "逾期率", "%", "逾期未整改数 ÷ 期末在整改问题数", "问题整改", agg="ratio", num="S6", den="S6O"),
    Figure("S7", "回头看发现反弹问题数", "个", "本期回头看发现反弹的问题（同一问题本期多次反弹只算一个）", "问题整改",
           f"SELECT {P_COLS}, e.on_date AS day, 1 AS val, NULL AS pkey, {P_TITLE} FROM problem p "
           "JOIN problem_event e ON e.problem_id = p.id AND e.deleted_at IS NULL AND e.action = '回头看反弹' "
           f"AND e.on_date BETWEEN :start AND :end WHERE {P_LIVE}"),
)
