"""统计报表 page driven as a user would: period picker, figure table, drill-down dialog opening a record,
breakdowns, charts (click a bar, save PNG), the report buttons and the 满意度测评 register."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.core import stats_helpers
from tests.sync_helpers import *  # noqa: F403
from tests.ui.conftest import make_env, shot


@pytest.fixture
def page_env(ctx, tmp_path, qapp):
    ids = stats_helpers.build(ctx, tmp_path)
    env = make_env(ctx, tmp_path)
    env.opened = []
    env.navigate = lambda key, rid=None: env.opened.append((key, rid))
    return env, ids


def _page(env, qtbot, period="2026年第三季度"):
    from desktop.ui.pages.stats import StatsPage

    page = StatsPage(env)
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show()
    page.period.setCurrentText(period)
    page.on_shown()
    return page


def _row_of(table, code):
    return next(i for i in range(table.rowCount()) if table.item(i, 0).text() == code)


def test_figures_table_and_drill_down_opens_the_record(page_env, qtbot):
    env, ids = page_env
    page = _page(env, qtbot)
    t = page.figures
    r = _row_of(t, "S4")
    assert t.item(r, 1).text() == "发现问题数" and t.item(r, 2).text() == "4"
    assert "口径" in t.item(r, 2).toolTip()
    assert t.item(r, 7).text() == "+300.0%"            # 同比: one in 2025Q3
    assert t.item(_row_of(t, "S5R"), 2).text() == "50.0%"
    assert t.item(_row_of(t, "C3"), 2).text() == "—" or t.item(_row_of(t, "C3"), 2).text().isdigit()
    assert "发现问题 4 个" in page.summary.text()
    shot(page, "stats-figures")
    rect = t.visualItemRect(t.item(r, 2))
    qtbot.mouseClick(t.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dlg = page.drill_dialog
    assert dlg is not None and dlg.table.rowCount() == 4
    shot(dlg, "stats-drill")
    titles = {dlg.table.item(i, 3).text() for i in range(4)}
    assert any("青石村" in x for x in titles)
    first = dlg.table.item(0, 0).data(Qt.ItemDataRole.UserRole)
    dlg.open_row(0)
    assert env.opened == [("problems", first[1])]


def test_breakdown_cells_drill_into_one_village(page_env, qtbot):
    env, ids = page_env
    page = _page(env, qtbot)
    page.tabs.setCurrentIndex(1)
    page.by.setCurrentIndex(0)  # 按村（社区）
    t = page.breakdown
    names = [t.item(i, 0).text() for i in range(t.rowCount())]
    assert names[:3] == ["青石村", "东岭村", "红旗社区（已停用）"]
    col = next(j for j in range(t.columnCount()) if t.horizontalHeaderItem(j).text() == "发现问题数")
    assert t.item(0, col).text() == "2"
    shot(page, "stats-breakdown")
    qtbot.mouseClick(t.viewport(), Qt.MouseButton.LeftButton, pos=t.visualItemRect(t.item(0, col)).center())
    assert {page.drill_dialog.table.item(i, 0).data(Qt.ItemDataRole.UserRole)[1]
            for i in range(page.drill_dialog.table.rowCount())} == {ids["P1"], ids["P3"]}
    page.by.setCurrentIndex(2)  # 按专题
    assert {t.item(i, 0).text() for i in range(t.rowCount())} == {"群众身边腐败", "其他"}


def test_charts_click_a_bar_and_save_png(page_env, qtbot, tmp_path):
    env, ids = page_env
    page = _page(env, qtbot)
    page.tabs.setCurrentWidget(page.chart_area)
    assert page._charts_built and len(page.chart_views) == 5
    village = next(v for v in page.chart_views if v.data and v.data.key == "village")
    assert village.data.labels == ["青石村", "东岭村", "红旗社区（已停用）"]
    qtbot.wait(50)
    village.canvas.draw()
    bar = village.figure.axes[0].patches[0]
    box = bar.get_window_extent()
    ratio = village.canvas.device_pixel_ratio or 1
    x, y = (box.x0 + box.x1) / 2 / ratio, village.canvas.height() - (box.y0 + box.y1) / 2 / ratio
    qtbot.mouseClick(village.canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y)))
    assert page.drill_dialog is not None and page.drill_dialog.result.code == "S4"
    assert {r.id for r in page.drill_dialog.result.rows} == {ids["P1"], ids["P3"]}
    village.copy()
    from PySide6.QtGui import QGuiApplication

    assert not QGuiApplication.clipboard().image().isNull()
    out = tmp_path / "chart.png"
    village.save_png(out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    trend = next(v for v in page.chart_views if v.data.key == "trend")
    page._chart_picked(trend.data, 0, trend.data.keys.index("2026-08"))
    assert page.drill_dialog.result.period == "2026-08"
    shot(page, "stats-charts")


def test_report_button_writes_the_three_files(page_env, qtbot, tmp_path, alerts_log):
    env, _ = page_env
    page = _page(env, qtbot)
    page.write_report(tmp_path / "out")
    paths = page.last_report
    assert {p.suffix for p in paths.values()} == {".xlsx", ".docx", ".pdf"}
    assert all(p.exists() and p.stat().st_size > 1000 for p in paths.values())
    assert alerts_log and alerts_log[-1][0] == "info"


def test_register_a_survey_through_the_dialog(page_env, qtbot, alerts_log):
    env, _ = page_env
    page = _page(env, qtbot)
    page.tabs.setCurrentIndex(3)
    assert page.surveys.rowCount() == 2
    page.add_survey()
    dlg = page.survey_dialog
    dlg.unit.setCurrentText("东岭村")
    dlg.date.set_iso("2026-09-25")
    dlg.respondents.setValue(10)
    dlg.satisfied.setValue(12)       # more satisfied than asked: refused, nothing written
    dlg.buttons.accepted.emit()
    assert "不能多于受访人数" in dlg.form.errors["satisfied"].text() and page.surveys.rowCount() == 2
    dlg.satisfied.setValue(10)
    dlg.buttons.accepted.emit()
    assert page.surveys.rowCount() == 3
    assert page.figures.item(_row_of(page.figures, "P1"), 2).text() == "92.5%"  # 37 / 40
    shot(page, "stats-surveys")


def test_bad_period_gives_one_chinese_message(page_env, qtbot, alerts_log):
    env, _ = page_env
    page = _page(env, qtbot)
    page.period.setCurrentText("2026Q5")
    page.refresh()
    assert "无法识别" in page.summary.text()


def test_district_page_by_township_with_submission_status(district_copy, tmp_path, qtbot):
    from tests.sync_helpers import open_ctx

    ctx = open_ctx(district_copy)
    try:
        env = make_env(ctx, tmp_path)
        page = _page(env, qtbot, period="2026Q4")
        page.tabs.setCurrentIndex(1)
        assert page.by.currentData() == "township"
        t = page.breakdown
        rows = {t.item(i, 0).text(): i for i in range(t.rowCount())}
        assert {"清溪镇", "梅山镇", "白石乡"} <= set(rows)
        last = t.columnCount() - 1
        assert t.horizontalHeaderItem(last).text() == "报送情况"
        assert t.item(rows["清溪镇"], last).text().startswith("已报送")
        assert t.item(rows["白石乡"], last).text() == "未报送"
        shot(page, "stats-district")
        page.tabs.setCurrentWidget(page.chart_area)
        assert any(v.data and v.data.key == "township" for v in page.chart_views)
    finally:
        ctx.close()
