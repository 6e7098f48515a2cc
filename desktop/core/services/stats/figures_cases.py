"""Leads, cases, sanctions, 四种形态, money and rules (DOMAIN §7.3 C1–C6, F1, M1, R1; §7.2 D4).

These read the tables of the cases package (migration 0010: case_lead, case_person, case_disposal, case_file,
case_measure, case_money, case_rule, case_bulletin). Each figure names the tables it needs (`requires`, or `parts`
for a total over several sources), so on a database without them the figure shows "—" and the totals (F1, M1, R1)
fall back to what exists: talks (every talk is 第一种形态), and the money and rules recorded on closed problems.
Names of leads and cases are sensitive: their drill-downs are for 管理员/负责人 only (`sensitive`).
"""

from __future__ import annotations

from desktop.core.services.stats.figures import Figure, sites_in, units_in
from desktop.core.services.stats.figures_measures import FORM1_SQL
from desktop.core.services.stats.figures_results import MONEY_SQL, RULES_SQL

LEAD_T = ("case_lead", "case_person")
CASE_T = ("case_file", "case_person")
MEASURE_T = ("case_measure",)
PETITION_SOURCES = ("来信", "来访", "电话", "网络")

# 职务层级 of the person a lead/case/measure is about (the seeds single out 一把手 and 关键少数)
HEADS = ("村党组织书记", "一肩挑", "村委会主任", "站所负责人", "村监委主任")
VILLAGE_CADRES = ("村两委委员", "会计/报账员", "文书", "村民小组长", "村监委成员", "村级纪检员")


def _q(names) -> str:
    return ", ".join("'" + n + "'" for n in names)


def position_sql(col: str) -> str:
    return (f"(CASE WHEN {col} IN ({_q(HEADS)}) OR {col} LIKE '%书记' OR {col} LIKE '%主任' OR {col} LIKE '%局长' "
            f"OR {col} LIKE '%镇长' OR {col} LIKE '%乡长' THEN '一把手' "
            f"WHEN {col} LIKE '%副%' OR {col} LIKE '%班子%' OR {col} LIKE '%委员' AND {col} NOT IN ({_q(VILLAGE_CADRES)}) "
            f"THEN '班子成员' WHEN {col} IN ({_q(VILLAGE_CADRES)}) OR {col} LIKE '村%' THEN '村干部' "
            f"WHEN {col} IS NULL OR {col} = '' THEN '未填' ELSE '一般干部' END)")


def _first_person(owner: str, owner_id: str) -> str:
    return (f"(SELECT cp.{{col}} FROM case_person cp WHERE cp.owner = '{owner}' AND cp.owner_id = {owner_id} "
            "AND cp.deleted_at IS NULL ORDER BY cp.created_at, cp.id LIMIT 1)")


LEAD_UNIT = _first_person("lead", "l.id").format(col="unit_id")


def _touches(owner: str, owner_id: str) -> str:
    """The record concerns a person of one of the units (any of its 被反映人/审查调查对象)."""
    return (f"(:units IS NULL OR EXISTS (SELECT 1 FROM case_person cp WHERE cp.owner = '{owner}' "
            f"AND cp.owner_id = {owner_id} AND cp.deleted_at IS NULL AND {units_in('cp.unit_id')}))")


PERSON_KEY = "coalesce({p}.person_id, {p}.name || '|' || coalesce({p}.unit_name, ''))"  # as cases.measures._key
LEAD_POS = position_sql(_first_person("lead", "l.id").format(col="position"))
CASE_UNIT = _first_person("case", "c.id").format(col="unit_id")
CASE_POS = position_sql(_first_person("case", "c.id").format(col="position"))


def leads_sql(where: str, day: str = "l.received_date", cat: str = "l.category") -> str:
    return (f"SELECT l.id AS rid, 'lead' AS entity, {LEAD_UNIT} AS unit_id, l.origin_site AS site, {cat} AS cat, "
            f"l.topic AS topic, {day} AS day, 1 AS val, NULL AS pkey, l.no || ' ' || substr(l.summary, 1, 40) AS title, "
            f"{LEAD_POS} AS pos FROM case_lead l WHERE l.deleted_at IS NULL AND {_touches('lead', 'l.id')} "
            f"AND {sites_in('l.origin_site')} AND {where}")


DISPOSED = ("l.id IN (SELECT dp.lead_id FROM case_disposal dp WHERE dp.deleted_at IS NULL "
            "AND dp.decision_date BETWEEN :start AND :end)")
DISPOSAL_ROUTE = ("(SELECT dp.route FROM case_disposal dp WHERE dp.lead_id = l.id AND dp.deleted_at IS NULL "
                  "AND dp.decision_date BETWEEN :start AND :end ORDER BY dp.decision_date DESC LIMIT 1)")
DISPOSAL_DAY = ("(SELECT max(dp.decision_date) FROM case_disposal dp WHERE dp.lead_id = l.id "
                "AND dp.deleted_at IS NULL AND dp.decision_date BETWEEN :start AND :end)")


def cases_sql(where: str, day: str) -> str:
    return (f"SELECT c.id AS rid, 'case' AS entity, {CASE_UNIT} AS unit_id, c.origin_site AS site, "
            f"c.category AS cat, c.topic AS topic, {day} AS day, 1 AS val, NULL AS pkey, "
            f"c.no || ' ' || substr(c.summary, 1, 40) AS title, {CASE_POS} AS pos FROM case_file c "
            f"WHERE c.deleted_at IS NULL AND {_touches('case', 'c.id')} AND {sites_in('c.origin_site')} AND {where}")


CASE_PERSONS = ("SELECT c.id AS rid, 'case' AS entity, cp.unit_id AS unit_id, c.origin_site AS site, c.category AS cat, "
                "c.topic AS topic, c.opened_date AS day, 1 AS val, " + PERSON_KEY.format(p="cp") + " AS pkey, "
                "c.no || ' ' || cp.name AS title, " + position_sql("cp.position") + " AS pos FROM case_file c "
                "JOIN case_person cp ON cp.owner = 'case' AND cp.owner_id = c.id AND cp.deleted_at IS NULL "
                "WHERE c.deleted_at IS NULL AND c.opened_date BETWEEN :start AND :end "
                f"AND {units_in('cp.unit_id')} AND {sites_in('c.origin_site')}")
M_UNIT = ("coalesce((SELECT cp.unit_id FROM case_person cp WHERE cp.id = m.case_person_id), "
          "(SELECT pe.unit_id FROM person pe WHERE pe.id = m.person_id))")
M_POS = position_sql("coalesce((SELECT cp.position FROM case_person cp WHERE cp.id = m.case_person_id), "
                     "(SELECT pe.position FROM person pe WHERE pe.id = m.person_id))")


def measures_sql(where: str) -> str:
    return (f"SELECT m.id AS rid, 'measure' AS entity, {M_UNIT} AS unit_id, m.origin_site AS site, m.family AS cat, "
            "(SELECT c.topic FROM case_file c WHERE c.id = m.case_id) AS topic, m.measure_date AS day, 1 AS val, "
            f"{PERSON_KEY.format(p='m')} AS pkey, m.kind || '：' || m.name AS title, "
            f"{M_POS} AS pos FROM case_measure m WHERE m.deleted_at IS NULL AND m.measure_date BETWEEN :start AND :end "
            f"AND {units_in(M_UNIT)} AND {sites_in('m.origin_site')} AND {where}")


# a transfer and its sanction count once in the four forms (the sanction, form 4), as cases.figures.form_measures
NOT_DOUBLE = ("NOT (m.family = '移送司法机关' AND EXISTS (SELECT 1 FROM case_measure m2 WHERE m2.deleted_at IS NULL "
              "AND m2.family IN ('党纪处分', '政务处分') AND m2.measure_date BETWEEN :start AND :end "
              f"AND {PERSON_KEY.format(p='m2')} = {PERSON_KEY.format(p='m')} "
              "AND coalesce(m2.case_id, m2.lead_id, m2.problem_id) = coalesce(m.case_id, m.lead_id, m.problem_id)))")
# 函询了结: a lead ended (予以了结) straight after 谈话函询, one measure per 被反映人 (form 1), as cases.measures
PREVIOUS_ROUTE = ("(SELECT d2.route FROM case_disposal d2 WHERE d2.lead_id = dp.lead_id AND d2.deleted_at IS NULL "
                  "AND (d2.decision_date < dp.decision_date OR (d2.decision_date = dp.decision_date "
                  "AND d2.change_seq < dp.change_seq)) ORDER BY d2.decision_date DESC, d2.change_seq DESC LIMIT 1)")
INQUIRY_ENDS = ("SELECT dp.id || ':' || cp.id AS rid, 'lead' AS entity, cp.unit_id AS unit_id, dp.origin_site AS site, "
                "'函询了结' AS cat, (SELECT l.topic FROM case_lead l WHERE l.id = dp.lead_id) AS topic, "
                f"dp.decision_date AS day, 1 AS val, {PERSON_KEY.format(p='cp')} AS pkey, '函询了结：' || cp.name AS title "
                "FROM case_disposal dp JOIN case_person cp ON cp.owner = 'lead' AND cp.owner_id = dp.lead_id "
                "AND cp.deleted_at IS NULL WHERE dp.deleted_at IS NULL AND dp.route = '予以了结' "
                f"AND dp.decision_date BETWEEN :start AND :end AND {PREVIOUS_ROUTE} = '谈话函询' "
                f"AND {units_in('cp.unit_id')} AND {sites_in('dp.origin_site')}")
INQUIRY_T = ("case_disposal", "case_person", "case_lead")


def _no_pos(sql: str) -> str:
    """A measure query without the pos column, to UNION with the talks (which have none)."""
    return sql[: sql.index(f", {M_POS} AS pos")] + sql[sql.index(" FROM case_measure m"):]


MONEY_CASE = ("SELECT k.id AS rid, 'money' AS entity, (SELECT " + CASE_UNIT.replace("c.id", "k.case_id") + ") AS unit_id, "
              "k.origin_site AS site, k.kind AS cat, (SELECT c.topic FROM case_file c WHERE c.id = k.case_id) AS topic, "
              "k.money_date AS day, k.amount * 100 AS val, NULL AS pkey, k.kind || ' ' || coalesce(k.payer, '') AS title "
              "FROM case_money k WHERE k.deleted_at IS NULL AND k.money_date BETWEEN :start AND :end "
              f"AND {sites_in('k.origin_site')} AND (:units IS NULL OR k.case_id IN (SELECT c.id FROM case_file c "
              f"WHERE {units_in(CASE_UNIT)})) AND k.kind {{kinds}}")
RULES_CASE = ("SELECT r.id AS rid, 'rule' AS entity, r.unit_id AS unit_id, r.origin_site AS site, NULL AS cat, "
              "NULL AS topic, r.adopted_date AS day, 1 AS val, NULL AS pkey, r.title AS title FROM case_rule r "
              f"WHERE r.deleted_at IS NULL AND r.adopted_date BETWEEN :start AND :end AND {units_in('r.unit_id')} "
              f"AND {sites_in('r.origin_site')}")
RULES_PROBLEMS = RULES_SQL + " AND p.id NOT IN (SELECT r.problem_id FROM case_rule r WHERE r.problem_id IS NOT NULL " \
                             "AND r.deleted_at IS NULL)"
BULLETINS = ("SELECT b.id AS rid, 'bulletin' AS entity, NULL AS unit_id, b.origin_site AS site, b.topic AS cat, "
             "b.topic AS topic, b.issue_date AS day, {val} AS val, NULL AS pkey, b.title AS title FROM case_bulletin b "
             f"WHERE b.deleted_at IS NULL AND b.issue_date BETWEEN :start AND :end AND {sites_in('b.origin_site')}")

def snapshot(expr: str) -> tuple[str, str]:
    """The district's variant of a figure: summed from the townships' month snapshots (case_figure: figures without
    names, in the ordinary package) of the months of the period. `expr` reads one figure of the snapshot JSON."""
    value = expr.replace("$", "f.figures_json, '$")
    return ("SELECT f.id AS rid, 'snapshot' AS entity, NULL AS unit_id, f.origin_site AS site, NULL AS cat, "
            f"NULL AS topic, f.period AS day, coalesce({value}, 0) AS val, NULL AS pkey, "
            "coalesce((SELECT o.site_name FROM org_profile o WHERE o.site_code = f.origin_site AND o.deleted_at IS NULL "
            "LIMIT 1), f.origin_site) || ' ' || f.period || ' 线索案件月报数' AS title FROM case_figure f "
            "WHERE f.deleted_at IS NULL AND f.period BETWEEN :m_start AND :m_end "
            f"AND {sites_in('f.origin_site')} AND coalesce({value}, 0) <> 0", "sum")


def _j(path: str) -> str:
    return f"json_extract($.{path}')"


PETITIONS = " + ".join(f"coalesce({_j('leads_by_source.' + k)}, 0)" for k in PETITION_SOURCES)
P = ("village", "category", "topic", "township", "position")
G, F = "线索与案件", "四种形态"
FIGURES = (
    Figure("C1", "受理信访举报", "件", "本期收到的来信、来访、电话、网络举报线索", G,
           leads_sql(f"l.received_date BETWEEN :start AND :end AND l.source IN ({_q(PETITION_SOURCES)})"),
           requires=LEAD_T, breakdowns=P, sensitive=True,
           district=snapshot(PETITIONS)),
    Figure("C2N", "收集问题线索", "条", "本期登记的问题线索（各种来源）", G,
           leads_sql("l.received_date BETWEEN :start AND :end"), requires=LEAD_T, breakdowns=P, sensitive=True,
           district=snapshot(_j('leads_received'))),
    Figure("C2", "处置问题线索", "件", "本期作出处置决定的线索（按最近一次处置方式分列：谈话函询、初核、暂存、了结、立案）", G,
           leads_sql(DISPOSED, day=DISPOSAL_DAY, cat=DISPOSAL_ROUTE), requires=(*LEAD_T, "case_disposal"),
           breakdowns=P, sensitive=True,
           district=snapshot(_j('leads_disposed'))),
    Figure("C3", "立案", "件", "立案日期在本期的案件", G, cases_sql("c.opened_date BETWEEN :start AND :end", "c.opened_date"),
           requires=CASE_T, breakdowns=P, sensitive=True,
           district=snapshot(_j('cases_opened'))),
    Figure("C3P", "立案人数", "人", "本期立案案件的不同审查调查对象", G, CASE_PERSONS, agg="distinct", requires=CASE_T,
           breakdowns=P, sensitive=True,
           district=snapshot(_j('cases_opened_persons'))),
    Figure("C3E", "结案", "件", "结案日期在本期的案件", G, cases_sql("c.closed_date BETWEEN :start AND :end", "c.closed_date"),
           requires=CASE_T, breakdowns=P, sensitive=True,
           district=snapshot(_j('cases_closed'))),
    Figure("C4", "党纪政务处分", "人", "本期受党纪处分、政务处分的不同人员（按类别分列党纪、政务）", G,
           measures_sql("m.family IN ('党纪处分', '政务处分')"), agg="distinct", requires=MEASURE_T, breakdowns=P,
           sensitive=True,
           district=snapshot(_j('sanctioned_persons'))),
    Figure("C5", "组织处理", "人", "本期受组织处理的不同人员", G, measures_sql("m.family = '组织处理'"), agg="distinct",
           requires=MEASURE_T, breakdowns=P, sensitive=True,
           district=snapshot(_j('org_handling_persons'))),
    Figure("C6", "移送司法机关", "人", "本期移送司法机关的不同人员", G, measures_sql("m.family = '移送司法机关'"),
           agg="distinct", requires=MEASURE_T, breakdowns=P, sensitive=True,
           district=snapshot(_j('transferred_persons'))),
    Figure("D4", "通报曝光", "期", "通报日期在本期的通报", G, BULLETINS.format(val="1"), requires=("case_bulletin",),
           breakdowns=("category", "township"),
           district=snapshot(_j('bulletin_issues'))),
    Figure("D4C", "通报曝光问题", "起", "本期通报中点名通报的问题（案件）起数之和", G,
           BULLETINS.format(val="b.cases_count"), agg="sum", requires=("case_bulletin",), narrative=False,
           breakdowns=("township",),
           district=snapshot(_j('bulletin_cases'))),
    Figure("F1", "运用四种形态", "人次", "本期第一至第四种形态处理之和，每次处理计一人次（移送司法机关并给予处分的只计一次）", F,
           parts=((FORM1_SQL, ()), (INQUIRY_ENDS, INQUIRY_T),
                  (_no_pos(measures_sql(f"m.form BETWEEN 1 AND 4 AND {NOT_DOUBLE}")), MEASURE_T)),
           breakdowns=("village", "category", "topic", "township"),
           district=snapshot(_j('forms_person_times'))),
    Figure("F1_1", "第一种形态", "人次", "本期谈话记录（谈话提醒、约谈、批评教育、责令检查、诫勉、函询）、函询了结和第一种形态处理，"
           "每次计一人次", F,
           parts=((FORM1_SQL, ()), (INQUIRY_ENDS, INQUIRY_T), (_no_pos(measures_sql("m.form = 1")), MEASURE_T)),
           breakdowns=("village", "category", "topic", "township"),
           district=snapshot(_j('forms."1".person_times'))),
    Figure("F1_2", "第二种形态", "人次", "本期党纪轻处分、组织调整（第二种形态）", F, measures_sql("m.form = 2"),
           requires=MEASURE_T, breakdowns=P, sensitive=True,
           district=snapshot(_j('forms."2".person_times'))),
    Figure("F1_3", "第三种形态", "人次", "本期党纪重处分、重大职务调整（第三种形态）", F, measures_sql("m.form = 3"),
           requires=MEASURE_T, breakdowns=P, sensitive=True,
           district=snapshot(_j('forms."3".person_times'))),
    Figure("F1_4", "第四种形态", "人次", "本期严重违纪涉嫌违法立案审查、移送司法机关（第四种形态）", F,
           measures_sql(f"m.form = 4 AND {NOT_DOUBLE}"),
           requires=MEASURE_T, breakdowns=P, sensitive=True,
           district=snapshot(_j('forms."4".person_times'))),
    Figure("F1_1S", "第一种形态占比", "%", "第一种形态 ÷ 运用四种形态", F, agg="ratio", num="F1_1", den="F1",
           breakdowns=("township",), narrative=False),
    Figure("F1_2S", "第二种形态占比", "%", "第二种形态 ÷ 运用四种形态", F, agg="ratio", num="F1_2", den="F1",
           breakdowns=("township",), narrative=False),
    Figure("F1_3S", "第三种形态占比", "%", "第三种形态 ÷ 运用四种形态", F, agg="ratio", num="F1_3", den="F1",
           breakdowns=("township",), narrative=False),
    Figure("F1_4S", "第四种形态占比", "%", "第四种形态 ÷ 运用四种形态", F, agg="ratio", num="F1_4", den="F1",
           breakdowns=("township",), narrative=False),
    Figure("M1", "追缴挽回资金", "万元", "本期销号问题登记的追缴挽回资金，加上本期案件追缴、退缴、挽回损失（按分精确求和）",
           "成效", agg="money",
           parts=((MONEY_SQL, ()), (MONEY_CASE.format(kinds="IN ('追缴', '退缴', '挽回损失')"), ("case_money", "case_person", "case_file")))),
    Figure("M1S", "上交资金", "万元", "本期案件中有关人员主动上交的资金", "成效",
           MONEY_CASE.format(kinds="= '上交资金'"), agg="money", requires=("case_money", "case_person", "case_file"),
           narrative=False),
    Figure("R1", "推动建章立制", "项", "本期建章立制登记的制度，加上本期销号问题登记的建章立制项数（同一问题不重复计）", "成效",
           agg="sum", parts=((RULES_CASE, ("case_rule",)), (RULES_PROBLEMS, ("case_rule",)),
                             (RULES_SQL, ("!case_rule",)))),
)
