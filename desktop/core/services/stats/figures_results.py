"""Results of rectification (DOMAIN §7.3 M1, R1, P1): money and rules from problems closed in the period, and the
回访/满意度测评 register. Money is summed in 分 (exact integers) and shown in 万元 with two decimals.
The totals M1 and R1 (with the cases' money and rules) are in figures_cases.
"""

from __future__ import annotations

from desktop.core.services.stats.figures import Figure, sites_in, units_in
from desktop.core.services.stats.figures_supervision import closed_sql

MONEY_FEN = "CAST(round(p.money_recovered * 100) AS INTEGER)"
MONEY_SQL = closed_sql(MONEY_FEN, " AND coalesce(p.money_recovered, 0) > 0")
RULES_SQL = closed_sql("p.rules_made", " AND coalesce(p.rules_made, 0) > 0")


def surveys_sql(val: str) -> str:
    return (f"SELECT s.id AS rid, 'survey' AS entity, s.unit_id AS unit_id, s.origin_site AS site, s.kind AS cat, "
            f"NULL AS topic, s.survey_date AS day, {val} AS val, NULL AS pkey, "
            "s.kind || '：' || coalesce((SELECT u.name FROM unit u WHERE u.id = s.unit_id), '') || ' 测评 ' "
            "|| s.respondents || ' 人，满意 ' || s.satisfied || ' 人' AS title FROM satisfaction_survey s "
            "WHERE s.deleted_at IS NULL AND s.survey_date BETWEEN :start AND :end "
            f"AND {units_in('s.unit_id')} AND {sites_in('s.origin_site')}")


S = ("village", "category", "township")
FIGURES = (
    Figure("M1P", "整改追缴挽回资金", "万元", "本期销号问题登记的追缴、清退、挽回资金（按分精确求和）", "成效",
           MONEY_SQL, agg="money", narrative=False),
    Figure("R1P", "整改推动建章立制", "项", "本期销号问题登记的建章立制项数之和", "成效", RULES_SQL, agg="sum",
           narrative=False),
    Figure("P1N", "测评满意人数", "人次", "本期回访、满意度测评中表示满意（合格）的人数之和", "成效",
           surveys_sql("s.satisfied"), agg="sum", breakdowns=S, narrative=False),
    Figure("P1D", "参加测评人数", "人次", "本期回访、满意度测评的受访人数之和（每次测评分别计）", "成效", surveys_sql("s.respondents"),
           agg="sum", breakdowns=S, narrative=False),
    Figure("P1", "群众满意度", "%", "测评满意人数 ÷ 参加测评人数", "成效", agg="ratio", num="P1N", den="P1D",
           breakdowns=("village", "township")),
)
