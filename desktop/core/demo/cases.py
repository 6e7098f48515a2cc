"""Demo step: ≈ 40 问题线索 with every disposal route, 8 cases with outcomes of every kind (党纪处分, 政务处分,
组织处理, 诫勉, 批评教育, 责令检查, 移送司法机关), 问责 on both duties, money, 建章立制 — all fictional."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from desktop.core.models.cases import LEAD_SOURCES, MONEY_KINDS, Case, CasePerson, Lead, Money, RuleAdopted
from desktop.core.models.registry import Person, Unit
from desktop.core.services import rows
from desktop.core.services.cases import disposal, leads, outcomes

STAFF = ("王晓燕", "李建军", "陈海燕", "周志明")
ALLEGATIONS = (  # (summary, category, topic)
    ("反映{unit}{name}在低保评定中优亲厚友，将其亲属纳入低保", "低保救助/人情保", "群众身边腐败和不正之风"),
    ("反映{unit}{name}截留挪用耕地地力保护补贴", "惠民资金/截留挪用", "惠民惠农资金"),
    ("反映{unit}{name}违规接受工程承包方宴请", "作风/违反八项规定", "八项规定"),
    ("反映{unit}{name}插手村级道路硬化工程，指定施工队伍", "工程/村干部插手工程", "工程项目"),
    ("反映{unit}{name}低价发包村集体鱼塘，合同期长达三十年", "三资/低价发包", "三资管理"),
    ("反映{unit}{name}公款私存，村集体租金收入长期未入账", "财务/公款私存", "三资管理"),
    ("反映{unit}{name}代持村民一卡通，冒领补贴资金", "惠民资金/代持一卡通", "惠民惠农资金"),
    ("反映{unit}{name}在办理宅基地审批时吃拿卡要", "作风/吃拿卡要", "营商环境"),
    ("反映{unit}{name}违规发放误工补贴给不在岗人员", "财务/违规发放津补贴", "群众身边腐败和不正之风"),
    ("反映{unit}{name}操办子女婚宴大操大办、收受礼金", "作风/违反八项规定", "八项规定"),
)
CASES = (  # per case: the measures of its first (and second) subject: (family, kind, body, county approval)
    [("党纪处分", "警告", "乡镇纪委", False)],
    [("党纪处分", "严重警告", "乡镇纪委", False), ("组织处理", "调整职务", "乡镇党委", False)],
    [("党纪处分", "撤销党内职务", "乡镇党委", False), ("政务处分", "记过", "县（区）纪委监委", True)],
    [("党纪处分", "留党察看", "乡镇党委", False), ("组织处理", "免职", "乡镇党委", False)],
    [("党纪处分", "开除党籍", "县（区）纪委监委", True), ("移送司法机关", "移送司法机关", "县（区）纪委监委", True)],
    [("政务处分", "警告", "县（区）纪委监委", True), ("诫勉", "诫勉", "乡镇纪委", False)],
    [("批评教育", "批评教育", "乡镇纪委", False), ("责令检查", "责令检查", "乡镇纪委", False)],
    [("组织处理", "停职检查", "乡镇党委", False), ("党纪处分", "警告", "乡镇纪委", False)],
)


def _people(s) -> list[dict]:
    p, u = Person.__table__, Unit.__table__
    q = (select(p.c.id, p.c.name, u.c.id.label("unit_id"), u.c.name.label("unit_name"))
         .select_from(p.join(u, u.c.id == p.c.unit_id))
         .where(p.c.deleted_at.is_(None), p.c.is_supervision_target.is_(True)).order_by(p.c.name))
    return [dict(r) for r in s.execute(q).mappings()]


def _decision(day, rng) -> dict:
    return {"decision_date": day.isoformat(), "participants": "、".join(rng.sample(STAFF, 3)), "approver": STAFF[0]}


def run(ctx, rng, size):
    """Leads (40 small / 400 large), 8 (80) of them opened as cases with outcomes of every kind."""
    n_leads, n_cases = (40, 8) if size == "small" else (400, 80)
    today = ctx.clock.today()
    with ctx.session() as s:
        people = _people(s)
        if not people:
            return
        opened = []
        for i in range(n_leads):
            person = rng.choice(people)
            summary, category, topic = rng.choice(ALLEGATIONS)
            received = today - timedelta(days=rng.randrange(60 if i < n_cases else 5, 330))
            kind = rng.choices(("实名", "匿名", "无反映人"), weights=(3, 5, 2))[0]
            lead = leads.register_in(s, ctx, {
                "received_date": received.isoformat(), "source": rng.choice(LEAD_SOURCES[:9]),
                "summary": summary.format(unit=person["unit_name"], name=person["name"]), "category": category,
                "topic": topic, "subjects": [{"person_id": person["id"], "rank": "农村/企业等其他人员"}],
                "reporter": {"kind": kind, "name": f"群众{'甲乙丙丁戊'[i % 5]}" if kind == "实名" else None}})
            first = received + timedelta(days=rng.randrange(2, 8))
            if i < n_cases:
                disposal.dispose_in(s, ctx, lead["id"], {"route": "初步核实", **_decision(first, rng)})
                day = first + timedelta(days=rng.randrange(20, 45))
                row = disposal.dispose_in(s, ctx, lead["id"], {
                    "route": "立案", "result": "属实", **_decision(day, rng),
                    "open_decision": f"清纪立〔{day.year}〕{i + 1}号"})
                opened.append((i, row["lead_id"], day))
                continue
            _dispose_lead(s, ctx, rng, lead, first, today, i)
        for i, lead_id, day in opened:
            _case(s, ctx, rng, i, lead_id, day, today)
    from desktop.core.services.cases import figures

    figures.refresh_snapshots(ctx)  # the month figures the ordinary package carries, as after any export
    yield f"问题线索 {n_leads} 条，案件 {n_cases} 件"


def _dispose_lead(s, ctx, rng, lead, first, today, i) -> None:
    """Routes in turn: 谈话函询 → 了结, 初步核实 (some overdue), 暂存待查, 予以了结, 移送县/区, still 待处置."""
    route = ("谈话函询", "初步核实", "暂存待查", "予以了结", "移送县/区", "待处置", "谈话函询")[i % 7]
    if route == "待处置" or first > today:
        return
    pl = {"route": route, **_decision(first, rng)}
    if route == "移送县/区":
        pl["forwarded_to"] = "县纪委监委第三纪检监察室"
    if route == "予以了结":
        pl.update(result="不属实", clarified=True)
    disposal.dispose_in(s, ctx, lead["id"], pl)
    end = first + timedelta(days=rng.randrange(10, 25))
    if route == "谈话函询" and end <= today and i % 2:
        disposal.dispose_in(s, ctx, lead["id"], {"route": "予以了结", "result": "部分属实", **_decision(end, rng),
                                                 "documents": "函询通知书、函询回复及核实情况报告"})


def _case(s, ctx, rng, i, lead_id, opened, today) -> None:
    case_id = rows.get(s, Lead, lead_id)["case_id"]
    cp = CasePerson.__table__
    subject = s.execute(select(cp.c.id).where(cp.c.owner == "case", cp.c.owner_id == case_id)).scalar()
    day = min(opened + timedelta(days=rng.randrange(25, 50)), today)
    base = {"case_id": case_id, "measure_date": day.isoformat()}
    for family, kind, body, county in CASES[i % len(CASES)]:
        approval = ({"approval_date": (day - timedelta(days=3)).isoformat(), "approval_ref": f"县纪审〔{day.year}〕{10 + i}号"}
                    if county else {})
        outcomes.add_in(s, ctx, {**base, "case_person_id": subject, "family": family, "kind": kind,
                                 "approving_body": body, **approval})
    if i % 4 == 1:  # 问责: the branch secretary for 主体责任, the village supervisor for 监督责任
        outcomes.add_in(s, ctx, {**base, "name": "周国强", "unit_name": "村党组织", "position": "村党组织书记",
                                 "family": "诫勉", "kind": "诫勉", "duty": "主体责任", "approving_body": "乡镇党委"})
    if i % 4 == 2:
        outcomes.add_in(s, ctx, {**base, "name": "吴秀兰", "unit_name": "村务监督委员会", "position": "村监委主任",
                                 "family": "批评教育", "kind": "批评教育", "duty": "监督责任",
                                 "approving_body": "乡镇纪委"})
    rows.insert(s, ctx, Money, {"case_id": case_id, "kind": MONEY_KINDS[i % 4], "amount": rng.randrange(3, 90) * 1000,
                                "money_date": day.isoformat()}, audit=False)
    if i % 2 == 0:
        title = f"{('村级财务报账', '集体资产发包', '惠民资金发放', '小微工程管理')[i % 4]}制度"
        rows.insert(s, ctx, RuleAdopted, {"title": title, "adopted_date": day.isoformat(), "case_id": case_id},
                    audit=False)
    if i % 3 == 0:
        rows.update(s, ctx, CasePerson, subject, {"came_forward": True}, reason="演示数据")
    close = day + timedelta(days=10)
    if i < 5 and close <= today:
        rows.update(s, ctx, Case, case_id, {
            "status": "已结案", "review_sent_date": (day - timedelta(days=12)).isoformat(),
            "review_body": "县（区）纪委监委案件审理室", "review_date": (day - timedelta(days=4)).isoformat(),
            "review_opinion": "事实清楚，证据确凿，定性准确，同意处理意见", "closed_date": close.isoformat(),
            "close_result": "按审理意见作出处理"}, reason="演示数据")
