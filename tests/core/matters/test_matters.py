"""Supervision matters: validation, target units, derived problem counts, filters, export headers."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from desktop.core.errors import ValidationError
from desktop.core.services.matters import records as matters
from desktop.core.services.registry import units
from tests.conftest import db_snapshot


@pytest.fixture
def villages(ctx):
    return [units.create(ctx, {"name": n, "type": "行政村"}) for n in ("青石村", "柳溪村")]


def _values(**over):
    base = {"title": "村级财务专项监督", "source": "专项", "category": "专项", "lead_name": "王晓燕",
            "plan_start": "2026-10-01", "plan_due": "2026-12-31", "status": "进行中"}
    return {**base, **over}


def test_matters_create_keeps_units_and_reads_back(ctx, villages):
    m = matters.create(ctx, _values(unit_ids=[v["id"] for v in villages], basis_doc="X纪发〔2026〕3号"))
    assert set(m["unit_names"].split("、")) == {"青石村", "柳溪村"}
    assert (m["found_count"], m["rectified_count"]) == (0, 0)
    m2 = matters.update(ctx, m["id"], {"unit_ids": [villages[1]["id"]], "status": "已完成"})
    assert m2["unit_names"] == "柳溪村" and m2["status"] == "已完成"
    assert [r["title"] for r in matters.list_matters(ctx, unit_id=villages[0]["id"])] == []
    assert len(matters.list_matters(ctx, unit_id=villages[1]["id"])) == 1


@pytest.mark.parametrize("over, message", [
    ({"title": "  "}, "请填写监督事项名称"),
    ({"source": "网上"}, "来源只能是"),
    ({"category": "重点"}, "监督类别只能是"),
    ({"status": "搁置"}, "状态只能是"),
    ({"plan_due": "2026-09-01"}, "计划完成时限不能早于计划开始日期"),
    ({"plan_start": "2026-13-01"}, "不是有效日期"),
    ({"unit_ids": ["no-such-unit"]}, "监督对象中有单位不存在"),
])
def test_matters_bad_input_is_refused_and_nothing_written(ctx, site_dir, over, message):
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match=message):
        matters.create(ctx, _values(**over))
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_matters_counts_are_derived_from_problem_rows(ctx, villages):
    m = matters.create(ctx, _values(unit_ids=[villages[0]["id"]]))
    from desktop.core.models.problems import Problem
    from desktop.core.services import rows
    from desktop.core.services.problems import records as problems

    made = [problems.create_problem(ctx, _problem(villages[0]["id"], m["id"])) for _ in range(4)]
    problems.create_problem(ctx, _problem(villages[0]["id"], None))
    got = matters.get_matter(ctx, m["id"])
    assert got["found_count"] == 4 and got["rectified_count"] == 0
    with ctx.session() as s:  # statuses as the lifecycle would leave them
        for p, status in zip(made, ("已销号", "已归档", "不予认定"), strict=False):
            rows.update(s, ctx, Problem, p["id"], {"status": status})
    got = matters.get_matter(ctx, m["id"])
    assert (got["found_count"], got["rectified_count"]) == (3, 2)
    assert [r["found_count"] for r in matters.list_matters(ctx)] == [3]


def _problem(unit_id, matter_id):
    return {"unit_id": unit_id, "matter_id": matter_id, "category": "村级财务", "problem_type": "白条入账",
            "description": "2026年10月12日，青石村报账凭证中有白条3张，金额1200元。", "found_date": "2026-11-01",
            "source": "专项", "handling": "限期整改", "severity": "一般"}


def test_matters_text_search_finds_short_terms_and_unit_names(ctx, villages):
    matters.create(ctx, _values(title="低保动态管理", unit_ids=[villages[0]["id"]]))
    matters.create(ctx, _values(title="工程项目监督", unit_ids=[villages[1]["id"]]))
    assert [m["title"] for m in matters.list_matters(ctx, text="低保")] == ["低保动态管理"]
    assert [m["title"] for m in matters.list_matters(ctx, text="柳溪")] == ["工程项目监督"]
    assert len(matters.list_matters(ctx, text="监")) == 1


def test_matters_overdue_flag_and_delete(ctx, villages):
    late = matters.create(ctx, _values(plan_start="2026-01-01", plan_due="2026-06-30"))
    assert late["overdue"] is True
    matters.delete(ctx, late["id"], reason="重复录入")
    assert matters.list_matters(ctx) == []


def test_matters_export_has_ledger_headers(ctx, villages, tmp_path):
    matters.create(ctx, _values(unit_ids=[villages[0]["id"]], plan_due="2026-12-31"))
    out = tmp_path / "监督台账.xlsx"
    assert matters.export_xlsx(ctx, out) == 1
    ws = load_workbook(out).active
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["序号", "监督事项", "监督类别"]
    for h in ("发现问题数", "已整改数", "计划完成时限", "监督对象（村/单位）", "责任人（纪委）", "状态", "备注"):
        assert h in headers
    due = ws.cell(row=2, column=headers.index("计划完成时限") + 1).value
    assert due.year == 2026 and due.month == 12
    assert ws.freeze_panes == "A2"
