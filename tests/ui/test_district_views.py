"""District views (issue 7 part 4): on a district that imported 清溪镇 and 梅山镇, every ledger, inspection and
document page shows a 乡镇 column and a township filter, and a township's row is read-only (buttons disabled, the
reason shown). At a township the filter is hidden and the column absent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.widgets.township_filter import FOREIGN_NOTE
from tests.sync_helpers import *  # noqa: F403
from tests.sync_helpers import open_ctx
from tests.ui.ledger_helpers import Alerts, column_values, make_env

MEISHAN = "梅山镇（330226102）"


@pytest.fixture
def shown(monkeypatch):
    return Alerts(monkeypatch)


@pytest.fixture
def district_env(district_copy, tmp_path):
    ctx = open_ctx(district_copy)
    yield make_env(ctx, tmp_path)
    ctx.close()


@pytest.fixture
def town_env(demo_ctx, tmp_path):
    return make_env(demo_ctx, tmp_path)


def _page(qtbot, env, name):
    from desktop.ui.pages import documents, inspections, matters, problems, talks

    cls = {"problems": problems.ProblemsPage, "matters": matters.MattersPage, "talks": talks.TalksPage,
           "inspections": inspections.InspectionsPage, "documents": documents.DocumentsPage}[name]
    page = cls(env)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.on_shown()
    return page


def _table_part(page):
    """(township filter, table model, table view) of a page (the inspections page keeps them in its list tab)."""
    holder = getattr(page, "list_view", page)
    return holder.township, holder.model, holder.table


def _pick_meishan(qtbot, box):
    items = [box.combo.itemText(i) for i in range(box.combo.count())]
    assert items == ["全部乡镇", "本区县（宁海县）", "清溪镇（330226101）", MEISHAN, "白石乡（330226103）"]
    box.combo.setFocus()
    qtbot.keyClick(box.combo, Qt.Key.Key_Down)  # 本区县
    qtbot.keyClick(box.combo, Qt.Key.Key_Down)  # 清溪镇
    qtbot.keyClick(box.combo, Qt.Key.Key_Down)  # 梅山镇
    assert box.combo.currentText() == MEISHAN and box.site_code() == "330226102"


def _select_row(table, model, i=0):
    table.setCurrentIndex(model.index(i, 0))
    table.selectRow(i)


PAGES = ["problems", "matters", "talks", "inspections", "documents"]


@pytest.mark.parametrize("name", PAGES)
def test_district_page_has_township_column_and_filter(qtbot, district_env, name, shown):
    page = _page(qtbot, district_env, name)
    box, model, _table = _table_part(page)
    assert not box.isHidden()
    assert model.headerData(1, Qt.Orientation.Horizontal) == "乡镇"
    holder = getattr(page, "list_view", page)
    towns = column_values(holder, "origin_site")
    assert "清溪镇" in towns and len(towns) == model.rowCount()
    if name in ("problems", "matters", "talks"):  # 梅山镇's quick demo has ledgers only
        assert set(towns) == {"清溪镇", "梅山镇"}
    count = (lambda: page.total) if name == "problems" else model.rowCount  # problems page in 200 at a time
    before = count()
    _pick_meishan(qtbot, box)
    after = column_values(holder, "origin_site")
    assert set(after) <= {"梅山镇"} and count() < before
    if name in ("problems", "matters", "talks"):
        assert after
    box.combo.setCurrentIndex(0)
    assert count() == before
    assert not shown.shown


def test_district_problem_row_is_read_only(qtbot, district_env, shown):
    page = _page(qtbot, district_env, "problems")
    total = page.total
    _pick_meishan(qtbot, page.township)
    assert 0 < page.total < total and page.count_label.text() == f"共 {page.total} 个问题"
    _select_row(page.table, page.model)
    detail = page.detail
    assert detail.problem["origin_site"] == "330226102"
    assert detail.buttons and not any(b.isEnabled() for b in detail.buttons.values())
    assert not detail.files.add_btn.isEnabled()
    assert detail.hint.text() == FOREIGN_NOTE
    page.table.selectAll()
    page._on_bulk("催办")
    assert FOREIGN_NOTE in shown.texts()
    page.township.combo.setCurrentIndex(1)  # 本区县: the district registered no problems itself
    assert page.model.rowCount() == 0 and page.count_label.text() == "共 0 个问题"


@pytest.mark.parametrize("name", ["matters", "talks"])
def test_district_ledger_row_is_read_only(qtbot, district_env, name, shown):
    page = _page(qtbot, district_env, name)
    _select_row(page.table, page.model)
    assert page.current_row()["origin_site"] in ("330226101", "330226102")
    assert not page.edit_btn.isEnabled() and not page.delete_btn.isEnabled()
    assert page.foreign_label.text() == FOREIGN_NOTE
    if page.files is not None:
        assert not page.files.add_btn.isEnabled()
    page._on_edit()  # double-click / Enter does not open the form either
    assert page.dialog is None


def test_open_record_clears_the_township_filter(qtbot, district_env, shown):
    page = _page(qtbot, district_env, "talks")
    qingxi = next(r for r in page.model.rows() if r["origin_site"] == "330226101")
    _pick_meishan(qtbot, page.township)
    assert all(r["origin_site"] == "330226102" for r in page.model.rows())
    page.open_record(qingxi["id"])  # e.g. from a problem's detail: the talk must be shown whatever the filter
    assert page.township.site_code() is None and page.current_row()["id"] == qingxi["id"]


def test_district_document_is_read_only_but_can_be_previewed(qtbot, district_env, shown):
    page = _page(qtbot, district_env, "documents")
    _select_row(page.table, page.model)
    detail = page.detail
    assert detail.doc["origin_site"] == "330226101"
    assert detail.locked_note.text() == FOREIGN_NOTE and not detail.locked_note.isHidden()
    visible = {k: b for k, b in detail.buttons.items() if not b.isHidden()}
    assert visible["preview"].isEnabled() and visible["print"].isEnabled()
    changing = [b for k, b in visible.items() if k not in ("preview", "print", "open", "save_as")]
    assert changing and not any(b.isEnabled() for b in changing)


def test_district_inspection_opens_read_only(qtbot, district_env, shown):
    page = _page(qtbot, district_env, "inspections")
    lv = page.list_view
    drafts = [i for i, r in enumerate(lv.model.rows()) if r["status"] == "草稿"]
    i = drafts[0] if drafts else 0
    _select_row(lv.table, lv.model, i)
    assert lv.foreign_label.text().startswith(FOREIGN_NOTE) and not lv.foreign_label.isHidden()
    page.open_record(lv.model.row(i)["id"])
    form = page.form
    assert not form.save_btn.isEnabled() and not form.complete_btn.isEnabled()
    assert not form.title_edit.isEnabled() and not form.model.editable
    assert FOREIGN_NOTE in form.state_label.text()
    assert form.save() is False


@pytest.mark.parametrize("name", PAGES)
def test_township_page_has_no_township_column_or_filter(qtbot, town_env, name, shown):
    page = _page(qtbot, town_env, name)
    box, model, table = _table_part(page)
    assert box.isHidden()
    titles = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert "乡镇" not in titles and model.rowCount() > 0
    if name in ("matters", "talks"):
        _select_row(table, model)
        assert page.edit_btn.isEnabled() and page.foreign_label.text() == ""
    if name == "problems":
        _select_row(table, model)
        assert page.detail.buttons["修改"].isEnabled() and page.detail.hint.text() != FOREIGN_NOTE


@pytest.mark.parametrize("district", [True, False])
def test_workbench_lists_name_the_township_at_the_district_only(qtbot, district, request, shown):
    from desktop.ui.pages.workbench import WorkbenchPage

    env = request.getfixturevalue("district_env" if district else "town_env")
    page = WorkbenchPage(env)
    qtbot.addWidget(page)
    page.on_shown()
    model = page.models["overdue"]
    titles = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert model.rowCount() > 0 and ("乡镇" in titles) == district
    if district:
        col = titles.index("乡镇")
        towns = {model.data(model.index(r, col)) for r in range(model.rowCount())}
        assert towns <= {"清溪镇", "梅山镇"} and towns
