"""Import of a messy legacy ledger from the GUI: dry-run report, category mapping, confirm, no duplicates."""

from __future__ import annotations

import pytest

from desktop.core.services.problems import query as problem_query
from desktop.core.services.registry import units
from desktop.ui.dialogs import ledger_io
from desktop.ui.pages.problems import ProblemsPage
from tests.conftest import db_snapshot
from tests.fixtures.messy_ledger import write_messy_ledger
from tests.ui.ledger_helpers import Alerts, make_env


@pytest.fixture
def shown(monkeypatch):
    return Alerts(monkeypatch)


@pytest.fixture
def page(qtbot, demo_ctx, tmp_path):
    p = ProblemsPage(make_env(demo_ctx, tmp_path))
    qtbot.addWidget(p)
    p.on_shown()
    return p


def _issues(dlg) -> list[tuple[str, str, str]]:
    t = dlg.issues
    return [tuple(t.item(r, c).text() for c in (0, 3, 4)) for r in range(t.rowCount())]


def test_import_dialog_dry_run_map_confirm_and_reimport(page, demo_ctx, demo_dir, tmp_path, shown):
    v = units.villages(demo_ctx)
    path = write_messy_ledger(tmp_path / "旧台账.xlsx", v[0]["name"], v[1]["name"])
    before = db_snapshot(demo_dir / "qingfeng.db")
    count = problem_query.count_problems(demo_ctx)
    ledger_io.start_import(page, str(path))
    dlg = page.dialog
    assert "可导入" in dlg.summary.text() and "尚未写入" in dlg.summary.text()
    reasons = " ".join(r for _row, _col, r in _issues(dlg))
    assert "不在目录中" in reasons and "重复" in reasons and "不在名册中" in reasons
    assert dlg.field_combos["description"].currentText() == "存在问题"
    assert db_snapshot(demo_dir / "qingfeng.db") == before  # a dry run writes nothing
    first_ok = len(dlg.report["accepted"])
    combo = dlg.category_combos["财务"]
    combo.setCurrentIndex(combo.findData("村级财务"))
    dlg.check()
    assert len(dlg.report["accepted"]) == first_ok + 1
    dlg.confirm()
    assert dlg.result_report["written"] == first_ok + 1
    assert problem_query.count_problems(demo_ctx) == count + first_ok + 1
    assert page.count_label.text() == f"共 {count + first_ok + 1} 个问题"
    ledger_io.start_import(page, str(path))
    again = page.dialog
    assert again.report["accepted"] == [] and len(again.report["skipped"]) >= first_ok
    assert not again.import_btn.isEnabled()


def test_import_dialog_refuses_foreign_file(page, tmp_path, shown, demo_dir):
    bad = tmp_path / "照片.xlsx"
    bad.write_bytes(b"not a zip")
    before = db_snapshot(demo_dir / "qingfeng.db")
    ledger_io.start_import(page, str(bad))
    assert "不是有效的 Excel" in shown.texts()
    assert db_snapshot(demo_dir / "qingfeng.db") == before


def test_import_dialog_shows_original_numbers_and_lets_the_user_decide_possible_duplicates(page, demo_ctx, tmp_path,
                                                                                            shown, qtbot):
    from openpyxl import Workbook

    from desktop.core.services.problems import records as problems

    unit = units.villages(demo_ctx)[0]
    known = problems.create_problem(demo_ctx, {"unit_id": unit["id"], "found_date": "2025-06-01",
                                               "description": "报账员以白条入账5笔，共计3200元", "source": "自主"})
    wb = Workbook()
    wb.active.append(["序号", "发现时间", "所属村", "问题描述"])
    wb.active.append([1, "2025-06-01", unit["name"], "报账员以白条入账5笔,共计3200元"])
    wb.active.append([2, "2025-06-02", unit["name"], "财务公开栏未更新"])
    wb.active.append([3, "不是日期", unit["name"], "日期写错"])
    path = tmp_path / "旧台账.xlsx"
    wb.save(path)
    count = problem_query.count_problems(demo_ctx)
    ledger_io.start_import(page, str(path))
    dlg = page.dialog
    qtbot.addWidget(dlg)
    dlg.show()
    box = dlg.duplicates
    assert box.isVisible() and box.table.rowCount() == 1
    assert [box.table.item(0, c).text() for c in range(3)] == ["2", "序号 1", known["no"]]
    table = {dlg.issues.item(r, 0).text(): (dlg.issues.item(r, 1).text(), dlg.issues.item(r, 2).text())
             for r in range(dlg.issues.rowCount())}
    assert table["2"] == ("序号 1", "可能重复") and table["3"] == ("序号 2", "可导入")
    assert table["4"] == ("序号 3", "不能导入")
    assert "可导入 <b>1</b> 行" in dlg.summary.text() and "可能重复 1 行" in dlg.summary.text()
    dlg.grab().save("/tmp/fi_import_dialog.png")
    combo = box.combos[2]
    combo.setCurrentIndex(combo.findData("import"))  # the user chooses: import it anyway
    assert "可导入 <b>2</b> 行" in dlg.summary.text()
    dlg.confirm()
    assert "将导入 2 个问题" in shown.texts() and dlg.result_report["written"] == 2
    assert problem_query.count_problems(demo_ctx) == count + 2


def test_problem_detail_shows_the_original_number_of_an_imported_problem(page, demo_ctx, tmp_path, shown, qtbot):
    from openpyxl import Workbook

    from desktop.core.services.problems import ledger_io as ledger_service
    from desktop.core.services.problems import records as problems
    from desktop.ui.widgets.problem_detail import ProblemDetail

    unit = units.villages(demo_ctx)[0]
    wb = Workbook()
    wb.active.append(["问题编号", "发现时间", "所属村", "问题描述"])
    wb.active.append(["清纪〔2024〕17", "2024-05-06 10:00", unit["name"], "会计报账手续不全"])
    wb.save(tmp_path / "x.xlsx")
    r = ledger_service.import_problems(demo_ctx, tmp_path / "x.xlsx", dry_run=False)
    detail = ProblemDetail(page.env, on_add_files=lambda files: None)
    qtbot.addWidget(detail)
    detail.resize(700, 600)
    detail.show_problem(problems.get_problem(demo_ctx, r["accepted"][0]["no"]))
    text = detail.view.toPlainText()
    assert "原编号" in text and "清纪〔2024〕17" in text and r["accepted"][0]["no"].startswith("2024-")
    detail.grab().save("/tmp/fi_problem_detail.png")
