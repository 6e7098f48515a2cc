"""The tables appended to or printed as documents: 问题整改清单, 整改情况反馈表, 回执, 谈话记录.

Each builder takes the template context (Chinese keys, see templates.context) and returns a content.Table.
"""

from __future__ import annotations

from desktop.core.documents.content import Cell, Column, Table

BLANK_DATE = "　　年　　月　　日"
SHORT_DATE = "　年　月　日"


def _v(ctx: dict, key: str) -> str:
    v = ctx.get(key)
    return "" if v in (None, "", "＿＿＿＿") else str(v)


def problem_list(ctx: dict) -> Table:
    """问题整改清单: one row per problem; the header repeats on every page."""
    cols = [Column("序号", 0.6), Column("问题描述", 3.0), Column("整改要求", 2.2), Column("措施", 1.8),
            Column("责任单位", 1.2), Column("责任人", 1.0), Column("整改时限", 1.3), Column("完成情况", 1.0),
            Column("备注", 0.8)]
    rows = []
    for p in ctx.get("问题", []):
        rows.append([Cell(str(p.get("序号", ""))), Cell(p.get("事实") or p.get("标题", ""), align="left"),
                     Cell(p.get("整改要求", ""), align="left"), Cell(p.get("措施", ""), align="left"),
                     Cell(p.get("责任单位", "")), Cell(p.get("责任人", "")), Cell(p.get("整改时限", "")),
                     Cell(p.get("完成情况", "")), Cell(p.get("备注", ""))])
    return Table(columns=cols, rows=rows, font_size=10.5)


def feedback_form(ctx: dict) -> Table:
    """整改情况反馈表: filled in by the supervised unit and returned with the evidence."""
    cols = [Column("序号", 0.8), Column("问题", 3.0), Column("整改措施及结果", 3.2), Column("完成时间", 1.6),
            Column("佐证材料目录", 2.0)]
    rows = [
        [Cell("被监督单位", colspan=2, label=True, lines=2), Cell(_v(ctx, "单位"), colspan=3)],
        [Cell("通知书文号", colspan=2, label=True, lines=2), Cell(_v(ctx, "文号")), Cell("收到日期", label=True),
         Cell(SHORT_DATE)],
        [Cell("主要负责人", colspan=2, label=True, lines=2), Cell(""), Cell("联系电话", label=True), Cell("")],
        [Cell("序号", label=True), Cell("问题", label=True), Cell("整改措施及结果", label=True),
         Cell("完成时间", label=True), Cell("佐证材料目录", label=True)],
    ]
    for p in ctx.get("问题", []):
        rows.append([Cell(str(p.get("序号", ""))), Cell(p.get("标题") or p.get("事实", ""), align="left"),
                     Cell("", lines=3), Cell(""), Cell("")])
    rows += [
        [Cell("尚未完成的问题及下步计划", colspan=2, label=True), Cell("", colspan=3, lines=3)],
        [Cell("追缴资金、建立制度及追责问责情况", colspan=2, label=True), Cell("", colspan=3, lines=3)],
        [Cell("主要负责人签字", colspan=2, label=True),
         Cell(f"（单位盖章）\n{BLANK_DATE}", colspan=3, align="right", lines=3)],
    ]
    return Table(columns=cols, rows=rows, header_rows=[], font_size=12)


def receipt(ctx: dict) -> Table:
    """回执: the addressee confirms receipt and states the measures taken."""
    cols = [Column("项目", 2.2), Column("内容", 3.4), Column("项目", 2.0), Column("内容", 3.4)]
    rows = [
        [Cell("收文单位（人）", label=True, lines=2), Cell(_v(ctx, "主送对象"), colspan=3)],
        [Cell("来函文号", label=True, lines=2), Cell(_v(ctx, "来函文号") or _v(ctx, "文号")),
         Cell("收到日期", label=True),
         Cell(BLANK_DATE)],
        [Cell("签收人", label=True, lines=2), Cell(""), Cell("联系电话", label=True), Cell("")],
        [Cell("采取措施或意见", label=True), Cell("", colspan=3, lines=6)],
        [Cell("单位负责人签字", label=True), Cell(""), Cell("日期", label=True),
         Cell(f"（盖章）\n{BLANK_DATE}", align="right", lines=2)],
    ]
    return Table(columns=cols, rows=rows, header_rows=[], font_size=12)


POSTS = {"一肩挑": "党组织书记、村（居）委会主任"}   # shorthand of the registry → the post's name


def unit_and_post(unit: str, post: str) -> str:
    """“东岭村党组织书记、村（居）委会主任”: the unit, then the post by its name (not the registry's shorthand)."""
    post = POSTS.get(post, post)
    if unit and post.startswith(("村", "党")) and unit.endswith("村"):
        return unit + post.removeprefix("村")
    return unit + post


def talk_record(ctx: dict) -> Table:
    """谈话记录: subject, talker and recorder, time, place, reason; the content is written by hand or typed."""
    cols = [Column("项目", 2.2), Column("内容", 3.4), Column("项目", 2.0), Column("内容", 3.4)]
    rows = [
        [Cell("谈话类型", label=True, lines=2), Cell(_v(ctx, "谈话类型"), colspan=3)],
        [Cell("谈话对象", label=True, lines=2), Cell(_v(ctx, "人员")), Cell("单位及职务", label=True),
         Cell(unit_and_post(_v(ctx, "人员单位") or _v(ctx, "单位"), _v(ctx, "职务")))],
        [Cell("谈话人", label=True, lines=2), Cell(_v(ctx, "谈话人")), Cell("记录人", label=True), Cell(_v(ctx, "记录人"))],
        [Cell("谈话时间", label=True, lines=2), Cell(_v(ctx, "谈话时间") or BLANK_DATE), Cell("谈话地点", label=True),
         Cell(_v(ctx, "谈话地点"))],
        [Cell("谈话事由", label=True), Cell(_v(ctx, "事由"), colspan=3, align="left", lines=3)],
        [Cell("谈话内容", label=True), Cell(_v(ctx, "谈话内容"), colspan=3, align="left", lines=14)],
        [Cell("谈话对象签字", label=True), Cell(BLANK_DATE, align="right", lines=2),
         Cell("谈话人签字", label=True), Cell(BLANK_DATE, align="right", lines=2)],
    ]
    return Table(columns=cols, rows=rows, header_rows=[], font_size=12)


TABLES = {"问题整改清单": problem_list, "整改情况反馈表": feedback_form, "回执": receipt, "谈话记录": talk_record}
