"""Import of a messy legacy ledger from the GUI: dry-run report, category mapping, confirm, no duplicates."""

from __future__ import annotations

import pytest

from desktop.core.services.problems import query as problem_query
from desktop.core.services.registry import units
from desktop.ui.dialogs import ledger_io
from desktop.ui.pages.problems import ProblemsPage
from tests.conftest import db_snapshot
from tests.fixtures.messy_ledger import write_messy_ledger
from tests.ui.ledger_helpers import Alerts, make_env


@pytest.fixture
def shown(monkeypatch):
    return Alerts(monkeypatch)


@pytest.fixture
def page(qtbot, demo_ctx, tmp_path):
    p = ProblemsPage(make_env(demo_ctx, tmp_path))
    qtbot.addWidget(p)
    p.on_shown()
    return p


def _issues(dlg) -> list[tuple[str, str, str]]:
    t = dlg.issues
    return [tuple(t.item(r, c).text() for c in range(3)) for r in range(t.rowCount())]


def test_import_dialog_dry_run_map_confirm_and_reimport(page, demo_ctx, demo_dir, tmp_path, shown):
    v = units.villages(demo_ctx)
    path = write_messy_ledger(tmp_path / "旧台账.xlsx", v[0]["name"], v[1]["name"])
    before = db_snapshot(demo_dir / "qingfeng.db")
    count = problem_query.count_problems(demo_ctx)
    ledger_io.start_import(page, str(path))
    dlg = page.dialog
    assert "可导入" in dlg.summary.text() and "尚未写入" in dlg.summary.text()
    reasons = " ".join(r for _row, _col, r in _issues(dlg))
    assert "不在目录中" in reasons and "重复" in reasons and "不在名册中" in reasons
    assert dlg.field_combos["description"].currentText() == "存在问题"
    assert db_snapshot(demo_dir / "qingfeng.db") == before  # a dry run writes nothing
    first_ok = len(dlg.report["accepted"])
    combo = dlg.category_combos["财务"]
    combo.setCurrentIndex(combo.findData("村级财务"))
    dlg.check()
    assert len(dlg.report["accepted"]) == first_ok + 1
    dlg.confirm()
    assert dlg.result_report["written"] == first_ok + 1
    assert problem_query.count_problems(demo_ctx) == count + first_ok + 1
    assert page.count_label.text() == f"共 {count + first_ok + 1} 个问题"
    ledger_io.start_import(page, str(path))
    again = page.dialog
    assert again.report["accepted"] == [] and len(again.report["skipped"]) >= first_ok
    assert not again.import_btn.isEnabled()


def test_import_dialog_refuses_foreign_file(page, tmp_path, shown, demo_dir):
    bad = tmp_path / "照片.xlsx"
    bad.write_bytes(b"not a zip")
    before = db_snapshot(demo_dir / "qingfeng.db")
    ledger_io.start_import(page, str(bad))
    assert "不是有效的 Excel" in shown.texts()
    assert db_snapshot(demo_dir / "qingfeng.db") == before
