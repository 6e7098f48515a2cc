"""Demo step: supervision matters (监督台账) with their target units, and talk records (谈话记录).

Two entry points so each can sit at its place in STEPS:
  - `run` (step "ledger_extra", BEFORE "ledger"): matters, so issue 4's problems can link to them;
  - `run_talks` (step "ledger_talks", AFTER "ledger"): talks, linked to existing problems where there are any.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from desktop.core.models.matters import MatterUnit, SupervisionMatter
from desktop.core.models.problems import Problem
from desktop.core.models.registry import Person, Unit
from desktop.core.models.talks import TALK_KINDS, TalkRecord
from desktop.core.models.users import AppUser
from desktop.core.services import rows
from desktop.core.services.matters import records as matters_service
from desktop.core.services.talks import records as talks_service

STAFF = ("王晓燕", "李建军", "陈海燕", "周志明")
MATTERS = (  # (title, source, category, basis, focus, method)
    ("村级财务“白条入账”专项整治", "专项", "专项", "X纪发〔2026〕3号", "白条入账、票据不合规、坐收坐支", "查阅资料、走访群众"),
    ("惠民惠农补贴“一卡通”监督检查", "上级部署", "专项", "区纪〔2026〕12号", "虚报冒领、代持一卡通、发放不及时", "入户核实、查阅资料"),
    ("农村低保动态管理日常监督", "共性清单", "日常", "区纪监办〔2026〕5号", "人情保、关系保、动态管理不到位", "查阅资料、入户核实"),
    ("村级小微工程项目监督", "共性清单", "日常", "区纪〔2026〕8号", "规避招标、化整为零、验收走过场", "实地查看、查阅资料"),
    ("集体“三资”发包租赁检查", "个性清单", "日常", "X纪发〔2026〕6号", "低价发包、超期发包、租金拖欠", "查阅资料、座谈"),
    ("村务公开规范化监督", "共性清单", "日常", "区纪〔2026〕8号", "公开不及时、内容不全", "实地查看"),
    ("“四议两公开”落实情况监督", "个性清单", "日常", "X纪发〔2026〕2号", "未履行四议两公开、补做记录", "查阅资料、座谈"),
    ("宅基地审批及农房建设监督", "上级部署", "专项", "区纪〔2026〕15号", "违规审批、未批先建、一户多宅", "实地查看、入户核实"),
    ("节日期间作风纪律监督检查", "上级部署", "政治", "区纪〔2026〕20号", "违反八项规定、公款吃喝", "暗访、四不两直"),
    ("村级印章使用管理检查", "自主", "日常", "", "用印无登记、空白盖章", "查阅资料"),
    ("河长制落实情况政治监督", "上级部署", "政治", "区纪〔2026〕9号", "巡河不到位、问题整改不力", "实地查看"),
    ("耕地保护政策落实监督", "上级部署", "政治", "区纪〔2026〕11号", "违法占地、撂荒", "实地查看、听取汇报"),
    ("群众信访反映问题核查", "信访", "日常", "", "群众反映的具体问题", "走访群众、入户核实"),
    ("区委巡察移交问题整改监督", "巡察/审计移交", "专项", "区巡〔2026〕4号", "巡察反馈问题整改情况", "查阅资料、听取汇报"),
    ("审计移交村级财务问题整改", "巡察/审计移交", "专项", "区审〔2026〕7号", "审计发现问题整改", "查阅资料"),
    ("区纪委派单：村监委履职情况检查", "派单", "日常", "区纪监办〔2026〕18号", "村监委履职不到位、台账缺失", "查阅资料、座谈"),
    ("安全生产责任落实政治监督", "上级部署", "政治", "区纪〔2026〕13号", "安全隐患排查整改", "实地查看、四不两直"),
    ("营商环境优化监督", "专项", "专项", "X纪发〔2026〕7号", "吃拿卡要、不作为慢作为", "走访群众、暗访"),
    ("村级工程结算审核监督", "个性清单", "日常", "X纪发〔2026〕6号", "虚增工程量、先签后立", "查阅资料"),
    ("残疾人两项补贴发放检查", "共性清单", "日常", "区纪〔2026〕8号", "发放不及时、信息采集不实", "入户核实"),
)


def _pick_units(rng, villages, stations, source):
    if source in ("信访",):
        return rng.sample(villages, 1)
    if rng.random() < 0.15 and stations:
        return rng.sample(stations, 1)
    return rng.sample(villages, rng.choice((1, 2, 3, len(villages))))


def _matter(rng, today, i, spec, admin):
    title, source, category, basis, focus, method = spec
    start = today - timedelta(days=rng.randrange(20, 330))
    due = start + timedelta(days=rng.choice((30, 60, 90, 120, 180)))
    status = "已完成" if due < today - timedelta(days=20) else ("进行中" if start <= today else "计划中")
    if rng.random() < 0.05:
        status = "已取消"
    lead = rng.choice(STAFF)
    return {
        "title": title, "source": source, "category": category, "basis_doc": basis or None,
        "source_ref": f"QX-2026-{i:03d}" if source == "派单" else None,
        "lead_user_id": admin["id"] if admin and lead == admin["display_name"] else None, "lead_name": lead,
        "plan_start": start.isoformat(), "plan_due": due.isoformat(), "status": status, "focus": focus,
        "method": method,
        "summary": f"已开展{rng.randrange(1, 6)}次，最近一次{(start + timedelta(days=10)).strftime('%m月%d日')}" if status != "计划中" else None,
    }


def run(ctx, rng, size):
    """Supervision matters (about 30 for small)."""
    count = 30 if size == "small" else 300
    today = ctx.clock.today()
    with ctx.session() as s:
        u = Unit.__table__
        units = [dict(r) for r in s.execute(select(u.c.id, u.c.type).where(u.c.deleted_at.is_(None))
                                            .order_by(u.c.sort_order, u.c.name)).mappings()]
        admin = s.execute(select(AppUser.__table__).order_by(AppUser.__table__.c.created_at)).mappings().first()
        villages = [x["id"] for x in units if x["type"] in ("行政村", "社区")]
        stations = [x["id"] for x in units if x["type"] == "镇直站所"]
        if not villages:
            return
        matters, links = [], []
        from desktop.core.store.ids import uuid7

        for i in range(count):
            spec = MATTERS[i % len(MATTERS)]
            m = _matter(rng, today, i + 1, spec, admin)
            if i >= len(MATTERS):
                m["title"] = f"{m['title']}（第{i // len(MATTERS) + 1}轮）"
            m["id"] = uuid7()
            matters.append(m)
            for unit_id in _pick_units(rng, villages, stations, spec[1]):
                links.append({"matter_id": m["id"], "unit_id": unit_id})
        rows.bulk_insert(s, ctx, SupervisionMatter, matters, audit_summary="演示数据：监督事项")
        rows.bulk_insert(s, ctx, MatterUnit, links)
        matters_service.reindex_all_in(s)
    yield f"监督事项 {len(matters)} 项"


REASONS = (
    ("村务公开不及时、内容不全", "对照清单逐项补公开，今后按月公开", "认识到问题，立即整改"),
    ("报账中存在白条入账", "规范报账流程，补齐合规票据", "表示诚恳接受，严格财经纪律"),
    ("低保评议未公示", "重新组织民主评议并公示", "保证今后严格程序"),
    ("小微工程未按规定比选", "补充比选程序资料，今后严格执行", "深刻反思，立行立改"),
    ("履行主体责任不到位", "制定整改方案，明确责任分工", "表示将切实扛起主体责任"),
    ("群众反映办事推诿", "当面向群众致歉并办结事项", "转变作风，主动服务"),
    ("集体资产租金拖欠未催收", "限期催收并入账", "认真催收，按期完成"),
    ("用印无登记", "建立用印登记簿", "立即建立制度"),
)


def _problem_links(s):
    p = Problem.__table__
    out: dict[str, list[str]] = {}
    for pid, unit_id in s.execute(select(p.c.id, p.c.unit_id).where(p.c.deleted_at.is_(None))):
        out.setdefault(unit_id, []).append(pid)
    return out


def run_talks(ctx, rng, size):
    """Talk records (about 40 for small), linked to problems of the person's unit when problems exist."""
    count = 40 if size == "small" else 2000
    today = ctx.clock.today()
    with ctx.session() as s:
        p = Person.__table__
        people = [dict(r) for r in s.execute(select(p.c.id, p.c.unit_id).where(
            p.c.deleted_at.is_(None), p.c.is_supervision_target.is_(True)).order_by(p.c.name)).mappings()]
        if not people:
            return
        problems = _problem_links(s)
        weights = (6, 4, 8, 4, 2, 2, 2)
        talks = []
        for _ in range(count):
            person = rng.choice(people)
            kind = rng.choices(TALK_KINDS, weights=weights)[0]
            reason, follow, response = rng.choice(REASONS)
            day = today - timedelta(days=rng.randrange(1, 330))
            linked = problems.get(person["unit_id"]) or []
            talks.append({
                "kind": kind, "person_id": person["id"], "talk_date": day.isoformat(),
                "place": rng.choice(("镇纪委谈话室", "镇纪委谈话室", "村委会办公室", "镇党委会议室")),
                "talker": rng.choice(STAFF), "recorder": rng.choice(STAFF[2:]), "reason": reason,
                "summary": f"就{reason}问题进行{kind}，指出问题性质及危害，提出整改要求。",
                "response": response, "follow_up": follow,
                "problem_id": rng.choice(linked) if linked and rng.random() < 0.6 else None,
                "approver": "镇党委书记 赵德华" if kind == "诫勉" else None,
                "approval_date": (day - timedelta(days=2)).isoformat() if kind == "诫勉" else None,
                "form": 1,
            })
        rows.bulk_insert(s, ctx, TalkRecord, talks, audit_summary="演示数据：谈话记录")
        talks_service.reindex_all_in(s)
    yield f"谈话记录 {len(talks)} 条"
