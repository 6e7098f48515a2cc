"""CLI: `lead add|list|show|dispose|result|import|export` and `case open|review|opinion|close|outcome|figures`,
with --json, exit codes and one Chinese line on bad input."""

from __future__ import annotations

import json

from openpyxl import Workbook

from desktop.cli import main
from tests.conftest import db_snapshot
from tests.core.case_helpers import registry


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _setup(site_dir, staff: bool = False):
    from desktop.core.services.org import users
    from desktop.core.services.org.context import open_context
    from tests.conftest import fixed_clock

    ctx = open_context(site_dir, clock=fixed_clock())
    try:
        registry(ctx)
        if staff:  # logs in with the session's QINGFENG_PASSWORD, like admin (no first-login change pending)
            from tests.conftest import ADMIN_PASSWORD

            with ctx.session() as s:
                users.create_user_in(s, ctx, "李明", "liming", "工作人员", ADMIN_PASSWORD)
    finally:
        ctx.close()
    return ["--data-dir", str(site_dir)]


def test_cli_lead_flow_to_case_and_figures(site_dir, capsys):
    d = _setup(site_dir)
    code, out, _ = _run(capsys, "lead", "add", "--date", "2026-09-01", "--source", "来信", "--summary", "反映截留补贴",
                        "--subject", "张伟", "--subject", "赵某/镇民政办/办事员", "--reporter", "陈举报", *d, "--json")
    lead = json.loads(out)
    assert code == 0 and lead["no"] == "XS2026-001" and lead["subjects"][0]["person_id"]
    assert lead["reporter"] is None and "陈举报" not in out
    code, out, _ = _run(capsys, "lead", "dispose", "XS2026-001", "初步核实", "--date", "2026-09-03",
                        "--participants", "王晓燕、李明", "--approver", "王晓燕", *d)
    assert code == 0 and "初步核实" in out and "办理期限 2026-12-03" in out
    code, out, err = _run(capsys, "lead", "dispose", "XS2026-001", "立案", "--date", "2026-10-10",
                          "--participants", "王晓燕", "--approver", "王晓燕", "--open-decision", "清纪立〔2026〕1号", *d)
    assert code == 1 and "初步核实尚未登记结果" in err and len(err.strip().splitlines()) == 1
    code, out, _ = _run(capsys, "lead", "dispose", "XS2026-001", "立案", "--date", "2026-10-10", "--result", "属实",
                        "--participants", "王晓燕", "--approver", "王晓燕", "--open-decision", "清纪立〔2026〕1号", *d)
    assert code == 0 and "已立案" in out
    code, out, _ = _run(capsys, "case", "list", *d, "--json")
    assert json.loads(out)["cases"][0]["no"] == "LA2026-001"
    code, out, err = _run(capsys, "case", "outcome", "LA2026-001", "--person", "张伟", "--family", "党纪处分",
                          "--kind", "开除党籍", "--date", "2026-11-01", "--body", "乡镇纪委", *d)
    assert code == 1 and "乡镇纪委无权批准党纪处分“开除党籍”" in err
    code, out, err = _run(capsys, "case", "outcome", "LA2026-001", "--person", "王五", "--family", "诫勉",
                          "--date", "2026-11-01", "--body", "乡镇纪委", *d)
    assert code == 1 and "“王五”不是案件 LA2026-001 的审查调查对象" in err
    code, out, _ = _run(capsys, "case", "outcome", "LA2026-001", "--person", "张伟", "--family", "党纪处分",
                        "--kind", "警告", "--date", "2026-11-01", "--body", "乡镇纪委", *d)
    assert code == 0 and "第二种形态" in out
    code, out, err = _run(capsys, "case", "close", "LA2026-001", "--date", "2026-10-01", "--result", "党内警告", *d)
    assert code == 1 and "结案日期不能早于立案日期" in err
    code, out, _ = _run(capsys, "case", "close", "LA2026-001", "--date", "2026-11-05", "--result", "党内警告", *d)
    assert code == 0 and "已结案" in out
    code, out, _ = _run(capsys, "case", "figures", "--from", "2026-01-01", "--to", "2026-12-31", *d, "--json")
    f = json.loads(out)
    assert (f["leads_received"], f["cases_opened"], f["cases_closed"], f["sanctioned_persons"]) == (1, 1, 1, 1)
    assert f["forms"]["2"]["person_times"] == 1 and "张伟" not in out


def test_cli_lead_show_list_import_export(site_dir, capsys, tmp_path):
    d = _setup(site_dir)
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "受理日期", "来源", "反映人", "被反映人", "单位", "职务", "反映问题"])
    ws.append([1, "2026-05-06", "电话", "匿名", "张伟", "青石村", "一肩挑", "反映违规报销"])
    ws.append([1, "2027-01-01", "电话", "匿名", "李红", "青石村", "会计", "未来日期"])
    path = tmp_path / "旧台账.xlsx"
    wb.save(path)
    before = db_snapshot(site_dir / "qingfeng.db")
    code, out, _ = _run(capsys, "lead", "import", str(path), *d)
    assert code == 0 and "可导入 1 条，有问题 1 条" in out and "第 3 行“受理日期”列：受理日期不能晚于今天" in out
    assert db_snapshot(site_dir / "qingfeng.db") == before
    code, out, _ = _run(capsys, "lead", "import", str(path), "--apply", *d, "--json")
    assert code == 0 and json.loads(out)["written"] == 1
    code, out, _ = _run(capsys, "lead", "list", *d, "--json")
    assert json.loads(out)["count"] == 1
    code, out, _ = _run(capsys, "lead", "show", "XS2026-001", "--reporter", *d)
    assert code == 0 and "反映人：匿名" in out
    code, out, _ = _run(capsys, "lead", "export", "--out", str(tmp_path / "导出.xlsx"), *d)
    assert code == 0 and "已导出 1 条" in out
    code, _o, err = _run(capsys, "lead", "show", "XS2099-001", *d)
    assert code == 1 and "找不到编号为“XS2099-001”的问题线索" in err


def test_cli_leads_refused_for_staff(site_dir, capsys):
    d = _setup(site_dir, staff=True)
    code, _o, err = _run(capsys, "lead", "list", *d, "--user", "liming")
    assert code == 1 and "无权查看问题线索和案件" in err
    code, out, _ = _run(capsys, "case", "figures", "--from", "2026-01-01", "--to", "2026-12-31", *d, "--user", "liming")
    assert code == 0 and "受理问题线索 0 件" in out


def test_cli_bulletin_and_record(demo_dir, capsys):
    d = ["--data-dir", str(demo_dir)]
    code, out, _ = _run(capsys, "case", "list", *d, "--json")
    listed = json.loads(out)["cases"]
    code, out, _ = _run(capsys, "case", "bulletin", "--case", listed[0]["no"], "--topic", "八项规定",
                        "--subject", "违反中央八项规定精神", *d, "--json")
    b = json.loads(out)
    assert code == 0 and b["issue_no"] == 1 and b["cases_count"] == 1 and b["files"][1].endswith(".pdf")
    code, _o, err = _run(capsys, "case", "bulletin", "--topic", "八项规定", *d)
    assert code == 1 and "请至少选择一个案件或问题" in err
    code, out, _ = _run(capsys, "case", "show", listed[0]["no"], *d, "--json")
    name = json.loads(out)["subjects"][0]["name"]
    code, out, _ = _run(capsys, "case", "record", name, *d)
    assert code == 0 and "立案" in out and "处理处分" in out


def test_cli_money_rule_and_came_forward(demo_dir, capsys):
    d = ["--data-dir", str(demo_dir)]
    code, out, _ = _run(capsys, "case", "list", *d, "--json")
    case = json.loads(out)["cases"][0]
    code, out, _ = _run(capsys, "case", "money", case["no"], "--kind", "追缴", "--amount", "12800", "--date",
                        "2026-11-20", *d)
    assert code == 0 and "12800 元（1.28 万元）" in out
    code, _o, err = _run(capsys, "case", "money", case["no"], "--kind", "追缴", "--amount", "-5", "--date",
                         "2026-11-20", *d)
    assert code == 1 and "应为正整数" in err
    code, out, _ = _run(capsys, "case", "rule", "--title", "村级工程管理办法", "--date", "2026-11-20",
                        "--case", case["no"], *d)
    assert code == 0 and "已登记建章立制" in out
    name = case["subjects_label"].split("（")[0]
    code, out, _ = _run(capsys, "case", "came-forward", case["no"], "--person", name, *d)
    assert code == 0 and "主动说清问题" in out


def test_cli_problem_to_lead(demo_dir, capsys):
    d = ["--data-dir", str(demo_dir)]
    code, out, _ = _run(capsys, "problem", "list", "--status", "待核实", *d, "--json")
    no = json.loads(out)["problems"][0]["no"]
    code, out, _ = _run(capsys, "lead", "from-problem", no, *d, "--json")
    lead = json.loads(out)
    assert code == 0 and lead["problem_no"] == no and lead["source"] == "问题转入"
    code, out, err = _run(capsys, "lead", "from-problem", no, *d)
    assert code == 1 and "已移交" in err


def test_cli_due_rules_change_the_due_date(site_dir, capsys):
    d = _setup(site_dir)
    code, out, _ = _run(capsys, "lead", "due-rules", *d)
    assert code == 0 and "谈话函询：15个工作日" in out
    code, _o, err = _run(capsys, "lead", "due-rules", "--set", "谈话函询=十五天", *d)
    assert code == 1 and "格式不对" in err
    code, out, _ = _run(capsys, "lead", "due-rules", "--set", "初步核实=1个月", *d)
    assert code == 0 and "初步核实：1个月" in out
    _run(capsys, "lead", "add", "--date", "2026-09-01", "--source", "来信", "--summary", "反映问题", "--subject", "张伟",
         *d)
    code, out, _ = _run(capsys, "lead", "dispose", "XS2026-001", "初步核实", "--date", "2026-09-03",
                        "--participants", "王晓燕", "--approver", "王晓燕", *d)
    assert "办理期限 2026-10-03" in out
