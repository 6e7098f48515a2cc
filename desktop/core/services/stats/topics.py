"""专题 (DOMAIN §7.4): the topics district reports slice figures by, derived from a problem's category and type.

First matching rule wins; a problem matching none is 其他. The rules are data, so a new campaign is one line.
"""

from __future__ import annotations

# (topic, categories, problem types, words in the linked supervision matter's title)
RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("八项规定", (), ("违反八项规定", "超标准接待", "违规发放津补贴"), ("八项规定",)),
    ("一卡通", (), ("代持一卡通",), ("一卡通",)),
    ("换届纪律", ("换届纪律",), (), ("换届",)),
    ("营商环境", ("营商环境",), ("吃拿卡要", "不作为/慢作为"), ("营商环境",)),
    ("群众身边腐败", ("惠民惠农补贴", "低保救助", "集体“三资”", "征地拆迁补偿", "村级工程项目", "村级财务"),
     ("优亲厚友", "虚报冒领", "截留挪用", "人情保/关系保", "低价发包", "虚增工程量/造价", "坐收坐支", "公款私存",
      "小金库"), ("群众身边", "不正之风和腐败")),
)
OTHER = "其他"
TOPICS = tuple(r[0] for r in RULES) + (OTHER,)


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def topic_sql(category: str, problem_type: str, matter_id: str) -> str:
    """A SQL CASE giving the topic of a row: by its category and problem type first; only when neither matches, by
    the words of its supervision matter's title (one lookup of the matter at most)."""
    own, words = [], []
    for topic, cats, types, ws in RULES:
        conds = []
        if cats:
            conds.append(f"{category} IN ({', '.join(map(_q, cats))})")
        if types:
            conds.append(f"{problem_type} IN ({', '.join(map(_q, types))})")
        if conds:
            own.append(f"WHEN {' OR '.join(conds)} THEN {_q(topic)}")
        if ws:
            words.append(f"WHEN {' OR '.join(f'm.title LIKE {_q(chr(37) + w + chr(37))}' for w in ws)} THEN {_q(topic)}")
    by_matter = (f"(SELECT CASE {' '.join(words)} END FROM supervision_matter m WHERE m.id = {matter_id})")
    return f"(CASE {' '.join(own)} ELSE coalesce({by_matter}, {_q(OTHER)}) END)"


def topic_of(category: str | None, problem_type: str | None, matter_title: str | None = None) -> str:
    """The same rule in Python (tests, single records)."""
    for topic, cats, types, _ in RULES:
        if category in cats or problem_type in types:
            return topic
    for topic, _, _, ws in RULES:
        if any(w in (matter_title or "") for w in ws):
            return topic
    return OTHER
