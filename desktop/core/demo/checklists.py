"""Demo step: the seeded 小微权力 checklist is already there from set-up; add one local 个性化 list."""

from __future__ import annotations

from desktop.core.services.checks import checklists

LOCAL_ITEMS = (
    ("G01", "村级工程项目", "美丽乡村建设项目资金使用", ["项目资金是否专款专用", "以奖代补资金是否按验收结果拨付"],
     "区美丽乡村建设专项资金管理办法", "实地查看", "每季度", "虚增工程量/造价"),
    ("G02", "集体“三资”", "村级光伏电站收益管理", ["发电收益是否全额入集体账户", "收益分配方案是否经村民代表会议通过"],
     "本镇村级光伏收益管理细则", "查阅资料", "每半年", "租金拖欠/未入账"),
    ("G03", "惠民惠农补贴", "农村饮水安全工程补助发放", ["补助对象是否公示", "是否存在代领补助"],
     "本镇农村饮水工程补助实施方案", "入户核实", "每年", "虚报冒领"),
    ("G04", "集体“三资”", "股份经济合作社年终分红", ["分红方案是否经成员代表大会表决", "分红名单与股权台账是否一致"],
     "《浙江省村经济合作社组织条例》", "查阅资料", "每年", "资产底数不清"),
    ("G05", "村干部履职廉洁", "移风易俗和红白喜事操办", ["村干部操办婚丧喜庆是否事先报告", "宴席规模是否符合村规民约"],
     "本镇移风易俗实施意见", "走访群众", "随时（逐事）", "违反八项规定"),
    ("G06", "村级财务", "防汛防台物资采购与管理", ["采购是否询价比价", "物资是否登记入库、账物相符"],
     "本镇应急物资管理办法", "实地查看", "每年", "票据不合规"),
)


def run(ctx, rng, size):
    year = ctx.clock.today().year
    with ctx.session() as s:
        cl = checklists.create_checklist_in(s, ctx, {
            "kind": "个性化", "year": year, "title": f"{ctx.site_name or '本镇'}{year}年个性化监督清单",
            "issued_by": ctx.site_name or None, "status": "执行中",
            "note": "结合本镇美丽乡村建设、光伏收益和移风易俗等重点工作制定"})
        for n, (code, cat, subject, points, basis, method, freq, ptype) in enumerate(LOCAL_ITEMS, start=1):
            checklists.add_item_in(s, ctx, cl["id"], {
                "code": code, "category": cat, "subject": subject, "check_points": points, "basis": basis,
                "method_hint": method, "frequency": freq, "applies_to": "行政村、社区", "problem_type": ptype,
                "weight": 1, "sort_order": n})
    yield f"个性化监督清单 1 份，检查事项 {len(LOCAL_ITEMS)} 项"
