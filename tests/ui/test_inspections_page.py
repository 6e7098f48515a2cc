"""村居检查 page, driven as a user: a whole check from the keyboard only, then the proposed problems reviewed and
found in the problem ledger, linked back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from desktop.core.services.checks import checklists, inspections
from desktop.core.services.problems import records as problems
from desktop.core.services.registry import units
from tests.conftest import fixed_clock


@pytest.fixture
def env(ctx, tmp_path):
    from desktop.ui.env import UiEnv
    from desktop.ui.workers import Runner

    return UiEnv(ctx=ctx, runner=Runner(sync=True),
                 settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def messages(monkeypatch):
    from desktop.ui import alerts

    seen = []
    for name in ("info", "warn", "error"):
        monkeypatch.setattr(alerts, name, lambda parent, text, title="", _n=name: seen.append((_n, text)))
    monkeypatch.setattr(alerts, "question", lambda parent, text, title="": seen.append(("question", text)) or True)
    return seen


@pytest.fixture
def page(qtbot, env, messages):
    from desktop.ui.pages.inspections import InspectionsPage

    units.create(env.ctx, {"name": "青石村", "type": "行政村"})
    units.create(env.ctx, {"name": "柳溪村", "type": "行政村", "is_key_village": True})
    p = InspectionsPage(env)
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    qtbot.waitExposed(p)
    p.activateWindow()
    qtbot.waitUntil(p.isActiveWindow)
    p.on_shown()
    return p


def key(qtbot, keyname, modifier=Qt.KeyboardModifier.NoModifier, times=1):
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), keyname, modifier)
        qtbot.wait(2)  # let Qt finish what a real key press triggers (closing editors, focus changes)


def type_text(qtbot, text):
    """Type like a user: ASCII as key presses, Chinese as the input method commits it (QInputMethodEvent)."""
    from PySide6.QtGui import QInputMethodEvent

    for chunk in _chunks(text):
        target = QApplication.focusWidget()
        if chunk.isascii():
            qtbot.keyClicks(target, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(target, event)


def _chunks(text):
    out = []
    for ch in text:
        if out and out[-1][-1].isascii() == ch.isascii():
            out[-1] += ch
        else:
            out.append(ch)
    return out


def test_whole_check_from_the_keyboard_then_problems_in_the_ledger(qtbot, page, messages):
    page.list_view.table.setFocus()
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dlg = page.new_dialog
    qtbot.waitUntil(dlg.isVisible)
    dlg.activateWindow()                             # what the window manager does for a new dialog
    qtbot.waitUntil(dlg.isActiveWindow)
    assert QApplication.focusWidget() is dlg.unit_list
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Space)                     # 青石村
    key(qtbot, Qt.Key.Key_Tab, times=2)              # date (today) → inspectors
    assert QApplication.focusWidget() is dlg.inspectors_edit
    key(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "王晓燕、李明")
    key(qtbot, Qt.Key.Key_Tab)                       # methods: 查阅资料 is ticked; add 走访群众
    key(qtbot, Qt.Key.Key_End)
    key(qtbot, Qt.Key.Key_Up, times=4)
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dlg.households_spin
    key(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "15")
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dlg.people_spin
    key(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "32")
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "走访群众15户")
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dlg.item_tree
    key(qtbot, Qt.Key.Key_Down)                      # first category of the list: 重大事项决策 (5 items)
    key(qtbot, Qt.Key.Key_Space)
    assert len(dlg.item_ids()) == 5
    key(qtbot, Qt.Key.Key_Return)                    # 开始检查
    qtbot.waitUntil(lambda: page.tabs.currentWidget() is page.form)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)

    form = page.form
    assert QApplication.focusWidget() is form.table
    ins = form.inspection
    assert ins["units"][0]["name"] == "青石村" and ins["methods"] == "查阅资料、走访群众"
    assert ins["households_contacted"] == 15 and ins["people_contacted"] == 32
    assert ins["inspectors"] == "王晓燕、李明"
    key(qtbot, Qt.Key.Key_1)
    key(qtbot, Qt.Key.Key_2)
    key(qtbot, Qt.Key.Key_Up)
    key(qtbot, Qt.Key.Key_Return)                    # note of item 2
    type_text(qtbot, "2026年9月修路工程未经村民代表会议表决")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Tab)                       # Tab walks the items too
    key(qtbot, Qt.Key.Key_1)
    key(qtbot, Qt.Key.Key_3)
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)      # draft saved, one item still open
    saved = inspections.get_inspection(page.env.ctx, ins["id"])
    assert [i["result"] for i in saved["items"]] == ["符合", "不符合", "符合", "不适用", None]
    assert saved["items"][1]["note"] == "2026年9月修路工程未经村民代表会议表决"

    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # complete: refused, one unanswered
    assert messages[-1][0] == "warn" and "还有 1 项未填写检查结果" in messages[-1][1]
    assert form.table.current_row() == 4
    key(qtbot, Qt.Key.Key_2)
    key(qtbot, Qt.Key.Key_Up)
    key(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, "决议未在公开栏公布")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    review = form.review_dialog
    qtbot.waitUntil(review.isVisible)
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    assert review.list.count() == 2
    assert QApplication.focusWidget() is review.list
    key(qtbot, Qt.Key.Key_Tab, times=7)             # keep, unit, category, type, severity, handling → description
    assert QApplication.focusWidget() is review.desc_edit
    key(qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "，涉及金额8万元")
    review.list.setFocus()
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Space)                     # drop the second proposal
    assert [p.keep for p in review.proposals] == [True, False]
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.inspection["status"] == "已完成")

    assert messages[-1][0] == "info" and "生成问题 1 个：2026-001" in messages[-1][1]
    assert "已完成" in form.state_label.text()
    found = problems.get_problem(page.env.ctx, "2026-001")
    assert found["inspection_id"] == ins["id"]
    assert found["inspection_item_id"] == saved["items"][1]["id"]
    assert found["description"].endswith("修路工程未经村民代表会议表决，涉及金额8万元")
    assert (found["category"], found["source"], found["status"]) == ("重大事项决策", "共性清单", "待核实")
    done = inspections.get_inspection(page.env.ctx, ins["id"])
    assert done["items"][1]["problem_id"] == found["id"] and done["items"][4]["problem_id"] is None


def test_views_show_coverage_profile_and_checklists(qtbot, page, messages, tmp_path):
    ctx = page.env.ctx
    qs = units.list_units(ctx, text="青石")[0]
    items = checklists.list_items(ctx)[:2]
    ins = inspections.create_inspection(ctx, {"unit_ids": [qs["id"]], "date": "2026-10-08", "inspectors": "王晓燕",
                                              "methods": ["查阅资料"], "item_ids": [i["id"] for i in items]})
    page.tabs.setCurrentWidget(page.coverage)
    page.coverage.set_period("2026Q4")
    rows = {r["unit_name"]: r["status"] for r in page.coverage.model.rows()}
    assert rows == {"青石村": "未覆盖", "柳溪村": "未覆盖"}
    assert "未覆盖（含部分） <b>2</b>" in page.coverage.summary.text()
    page.open_profile(qs["id"])
    assert page.profile.inspection_model.rows()[0]["id"] == ins["id"]
    assert "文书功能尚未启用" in page.profile.doc_note.text() or page.profile.doc_view.isVisible()
    page.tabs.setCurrentWidget(page.checklists)
    assert page.checklists.item_model.rowCount() == 58
    assert not page.checklists.readonly_label.text()


def test_retire_refused_in_the_checklists_view(qtbot, page, messages):
    ctx = page.env.ctx
    qs = units.list_units(ctx, text="青石")[0]
    first = checklists.list_items(ctx)[0]
    inspections.create_inspection(ctx, {"unit_ids": [qs["id"]], "inspectors": "王晓燕", "methods": ["查阅资料"],
                                        "item_ids": [first["id"]]})
    page.tabs.setCurrentWidget(page.checklists)
    page.checklists.item_view.setCurrentIndex(page.checklists.item_model.index(0, 0))
    qtbot.mouseClick(page.checklists.retire_btn, Qt.MouseButton.LeftButton)
    assert messages[-1][0] == "warn" and "正被未完成的检查草稿使用" in messages[-1][1]
    assert page.checklists.item_model.row(0)["status"] == "在用"


__all__ = ["fixed_clock"]


def test_settings_tab_changes_the_rules(qtbot, env, messages):
    from desktop.core.services.checks import coverage
    from desktop.core.services.org import settings
    from desktop.ui.settings_tabs.checks import Tab

    tab = Tab(env)
    qtbot.addWidget(tab)
    assert (tab.quarter_spin.value(), tab.key_monthly.isChecked(), tab.repeat_spin.value()) == (1, True, 12)
    tab.repeat_spin.setValue(6)
    tab.key_monthly.setChecked(False)
    qtbot.mouseClick(tab.save_btn, Qt.MouseButton.LeftButton)
    assert settings.get(env.ctx, "repeat_offence_months") == 6
    assert coverage.rules(env.ctx)["key_village_monthly"] is False


def test_draft_items_dialog_ticks_what_the_draft_has(qtbot, page, messages):
    from desktop.ui.dialogs.draft_items import DraftItemsDialog

    ctx = page.env.ctx
    qs = units.list_units(ctx, text="青石")[0]
    items = checklists.list_items(ctx)
    ins = inspections.create_inspection(ctx, {"unit_ids": [qs["id"]], "inspectors": "王晓燕", "methods": ["查阅资料"],
                                              "item_ids": [i["id"] for i in items[:3]]})
    page.open_record(ins["id"])
    dlg = DraftItemsDialog(page.env, {i["lineage_id"] for i in page.form.model.rows()}, page)
    qtbot.addWidget(dlg)
    assert dlg.data() == [i["id"] for i in items[:3]]
    page.form.change_items([items[0]["id"], items[5]["id"]])
    assert [r["code"] for r in page.form.model.rows()] == [items[0]["code"], items[5]["code"]]
    assert page.list_view.model.rows()[0]["total"] == 2


def test_checklist_item_form_shows_errors_under_the_field_then_saves(qtbot, page, messages, monkeypatch):
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.ui.dialogs.checklist_item import ChecklistItemDialog
    from tests.conftest import db_snapshot
    from tests.ui.conftest import shot

    ctx = page.env.ctx
    view = page.checklists
    page.tabs.setCurrentWidget(view)
    existing = checklists.list_items(ctx)[0]
    before_rows = view.item_model.rowCount()

    def fill_and_save(dlg):
        ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dlg.show()
        before = db_snapshot(ctx.db.path)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dlg.isVisible() and dlg.form.error_text("code") == "请填写编号。"
        dlg.code_edit.setText(existing["code"])
        dlg.category_combo.setCurrentText(existing["category"])
        dlg.subject_edit.setText("村务公开栏按季度更新")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dlg.isVisible() and f"已有编号为“{existing['code']}”" in dlg.form.error_text("code")
        assert not [m for m in messages if "已有编号" in m[1]]  # in the form, not in a message box
        shot(dlg, "checklist_item_error")
        assert db_snapshot(ctx.db.path) == before
        dlg.code_edit.setText("GX-99")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert not dlg.isVisible()
        return dlg.result()

    monkeypatch.setattr(ChecklistItemDialog, "exec", fill_and_save)
    qtbot.mouseClick(view.add_btn, Qt.MouseButton.LeftButton)
    assert view.item_model.rowCount() == before_rows + 1
    assert "GX-99" in {r["code"] for r in checklists.list_items(ctx)}
