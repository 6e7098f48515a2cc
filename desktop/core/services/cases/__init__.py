"""问题线索与案件 (issue 14): leads and their disposal, cases, outcomes per person, 问责, money, 建章立制,
四种形态, 通报, the person record, legacy xlsx import/export, figures, and the sensitive package.

    access.py          who may see these records; every view audited; reporter redaction in the audit log
    four_forms.py      the data rule table (db/seed/four_forms.json): form of a measure, township approval limits
    numbering.py       线索编号 / 案件编号 per year in this site's sequence
    subjects.py        被反映人 / 审查调查对象: registry people or free text with 单位/职务
    leads.py           register, read, list (反映人 kept apart in case_reporter)
    disposal.py        处置 by route with the collective decision, due dates, results, order gates, overdue list
    cases.py           立案, 乡案县审, 结案
    outcomes.py        sanctions, 组织处理, 诫勉 … per person (+ 问责 in accountability.py)
    money.py           追缴 / 退缴 / 挽回损失 / 上交资金 (integer 元, reported as 万元)
    rules_register.py  建章立制
    bulletins.py       通报 register (期, 起, 人)
    person_record.py   廉政档案
    figures.py         period counts without names (for sync and the statistics package), drill-down lists
    io.py              legacy 问题线索处置台账 xlsx import / export
    package.py         the separate sensitive package (item-level material, 负责人 only)
"""

__all__ = ["access", "accountability", "bulletins", "cases", "disposal", "figures", "four_forms", "io", "leads",
           "measures", "money", "numbering", "outcomes", "package", "person_record", "rules_register", "subjects"]
