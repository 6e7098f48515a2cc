"""监督台账 page: list with filters and search, new/edit form, refused input, export, detail link."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.core.services.matters import records as matters
from desktop.ui.pages.matters import MattersPage
from tests.conftest import db_snapshot
from tests.ui.ledger_helpers import Alerts, column_values, make_env


@pytest.fixture
def shown(monkeypatch):
    return Alerts(monkeypatch)


@pytest.fixture
def page(qtbot, demo_ctx, tmp_path):
    navigated = []
    p = MattersPage(make_env(demo_ctx, tmp_path, navigated))
    p.navigated = navigated
    qtbot.addWidget(p)
    p.on_shown()
    return p


def test_matters_page_lists_filters_and_searches(page, qtbot):
    assert page.count_label.text() == "共 30 项"
    page.source_filter.set_value("信访")
    assert set(column_values(page, "source")) == {"信访"}
    assert page.count_label.text() == f"共 {page.model.rowCount()} 项"
    page.source_filter.setCurrentIndex(0)
    page.search.insert("低保")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    titles = column_values(page, "title")
    assert titles and all("低保" in t for t in titles)


def test_matters_page_new_matter_through_the_form(page, qtbot, shown):
    qtbot.mouseClick(page.new_btn, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    dlg.title_edit.insert("农村集体经济合同清理专项监督")
    dlg.source.setCurrentText("专项")
    dlg.category.setCurrentText("专项")
    dlg.check_units(["青石村"])
    dlg.plan_due.set_iso("2026-12-31")
    dlg.method_boxes[1].setChecked(True)
    qtbot.mouseClick(dlg.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert not dlg.isVisible() and not shown.shown
    assert page.count_label.text() == "共 31 项"
    row = page.current_row()
    assert row["title"] == "农村集体经济合同清理专项监督" and row["unit_names"] == "青石村"
    assert "查阅资料" in page.detail.toPlainText()


def test_matters_page_refuses_bad_form_and_keeps_dialog(page, qtbot, shown, demo_dir):
    before = db_snapshot(demo_dir / "qingfeng.db")
    page._on_new()
    dlg = page.dialog
    dlg.title_edit.insert("某事项")
    dlg.plan_start.set_iso("2026-12-01")
    dlg.plan_due.set_iso("2026-11-01")
    dlg._on_ok()
    assert "不能早于" not in shown.texts()  # shown in the form itself, not in a message box
    assert dlg.isVisible() and "计划完成时限不能早于计划开始日期" in dlg.form.error_text("plan_due")
    assert dlg.error_label.isVisibleTo(dlg) and dlg.focusWidget() is dlg.plan_due
    assert db_snapshot(demo_dir / "qingfeng.db") == before


def test_matters_page_edit_sort_and_export(page, qtbot, tmp_path, shown, demo_ctx):
    page.table.selectRow(0)
    first = page.current_row()
    page._on_edit()
    page.dialog.status.setCurrentText("已取消")
    page.dialog._on_ok()
    assert matters.get_matter(demo_ctx, first["id"])["status"] == "已取消"
    assert page.current_row()["id"] == first["id"]
    col = next(i for i, c in enumerate(page.model.columns) if c.key == "title")
    page.table.horizontalHeader().sectionClicked.emit(col)
    titles = column_values(page, "title")
    assert titles == sorted(titles)
    out = tmp_path / "台账.xlsx"
    page.export_to(str(out))
    ws = load_workbook(out).active
    assert ws.max_row == 31 and ws.cell(1, 2).value == "监督事项"
    assert "已导出 30 条" in shown.texts()


def test_matters_page_detail_link_opens_problems(page, demo_ctx):
    from desktop.core.services.problems import records as problems

    m = matters.list_matters(demo_ctx)[5]
    unit_id = m["unit_ids"][0]
    for _ in range(2):
        problems.create_problem(demo_ctx, {"unit_id": unit_id, "matter_id": m["id"], "description": "台账缺失。",
                                           "found_date": "2026-11-01"})
    page.reload()
    page.open_record(m["id"])
    assert page.current_row()["found_count"] == m["found_count"] + 2
    assert "发现问题数" in page.detail.toPlainText()
    assert page.current_row()["id"] == m["id"]
    page._on_link(type("U", (), {"toString": lambda self: "#problems"})())
    assert page.navigated == [("problems", f"matter:{m['id']}")]


def test_matters_page_remembers_column_widths(qtbot, demo_ctx, tmp_path):
    env = make_env(demo_ctx, tmp_path)
    first = MattersPage(env)
    qtbot.addWidget(first)
    first.table.setColumnWidth(0, 333)
    first.save_state(env.settings)
    second = MattersPage(env)
    qtbot.addWidget(second)
    assert second.table.columnWidth(0) == 333
