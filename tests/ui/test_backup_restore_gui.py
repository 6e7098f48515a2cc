"""设置 → 数据与备份 (issue 11 §6): the restore preview shows what the backup holds; another site's backup
needs the tick; a damaged backup gets one Chinese message and changes nothing; the automatic backup shows."""

from __future__ import annotations

import shutil
import sqlite3

from PySide6.QtCore import Qt

from desktop.core.services.backups import auto as auto_backup
from desktop.core.services.backups import backup as backups
from desktop.core.services.registry import units
from tests.conftest import db_snapshot, fixed_clock
from tests.ui.conftest import shot


def click(qtbot, w):
    qtbot.mouseClick(w, Qt.MouseButton.LeftButton)


def _tab(env, qtbot):
    from desktop.ui.settings_tabs.data import Tab

    env.data_changed = lambda: None
    tab = Tab(env)
    qtbot.addWidget(tab)
    tab.resize(760, 560)
    tab.show()
    return tab


def _foreign_backup(demo_template, tmp_path):
    from desktop.core.services.org.context import open_context

    other = tmp_path / "other"
    shutil.copytree(demo_template, other, ignore=shutil.ignore_patterns("qingfeng.lock"))
    con = sqlite3.connect(other / "qingfeng.db")
    con.execute("UPDATE org_profile SET site_code = '330226199', site_name = '别的镇'")
    con.execute("UPDATE app_user SET origin_site = '330226199'")
    con.commit()
    con.close()
    o = open_context(other, clock=fixed_clock())
    try:
        return backups.backup_now(o, tmp_path / "b")
    finally:
        o.close()


def test_another_sites_backup_needs_the_tick(env, qtbot, alerts_log, monkeypatch, tmp_path, demo_template):
    from desktop.ui import files

    foreign = _foreign_backup(demo_template, tmp_path)
    tab = _tab(env, qtbot)
    monkeypatch.setattr(files, "open_file", lambda *a: foreign)
    click(qtbot, tab.restore_button)
    dlg = tab.preview_dialog
    assert "别的镇（330226199）" in dlg.summary.text() and "问题" in dlg.summary.text()
    assert dlg.confirm_other.isVisible() and not dlg.restore_button.isEnabled()
    shot(dlg, "restore_preview_other_site")
    dlg.confirm_other.setChecked(True)
    assert dlg.restore_button.isEnabled()
    click(qtbot, dlg.restore_button)
    assert env.ctx.site_code == "330226199" and len(units.list_units(env.ctx)) > 5
    assert "已从备份恢复" in alerts_log[-1][1]


def test_a_damaged_backup_gets_one_message_and_changes_nothing(env, qtbot, alerts_log, monkeypatch, tmp_path):
    from desktop.ui import files

    made = backups.backup_now(env.ctx, tmp_path)
    raw = bytearray(made.read_bytes())
    raw[len(raw) // 3] ^= 0x01
    made.write_bytes(bytes(raw))
    before = db_snapshot(env.ctx.db.path)
    tab = _tab(env, qtbot)
    monkeypatch.setattr(files, "open_file", lambda *a: made)
    click(qtbot, tab.restore_button)
    assert not hasattr(tab, "preview_dialog")
    assert alerts_log[-1][0] in ("error", "warn") and "备份" in alerts_log[-1][1]
    assert db_snapshot(env.ctx.db.path) == before


def test_read_only_users_cannot_restore_and_the_auto_backup_shows(env, qtbot):
    auto_backup.run_daily(env.ctx)
    tab = _tab(env, qtbot)
    assert "自动备份-330226101-2026-11-24.qfbak" in tab.auto_label.text()
    assert tab.restore_button.isEnabled()
    shot(tab, "settings_data_tab")
    env.ctx.user_role = "只读"
    tab.load()
    assert not tab.restore_button.isEnabled()
