"""两清单: the seeded default list, item versions, retiring, local items, district lists read-only."""

from __future__ import annotations

import pytest

from desktop.core.errors import GateRefused, ValidationError
from desktop.core.models.checks import Checklist
from desktop.core.services.checks import checklists, inspections
from tests.conftest import db_snapshot
from tests.core.check_helpers import default_items, new_inspection


def test_seed_covers_the_twelve_categories_and_extra_topics(ctx):
    lists = checklists.list_checklists(ctx)
    assert [(c["kind"], c["year"], c["status"]) for c in lists] == [("共性化", 2026, "执行中")]
    items = checklists.list_items(ctx)
    cats = {i["category"] for i in items}
    for name in ("重大事项决策", "三务公开", "村级财务", "集体“三资”", "村级工程项目", "惠民惠农补贴", "低保救助",
                 "宅基地审批", "印章使用与出具证明", "征地拆迁补偿", "村干部履职廉洁", "村务监督",
                 "政治监督事项", "换届纪律", "营商环境", "群众满意度"):
        assert name in cats
    assert all(checklists.points_list(i["check_points"]) for i in items)
    assert len({i["code"] for i in items}) == len(items)
    assert any(i["weight"] == 2 for i in items) and all(i["problem_type"] for i in items)


def test_editing_an_item_keeps_the_version_an_inspection_used(ctx):
    ins = new_inspection(ctx, n_items=2)
    first = ins["items"][0]
    new = checklists.update_item(ctx, first["item_id"], {"subject": "改写后的检查内容", "check_points": "要点甲\n要点乙"})
    assert new["version"] == 2 and new["id"] != first["item_id"]
    again = inspections.get_inspection(ctx, ins["id"])["items"][0]
    assert again["subject"] == first["subject"] and again["item_id"] == first["item_id"]
    versions = checklists.item_versions(ctx, new["id"])
    assert [v["version"] for v in versions] == [1, 2]
    assert [v["is_current"] for v in versions] == [False, True]
    current = {i["code"]: i for i in checklists.list_items(ctx)}[first["code"]]
    assert current["subject"] == "改写后的检查内容"


def test_retiring_an_item_used_by_a_draft_is_refused_and_changes_nothing(ctx, site_dir):
    ins = new_inspection(ctx, n_items=2)
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(GateRefused, match="正被未完成的检查草稿使用"):
        checklists.retire_item(ctx, ins["items"][0]["item_id"])
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_retired_item_leaves_the_list_but_not_past_records(ctx):
    item = default_items(ctx)[-1]
    checklists.retire_item(ctx, item["id"], "不再检查")
    assert item["id"] not in {i["id"] for i in checklists.list_items(ctx)}
    retired = [i for i in checklists.list_items(ctx, include_retired=True) if i["id"] == item["id"]]
    assert retired[0]["status"] == "已停用"
    checklists.restore_item(ctx, item["id"])
    assert item["id"] in {i["id"] for i in checklists.list_items(ctx)}


def test_local_list_takes_new_items_and_refuses_a_duplicate_code(ctx):
    cl = checklists.create_checklist(ctx, {"kind": "个性化", "year": 2026, "title": "清溪镇个性化清单"})
    checklists.add_item(ctx, cl["id"], {"code": "G01", "category": "村级财务", "subject": "防汛物资采购",
                                        "check_points": ["询价比价", "入库登记"], "weight": 2})
    with pytest.raises(ValidationError, match="G01"):
        checklists.add_item(ctx, cl["id"], {"code": "G01", "category": "村级财务", "subject": "另一项"})
    with pytest.raises(ValidationError, match="适用对象"):
        checklists.add_item(ctx, cl["id"], {"code": "G02", "category": "村级财务", "subject": "x",
                                            "applies_to": "外星村"})
    items = checklists.list_items(ctx, cl["id"])
    assert [(i["code"], i["check_points"], i["weight"]) for i in items] == [("G01", "询价比价\n入库登记", 2.0)]


def test_district_list_is_read_only(ctx):
    with ctx.session() as s:
        cl = checklists.create_checklist_in(s, ctx, {"kind": "共性化", "year": 2026, "title": "区下发清单"},
                                            read_only=True)
    with pytest.raises(GateRefused, match="区纪委监委下发"):
        checklists.add_item(ctx, cl["id"], {"code": "X1", "category": "村级财务", "subject": "x"})
    with pytest.raises(GateRefused, match="不能修改"):
        checklists.update_checklist(ctx, cl["id"], {"title": "改名"})


def test_common_list_from_the_district_site_is_read_only(ctx):
    with ctx.session() as s:
        cl = checklists.create_checklist_in(s, ctx, {"kind": "共性化", "year": 2026, "title": "经交换收到的区清单"})
        s.execute(Checklist.__table__.update().where(Checklist.__table__.c.id == cl["id"])
                  .values(origin_site="330226000"))
    with pytest.raises(GateRefused, match="乡镇不能修改"):
        checklists.add_item(ctx, cl["id"], {"code": "X1", "category": "村级财务", "subject": "x"})
    own = checklists.create_checklist(ctx, {"kind": "个性化", "year": 2026, "title": "本镇清单"})
    assert checklists.add_item(ctx, own["id"], {"code": "L1", "category": "村级财务", "subject": "x"})["version"] == 1
