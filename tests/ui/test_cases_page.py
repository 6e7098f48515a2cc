"""线索与案件 page: register a lead through the form, dispose of it, open the case, record an outcome within the
township's limits; hidden for roles that may not see it; overdue disposals on the 工作台."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.pages.cases import CasesPage
from tests.conftest import db_snapshot
from tests.core.case_helpers import registry
from tests.sync_helpers import *  # noqa: F403
from tests.ui.ledger_helpers import Alerts, make_env


def _shown_error(dlg) -> str:
    """Every error line the dialog shows: at the top of the form and under its fields."""
    labels = [dlg.form.general, *dlg.form.errors.values()]
    return " ".join(label.text() for label in labels if not label.isHidden())


@pytest.fixture
def shown(monkeypatch):
    return Alerts(monkeypatch)


@pytest.fixture
def reg(ctx):
    return registry(ctx)


@pytest.fixture
def page(qtbot, ctx, reg, tmp_path):
    p = CasesPage(make_env(ctx, tmp_path))
    qtbot.addWidget(p)
    p.resize(1300, 700)
    p.on_shown()
    return p


def _register(qtbot, tab, reg):
    qtbot.mouseClick(tab.new_btn, Qt.MouseButton.LeftButton)
    dlg = tab.dialog
    dlg.received.set_iso("2026-09-01")
    dlg.source.setCurrentText("来访")
    dlg.reporter_kind.setCurrentText("实名")
    dlg.reporter_name.insert("陈举报")
    dlg.subjects.add_person(reg["zhang"]["id"], "农村/企业等其他人员")
    dlg.subjects.free.insert("赵某，镇民政办，办事员")
    qtbot.mouseClick(dlg.subjects.free_btn, Qt.MouseButton.LeftButton)
    dlg.summary.insertPlainText("反映青石村低保评定优亲厚友")
    dlg._on_ok()
    return dlg


def _dispose(tab, route, **fields):
    tab._on_dispose()
    dlg = tab.dialog
    dlg.route.setCurrentText(route)
    dlg.decision.set_iso(fields.pop("decision", "2026-09-05"))
    dlg.participants.insert("王晓燕、李明")
    for name, value in fields.items():
        widget = getattr(dlg, name)
        widget.setCurrentText(value) if hasattr(widget, "setCurrentText") else widget.insert(value)
    dlg._on_ok()
    return dlg


def test_cases_page_lead_to_case_to_outcome(page, qtbot, shown, site_dir):
    tab = page.leads_tab
    dlg = _register(qtbot, tab, _reg_of(page))
    assert not dlg.isVisible(), shown.texts()
    assert tab.count_label.text() == "共 1 条"
    tab.table.selectRow(0)
    text = tab.detail.toPlainText()
    assert "实名（身份保密）" in text and "陈举报" not in text and "赵某" in text
    assert not _dispose(tab, "谈话函询").isVisible()
    assert tab.current_row()["status"] == "谈话函询" and tab.current_row()["due_date"] == "2026-09-24"
    before = db_snapshot(site_dir / "qingfeng.db")
    bad = _dispose(tab, "立案", decision="2026-10-08", open_decision="清纪立〔2026〕1号")
    assert bad.isVisible() and "谈话函询尚未登记结果" in _shown_error(bad)
    assert db_snapshot(site_dir / "qingfeng.db") == before
    bad.reject()
    assert not _dispose(tab, "立案", decision="2026-10-08", open_decision="清纪立〔2026〕1号", result="属实").isVisible()
    tab.grab().save("/tmp/cases_leads.png")

    page.tabs.setCurrentWidget(page.cases_tab)
    ctab = page.cases_tab
    assert ctab.count_label.text() == "共 1 件"
    ctab.table.selectRow(0)
    ctab._on_outcome()
    out = ctab.dialog
    out.family.setCurrentText("党纪处分")
    out.kind.setCurrentText("开除党籍")
    assert "第三种形态" in out.form_label.text()
    out._on_ok()
    assert out.isVisible() and "乡镇纪委无权批准党纪处分“开除党籍”" in _shown_error(out)
    out.kind.setCurrentText("警告")
    out._on_ok()
    assert not out.isVisible(), shown.texts()
    ctab.table.selectRow(0)
    assert "第二种形态" in ctab.detail.toPlainText()
    page.grab().save("/tmp/cases_page.png")


def _reg_of(page):
    from desktop.core.services.registry import people

    found = {p["name"]: p for p in people.list_people(page.env.ctx)}
    return {"zhang": found["张伟"]}


def test_cases_page_hidden_for_staff(qtbot, ctx, tmp_path):
    ctx.user_role, ctx.user_id = "工作人员", ctx.user_id or "u"
    p = CasesPage(make_env(ctx, tmp_path))
    qtbot.addWidget(p)
    p.on_shown()
    assert p.findChild(type(p.layout().itemAt(0).widget()), "denied").text().startswith("问题线索和案件属于敏感信息")
    assert not hasattr(p, "tabs")


def test_cases_page_reporter_view_asks_and_shows(page, qtbot, shown):
    _register(qtbot, page.leads_tab, _reg_of(page))
    page.leads_tab.table.selectRow(0)
    shown.answer = False
    page.leads_tab._on_reporter()
    assert "陈举报" not in shown.texts()
    shown.answer = True
    page.leads_tab._on_reporter()
    assert "反映人：陈举报" in shown.texts()


def test_workbench_shows_overdue_disposals_for_sensitive_roles_only(qtbot, ctx, reg, tmp_path):
    from desktop.core.services.cases import disposal
    from desktop.ui.pages.workbench import WorkbenchPage
    from tests.core.case_helpers import DECISION, new_lead

    lead = new_lead(ctx, reg, received_date="2026-04-28")
    disposal.dispose(ctx, lead.id, {"route": "初步核实", "decision_date": "2026-05-01", **DECISION})
    navigated = []
    wb = WorkbenchPage(make_env(ctx, tmp_path, navigated))
    qtbot.addWidget(wb)
    wb.resize(1200, 600)
    wb.reload()
    assert wb.lead_card.text().startswith("线索处置逾期\n1 个")
    assert wb.tabs.isTabVisible(wb.lead_tab)
    wb.lead_view.activated.emit(wb.lead_model.index(0, 0))
    assert navigated == [("cases", lead.id)]
    wb.grab().save("/tmp/cases_workbench.png")
    ctx.user_role = "工作人员"
    wb.reload()
    assert not wb.tabs.isTabVisible(wb.lead_tab) and wb.lead_card.isHidden()


def test_cases_page_bulletin_and_person_record(qtbot, demo_ctx, tmp_path, monkeypatch):
    from desktop.ui.pages.registry import RegistryPage

    alerts = Alerts(monkeypatch)
    page = CasesPage(make_env(demo_ctx, tmp_path))
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.cases_tab)
    page.on_shown()
    ctab = page.cases_tab
    ctab._on_bulletin()
    dlg = ctab.dialog
    dlg._on_ok()
    assert dlg.isVisible() and "请至少选择一个案件或问题" in _shown_error(dlg)
    dlg.tick(0)
    dlg.tick(1)
    dlg.grab().save("/tmp/cases_bulletin_dialog.png")
    dlg._on_ok()
    assert not dlg.isVisible(), alerts.texts()
    assert ctab.last_bulletin.issue_no == 1 and ctab.last_bulletin.cases_count == 2
    assert "已生成关于侵害群众利益典型问题的通报（2026年第1期）" in alerts.texts()

    case = ctab.model.row(0)
    person_id = case["subjects"][0]["person_id"]
    reg = RegistryPage(make_env(demo_ctx, tmp_path))
    qtbot.addWidget(reg)
    reg.on_shown()
    tab = reg.people_tab if hasattr(reg, "people_tab") else reg.tabs.widget(1)
    tab.search.setText(case["subjects"][0]["name"])
    tab.reload()
    assert tab.select_id(person_id)
    tab._on_record()
    rec = tab.record_dialog
    assert "问题线索" in rec.head.text() and rec.model.rowCount() >= 3
    rec.grab().save("/tmp/cases_person_record.png")
    demo_ctx.user_role = "工作人员"
    staff = RegistryPage(make_env(demo_ctx, tmp_path))
    qtbot.addWidget(staff)
    st = staff.people_tab if hasattr(staff, "people_tab") else staff.tabs.widget(1)
    assert st.record_btn is None


def test_cases_page_money_and_rule(qtbot, demo_ctx, tmp_path, monkeypatch):
    alerts = Alerts(monkeypatch)
    page = CasesPage(make_env(demo_ctx, tmp_path))
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.cases_tab)
    page.on_shown()
    ctab = page.cases_tab
    ctab.table.selectRow(0)
    ctab._on_money()
    dlg = ctab.dialog
    dlg.amount.insert("12.5")
    dlg._on_ok()
    assert dlg.isVisible() and "应为正整数" in _shown_error(dlg)
    dlg.amount.clear()
    dlg.amount.insert("12800")
    dlg._on_ok()
    assert not dlg.isVisible(), alerts.texts()
    ctab.table.selectRow(0)
    ctab._on_rule()
    rule = ctab.dialog
    rule.title.insert("村级工程管理办法")
    rule._on_ok()
    assert not rule.isVisible(), alerts.texts()
    ctab.table.selectRow(0)
    text = ctab.detail.toPlainText()
    assert "12800" in text and "村级工程管理办法" in text


def test_problems_page_turns_a_problem_into_a_lead(qtbot, demo_ctx, tmp_path, monkeypatch):
    from desktop.core.services.cases import leads
    from desktop.ui.pages.problems import ProblemsPage

    alerts = Alerts(monkeypatch)
    navigated = []
    page = ProblemsPage(make_env(demo_ctx, tmp_path, navigated))
    qtbot.addWidget(page)
    page.on_shown()
    page.table.selectRow(0)
    pid = page.current_id
    qtbot.mouseClick(page.lead_btn, Qt.MouseButton.LeftButton)
    assert "将该问题转为问题线索" in alerts.texts()
    found = leads.for_problem(demo_ctx, pid)
    assert len(found) == 1 and navigated == [("cases", found[0]["id"])]
    demo_ctx.user_role = "工作人员"
    staff = ProblemsPage(make_env(demo_ctx, tmp_path))
    qtbot.addWidget(staff)
    assert staff.lead_btn is None


def test_cases_page_corrects_a_lead(page, qtbot, shown):
    tab = page.leads_tab
    _register(qtbot, tab, _reg_of(page))
    tab.table.selectRow(0)
    tab._on_edit()
    dlg = tab.dialog
    assert dlg.windowTitle() == "更正问题线索" and dlg.subjects.list.count() == 2
    assert not dlg.reporter_name.isEnabled()
    dlg.grab().save("/tmp/cases_lead_dialog.png")
    dlg.summary.setPlainText("反映青石村低保评定优亲厚友（已核对）")
    dlg._on_ok()
    assert not dlg.isVisible(), shown.texts()
    assert tab.current_row()["summary"].endswith("（已核对）")


def test_settings_tab_changes_due_rules(qtbot, ctx, tmp_path, monkeypatch):
    from desktop.core.services.cases import disposal
    from desktop.ui.settings_tabs.leads import Tab

    alerts = Alerts(monkeypatch)
    tab = Tab(make_env(ctx, tmp_path))
    qtbot.addWidget(tab)
    n, unit = tab.rows["谈话函询"]
    assert (n.value(), unit.currentText()) == (15, "个工作日")
    n.setValue(10)
    tab.rows["初步核实"][0].setValue(2)
    qtbot.mouseClick(tab.save_btn, Qt.MouseButton.LeftButton)
    assert "已保存" in alerts.texts()
    assert disposal.due_rules(ctx)["due"]["谈话函询"] == {"working_days": 10}
    assert disposal.due_rules(ctx)["due"]["初步核实"] == {"months": 2}
    tab.grab().save("/tmp/cases_settings.png")
    ctx.user_role = "工作人员"
    hidden = Tab(make_env(ctx, tmp_path))
    qtbot.addWidget(hidden)
    assert hidden.rows == {}


def test_sensitive_package_from_the_leads_tab(world, usb, qtbot, monkeypatch, tmp_path):
    from tests.core.case_helpers import two_leads
    from tests.sync_helpers import open_ctx

    town = world.towns[0]
    _kept, sent = two_leads(town)
    alerts = Alerts(monkeypatch)
    ctx = open_ctx(town)
    try:
        ctx.user_role = "负责人"
        page = CasesPage(make_env(ctx, tmp_path))
        qtbot.addWidget(page)
        page.on_shown()
        tab = page.leads_tab
        assert not tab.package_btn.isHidden()
        assert tab.select_id(sent)
        tab.export_package(str(usb))
        assert "含反映人信息 1 条" in alerts.texts()
        assert any(p.name.endswith("_线索案件.qfpkg") for p in usb.iterdir())
    finally:
        ctx.close()
