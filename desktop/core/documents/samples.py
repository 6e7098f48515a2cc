"""Sample values for every document kind: used by tests, the benchmark and to look at the layout.

    python -m desktop.core.documents.samples OUT_DIR [KIND ...]   -> renders docx + pdf for each kind
"""

from __future__ import annotations

import sys
from datetime import date

ORG = {"full_name": "中共清溪镇纪律检查委员会", "short_name": "镇纪委", "site_name": "清溪镇",
       "district_name": "区纪委监委", "contact_person": "王晓燕", "contact_phone": "0574-65123456"}

PROBLEMS = [
    {"title": "村级财务报销手续不规范",
     "description": "2026年3月至6月，村报销餐费、办公用品费用共11笔、计8,460元，未附明细清单，无经办人、证明人签字，"
                    "部分票据未经村务监督委员会审核。",
     "basis": "《浙江省村级财务管理规定》第十二条",
     "requirement": "补齐报销手续，对不合规支出予以追缴",
     "measures": "逐笔核查，建立报销审核台账",
     "responsible_person": "李建国", "amount": "8460"},
    {"title": "“四议两公开”执行不到位",
     "description": "2026年5月，村道路硬化工程（合同金额46.8万元）未经村民代表会议表决即确定施工单位，决议结果未公开。",
     "basis": "《中国共产党农村基层组织工作条例》第二十条",
     "requirement": "补充履行民主决策程序，及时公开",
     "measures": "召开村民代表会议补充表决并张榜公示",
     "responsible_person": "陈海涛"},
    {"title": "村务公开不及时",
     "description": "2026年第二季度财务收支情况至检查时仍未公开，公开栏内容停留在2026年1月。",
     "basis": "《村务公开工作规定》",
     "requirement": "按季度公开财务收支，接受群众监督",
     "measures": "本月内补充公开并建立公开提醒制度",
     "responsible_person": "张丽"},
]


def values(kind: str, *, n_problems: int = 3, number: str | None = "清纪改〔2026〕5号") -> dict:
    """Values for build_document(kind, ...) with realistic content."""
    base = {"org": ORG, "unit": {"name": "东岭村"}, "date": date(2026, 11, 24), "deadline": date(2026, 12, 24),
            "reply_days": 10, "number": number, "cc": ["区纪委监委第三纪检监察室", "中共清溪镇委员会"]}
    problems = [dict(PROBLEMS[i % len(PROBLEMS)]) for i in range(n_problems)]
    if kind == "整改通知书":
        base.update(problems=problems, source="2026年10月开展的村级“小微权力”专项检查")
    elif kind in ("廉洁提醒函", "履责提醒函", "工作提示函"):
        base.update(holiday="元旦、春节", number=number and number.replace("纪改", "纪提"),
                    subject="村级工程项目管理", cc=["区纪委监委第三纪检监察室"])
    elif kind == "督办函":
        base.update(problems=problems, subject="东岭村问题整改", reply_deadline=date(2026, 12, 10),
                    extra={"来源": "《关于东岭村有关问题限期整改的通知》（清纪改〔2026〕5号）"})
    elif kind.endswith("建议书"):
        base.update(problems=problems, subject="加强村级财务和工程项目管理",
                    source="2026年10月开展的村级“小微权力”专项检查", reply_days=30,
                    causes="村党组织对财务管理和民主决策制度执行重视不够，村务监督委员会监督作用发挥不充分，"
                           "村干部规矩意识、程序意识淡薄。",
                    unit={"name": "东岭村"}, addressee="中共东岭村支部委员会")
    elif kind == "回执":
        base.update(number="清纪提〔2026〕3号")
    elif kind == "统计报告":
        from desktop.core.documents import report_words

        base.update(number=None, extra=dict(report_words.SAMPLE))
    elif kind == "谈话记录":
        base.update(person={"name": "李建国", "position": "村党支部书记"}, subject="村级财务报销手续不规范问题",
                    talk={"type": "谈话提醒", "talker": "王晓燕", "recorder": "周敏",
                          "time": "2026年11月24日9时30分", "place": "清溪镇纪委谈话室"})
    return base


def main(argv: list[str]) -> int:
    from desktop.core import documents
    from desktop.core.documents.templates import KINDS

    out = argv[0] if argv else "out/samples"
    kinds = argv[1:] or list(KINDS)
    for kind in kinds:
        doc = documents.build_document(kind, values(kind))
        paths = documents.render(doc, out, kind)
        print(kind, paths["pdf"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
