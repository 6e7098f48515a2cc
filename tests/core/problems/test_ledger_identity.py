"""Identity of legacy ledger rows (issue 11 §2): 序号 is not an identity, nothing is dropped silently."""

from __future__ import annotations

import pytest

from desktop.core.services.problems import ledger_io
from desktop.core.services.problems import query as problem_query
from desktop.core.services.problems import records as problems
from tests.conftest import db_snapshot
from tests.core.problem_helpers import new_problem, village

SEQ_HEADERS = ["序号", "发现时间", "所属村", "问题类别", "问题描述", "整改状态"]


def seq_ledger(path, rows) -> object:
    """A legacy ledger whose only number column is 序号 (1, 2, 3 …)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(SEQ_HEADERS)
    for i, (found, unit, description) in enumerate(rows, start=1):
        ws.append([i, found, unit, "村级财务", description, "整改中"])
    wb.save(path)
    return path


def ledger(path, headers, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


A_ROWS = [(f"2025-03-0{i % 9 + 1}", "青石村", f"青石村第{i}笔白条入账问题") for i in range(1, 19)]
A_ROWS += [("不是日期", "青石村", "发现时间写错的问题"), ("2025-04-01", "无此村", "单位不在名册的问题")]


@pytest.fixture
def villages(ctx):
    return village(ctx, "青石村"), village(ctx, "石门村")


def _total(r) -> int:
    return len(r["accepted"]) + len(r["rejected"]) + len(r["skipped"])


def test_seq_only_ledger_is_imported_on_a_database_with_problems_of_that_year(ctx, villages, tmp_path):
    for i in range(25):  # the township already has 2025-001 … 2025-025 (which the old code matched to 序号)
        new_problem(ctx, found_date="2025-02-01", description=f"本镇已有问题{i}")
    path = seq_ledger(tmp_path / "旧台账.xlsx", A_ROWS)
    dry = ledger_io.import_problems(ctx, path)
    assert dry["data_rows"] == 20 and _total(dry) == 20
    assert len(dry["accepted"]) == 18 and dry["skipped"] == []
    assert {(x["row"], x["column"]) for x in dry["rejected"]} == {(20, "发现时间"), (21, "所属村")}
    real = ledger_io.import_problems(ctx, path, dry_run=False)
    assert real["written"] == 18 and _total(real) == 20
    assert [a["no"] for a in real["accepted"]][:2] == ["2025-026", "2025-027"]  # this township's own sequence
    p = problems.get_problem(ctx, "2025-026")
    assert p["original_no"] == "序号 1" and p["import_key"].startswith("fp:")


def test_reimport_of_the_same_file_imports_nothing_and_still_validates_every_row(ctx, villages, tmp_path):
    path = seq_ledger(tmp_path / "旧台账.xlsx", A_ROWS)
    ledger_io.import_problems(ctx, path, dry_run=False)
    before = db_snapshot(ctx.db.path)
    again = ledger_io.import_problems(ctx, path, dry_run=False)
    assert again["written"] == 0 and len(again["skipped"]) == 18 and _total(again) == 20
    assert "已导入过" in again["skipped"][0]["reason"]
    assert {x["row"] for x in again["rejected"]} == {20, 21}  # bad rows are still reported, not skipped
    after = db_snapshot(ctx.db.path)
    assert after["problem"] == before["problem"]


def test_another_ledger_with_overlapping_seq_imports_all_its_rows(ctx, villages, tmp_path):
    ledger_io.import_problems(ctx, seq_ledger(tmp_path / "青石.xlsx", A_ROWS[:18]), dry_run=False)
    other = [(f"2025-05-{i:02d}", "石门村", f"石门村第{i}个问题：三务公开不及时") for i in range(1, 19)]
    r = ledger_io.import_problems(ctx, seq_ledger(tmp_path / "石门.xlsx", other), dry_run=False)
    assert r["written"] == 18 and r["skipped"] == [] and r["rejected"] == []
    assert problem_query.count_problems(ctx) == 36


def test_fingerprint_match_without_number_match_is_a_possible_duplicate_the_user_decides(ctx, villages, tmp_path):
    known = new_problem(ctx, found_date="2025-06-01", description="青石村 报账员以白条入账5笔，共计3200元。")
    headers = ["问题编号", "发现时间", "所属村", "问题描述"]
    rows = [["QX-7", "2025-06-01", "青石村", "青石村报账员以白条入账5笔,共计3200元"],  # same facts, other punctuation
            ["QX-8", "2025-06-02", "青石村", "另一个问题"]]
    path = ledger(tmp_path / "x.xlsx", headers, rows)
    dry = ledger_io.import_problems(ctx, path)
    assert dry["possible_duplicates"] == [{"row": 2, "original_no": "QX-7", "existing_no": known["no"],
                                           "reason": f"单位、发现时间和问题描述与台账中的 {known['no']} 相同",
                                           "decision": "skip"}]
    assert [a["row"] for a in dry["accepted"]] == [3] and [s["row"] for s in dry["skipped"]] == [2]
    assert _total(dry) == dry["data_rows"] == 2
    both = ledger_io.import_problems(ctx, path, duplicate_choices={2: "import"})
    assert [a["row"] for a in both["accepted"]] == [2, 3] and both["accepted"][0]["possible_duplicate_of"] == known["no"]
    r = ledger_io.import_problems(ctx, path, dry_run=False, duplicates="import")
    assert r["written"] == 2
    again = ledger_io.import_problems(ctx, path)  # now both numbers are known: already imported, not 可能重复
    assert again["possible_duplicates"] == [] and len(again["skipped"]) == 2


def test_exported_ledger_read_back_is_already_in_the_ledger(ctx, villages, tmp_path):
    from desktop.core.progress import drain

    new_problem(ctx, found_date="2025-06-01")
    out = tmp_path / "导出.xlsx"
    drain(ledger_io.export_problems(ctx, out))
    r = ledger_io.import_problems(ctx, out)
    assert r["accepted"] == [] and len(r["skipped"]) == 1 and "已在台账中" in r["skipped"][0]["reason"]


def test_integer_numbers_are_read_within_the_year_and_bad_numbers_are_rejected(ctx, villages, tmp_path):
    headers = ["问题编号", "发现时间", "所属村", "问题描述"]
    rows = [[7, "2025-06-01", "青石村", "七号"], [7, "2024-06-01", "青石村", "去年的七号"],
            [0, "2025-06-01", "青石村", "零"], [-5, "2025-06-01", "青石村", "负数"], ["−5", "2025-06-01", "青石村", "负号"],
            [1.5, "2025-06-01", "青石村", "小数"], [10 ** 20, "2025-06-01", "青石村", "太大"],
            ["1e20", "2025-06-01", "青石村", "文本太大"], [8.0, "2025-06-01", "青石村", "整数写成小数"]]
    r = ledger_io.import_problems(ctx, ledger(tmp_path / "n.xlsx", headers, rows))
    assert [a["original_no"] for a in r["accepted"]] == ["7", "7", "8"]
    assert {x["row"]: x["column"] for x in r["rejected"]} == {4: "问题编号", 5: "问题编号", 6: "问题编号",
                                                                7: "问题编号", 8: "问题编号", 9: "问题编号"}
    assert "不是整数" in r["rejected"][3]["reason"] and "过大" in r["rejected"][4]["reason"]


def test_a_row_without_any_number_is_imported_by_fingerprint(ctx, villages, tmp_path):
    path = ledger(tmp_path / "n.xlsx", ["发现时间", "所属村", "问题描述"], [["2025-06-01", "青石村", "无编号的问题"],
                                                                      ["2025-06-01", "青石村", "无编号的问题"]])
    r = ledger_io.import_problems(ctx, path, dry_run=False)
    assert r["written"] == 1 and r["accepted"][0]["original_no"] is None
    assert "与第 2 行重复" in r["rejected"][0]["reason"] and r["rejected"][0]["column"] == "问题描述"
