"""设置 → 预警与回头看: tiers and 回头看 months are saved; bad tiers are refused in Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.services.org import settings
from desktop.ui.settings_tabs.warnings import Tab
from tests.conftest import db_snapshot
from tests.ui.conftest import shot
from tests.ui.ledger_helpers import Alerts, make_env


@pytest.fixture
def shown(monkeypatch):
    return Alerts(monkeypatch)


def test_warnings_tab_saves_tiers_and_revisit_months(qtbot, ctx, tmp_path, shown):
    tab = Tab(make_env(ctx, tmp_path))
    qtbot.addWidget(tab)
    assert [b.value() for b in tab.tiers] == [20, 10, 0] and tab.revisit.value() == 3
    assert [b.suffix() for b in tab.tiers] == [" 天"] * 3
    for box, days in zip(tab.tiers, ("30", "5", "15"), strict=True):
        box.selectAll()
        qtbot.keyClicks(box, days)
    tab.revisit.setValue(6)
    qtbot.mouseClick(tab.save_btn, Qt.MouseButton.LeftButton)
    assert settings.get(ctx, "warning_tiers") == [30, 15, 5]
    assert settings.get(ctx, "revisit_months") == 6
    assert [b.value() for b in tab.tiers] == [30, 15, 5]
    tab.resize(640, 360)
    shot(tab, "settings_warnings")


def test_warnings_tab_refuses_equal_tiers(qtbot, ctx, site_dir, tmp_path, shown):
    tab = Tab(make_env(ctx, tmp_path))
    qtbot.addWidget(tab)
    before = db_snapshot(site_dir / "qingfeng.db")
    tab.tiers[1].setValue(20)
    qtbot.mouseClick(tab.save_btn, Qt.MouseButton.LeftButton)
    assert "三个预警档位的天数应各不相同" in shown.texts()
    assert tab.tiers[2].maximum() == 365 and tab.tiers[2].minimum() == 0  # out-of-range days cannot be typed
    assert db_snapshot(site_dir / "qingfeng.db") == before
