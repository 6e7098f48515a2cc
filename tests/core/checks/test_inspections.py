"""Inspections: drafts, the completion gate, proposals → problems linked back, photos."""

from __future__ import annotations

import pytest

from desktop.core.errors import GateRefused, ImportFileError, ValidationError
from desktop.core.services import attachments
from desktop.core.services.checks import completion as check_problems
from desktop.core.services.checks import inspections
from desktop.core.services.checks import photos as check_photos
from desktop.core.services.problems import records as problems
from tests.conftest import db_snapshot
from tests.core.check_helpers import PNG, answer, new_inspection, village


def test_draft_is_saved_and_resumed(ctx):
    ins = new_inspection(ctx, n_items=3, contacted_note="走访群众 12 户")
    assert ins["status"] == "草稿" and ins["title"] == "青石村小微权力监督检查（2026-11-20）"
    answer(ctx, ins, [("符合", None), ("不符合", "会议记录缺签名")])
    again = inspections.get_inspection(ctx, ins["id"])
    assert [i["result"] for i in again["items"]] == ["符合", "不符合", None]
    assert again["counts"] == {"符合": 1, "不符合": 1, "不适用": 0, "未填": 1}
    assert again["people_contacted"] == 12 and again["methods"] == "查阅资料、走访群众"


def test_bad_head_values_are_refused(ctx):
    with pytest.raises(ValidationError, match="检查方式“喝茶”"):
        new_inspection(ctx, methods=["喝茶"])
    with pytest.raises(ValidationError, match="不能晚于今天"):
        new_inspection(ctx, date="2026-12-01")
    with pytest.raises(ValidationError, match="请选择被检查的单位"):
        new_inspection(ctx, unit_ids=[])
    assert inspections.list_inspections(ctx) == []


def test_completing_with_unanswered_items_is_refused_untouched(ctx, site_dir):
    ins = new_inspection(ctx, n_items=3)
    answer(ctx, ins, [("符合", None)])
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(GateRefused, match="还有 2 项未填写检查结果（C01-02、C01-03），不能完成检查"):
        check_problems.propose(ctx, ins["id"])
    with pytest.raises(GateRefused, match="还有 2 项未填写"):
        check_problems.complete(ctx, ins["id"], [])
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_failed_items_become_linked_problems_after_review(ctx, tmp_path):
    ins = new_inspection(ctx, n_items=4)
    answer(ctx, ins, [("符合", None), ("不符合", "2026年9月修路工程未经村民代表会议表决"), ("不适用", None),
                      ("不符合", "决议未公开")])
    photo = tmp_path / "公开栏.png"
    photo.write_bytes(PNG)
    check_photos.add_photo(ctx, ins["items"][1]["id"], photo)
    proposals = check_problems.propose(ctx, ins["id"])
    assert [(p.code, p.category, p.source) for p in proposals] == [("C01-02", "重大事项决策", "共性清单"),
                                                                   ("C01-04", "重大事项决策", "共性清单")]
    assert proposals[0].problem_type == "补做记录" and len(proposals[0].photo_ids) == 1
    assert "修路工程" in proposals[0].description and "青石村" in proposals[0].description
    proposals[0].description = "2026年9月，青石村修路工程未经村民代表会议表决即开工。"
    proposals[0].severity = "较重"
    proposals[1].keep = False
    result = check_problems.complete(ctx, ins["id"], proposals)
    assert len(result.problem_ids) == 1 and result.dropped == 1
    p = problems.get_problem(ctx, result.problem_ids[0])
    assert (p["inspection_id"], p["inspection_item_id"]) == (ins["id"], ins["items"][1]["id"])
    assert (p["description"], p["severity"], p["status"], p["found_date"]) == (
        "2026年9月，青石村修路工程未经村民代表会议表决即开工。", "较重", "待核实", "2026-11-20")
    evidence = attachments.list_for(ctx, "problem", p["id"])
    assert [(a["file_name"], a["kind"]) for a in evidence] == [("公开栏.png", "照片")]
    done = inspections.get_inspection(ctx, ins["id"])
    assert done["status"] == "已完成" and done["items"][1]["problem_id"] == p["id"]
    assert done["items"][3]["problem_id"] is None
    assert [x["id"] for x in check_problems.problems_of(ctx, ins["id"])] == [p["id"]]
    with pytest.raises(GateRefused, match="已完成"):
        inspections.save_results(ctx, ins["id"], [{"id": done["items"][0]["id"], "result": "不符合"}])


def test_a_bad_proposal_rolls_the_whole_completion_back(ctx, site_dir):
    ins = new_inspection(ctx, n_items=2)
    answer(ctx, ins, [("不符合", "甲"), ("不符合", "乙")])
    proposals = check_problems.propose(ctx, ins["id"])
    proposals[1].description = "  "
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match="描述不能为空"):
        check_problems.complete(ctx, ins["id"], proposals)
    assert db_snapshot(site_dir / "qingfeng.db") == before


@pytest.mark.parametrize("content, message", [
    (b"", "是空文件"),
    (b"this is not a photo at all", "不是可识别的照片"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "不完整"),
])
def test_unreadable_photo_is_refused_untouched(ctx, site_dir, tmp_path, content, message):
    ins = new_inspection(ctx, n_items=1)
    bad = tmp_path / "坏照片.jpg"
    bad.write_bytes(content)
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ImportFileError, match=message):
        check_photos.add_photo(ctx, ins["items"][0]["id"], bad)
    with pytest.raises(ImportFileError, match="无法读取照片"):
        check_photos.add_photo(ctx, ins["items"][0]["id"], tmp_path / "不存在.jpg")
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_multi_unit_check_lists_under_each_unit(ctx):
    a, b = village(ctx, "青石村"), village(ctx, "柳溪村")
    ins = new_inspection(ctx, unit_ids=[a["id"], b["id"]], n_items=1)
    assert ins["title"].startswith("青石村、柳溪村")
    assert [r["id"] for r in inspections.list_inspections(ctx, unit_id=b["id"])] == [ins["id"]]
    inspections.update_inspection(ctx, ins["id"], {"unit_ids": [b["id"]]})
    assert inspections.list_inspections(ctx, unit_id=a["id"]) == []


def test_draft_items_can_be_changed_keeping_answers_and_versions(ctx):
    from desktop.core.services.checks import checklists

    ins = new_inspection(ctx, n_items=3)
    answer(ctx, ins, [("不符合", "保留的说明")])
    newer = checklists.update_item(ctx, ins["items"][0]["item_id"], {"subject": "新版本"})
    extra = checklists.list_items(ctx)[10]
    changed = inspections.set_items(ctx, ins["id"], [newer["id"], ins["items"][2]["item_id"], extra["id"]])
    assert changed == {"added": 1, "removed": 1}
    items = inspections.get_inspection(ctx, ins["id"])["items"]
    assert [(i["code"], i["result"], i["note"]) for i in items] == [
        ("C01-01", "不符合", "保留的说明"), ("C01-03", None, None), (extra["code"], None, None)]
    assert items[0]["subject"] != "新版本"
