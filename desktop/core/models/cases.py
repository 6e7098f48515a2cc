"""问题线索与案件 (DOMAIN §3.1 Lead/Sanction/Bulletin, §7.3): leads, their disposals, cases, measures, money,
建章立制 and 通报, plus the figure snapshot that travels in the ordinary package.

Sensitive tables (`__sensitive__ = True`, `__sync_package__ = "cases"`) are read only by 管理员/负责人 and leave
the PC only in the separate sensitive package (services/cases/package.py), never in the ordinary one.
The reporter's identity lives in its own table (case_reporter) so nothing that reads a lead reads it by accident.
Links to other aggregates (problem_id, document_id, talk ids) are plain text ids.
"""

from __future__ import annotations

from sqlmodel import Field

from desktop.core.models.base import SyncColumns

LEAD_SOURCES = ("来信", "来访", "电话", "网络", "上级交办", "巡察移交", "审计移交", "监督检查发现",
                "村监委/廉情信息员报告", "问题转入")
TOPICS = ("八项规定", "群众身边腐败和不正之风", "营商环境", "惠民惠农资金", "三资管理", "工程项目", "其他")
REPORTER_KINDS = ("实名", "匿名", "无反映人")

# Disposal routes (DOMAIN §1 问题线索) and the lead statuses they lead to.
R_TALK, R_CHECK, R_HOLD, R_END, R_FORWARD, R_OPEN = "谈话函询", "初步核实", "暂存待查", "予以了结", "移送县/区", "立案"
ROUTES = (R_TALK, R_CHECK, R_HOLD, R_END, R_FORWARD, R_OPEN)
OPEN_ROUTES = (R_TALK, R_CHECK, R_HOLD)  # a due date applies; the lead waits for a result
L_NEW, L_ENDED, L_FORWARDED, L_OPENED = "待处置", "已了结", "已移送", "已立案"
LEAD_STATUSES = (L_NEW, R_TALK, R_CHECK, R_HOLD, L_ENDED, L_FORWARDED, L_OPENED)
ROUTE_STATUS = {R_TALK: R_TALK, R_CHECK: R_CHECK, R_HOLD: R_HOLD, R_END: L_ENDED, R_FORWARD: L_FORWARDED,
                R_OPEN: L_OPENED}
RESULTS = ("属实", "部分属实", "不属实")

C_INVESTIGATING, C_REVIEW, C_CLOSED = "审查调查", "审理", "已结案"
CASE_STATUSES = (C_INVESTIGATING, C_REVIEW, C_CLOSED)
RANKS = ("乡科级", "一般干部", "农村/企业等其他人员")

MONEY_KINDS = ("追缴", "退缴", "挽回损失", "上交资金")
DUTIES = ("主体责任", "监督责任")


class _Sensitive(SyncColumns):
    __sensitive__ = True
    __sync_package__ = "cases"


class Lead(_Sensitive, table=True):
    __tablename__ = "case_lead"
    __label__ = "问题线索"
    no: str = Field(index=True)  # 线索编号, e.g. 2026-XS-007 (per year, per site)
    year: int
    seq: int
    received_date: str = Field(index=True)
    source: str
    summary: str
    category: str | None = None  # 问题类别 (DOMAIN §4.13)
    topic: str | None = None  # 专题
    problem_id: str | None = Field(default=None, index=True)  # the problem it came from (转为问题线索)
    status: str = L_NEW
    route: str | None = None  # the current (last) disposal route
    due_date: str | None = None  # of the current open route
    case_id: str | None = None
    note: str | None = None


class Reporter(_Sensitive, table=True):
    """反映人: never in a document, export, log, search index or package unless released for one transfer."""

    __tablename__ = "case_reporter"
    __label__ = "反映人"
    lead_id: str = Field(foreign_key="case_lead.id", index=True)
    kind: str  # 实名 / 匿名 / 无反映人
    name: str | None = None
    contact: str | None = None
    released: bool = False  # a 负责人 included it in the sensitive package for a transfer to the county
    released_by: str | None = None
    released_at: str | None = None


class CasePerson(_Sensitive, table=True):
    """被反映人 of a lead / 审查调查对象 of a case: a registry person or free text with 单位/职务."""

    __tablename__ = "case_person"
    __label__ = "线索案件涉及人员"
    owner: str  # "lead" or "case"
    owner_id: str = Field(index=True)
    person_id: str | None = Field(default=None, foreign_key="person.id", index=True)
    name: str
    unit_id: str | None = Field(default=None, foreign_key="unit.id")
    unit_name: str | None = None
    position: str | None = None
    rank: str | None = None  # 乡科级 / 一般干部 / 农村/企业等其他人员
    party_member: bool = False
    came_forward: bool = False  # 主动说清问题


class Disposal(_Sensitive, table=True):
    """One disposal step of a lead: route, collective decision (集体排查), due date, result, documents."""

    __tablename__ = "case_disposal"
    __label__ = "线索处置"
    lead_id: str = Field(foreign_key="case_lead.id", index=True)
    route: str
    decision_date: str
    participants: str  # 集体排查 participants
    approver: str
    due_date: str | None = Field(default=None, index=True)
    result: str | None = None  # 属实 / 部分属实 / 不属实
    result_date: str | None = None
    clarified: bool = False  # 澄清正名 done (了结 of a false report)
    documents: str | None = None  # documents produced (函询通知书, 初核报告 …)
    forwarded_to: str | None = None
    note: str | None = None


class Case(_Sensitive, table=True):
    __tablename__ = "case_file"
    __label__ = "案件"
    no: str = Field(index=True)  # 2026-LA-003
    year: int
    seq: int
    lead_id: str | None = Field(default=None, index=True)
    problem_id: str | None = Field(default=None, index=True)
    opened_date: str = Field(index=True)
    open_decision: str  # 立案决定 (文号 or text)
    approver: str
    summary: str
    category: str | None = None
    topic: str | None = None
    status: str = C_INVESTIGATING
    complex_case: bool = False  # 复杂案件: its sanctions go to the county (DOMAIN §2.2)
    review_sent_date: str | None = None  # 乡案县审: sent to the county
    review_body: str | None = None
    review_opinion: str | None = None
    review_date: str | None = None
    closed_date: str | None = Field(default=None, index=True)
    close_result: str | None = None
    note: str | None = None


class Measure(_Sensitive, table=True):
    """One measure for one person: sanction, 组织处理, 诫勉 … or 问责 (duty set). Form 1–4 by the rule table."""

    __tablename__ = "case_measure"
    __label__ = "处理处分"
    case_id: str | None = Field(default=None, index=True)
    lead_id: str | None = Field(default=None, index=True)
    problem_id: str | None = None  # 问责 arising from a problem
    case_person_id: str | None = None
    person_id: str | None = Field(default=None, index=True)
    name: str
    unit_name: str | None = None
    rank: str | None = None
    family: str  # 党纪处分 / 政务处分 / 组织处理 / 诫勉 / 批评教育 / 责令检查 / 移送司法机关
    kind: str  # 警告 … (= family for the single-kind families)
    measure_date: str = Field(index=True)
    approving_body: str
    approval_date: str | None = None
    approval_ref: str | None = None  # the county's or Party committee's approval (文号)
    duty: str | None = None  # 问责: 主体责任 / 监督责任
    form: int
    note: str | None = None


class Money(_Sensitive, table=True):
    __tablename__ = "case_money"
    __label__ = "涉案资金"
    case_id: str | None = Field(default=None, index=True)
    lead_id: str | None = None
    kind: str  # 追缴 / 退缴 / 挽回损失 / 上交资金
    amount: int  # 元
    money_date: str = Field(index=True)
    payer: str | None = None
    note: str | None = None


class RuleAdopted(SyncColumns, table=True):
    """建章立制 register (R1): rules adopted as a result of a case or a rectification."""

    __tablename__ = "case_rule"
    __label__ = "建章立制"
    title: str
    unit_id: str | None = Field(default=None, foreign_key="unit.id")
    unit_name: str | None = None
    adopted_date: str = Field(index=True)
    case_id: str | None = None
    problem_id: str | None = None
    note: str | None = None


class Bulletin(SyncColumns, table=True):
    """通报 register: numbered 期 per year, topic, cases (起) and persons (人)."""

    __tablename__ = "case_bulletin"
    __label__ = "通报"
    year: int
    issue_no: int
    title: str
    topic: str
    issue_date: str = Field(index=True)
    cases_count: int = 0
    persons_count: int = 0
    case_ids: str | None = None  # comma-separated
    problem_ids: str | None = None
    document_id: str | None = None
    note: str | None = None


class FigureSnapshot(SyncColumns, table=True):
    """Month figures of leads, cases, outcomes and 四种形态 without names: what the ordinary package carries."""

    __tablename__ = "case_figure"
    __label__ = "线索案件统计"
    period: str = Field(index=True)  # YYYY-MM
    figures_json: str
    computed_at: str
