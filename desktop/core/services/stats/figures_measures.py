"""D1–D3, 文书回复率 and T1–T5 (DOMAIN §7.2): documents by date of issue (签发), talks by talk date.

A document counts once it is issued (签发) and not voided (作废); its 类别 is its kind (the subtypes of D2/D3).
Talks: 人次 counts every talk, 人 counts distinct persons; a talk's unit is the person's unit, its 类别 and 专题
those of the problem it was about.
"""

from __future__ import annotations

from desktop.core.services.stats.figures import Figure, sites_in, units_in
from desktop.core.services.stats.topics import topic_sql


def _q(names) -> str:
    return ", ".join("'" + n + "'" for n in names)


ISSUED = "d.deleted_at IS NULL AND d.status NOT IN ('草稿', '待签发', '作废') AND d.sign_date BETWEEN :start AND :end"
DOC_UNIT = "coalesce(d.unit_id, (SELECT pe.unit_id FROM person pe WHERE pe.id = d.person_id))"


def docs_sql(kinds, extra: str = "") -> str:
    return (f"SELECT d.id AS rid, 'document' AS entity, {DOC_UNIT} AS unit_id, d.origin_site AS site, d.kind AS cat, "
            "NULL AS topic, d.sign_date AS day, 1 AS val, d.person_id AS pkey, "
            "coalesce(d.doc_no || ' ', '') || d.title AS title FROM document d "
            f"WHERE {ISSUED} AND d.kind IN ({_q(kinds)}) AND {units_in(DOC_UNIT)} AND {sites_in('d.origin_site')}{extra}")


TALK_TOPIC = topic_sql("pr.category", "pr.problem_type", "pr.matter_id")


def talks_sql(where: str) -> str:
    return ("SELECT t.id AS rid, 'talk' AS entity, pe.unit_id AS unit_id, t.origin_site AS site, "
            f"pr.category AS cat, {TALK_TOPIC} AS topic, t.talk_date AS day, 1 AS val, t.person_id AS pkey, "
            "t.kind || '：' || pe.name || coalesce('（' || pe.position || '）', '') AS title "
            "FROM talk_record t JOIN person pe ON pe.id = t.person_id "
            "LEFT JOIN problem pr ON pr.id = t.problem_id AND pr.deleted_at IS NULL "
            "WHERE t.deleted_at IS NULL AND t.talk_date BETWEEN :start AND :end "
            f"AND {units_in('pe.unit_id')} AND {sites_in('t.origin_site')} AND {where}")


NOTICES = ("整改通知书",)
REMINDERS = ("廉洁提醒函", "履责提醒函", "工作提示函")
PROPOSALS = ("纪律检查建议书", "监察建议书", "纪检监察建议书")
REPLY_KINDS = ("廉洁提醒函", "履责提醒函", "工作提示函", "整改通知书", "督办函", *PROPOSALS)
FORM1_SQL = talks_sql("t.form = 1")
D = ("village", "category", "township")
T = ("village", "category", "topic", "township")

FIGURES = (
    Figure("D1", "下发整改通知书", "份", "签发日期在本期的整改通知书（整改函），不含作废", "文书与第一种形态",
           docs_sql(NOTICES), breakdowns=D),
    Figure("D1B", "下发督办函", "份", "签发日期在本期的督办函，不含作废", "文书与第一种形态", docs_sql(("督办函",)),
           breakdowns=D),
    Figure("D2", "发送提醒函", "份", "签发日期在本期的廉洁提醒函、履责提醒函、工作提示函（按类别分列），不含作废",
           "文书与第一种形态", docs_sql(REMINDERS), breakdowns=D),
    Figure("D3", "制发纪检监察建议书", "份", "签发日期在本期的纪律检查建议书、监察建议书、纪检监察建议书，不含作废",
           "文书与第一种形态", docs_sql(PROPOSALS), breakdowns=D),
    Figure("DRD", "要求回复的文书", "份", "本期签发、要求回复的文书", "文书与第一种形态",
           docs_sql(REPLY_KINDS, " AND d.reply_required = 1"), breakdowns=D, narrative=False),
    Figure("DRC", "已回复的文书", "份", "本期签发、要求回复且已收到回复的文书", "文书与第一种形态",
           docs_sql(REPLY_KINDS, " AND d.reply_required = 1 AND d.reply_date IS NOT NULL"), breakdowns=D,
           narrative=False),
    Figure("DRR", "文书回复率", "%", "已回复的文书 ÷ 要求回复的文书", "文书与第一种形态", agg="ratio", num="DRC",
           den="DRD", breakdowns=("township",)),
    Figure("T1", "谈话提醒（约谈）", "人次", "谈话日期在本期的谈话提醒、提醒谈话、约谈，每次谈话计一人次",
           "文书与第一种形态", talks_sql("t.kind IN ('谈话提醒', '提醒谈话', '约谈')"), breakdowns=T),
    Figure("T2", "批评教育", "人次", "谈话日期在本期的批评教育，每次计一人次", "文书与第一种形态",
           talks_sql("t.kind = '批评教育'"), breakdowns=T),
    Figure("T3", "责令作出书面检查", "人", "本期被责令作出书面检查的不同人员", "文书与第一种形态",
           talks_sql("t.kind = '责令检查'"), agg="distinct", breakdowns=T),
    Figure("T4", "诫勉", "人", "本期被诫勉的不同人员", "文书与第一种形态", talks_sql("t.kind = '诫勉'"),
           agg="distinct", breakdowns=T),
    Figure("T5", "函询", "件次", "本期发出的函询，每次计一件次", "文书与第一种形态", talks_sql("t.kind = '函询'"),
           breakdowns=T),
)
