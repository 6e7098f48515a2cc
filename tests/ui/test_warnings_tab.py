"""设置 → 预警与回头看: tiers and 回头看 months are saved; bad tiers are refused in Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.services.org import settings
from desktop.ui.settings_tabs.warnings import Tab
from tests.conftest import db_snapshot
from tests.ui.ledger_helpers import Alerts, make_env


@pytest.fixture
def shown(monkeypatch):
    return Alerts(monkeypatch)


def test_warnings_tab_saves_tiers_and_revisit_months(qtbot, ctx, tmp_path, shown):
    tab = Tab(make_env(ctx, tmp_path))
    qtbot.addWidget(tab)
    assert tab.tiers.text() == "20/10/0" and tab.revisit.value() == 3
    tab.tiers.setText("30、15、5")
    tab.revisit.setValue(6)
    qtbot.mouseClick(tab.save_btn, Qt.MouseButton.LeftButton)
    assert settings.get(ctx, "warning_tiers") == [30, 15, 5]
    assert settings.get(ctx, "revisit_months") == 6
    assert tab.tiers.text() == "30/15/5"


def test_warnings_tab_refuses_bad_tiers(qtbot, ctx, site_dir, tmp_path, shown):
    tab = Tab(make_env(ctx, tmp_path))
    qtbot.addWidget(tab)
    before = db_snapshot(site_dir / "qingfeng.db")
    tab.tiers.setText("二十/十")
    qtbot.mouseClick(tab.save_btn, Qt.MouseButton.LeftButton)
    assert "预警档位应为用“/”分隔的天数" in shown.texts()
    tab.tiers.setText("400")
    qtbot.mouseClick(tab.save_btn, Qt.MouseButton.LeftButton)
    assert "0 到 365 之间" in shown.texts()
    assert db_snapshot(site_dir / "qingfeng.db") == before
