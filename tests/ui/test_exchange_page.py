"""数据交换 page driven as a user: export at a township, import (preview → 确认导入) at the district,
the board, 派单 down and its progress back up, fingerprint confirmation, key settings."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSettings, Qt

from desktop.core.errors import PermissionDenied
from desktop.core.services.sync import exchange as sync
from desktop.ui import alerts
from desktop.ui.env import UiEnv
from desktop.ui.widgets import sync_common
from desktop.ui.workers import Runner
from tests.sync_helpers import *  # noqa: F403
from tests.sync_helpers import PASSPHRASE, export_from, live_counts, open_ctx


@pytest.fixture
def said(monkeypatch):
    """Every alert the page shows, and 'yes' to every question."""
    messages = []
    for name in ("info", "warn", "error"):
        monkeypatch.setattr(alerts, name, lambda _p, text, *a, _n=name: messages.append((_n, text)))
    monkeypatch.setattr(alerts, "question", lambda _p, text, *a: messages.append(("question", text)) or True)
    return messages


@pytest.fixture
def passphrase_prompt(monkeypatch, district_keys):
    """The user types the passphrase; the scrypt run is skipped but the passphrase must be right."""
    asked = []
    monkeypatch.setattr(sync_common, "ask_passphrase", lambda *_a, **_k: asked.append(1) or PASSPHRASE)
    real = sync.unlock
    monkeypatch.setattr(sync, "unlock", lambda ctx, p=None: real(ctx, p) if not ctx.is_district else (
        district_keys if p == PASSPHRASE else (_ for _ in ()).throw(PermissionDenied("密钥口令不正确。"))))
    return asked


@pytest.fixture
def make_page(qtbot, tmp_path):
    made = []

    def make(site):
        from desktop.ui.pages.exchange import ExchangePage

        env = UiEnv(ctx=open_ctx(site), runner=Runner(sync=True),
                    settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        page = ExchangePage(env)
        qtbot.addWidget(page)
        page.on_shown()
        made.append(env.ctx)
        return page

    yield make
    for ctx in made:
        ctx.close()


def test_export_at_township_then_import_at_district(world, usb, make_page, said, passphrase_prompt, qtbot,
                                                     monkeypatch):
    town = make_page(world.towns[0])
    panel = town.export_panel
    pending = int(re.search(r"待导出的变更 (\d+) 条", panel.status.text()).group(1))
    assert "宁海县" in panel.status.text() and pending > 100
    qtbot.mouseClick(panel.export_btn, Qt.MouseButton.LeftButton)
    assert ("warn", "请先选择保存数据包的文件夹（U 盘）。") in said and not list(usb.iterdir())
    monkeypatch.setattr(sync_common, "choose_folder", lambda *_a: str(usb))
    qtbot.mouseClick(panel.browse_btn, Qt.MouseButton.LeftButton)
    assert panel.folder.text() == str(usb)
    qtbot.mouseClick(panel.export_btn, Qt.MouseButton.LeftButton)
    [pkg] = list(usb.glob("*.qfpkg"))
    assert "已导出并校验" in panel.result.text() and pkg.name in panel.result.text()
    assert panel.bar.value() == 100
    assert {r["label"]: r["rows"] for r in panel.model.rows()}["人员"] == 80
    assert sum(r["rows"] for r in panel.model.rows()) == pending
    assert "待导出的变更 0 条" in panel.status.text()

    district = make_page(world.district)
    imp = district.import_panel
    monkeypatch.setattr(sync_common, "choose_files", lambda *_a: [str(pkg)])
    qtbot.mouseClick(imp.choose_btn, Qt.MouseButton.LeftButton)
    assert passphrase_prompt == [1, 1]  # the township's key passphrase to export, then the district's to import
    assert "可导入 1 个" in imp.summary.text() and imp.apply_btn.isEnabled()
    assert live_counts(world.district)["person"] == 0  # preview writes nothing
    shown = [imp.model.row(i) for i in range(imp.model.rowCount())]
    assert {r["label"]: r["new"] for r in shown}["人员"] == 80
    qtbot.mouseClick(imp.apply_btn, Qt.MouseButton.LeftButton)
    assert "导入完成：成功 1 个" in imp.summary.text() and "导入前已备份数据库" in imp.summary.text()
    assert live_counts(world.district, "330226101")["person"] == 80
    assert not imp.apply_btn.isEnabled()
    qtbot.mouseClick(imp.choose_btn, Qt.MouseButton.LeftButton)  # same package again
    assert "已导入过 1 个" in imp.summary.text() and passphrase_prompt == [1, 1]  # asked once per session

    district.tabs.setCurrentWidget(district.board_panel)
    board = {district.board_panel.model.row(i)["site_code"]: district.board_panel.model.row(i)
             for i in range(district.board_panel.model.rowCount())}
    assert board["330226101"]["state"] == "正常" and board["330226102"]["state"] == "尚未报送"


def test_unregistered_township_after_fingerprint_confirmed(world, usb, make_page, said, passphrase_prompt,
                                                           qtbot, monkeypatch):
    import sqlite3

    con = sqlite3.connect(world.district / "qingfeng.db")
    con.execute("DELETE FROM sync_peer WHERE site_code='330226102'")
    con.commit()
    con.close()
    pkg = export_from(world.towns[1], usb)["file"]
    district = make_page(world.district)
    monkeypatch.setattr(sync_common, "choose_files", lambda *_a: [pkg])
    qtbot.mouseClick(district.import_panel.choose_btn, Qt.MouseButton.LeftButton)
    [(kind, text)] = [m for m in said if m[0] == "question"]
    assert "尚未登记的乡镇“梅山镇”" in text and "指纹" in text
    qtbot.mouseClick(district.import_panel.apply_btn, Qt.MouseButton.LeftButton)
    assert live_counts(world.district, "330226102")["unit"] == 26


def test_bad_file_is_reported_in_the_table(world, tmp_path, make_page, said, passphrase_prompt, qtbot,
                                           monkeypatch):
    bad = tmp_path / "坏.qfpkg"
    bad.write_text("不是数据包", encoding="utf-8")
    district = make_page(world.district)
    monkeypatch.setattr(sync_common, "choose_files", lambda *_a: [str(bad)])
    qtbot.mouseClick(district.import_panel.choose_btn, Qt.MouseButton.LeftButton)
    imp = district.import_panel
    assert "被拒绝 1 个" in imp.summary.text() and not imp.apply_btn.isEnabled()
    assert "不是清风台账的数据包" in imp.model.row(0)["note"]


def test_task_published_down_worked_on_and_reported_up(world, usb, make_page, said, passphrase_prompt, qtbot,
                                                       monkeypatch):
    district = make_page(world.district)
    pub = district.publish_panel
    district.tabs.setCurrentWidget(pub)
    pub.title.insert("村级工程项目专项检查")  # typed through the input method (keyClicks is ASCII-only)
    pub.targets.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(pub.add_btn, Qt.MouseButton.LeftButton)
    assert pub.model.rowCount() == 1 and pub.model.row(0)["targets"] == "清溪镇"
    monkeypatch.setattr(sync_common, "choose_folder", lambda *_a: str(usb))
    qtbot.mouseClick(pub.publish_btn, Qt.MouseButton.LeftButton)
    assert any("已下发（清单版本 1）" in t for _k, t in said)
    down = sorted(usb.glob("*_to330226101.qfpkg"))

    town = make_page(world.towns[0])
    town.tabs.setCurrentWidget(town.import_panel)
    monkeypatch.setattr(sync_common, "choose_files", lambda *_a: [str(down[0])])
    qtbot.mouseClick(town.import_panel.choose_btn, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(town.import_panel.apply_btn, Qt.MouseButton.LeftButton)
    tasks = town.tasks_panel
    town.tabs.setCurrentWidget(tasks)
    assert tasks.model.row(0)["title"] == "村级工程项目专项检查" and tasks.model.row(0)["status"] == "未开始"
    tasks.view.selectRow(0)
    tasks.status.setCurrentText("已完成")
    tasks.progress.insert("12 个项目全部检查完毕")
    qtbot.mouseClick(tasks.save_btn, Qt.MouseButton.LeftButton)
    assert tasks.model.row(0)["status"] == "已完成"

    town.tabs.setCurrentWidget(town.export_panel)
    town.export_panel.folder.setText(str(usb / "up"))
    qtbot.mouseClick(town.export_panel.export_btn, Qt.MouseButton.LeftButton)
    assert {r["label"]: r["rows"] for r in town.export_panel.model.rows()}["派单进展"] == 1
    monkeypatch.setattr(sync_common, "choose_files", lambda *_a: [str(p) for p in (usb / "up").glob("*.qfpkg")])
    qtbot.mouseClick(district.import_panel.choose_btn, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(district.import_panel.apply_btn, Qt.MouseButton.LeftButton)
    district.tabs.setCurrentWidget(pub)
    assert pub.model.row(0)["progress_text"] == "清溪镇 已完成：12 个项目全部检查完毕"


def test_keys_tab_pins_a_district_from_its_enrolment_file(world, tmp_path, qtbot, said, monkeypatch):
    import sqlite3

    from desktop.ui.settings_tabs.keys import Tab

    con = sqlite3.connect(world.towns[2] / "qingfeng.db")
    con.execute("DELETE FROM sync_peer")
    con.commit()
    con.close()
    d = open_ctx(world.district)
    try:
        sync.write_enrolment(d, tmp_path / "district.qfkey")
        district_fp = sync.key_status(d)["own"]["fingerprint"]
    finally:
        d.close()
    env = UiEnv(ctx=open_ctx(world.towns[2]), runner=Runner(sync=True),
                settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    try:
        tab = Tab(env)
        qtbot.addWidget(tab)
        assert tab.peer_name.text() == "尚未绑定区县" and len(tab.own_fp.text()) == 19
        monkeypatch.setattr(sync_common, "choose_file", lambda *_a: str(tmp_path / "district.qfkey"))
        qtbot.mouseClick(tab.enrol_btn, Qt.MouseButton.LeftButton)
        assert tab.peer_name.text() == "宁海县（330226）" and tab.peer_fp.text() == district_fp
        assert any(district_fp in t for k, t in said if k == "question")
    finally:
        env.ctx.close()


def test_township_filter_and_column_for_district_pages(world, tmp_path, qtbot):
    from desktop.ui.widgets.township_filter import TownshipFilter, township_column

    for site, district in ((world.district, True), (world.towns[0], False)):
        env = UiEnv(ctx=open_ctx(site), runner=Runner(sync=True),
                    settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        try:
            box = TownshipFilter(env)
            qtbot.addWidget(box)
            assert (not box.isHidden()) == district and box.site_code() is None
            column = township_column(env.ctx)
            if district:
                seen = []
                box.changed.connect(lambda b=box, out=seen: out.append(b.site_code()))
                box.combo.setCurrentIndex(box.combo.findText("梅山镇（330226102）"))
                assert seen == ["330226102"]
                assert column.fmt("330226103") == "白石乡" and column.fmt("330226") == "本区县"
            else:
                assert column is None and box.combo.count() == 1
        finally:
            env.ctx.close()
