"""Problem lifecycle gates (DOMAIN §3.2): every action allowed and refused; refusals change nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from desktop.core.errors import GateRefused, ImportFileError, ValidationError
from desktop.core.services import attachments
from desktop.core.services.org import settings
from desktop.core.services.problems import records as problems
from tests.conftest import db_snapshot
from tests.core.problem_helpers import assigned, closed, evidence, in_review, new_problem


def refused(ctx, problem_id, action, match, **payload):
    before = db_snapshot(ctx.db.path)
    with pytest.raises(GateRefused, match=match):
        problems.transition(ctx, problem_id, action, **payload)
    assert db_snapshot(ctx.db.path) == before


def test_create_assigns_yearly_numbers_and_people(ctx):
    a = new_problem(ctx)
    b = new_problem(ctx, found_date="2026-11-01")
    c = new_problem(ctx, found_date="2025-12-30")
    assert (a["no"], b["no"], c["no"]) == ("2026-001", "2026-002", "2025-001")
    p = problems.get_problem(ctx, "2026-002")
    assert p["status"] == "待核实" and p["people"][0]["name"] == "张三" and p["people_names"] == "张三"
    assert [e["action"] for e in p["events"]] == ["登记"]


def test_create_refuses_bad_values_and_writes_nothing(ctx):
    new_problem(ctx)  # make the unit exist first
    before = db_snapshot(ctx.db.path)
    cases = [({"description": " "}, "问题描述"), ({"found_date": "2026-12-01"}, "晚于今天"),
             ({"source": "道听途说"}, "问题来源"), ({"category": "外星类别"}, "不在目录"),
             ({"deadline": "2026-10-01"}, "早于发现日期"), ({"amount_involved": "许多"}, "不是数字"),
             ({"unit_id": None}, "所属的村")]
    for values, match in cases:
        with pytest.raises(ValidationError, match=match):
            new_problem(ctx, **values)
    assert db_snapshot(ctx.db.path) == before


def test_full_life_with_timeline_and_audit(ctx, tmp_path):
    p = assigned(ctx)
    assert p["status"] == "已交办" and p["deadline"] == "2026-12-31" and p["colour"] == "white"
    p = problems.transition(ctx, p["id"], "开始整改", note="已召开整改会")
    p = problems.transition(ctx, p["id"], "反馈", measures="票据已补齐", evidence=[evidence(tmp_path)])
    assert p["status"] == "待审核" and p["evidence_count"] == 1 and p["feedback"][0]["attachments"]
    p = problems.transition(ctx, p["id"], "审核通过", opinion="佐证充分")
    assert p["status"] == "待审核" and p["reviewer"] == "王晓燕"
    p = problems.transition(ctx, p["id"], "销号", money_recovered="1,200", rules_made=1)
    assert p["status"] == "已销号" and p["closed_date"] == "2026-11-24" and p["revisit_due"] == "2027-02-24"
    assert p["colour"] == "blue" and p["money_recovered"] == 1200.0 and p["rules_made"] == 1
    p = problems.transition(ctx, p["id"], "回头看通过", result="未反弹")
    assert p["status"] == "已归档" and p["colour"] == "green"
    actions = [(e["action"], e["from_status"], e["to_status"]) for e in p["events"]]
    assert actions == [("登记", None, "待核实"), ("交办", "待核实", "已交办"), ("开始整改", "已交办", "整改中"),
                       ("反馈", "整改中", "待审核"), ("审核通过", "待审核", "待审核"), ("销号", "待审核", "已销号"),
                       ("回头看通过", "已销号", "已归档")]
    assert all(e["actor"] == "王晓燕" and e["at"] for e in p["events"])
    with ctx.reader() as s:
        audit = s.execute(text("SELECT action, summary FROM audit_log WHERE entity='problem' AND entity_id=:i "
                               "AND action LIKE '问题%' ORDER BY id"), {"i": p["id"]}).all()
    assert "问题销号" in [a.action for a in audit]


def test_assign_gates(ctx):
    p = new_problem(ctx)
    refused(ctx, p["id"], "交办", "整改要求", deadline="2026-12-31")
    refused(ctx, p["id"], "交办", "整改时限", requirement="整改")
    refused(ctx, p["id"], "交办", "早于发现日期", requirement="整改", deadline="2026-10-01")
    refused(ctx, p["id"], "交办", "工作日数必须是正整数", requirement="整改", working_days=0)
    lead = new_problem(ctx, handling="移交问题线索")
    refused(ctx, lead["id"], "交办", "请执行“移交”", requirement="整改", deadline="2026-12-31")
    ok = problems.transition(ctx, p["id"], "交办", requirement="整改", working_days=5)
    assert ok["deadline"] == "2026-12-01" and ok["deadlines"][0]["working_days"] == 5


def test_assign_with_signed_notice_links_document(ctx):
    p = assigned(ctx)
    p = problems.transition(ctx, p["id"], "交办", doc_id="doc-1", doc_no="X纪改〔2026〕3号")
    assert p["status"] == "已交办" and p["doc_no"] == "X纪改〔2026〕3号"
    assert p["events"][-1]["reason"] == "关联整改通知书"


def test_wrong_status_is_refused_for_every_action(ctx):
    p = new_problem(ctx)
    for action in ("开始整改", "反馈", "审核通过", "退回重改", "销号", "回头看通过", "回头看反弹", "延期",
                   "持续整改", "阶段完成", "催办"):
        refused(ctx, p["id"], action, "不能执行", reason="x", measures="x", opinion="x")
    refused(ctx, p["id"], "乱来", "未知的操作")


def test_feedback_requires_measures_and_readable_evidence(ctx, tmp_path):
    p = assigned(ctx)
    refused(ctx, p["id"], "反馈", "整改措施")
    refused(ctx, p["id"], "反馈", "无法读取", measures="x", evidence=[tmp_path / "没有这个文件.jpg"])
    refused(ctx, p["id"], "反馈", "晚于今天", measures="x", on_date="2026-12-01")
    refused(ctx, p["id"], "反馈", "早于问题的发现日期", measures="x", on_date="2026-01-01")


def test_on_the_spot_requires_evidence(ctx, tmp_path):
    p = new_problem(ctx)
    refused(ctx, p["id"], "立行立改", "整改措施")
    refused(ctx, p["id"], "立行立改", "佐证材料", measures="当场补登记")
    p = problems.transition(ctx, p["id"], "立行立改", measures="当场补登记", evidence=[evidence(tmp_path)])
    assert p["status"] == "待审核" and p["handling"] == "立行立改" and p["feedback"][0]["source"] == "立行立改"
    p = problems.transition(ctx, p["id"], "销号", opinion="现场已整改")
    assert p["status"] == "已销号"


def test_on_the_spot_accepts_evidence_already_attached(ctx, tmp_path):
    p = new_problem(ctx)
    attachments.add_file(ctx, evidence(tmp_path), "problem", p["id"], "照片")
    assert problems.transition(ctx, p["id"], "立行立改", measures="当场整改")["status"] == "待审核"


def test_review_and_close_gates(ctx, tmp_path):
    p = in_review(ctx, tmp_path, with_evidence=False)
    refused(ctx, p["id"], "审核通过", "审核意见")
    refused(ctx, p["id"], "销号", "审核意见")
    refused(ctx, p["id"], "销号", "佐证材料", opinion="同意")
    attachments.add_file(ctx, evidence(tmp_path), "problem", p["id"], "照片")
    assert problems.transition(ctx, p["id"], "销号", opinion="同意")["status"] == "已销号"


def test_close_requires_received_feedback(ctx, tmp_path):
    p = new_problem(ctx)
    with ctx.session() as s:  # a problem put into 待审核 by legacy import, without any feedback entry
        s.execute(text("UPDATE problem SET status='待审核' WHERE id=:i"), {"i": p["id"]})
    attachments.add_file(ctx, evidence(tmp_path), "problem", p["id"], "照片")
    refused(ctx, p["id"], "销号", "尚未收到整改反馈", opinion="同意")
    refused(ctx, p["id"], "审核通过", "尚未收到整改反馈", opinion="同意")


def test_send_back_returns_to_fixing_and_clears_review(ctx, tmp_path):
    p = in_review(ctx, tmp_path)
    p = problems.transition(ctx, p["id"], "审核通过", opinion="初审")
    refused(ctx, p["id"], "退回重改", "退回原因")
    p = problems.transition(ctx, p["id"], "退回重改", reason="佐证不足", deadline="2027-01-15")
    assert p["status"] == "整改中" and p["review_opinion"] is None and p["deadline"] == "2027-01-15"
    assert p["deadlines"][-1]["kind"] == "重新整改" and p["deadlines"][-1]["previous"] == "2026-12-31"


def test_extension_keeps_history(ctx):
    p = assigned(ctx)
    refused(ctx, p["id"], "延期", "理由", deadline="2027-01-31", approver="书记")
    refused(ctx, p["id"], "延期", "批准人", deadline="2027-01-31", reason="汛期")
    refused(ctx, p["id"], "延期", "新的整改时限", reason="汛期", approver="书记")
    refused(ctx, p["id"], "延期", "必须晚于原时限", deadline="2026-12-20", reason="汛期", approver="书记")
    p = problems.transition(ctx, p["id"], "延期", deadline="2027-01-31", reason="汛期施工困难", approver="李书记")
    p = problems.transition(ctx, p["id"], "延期", working_days=60, reason="再延", approver="李书记")
    assert p["extension_count"] == 2 and p["status"] == "已交办"
    assert [(d["kind"], d["previous"]) for d in p["deadlines"]] == [
        ("初定", None), ("延期", "2026-12-31"), ("延期", "2027-01-31")]
    assert p["deadlines"][1]["approver"] == "李书记" and p["deadline"] == p["deadlines"][2]["deadline"]


def test_long_term_milestones(ctx, tmp_path):
    p = assigned(ctx)
    refused(ctx, p["id"], "持续整改", "至少一个阶段目标")
    refused(ctx, p["id"], "持续整改", "没有填写内容", milestones=[{"title": "", "due": "2027-01-01"}])
    refused(ctx, p["id"], "持续整改", "早于发现日期", milestones=[{"title": "清查", "due": "2026-01-01"}])
    p = problems.transition(ctx, p["id"], "持续整改", milestones=[
        {"title": "完成合同重签", "due": "2027-03-31"}, {"title": "清查资产", "due": "2027-01-31"}])
    assert p["status"] == "持续整改" and p["deadline"] == "2027-01-31"
    assert [m["title"] for m in p["milestones"]] == ["清查资产", "完成合同重签"]
    refused(ctx, p["id"], "反馈", "尚有 2 个阶段目标未完成", measures="x")
    p = problems.transition(ctx, p["id"], "阶段完成")
    assert p["deadline"] == "2027-03-31" and p["milestones"][0]["done_date"] == "2026-11-24"
    p = problems.transition(ctx, p["id"], "阶段完成", milestone=2)
    refused(ctx, p["id"], "阶段完成", "均已完成")
    p = problems.transition(ctx, p["id"], "反馈", measures="合同已重签", evidence=[evidence(tmp_path)])
    assert p["status"] == "待审核"


def test_relapse_reopens_and_counts(ctx, tmp_path):
    p = closed(ctx, tmp_path)
    refused(ctx, p["id"], "回头看反弹", "反弹情况", deadline="2027-01-31")
    refused(ctx, p["id"], "回头看反弹", "新的整改时限", reason="又出现白条")
    p = problems.transition(ctx, p["id"], "回头看反弹", reason="又出现白条", working_days=20)
    assert p["status"] == "整改中" and p["relapse_count"] == 1 and p["closed_date"] is None
    assert p["revisit_result"] == "反弹：又出现白条" and p["revisit_due"] is None


def test_revisit_months_setting(ctx, tmp_path):
    settings.put(ctx, "revisit_months", 1)
    assert closed(ctx, tmp_path)["revisit_due"] == "2026-12-24"


def test_reject_and_transfer_are_terminal(ctx, tmp_path):
    a = new_problem(ctx)
    refused(ctx, a["id"], "不予认定", "理由")
    a = problems.transition(ctx, a["id"], "不予认定", reason="经核实不属实")
    assert a["status"] == "不予认定" and a["colour"] == "grey" and a["allowed_actions"] == []
    refused(ctx, a["id"], "移交", "不能执行", reason="x")
    b = closed(ctx, tmp_path)
    refused(ctx, b["id"], "移交", "理由")
    b = problems.transition(ctx, b["id"], "移交", reason="涉嫌违纪", forwarded_to="区纪委监委")
    assert b["status"] == "已移交" and b["handling"] == "移交问题线索" and "区纪委监委" in b["ended_reason"]
    refused(ctx, b["id"], "不予认定", "不能执行", reason="x")
    refused(ctx, b["id"], "回头看反弹", "不能执行", reason="x", deadline="2027-01-01")


def test_chase_is_logged_without_status_change(ctx):
    p = assigned(ctx)
    p = problems.transition(ctx, p["id"], "催办", reason="电话催办")
    assert p["status"] == "已交办" and p["events"][-1]["action"] == "催办"
    assert p["events"][-1]["details"] == {"方式": "电话催办"}


def test_bulk_action_is_all_or_nothing(ctx):
    a, b = assigned(ctx), new_problem(ctx)
    before = db_snapshot(ctx.db.path)
    with pytest.raises(GateRefused, match=b["no"]):
        problems.transition_many(ctx, [a["id"], b["id"]], "延期", deadline="2027-02-01", reason="r", approver="x")
    assert db_snapshot(ctx.db.path) == before
    c = assigned(ctx)
    out = problems.transition_many(ctx, [a["id"], c["id"]], "延期", deadline="2027-02-01", reason="r", approver="x")
    assert {p["deadline"] for p in out} == {"2027-02-01"}


def test_unreadable_attachment_is_refused_and_nothing_written(ctx, tmp_path):
    p = new_problem(ctx)
    before = db_snapshot(ctx.db.path)
    with pytest.raises(ImportFileError, match="无法读取"):
        attachments.add_file(ctx, tmp_path / "missing.jpg", "problem", p["id"], "照片")
    folder = tmp_path / "a-folder.jpg"
    folder.mkdir()
    with pytest.raises(ImportFileError, match="无法读取"):
        attachments.add_file(ctx, folder, "problem", p["id"], "照片")
    assert db_snapshot(ctx.db.path) == before


def test_attachment_is_stored_once_and_hash_audited(ctx, tmp_path):
    p = new_problem(ctx)
    one = attachments.add_file(ctx, evidence(tmp_path, "a.png"), "problem", p["id"])
    two = attachments.add_file(ctx, evidence(tmp_path, "b.png"), "problem", p["id"])
    assert one["sha256"] == two["sha256"] and one["kind"] == "照片"
    stored = list((ctx.data.sub("attachments")).rglob("*.png"))
    assert len(stored) == 1 and attachments.file_path(ctx, one) == stored[0]
    with ctx.reader() as s:
        summary = s.execute(text("SELECT summary, after_json FROM audit_log WHERE entity='attachment' "
                                 "AND entity_id=:i"), {"i": one["id"]}).one()
    assert one["sha256"] in summary.summary and json.loads(summary.after_json)["sha256"] == one["sha256"]


def test_problem_by_number_and_delete(ctx):
    p = new_problem(ctx)
    assert problems.get_problem(ctx, p["no"])["id"] == p["id"]
    with pytest.raises(ValidationError, match="原因"):
        problems.delete_problem(ctx, p["no"], "")
    problems.delete_problem(ctx, p["no"], "重复登记")
    assert new_problem(ctx)["no"] == "2026-002"  # numbers are never reused


def test_create_in_callers_transaction_with_evidence_and_links(ctx, tmp_path):
    p0 = new_problem(ctx)
    photo = attachments.add_file(ctx, evidence(tmp_path, "检查照片.png"), "inspection", "insp-1", "照片")
    with ctx.session() as s:
        made = problems.create_problems_in(s, ctx, [
            {"unit_id": p0["unit_id"], "description": "检查发现：公开栏未更新", "found_date": "2026-11-20",
             "source": "共性清单", "inspection_id": "insp-1", "inspection_item_id": "item-3",
             "attachment_ids": [photo["id"]], "evidence": [(evidence(tmp_path, "补充.png", b"x"), "扫描件")]},
            {"unit_id": p0["unit_id"], "description": "检查发现：票据不全", "found_date": "2026-11-20",
             "source": "共性清单", "inspection_id": "insp-1"}])
    assert [m["no"] for m in made] == ["2026-002", "2026-003"]
    got = problems.get_problem(ctx, made[0]["id"])
    assert got["inspection_item_id"] == "item-3" and got["evidence_count"] == 2
    assert {a["sha256"] for a in got["attachments"]} >= {photo["sha256"]}
    assert {a["kind"] for a in got["attachments"]} == {"照片", "扫描件"}


def test_create_in_transaction_rolls_back_as_a_whole(ctx):
    p0 = new_problem(ctx)
    before = db_snapshot(ctx.db.path)
    with pytest.raises(ValidationError, match="问题描述"), ctx.session() as s:
        problems.create_problems_in(s, ctx, [
            {"unit_id": p0["unit_id"], "description": "好的", "found_date": "2026-11-20", "source": "自主"},
            {"unit_id": p0["unit_id"], "description": "", "found_date": "2026-11-20", "source": "自主"}])
    assert db_snapshot(ctx.db.path) == before


def test_edit_facts_keeps_number_and_checks_dates(ctx):
    p = new_problem(ctx)
    p = problems.transition(ctx, p["id"], "交办", requirement="x", deadline="2026-11-01")
    before = db_snapshot(ctx.db.path)
    with pytest.raises(ValidationError, match="不能晚于整改时限"):
        problems.update_problem(ctx, p["id"], {"found_date": "2026-11-10"})
    with pytest.raises(ValidationError, match="晚于今天"):
        problems.update_problem(ctx, p["id"], {"found_date": "2026-12-05"})
    assert db_snapshot(ctx.db.path) == before
    new = problems.update_problem(ctx, p["id"], {"severity": "严重", "description": "改写后的描述：白条5笔"})
    assert new["no"] == p["no"] and new["severity"] == "严重" and new["status"] == "已交办"
    from desktop.core.services.search import fulltext as search

    assert search.search(ctx, "改写后的描述").count == 1


def test_read_only_user_cannot_change_problems(ctx):
    from desktop.core.errors import PermissionDenied
    from desktop.core.services.org import users
    from desktop.core.services.org.context import refresh_identity

    p = assigned(ctx)
    users.create_user(ctx, "查阅员", "viewer", "只读")
    refresh_identity(ctx, login="viewer")
    before = db_snapshot(ctx.db.path)
    with pytest.raises(PermissionDenied):
        problems.transition(ctx, p["id"], "开始整改")
    with pytest.raises(PermissionDenied):
        new_problem(ctx)
    assert db_snapshot(ctx.db.path) == before
    assert problems.get_problem(ctx, p["no"])["status"] == "已交办"  # reading is allowed


def test_dates_keep_their_order(ctx, tmp_path):
    p = assigned(ctx)
    p = problems.transition(ctx, p["id"], "反馈", measures="已整改", evidence=[evidence(tmp_path)])
    refused(ctx, p["id"], "销号", "早于整改反馈日期", opinion="同意", on_date="2026-11-01")
    p = problems.transition(ctx, p["id"], "销号", opinion="同意")
    refused(ctx, p["id"], "回头看通过", "早于销号日期", on_date="2026-11-20")
    refused(ctx, p["id"], "回头看反弹", "早于销号日期", reason="x", deadline="2027-01-01", on_date="2026-11-20")
