"""Every list (widgets.ledger.make_table): Ctrl+C copies rows with headers as cells, the row menu, sorting by a
header click (also on the 工作台 lists), the full text of a cut cell on hover, columns fitted to their content."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QHeaderView

from desktop.core.services.problems import records as problems
from desktop.core.services.registry import units
from desktop.ui.models.rows_model import Column, RowsTableModel
from desktop.ui.pages.workbench import WorkbenchPage
from desktop.ui.widgets.ledger import make_table
from tests.ui.conftest import shot
from tests.ui.ledger_helpers import Alerts, make_env

COLUMNS = [Column("no", "编号", 80), Column("unit_name", "单位", 90), Column("description", "问题描述", 200),
           Column("days", "天数", 60), Column("remark", "备注", 60)]
ROWS = [
    {"no": "2026-003", "unit_name": "青石村", "description": "三务公开栏未按季度更新，\n群众反映强烈。", "days": 12},
    {"no": "2026-001", "unit_name": "柳溪村", "description": "村务监督委员会未列席村两委会议。", "days": 3},
    {"no": "2026-002", "unit_name": "清溪社区", "description": "集体资产台账与实物不符。", "days": None},
]


@pytest.fixture
def table(qtbot):
    model = RowsTableModel(COLUMNS)
    view = make_table(model, multi=True)
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    model.set_rows(ROWS)
    return view


def shown_column(view, key):
    model = view.model()
    col = next(i for i, c in enumerate(model.columns) if c.key == key)
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_ctrl_c_copies_the_selected_rows_with_headers_as_cells(table, qtbot):
    table.selectRow(0)
    table.selectionModel().select(table.model().index(2, 0), table.selectionModel().SelectionFlag.Select
                                  | table.selectionModel().SelectionFlag.Rows)
    QApplication.clipboard().clear()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().split("\r\n")
    assert lines[0].split("\t") == ["编号", "单位", "问题描述", "天数", "备注"]
    assert lines[1].split("\t") == ["2026-003", "青石村", "三务公开栏未按季度更新， 群众反映强烈。", "12", ""]
    assert lines[2].split("\t")[:2] == ["2026-002", "清溪社区"] and lines[3:] == [""]


def test_clicking_a_header_sorts_and_again_reverses(table, qtbot):
    assert shown_column(table, "no") == ["2026-003", "2026-001", "2026-002"]  # as the service gave them
    header = table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(0) + 10, 5))
    assert shown_column(table, "no") == ["2026-001", "2026-002", "2026-003"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(0) + 10, 5))
    assert shown_column(table, "no") == ["2026-003", "2026-002", "2026-001"]
    x = header.sectionViewportPosition(3) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert shown_column(table, "days") == ["3", "12", ""]  # numbers as numbers, the empty one last
    table.model().set_rows(list(reversed(ROWS)))  # a reload keeps the chosen order
    assert shown_column(table, "days") == ["3", "12", ""]


def test_row_menu_opens_copies_and_exports_the_selection(table, qtbot, tmp_path, monkeypatch):
    shown = Alerts(monkeypatch)
    opened = []
    table.activated.connect(lambda idx: opened.append(idx.row()))
    menu = table.row_menu(table.model().index(1, 1))
    assert [a.text() for a in menu.actions()] == ["打开", "复制", "复制所选行", "导出所选行…"]
    menu.actions()[0].trigger()
    assert opened == [1]
    menu.actions()[1].trigger()
    assert QApplication.clipboard().text() == "柳溪村"
    table.selectAll()
    out = tmp_path / "所选行.xlsx"
    assert table.export_selected(str(out)) == 3
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]][:3] == ["编号", "单位", "问题描述"]
    assert sorted(ws.cell(r, 1).value for r in range(2, 5)) == ["2026-001", "2026-002", "2026-003"]
    assert "已导出所选 3 行" in shown.texts()


def test_cut_cell_shows_its_full_text_on_hover_and_columns_fit(table):
    delegate = table.itemDelegate()
    unit = table.model().index(1, 1)
    assert delegate.full_text_if_cut(table, unit) is None  # fits: no tooltip
    table.setColumnWidth(1, 20)  # the user narrows 单位
    assert delegate.full_text_if_cut(table, unit) == "柳溪村"
    table.resize(300, 300)  # a narrow window squeezes the stretched description too
    desc = table.model().index(1, 2)
    assert delegate.full_text_if_cut(table, desc) == "村务监督委员会未列席村两委会议。"
    table.resize(900, 300)
    header = table.horizontalHeader()
    assert not header.stretchLastSection()
    assert header.sectionResizeMode(2) == QHeaderView.ResizeMode.Stretch  # the description takes the room
    assert header.sectionSize(4) < 120  # the empty 备注 column no longer takes half the width
    shot(table, "table_view")


def test_workbench_lists_sort_by_a_header_click(qtbot, ctx, tmp_path):
    for name in ("青石村", "柳溪村"):
        units.create(ctx, {"name": name, "type": "行政村"})
    vid = units.villages(ctx)[0]["id"]
    for deadline in ("2026-11-20", "2026-11-10", "2026-11-15"):
        p = problems.create_problem(ctx, {"unit_id": vid, "description": "公开栏未更新。", "found_date": "2026-11-01"})
        problems.transition(ctx, p["id"], "交办", requirement="及时公开", deadline=deadline, on_date="2026-11-02")
    page = WorkbenchPage(make_env(ctx, tmp_path))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.on_shown()
    view, model = page.views["overdue"], page.models["overdue"]
    col = next(i for i, c in enumerate(model.columns) if c.key == "deadline")
    header = view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(col) + 5, 5))
    assert [model.row(r)["deadline"] for r in range(model.rowCount())] == ["2026-11-10", "2026-11-15", "2026-11-20"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(col) + 5, 5))
    assert [model.row(r)["deadline"] for r in range(model.rowCount())] == ["2026-11-20", "2026-11-15", "2026-11-10"]
    shot(page, "workbench_sorted")
