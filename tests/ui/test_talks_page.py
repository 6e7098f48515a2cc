"""谈话记录 page: record a talk through the form (诫勉 needs an approver), filter, search, export."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.core.services.registry import people
from desktop.ui.pages.talks import TalksPage
from tests.conftest import db_snapshot
from tests.ui.ledger_helpers import Alerts, column_values, make_env


@pytest.fixture
def shown(monkeypatch):
    return Alerts(monkeypatch)


@pytest.fixture
def page(qtbot, demo_ctx, tmp_path):
    p = TalksPage(make_env(demo_ctx, tmp_path))
    qtbot.addWidget(p)
    p.on_shown()
    return p


def _fill(qtbot, dlg, kind, person_name):
    dlg.kind.setCurrentText(kind)
    dlg.choose_person(person_name)
    dlg.reason.insertPlainText("村务公开不及时")
    dlg.response.insertPlainText("认识到问题，立即整改")


def test_talks_page_admonition_needs_approver_then_saves(page, qtbot, shown, demo_ctx, demo_dir):
    assert page.count_label.text() == "共 40 条"
    person = page.model.row(0)["person_name"]
    before = db_snapshot(demo_dir / "qingfeng.db")
    qtbot.mouseClick(page.new_btn, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    _fill(qtbot, dlg, "诫勉", person)
    dlg._on_ok()
    assert "诫勉须经审批" not in shown.texts()  # shown in the form itself, not in a message box
    assert dlg.isVisible() and "诫勉须经审批，请填写审批人" in dlg.form.error_text("approver")
    assert db_snapshot(demo_dir / "qingfeng.db") == before
    dlg.approver.insert("镇党委书记 赵德华")
    dlg._on_ok()
    assert not dlg.isVisible()
    assert page.count_label.text() == "共 41 条"
    row = page.current_row()
    assert (row["kind"], row["person_name"], row["form_name"]) == ("诫勉", person, "第一种形态")
    assert "赵德华" in page.detail.toPlainText()


def test_talks_page_filters_and_two_character_search(page, qtbot):
    page.kind_filter.set_value("约谈")
    assert set(column_values(page, "kind")) == {"约谈"}
    page.kind_filter.setCurrentIndex(0)
    name = page.model.row(0)["person_name"]
    page.search.insert(name[:2])
    page.reload()
    assert page.model.rowCount() >= 1
    assert all(name[:2] in r["person_name"] or name[:2] in (r["reason"] + (r["summary"] or ""))
               for r in page.model.rows())
    assert page.count_label.text() == f"共 {page.model.rowCount()} 条"


def test_talks_page_export(page, tmp_path, shown):
    out = tmp_path / "谈话.xlsx"
    page.export_to(str(out))
    ws = load_workbook(out).active
    assert ws.max_row == 41
    assert [c.value for c in ws[1]][3] == "谈话类型"


def test_talks_page_links_problem_and_takes_attachment(page, qtbot, shown, demo_ctx, tmp_path):
    from desktop.core.services.problems import records as problems
    from desktop.core.services.talks import records as talks
    from tests.core.problem_helpers import evidence

    first = page.model.row(0)
    person = next(p for p in people.list_people(demo_ctx) if p["id"] == first["person_id"])
    prob = problems.create_problem(demo_ctx, {"unit_id": person["unit_id"], "description": "会议记录缺失。",
                                              "found_date": "2026-11-01"})
    page._on_new()
    dlg = page.dialog
    _fill(qtbot, dlg, "约谈", person["name"])
    dlg.choose_person(person["name"])
    idx = dlg.problem.findData(prob["id"])
    assert idx > 0 and dlg.problem.itemText(idx).startswith(prob["no"])
    dlg.problem.setCurrentIndex(idx)
    dlg._on_ok()
    assert not dlg.isVisible(), dlg.error_label.text()
    row = page.current_row()
    assert row["problem_no"] == prob["no"] and "打开关联问题" in page.detail.toHtml()
    page.files.on_add([str(evidence(tmp_path, "谈话笔录.png"))])
    assert [a["file_name"] for a in talks.get_talk(demo_ctx, row["id"])["attachments"]] == ["谈话笔录.png"]
    assert page.files.list.count() == 1
