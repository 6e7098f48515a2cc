"""问题整改 page: one problem walked through its whole life from the GUI, a refused gate, bulk deadline,
search count, filters and sorting in SQL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.core.services.problems import query as problem_query
from desktop.core.services.problems import records as problems
from desktop.core.services.registry import units
from desktop.ui.pages.problems import ProblemsPage
from tests.conftest import db_snapshot
from tests.core.problem_helpers import evidence
from tests.ui.ledger_helpers import Alerts, make_env


@pytest.fixture
def shown(monkeypatch):
    return Alerts(monkeypatch)


@pytest.fixture
def page(qtbot, demo_ctx, tmp_path):
    p = ProblemsPage(make_env(demo_ctx, tmp_path))
    qtbot.addWidget(p)
    p.resize(1300, 800)
    p.on_shown()
    return p


def _ok(qtbot, dlg):
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _record(qtbot, page, village: str) -> dict:
    qtbot.mouseClick(page.new_btn, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    assert "五见两清" in dlg.description.placeholderText()
    dlg.choose_unit(village)
    dlg.category.setCurrentIndex(dlg.category.findText("村级财务"))
    dlg.description.insertPlainText(f"2026年10月12日检查发现，{village}报账凭证中有白条3张，合计1200元。")
    dlg.people.insert("张三")
    _ok(qtbot, dlg)
    assert not dlg.isVisible()
    return page.detail.problem


def _act(qtbot, page, action: str, fill) -> None:
    btn = page.detail.buttons[action]
    assert btn.isEnabled()
    qtbot.mouseClick(btn, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    assert dlg.windowTitle().startswith(action)
    fill(dlg)
    _ok(qtbot, dlg)
    assert not dlg.isVisible(), dlg.error_label.text()


def _screen(page) -> str:
    return page.detail.view.toPlainText()


def test_problems_page_walks_one_problem_through_its_whole_life(page, qtbot, shown, tmp_path, demo_ctx):
    village = units.villages(demo_ctx)[0]["name"]
    before_total = page.total
    p = _record(qtbot, page, village)
    assert page.count_label.text() == f"共 {before_total + 1} 个问题"
    assert p["status"] == "待核实" and "待核实" in _screen(page)
    assert set(page.detail.buttons) >= {"交办", "立行立改", "不予认定", "移交"}

    def assign(d):
        d.field("requirement").setPlainText("补齐报账手续，规范票据管理")
        d.field("deadline").date.set_iso("2026-12-31")
    _act(qtbot, page, "交办", assign)
    assert "已交办" in _screen(page) and "2026-12-31" in _screen(page)
    row = page.model.row(page.model.find(p["id"]))
    assert row["status"] == "已交办" and row["deadline"] == "2026-12-31"

    photo = evidence(tmp_path, "整改后票据.png")

    def feedback(d):
        d.field("measures").setPlainText("已补齐合规票据并退回款项")
        d.field("evidence").add_paths([str(photo)])
    _act(qtbot, page, "反馈", feedback)
    assert "待审核" in _screen(page)
    assert [a["file_name"] for a in page.detail.files.items] == ["整改后票据.png"]
    assert page.detail.files.list.item(0).text() == "整改后票据.png"

    _act(qtbot, page, "审核通过", lambda d: d.field("opinion").setPlainText("整改到位，同意销号"))
    assert "整改到位，同意销号" in _screen(page)
    _act(qtbot, page, "销号", lambda d: None)  # the review opinion is carried over
    assert "已销号" in _screen(page) and "应于 2027-02-24 前回头看" in _screen(page)

    def relapse(d):
        d.field("reason").setPlainText("回头看发现又有白条入账2张")
        d.field("deadline").days.setValue(10)
    _act(qtbot, page, "回头看反弹", relapse)
    text = _screen(page)
    assert "整改中" in text and "反弹 1 次" in text and "回头看反弹" in text

    _act(qtbot, page, "反馈", lambda d: d.field("measures").setPlainText("再次整改，建立报账审核制度"))
    _act(qtbot, page, "销号", lambda d: d.field("opinion").setPlainText("复查合格"))
    _act(qtbot, page, "回头看通过", lambda d: None)
    assert "已归档" in _screen(page)
    assert page.detail.hint.text().endswith("移交")
    final = problems.get_problem(demo_ctx, p["id"])
    assert [e["action"] for e in final["events"]] == ["登记", "交办", "反馈", "审核通过", "销号", "回头看反弹", "反馈",
                                                      "销号", "回头看通过"]
    assert not shown.shown


def test_problems_page_refused_gate_shows_chinese_reason(page, qtbot, shown, demo_ctx, demo_dir):
    p = _record(qtbot, page, units.villages(demo_ctx)[1]["name"])
    _act(qtbot, page, "交办", lambda d: (d.field("requirement").setPlainText("限期整改"),
                                       d.field("deadline").date.set_iso("2026-12-20")))
    _act(qtbot, page, "反馈", lambda d: d.field("measures").setPlainText("已整改"))  # no evidence
    before = db_snapshot(demo_dir / "qingfeng.db")
    qtbot.mouseClick(page.detail.buttons["销号"], Qt.MouseButton.LeftButton)
    dlg = page.dialog
    dlg.field("opinion").setPlainText("同意销号")
    _ok(qtbot, dlg)
    assert dlg.isVisible()
    assert "销号前必须至少有一份整改佐证材料" in dlg.error_label.text()
    assert "销号前必须至少有一份整改佐证材料" not in shown.texts()  # in the form, not in a message box
    assert db_snapshot(demo_dir / "qingfeng.db") == before
    dlg.reject()
    assert problems.get_problem(demo_ctx, p["id"])["status"] == "待审核"


def test_problems_page_record_form_refuses_missing_description(page, qtbot, shown, demo_dir):
    before = db_snapshot(demo_dir / "qingfeng.db")
    page._on_new()
    dlg = page.dialog
    dlg.unit.setCurrentIndex(1)
    _ok(qtbot, dlg)
    assert dlg.isVisible() and "五见两清" in dlg.form.error_text("description")
    assert dlg.description.hasFocus() or dlg.focusWidget() is dlg.description
    assert db_snapshot(demo_dir / "qingfeng.db") == before


def test_problems_page_bulk_deadline_for_selected(page, qtbot, shown, demo_ctx):
    vid = units.villages(demo_ctx)[2]["id"]
    ids = []
    for _ in range(3):
        p = problems.create_problem(demo_ctx, {"unit_id": vid, "description": "公开栏未更新。", "found_date": "2026-11-01"})
        ids.append(problems.transition(demo_ctx, p["id"], "交办", requirement="及时公开", deadline="2026-12-01")["id"])
    page.show_only(ids)
    assert page.count_label.text().startswith("共 3 个问题")
    page.table.selectAll()
    page._on_bulk("延期")
    dlg = page.dialog
    dlg.field("deadline").date.set_iso("2027-01-15")
    dlg.field("reason").setPlainText("涉及资金需村民代表会议决定")
    dlg.field("approver").insert("镇纪委书记")
    _ok(qtbot, dlg)
    assert not dlg.isVisible()
    assert {page.model.row(i)["deadline"] for i in range(3)} == {"2027-01-15"}
    assert "已对 3 个问题执行“延期”" in shown.texts()


def test_problems_page_search_count_filters_and_sort(page, qtbot, demo_ctx):
    vid = units.villages(demo_ctx)[3]["id"]
    for text in ("低保评议记录缺失。", "白条入账两张。"):
        problems.create_problem(demo_ctx, {"unit_id": vid, "description": text, "found_date": "2026-11-02"})
    page.search.insert("低保评议")
    page.reload()
    expected = problem_query.count_problems(demo_ctx, {"text": "低保评议"})
    assert expected >= 1 and page.count_label.text() == f"检索到 {expected} 个问题"
    page.search.clear()
    page.status_filter.set_value("待核实")
    assert {page.model.row(i)["status"] for i in range(page.model.rowCount())} == {"待核实"}
    page.clear_filters()
    col = next(i for i, c in enumerate(page.model.columns) if c.key == "no")
    page.table.horizontalHeader().sectionClicked.emit(col)
    page.model.fetch_all()
    nos = [page.model.row(i)["no"] for i in range(page.model.rowCount())]
    assert nos == sorted(nos) and len(nos) == page.total


def test_problems_page_attachments_thumbnail_open_and_unreadable(page, qtbot, shown, demo_ctx, tmp_path,
                                                                  monkeypatch, demo_dir):
    from desktop.ui.widgets import attachments as strip_mod

    p = problems.create_problem(demo_ctx, {"unit_id": units.villages(demo_ctx)[0]["id"], "description": "照片测试。",
                                           "found_date": "2026-11-01"})
    page.open_record(p["id"])
    strip = page.detail.files
    strip.on_add([str(evidence(tmp_path, "现场.png")), str(evidence(tmp_path, "整改前.png"))])
    assert [strip.list.item(i).text() for i in range(strip.list.count())] == ["现场.png", "整改前.png"]
    assert not strip.list.item(0).icon().isNull()
    opened = []
    monkeypatch.setattr(strip_mod, "open_with_system", lambda path: opened.append(path) or True)
    strip.list.setCurrentRow(1)
    qtbot.mouseClick(strip.open_btn, Qt.MouseButton.LeftButton)
    assert opened and opened[0].exists() and opened[0].suffix == ".png"
    before = db_snapshot(demo_dir / "qingfeng.db")
    strip.on_add([str(tmp_path / "不存在.jpg")])
    assert "无法读取文件“不存在.jpg”" in shown.texts()
    assert db_snapshot(demo_dir / "qingfeng.db") == before


def test_problems_page_read_only_user_cannot_change(qtbot, demo_ctx, tmp_path):
    problems.create_problem(demo_ctx, {"unit_id": units.villages(demo_ctx)[0]["id"], "description": "只读测试。",
                                       "found_date": "2026-11-01"})
    demo_ctx.user_role = "只读"
    p = ProblemsPage(make_env(demo_ctx, tmp_path))
    qtbot.addWidget(p)
    p.on_shown()
    p.table.selectRow(0)
    assert not p.new_btn.isEnabled() and not p.import_btn.isEnabled()
    assert p.detail.buttons and not any(b.isEnabled() for b in p.detail.buttons.values())


def test_problems_page_lists_linked_talks_and_opens_them(qtbot, demo_ctx, tmp_path):
    from desktop.core.services.registry import people
    from desktop.core.services.talks import records as talks

    navigated = []
    page = ProblemsPage(make_env(demo_ctx, tmp_path, navigated))
    qtbot.addWidget(page)
    page.on_shown()
    person = people.list_people(demo_ctx)[0]
    p = problems.create_problem(demo_ctx, {"unit_id": person["unit_id"], "description": "用印无登记。",
                                           "found_date": "2026-11-01"})
    t = talks.create(demo_ctx, {"kind": "约谈", "person_id": person["id"], "talk_date": "2026-11-20",
                                "talker": "王晓燕", "reason": "用印无登记", "problem_id": p["id"]})
    page.open_record(p["id"])
    assert f"约谈：{person['name']}" in _screen(page)
    page.detail.link_clicked.emit(f"#talk:{t['id']}")
    assert navigated == [("talks", t["id"])]
