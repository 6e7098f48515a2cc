"""Full-text search: trigram index for ≥ 3 characters, instr() scan for 1–2, operators are plain text."""

from __future__ import annotations

import pytest

from desktop.core.services.problems import records as problems
from desktop.core.services.search import fulltext as search
from desktop.core.store import fts
from tests.conftest import db_snapshot
from tests.core.problem_helpers import new_problem, village


@pytest.fixture
def ledger(ctx):
    new_problem(ctx, description="村集体鱼塘低价发包给村干部亲属，年租金仅800元", people=["王五"],
                category="集体“三资”", problem_type="低价发包")
    new_problem(ctx, description="三务公开栏未按季度更新，财务公开内容不全", people=["赵六"])
    new_problem(ctx, unit_id=village(ctx, "石门村")["id"], description='报账单据写有 "NEAR" 与 OR 及 a*b 字样',
                people=["张三"])
    return ctx


def test_three_or_more_characters_use_the_index(ledger):
    r = search.search(ledger, "低价发包")
    assert r.count == 1 and r.mode == "索引" and r.hits[0].entity == "problem"
    assert "低价发包" in r.hits[0].snippet and r.hits[0].title.startswith("2026-001")


def test_two_and_one_character_terms_are_scanned(ledger):
    r = search.search(ledger, "王五")
    assert r.count == 1 and r.mode == "逐条扫描"
    assert search.search(ledger, "鱼").count == 1
    assert search.search(ledger, "公开").count == 1
    assert search.search(ledger, "石门").count == 1  # unit names are indexed


def test_terms_are_anded_and_mixed_routing(ledger):
    r = search.search(ledger, "公开栏 赵六")
    assert r.count == 1 and r.mode == "混合"
    assert search.search(ledger, "公开栏 王五").count == 0


@pytest.mark.parametrize("query,count", [('"NEAR"', 1), ("NEAR", 1), ("OR", 1), ("a*b", 1), ('"', 1),
                                         ("低价 OR 公开", 0), ("NEAR(低价 公开)", 0), ("*", 1), ("**", 0), ('"""', 0)])
def test_quotes_and_operators_are_literal(ledger, query, count):
    before = db_snapshot(ledger.db.path)
    assert search.search(ledger, query).count == count
    assert db_snapshot(ledger.db.path) == before


def test_empty_query_and_count_beyond_limit(ledger):
    assert search.search(ledger, "  ").count == 0
    for i in range(5):
        new_problem(ledger, description=f"第{i}笔白条入账")
    r = search.search(ledger, "笔白条", limit=2)
    assert r.count == 5 and len(r.hits) == 2


def test_index_follows_changes_and_deletes(ledger, tmp_path):
    p = new_problem(ledger, description="村务监督委员会未审核票据")
    problems.transition(ledger, p["id"], "交办", requirement="整改", deadline="2026-12-31")
    problems.transition(ledger, p["id"], "反馈", measures="补开监委会审核会议")
    assert search.search(ledger, "补开监委会").count == 1
    problems.update_problem(ledger, p["id"], {"people": ["钱七"]})
    assert search.search(ledger, "钱七").count == 1
    problems.delete_problem(ledger, p["id"], "重复")
    assert search.search(ledger, "补开监委会").count == 0


def test_other_modules_can_add_their_rows(ledger):
    with ledger.session() as s:
        fts.upsert(s, "talk_record", "t-1", "约谈 王五", "就鱼塘发包问题约谈王五，本人表态立即整改")
    r = search.search(ledger, "鱼塘")
    assert r.count == 2 and {h.entity for h in r.hits} == {"problem", "talk_record"}
    assert search.search(ledger, "鱼塘", entities=["talk_record"]).count == 1


def test_rebuild_index(ledger):
    from desktop.core.progress import drain

    with ledger.session() as s:
        fts.clear(s, "problem")
    assert search.search(ledger, "低价发包").count == 0
    assert drain(search.rebuild_problems(ledger)) == 3
    assert search.search(ledger, "低价发包").count == 1
