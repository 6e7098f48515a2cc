"""工作台 page: counts and lists per section, entries open their problem, 催办单 export."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.core.services.problems import records as problems
from desktop.core.services.registry import units
from desktop.core.services.workbench import today as workbench
from desktop.ui.pages.workbench import WorkbenchPage
from tests.ui.ledger_helpers import Alerts, make_env


@pytest.fixture
def shown(monkeypatch):
    return Alerts(monkeypatch)


@pytest.fixture
def demo_ctx(ctx):
    """A township with two villages and no problems yet (the demo ledger would crowd the lists)."""
    for name in ("青石村", "柳溪村"):
        units.create(ctx, {"name": name, "type": "行政村"})
    return ctx


@pytest.fixture
def data(demo_ctx, tmp_path):
    """One overdue, one due in 5 days, one awaiting review in the first village."""
    vid = units.villages(demo_ctx)[0]["id"]
    made = {}
    for key, deadline in (("overdue", "2026-11-20"), ("due", "2026-11-29"), ("review", "2026-12-20")):
        p = problems.create_problem(demo_ctx, {"unit_id": vid, "description": f"{key}：公开栏未更新。",
                                               "found_date": "2026-11-01"})
        made[key] = problems.transition(demo_ctx, p["id"], "交办", requirement="及时公开", deadline=deadline,
                                        on_date="2026-11-02")
    made["review"] = problems.transition(demo_ctx, made["review"]["id"], "反馈", measures="已公开")
    return made


@pytest.fixture
def page(qtbot, demo_ctx, tmp_path, data):
    navigated = []
    p = WorkbenchPage(make_env(demo_ctx, tmp_path, navigated))
    p.navigated = navigated
    qtbot.addWidget(p)
    p.on_shown()
    return p


def test_workbench_shows_counts_and_lists(page, demo_ctx, data):
    expected = workbench.today(demo_ctx)
    assert page.today_label.text() == "今天 2026-11-24（星期二）"
    for key in ("overdue", "due_soon", "awaiting_review"):
        assert page.cards[key].count == expected[key]["count"] >= 1
        assert f"{expected[key]['count']} 个" in page.cards[key].text()
    overdue = page.models["overdue"]
    nos = [overdue.row(i)["no"] for i in range(overdue.rowCount())]
    assert data["overdue"]["no"] in nos
    i = nos.index(data["overdue"]["no"])
    col = next(c for c, column in enumerate(overdue.columns) if column.key == "days_left")
    assert overdue.data(overdue.index(i, col)) == "逾期 4 天"
    assert "≤10天 1" in page.cards["due_soon"].text()
    assert (page.cards["overdue"].count, page.cards["due_soon"].count, page.cards["awaiting_review"].count) == (1, 1, 1)


def test_workbench_entry_opens_its_record(page, qtbot, data):
    view = page.views["awaiting_review"]
    model = page.models["awaiting_review"]
    row = next(i for i in range(model.rowCount()) if model.row(i)["id"] == data["review"]["id"])
    page.tabs.setCurrentWidget(view)
    view.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert page.navigated == [("problems", data["review"]["id"])]
    qtbot.mouseClick(page.cards["overdue"], Qt.MouseButton.LeftButton)
    assert page.tabs.currentWidget() is page.views["overdue"]


def test_workbench_exports_chase_list_per_unit(page, tmp_path, shown, demo_ctx, data):
    page.chase_unit.setCurrentIndex(page.chase_unit.findData(units.villages(demo_ctx)[0]["id"]))
    out = tmp_path / "催办单.xlsx"
    page.export_chase(str(out))
    ws = load_workbook(out).active
    listed = [ws.cell(r, 2).value for r in range(3, ws.max_row + 1)]
    assert data["overdue"]["no"] in listed and data["due"]["no"] in listed
    assert data["review"]["no"] not in listed
    assert "已导出催办单" in shown.texts()
