"""设置 → 升级: choose a package, see it checked (or refused in one Chinese line); install needs an installed build."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import shot
from tests.update_helpers import new_key, package


def click(qtbot, w):
    qtbot.mouseClick(w, Qt.MouseButton.LeftButton)


def test_update_tab_checks_packages(env, qtbot, alerts_log, tmp_path, monkeypatch):
    from desktop.ui import files
    from desktop.ui.pages.settings import SettingsPage
    from desktop.ui.settings_tabs.update import Tab

    key = new_key()
    monkeypatch.setattr("desktop.core.update.service.trusted_keys", lambda: [key.public_key()])
    page = SettingsPage(env)
    qtbot.addWidget(page)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "升级" in titles
    tab = page.tabs.widget(titles.index("升级"))
    assert isinstance(tab, Tab)
    assert "清风台账 0.1.0（linux-" in tab.version.text() and "从源代码运行" in tab.version.text()

    chosen = []
    monkeypatch.setattr(files, "open_file", lambda *a, **k: chosen.pop(0))
    chosen.append(package(tmp_path, key, "0.0.9"))
    click(qtbot, tab.choose_button)
    assert alerts_log == [("warn", "升级包的版本 0.0.9 不高于当前版本 0.1.0，没有升级（不能降级或重复安装）。")]
    assert "不高于当前版本" in tab.result.text() and not tab.install_button.isEnabled()

    chosen.append(package(tmp_path, key, "0.2.0"))
    click(qtbot, tab.choose_button)
    assert tab.result.text().startswith("校验通过：清风台账 0.2.0（linux-")
    assert not tab.install_button.isEnabled()  # the source tree cannot install; an installed build can
    page.tabs.setCurrentWidget(tab)
    page.resize(900, 600)
    shot(page, "settings_update")


def test_install_closes_the_data_applies_and_quits(env, qtbot, alerts_log, tmp_path, monkeypatch):
    from pathlib import Path

    from desktop.core.update import apply as upd
    from desktop.core.update import service
    from desktop.ui.settings_tabs import update as tab_module
    from desktop.ui.settings_tabs.update import Tab

    key = new_key()
    monkeypatch.setattr(service, "trusted_keys", lambda: [key.public_key()])
    real_status = service.status
    monkeypatch.setattr(service, "status", lambda: {**real_status(), "install_root": "/opt/qingfeng"})
    calls, quits = [], []

    def fake_apply(pkg, data_root, progress):
        calls.append((Path(pkg).name, data_root, env.ctx.db._lock))  # the GUI's lock must be released by now
        return upd.ApplyResult("0.2.0", "0.1.0", Path("/opt/qingfeng"), Path("/opt/qingfeng.prev"),
                               data_root / "backups" / "升级前备份-程序-1.db")

    monkeypatch.setattr(service, "apply", fake_apply)
    monkeypatch.setattr(tab_module.QApplication, "quit", lambda: quits.append(1))
    monkeypatch.setattr("desktop.ui.files.open_file", lambda *a, **k: package(tmp_path, key, "0.2.0"))
    tab = Tab(env)
    qtbot.addWidget(tab)
    click(qtbot, tab.choose_button)
    assert tab.install_button.isEnabled()
    alerts_log.answers.append(False)
    click(qtbot, tab.install_button)
    assert calls == [] and alerts_log[-1][0] == "question"  # 取消: nothing happens
    click(qtbot, tab.install_button)
    assert calls == [("清风台账-升级-0.2.0.qfupd", env.ctx.data.root, None)] and quits == [1]
    assert alerts_log[-1][0] == "info" and "已升级到清风台账 0.2.0" in alerts_log[-1][1]
