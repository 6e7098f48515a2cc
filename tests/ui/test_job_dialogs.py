"""Long jobs never leave a dialog behind: the progress box of a finished job cannot come back over the result
box (a nested modal loop), neither for the 工作台 → 导出催办单 export nor for a background job like 签发."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QDialog, QWidget

from desktop.core.progress import Progress
from desktop.core.services.problems import records as problems
from desktop.core.services.registry import units
from desktop.ui import alerts, workers
from desktop.ui.pages.workbench import WorkbenchPage
from tests.ui.job_helpers import ShownBoxes
from tests.ui.ledger_helpers import make_env


def visible_dialogs(parent: QWidget) -> list[str]:
    return [d.windowTitle() for d in parent.findChildren(QDialog) if d.isVisible()]


def modal_box(parent, seen: list):
    """Stands in for QMessageBox.information: a nested event loop, like exec(); records what is on screen."""

    def info(_parent, text, title=""):
        loop = QEventLoop()
        QTimer.singleShot(60, loop.quit)  # long enough for any pending timer of the finished job to fire
        loop.exec()
        seen.append((text, visible_dialogs(parent)))

    return info


@pytest.fixture
def chase_page(qtbot, ctx, tmp_path):
    for name in ("青石村", "柳溪村"):
        units.create(ctx, {"name": name, "type": "行政村"})
    vid = units.villages(ctx)[0]["id"]
    p = problems.create_problem(ctx, {"unit_id": vid, "description": "公开栏未更新。", "found_date": "2026-11-01"})
    problems.transition(ctx, p["id"], "交办", requirement="及时公开", deadline="2026-11-20", on_date="2026-11-02")
    page = WorkbenchPage(make_env(ctx, tmp_path))
    qtbot.addWidget(page)
    page.show()
    page.on_shown()
    return page


@pytest.fixture
def shown_boxes():
    boxes = ShownBoxes()
    yield boxes
    boxes.remove()


def test_chase_export_leaves_no_progress_box_over_the_result_box(chase_page, tmp_path, monkeypatch, qtbot,
                                                                 shown_boxes):
    """工作台 → 导出催办单 at the district: the export ends just as the box's delay runs out."""
    monkeypatch.setattr(workers, "SHOW_AFTER_MS", 0)  # the delay has run out when the GUI thread next looks
    runner = chase_page.env.runner = workers.Runner()
    seen = []
    monkeypatch.setattr(alerts, "info", modal_box(chase_page, seen))
    out = tmp_path / "催办单.xlsx"
    chase_page.export_chase(str(out))
    runner._pool.submit(lambda: None).result(10)  # the export is written before the GUI thread looks again
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert "已导出催办单" in seen[0][0] and out.exists()
    assert seen[0][1] == [], "the 正在导出催办单 box must not stand over the result box"
    assert shown_boxes.titles == [], "no box may open for a job that has already ended"
    qtbot.wait(20)
    assert visible_dialogs(chase_page) == []
    runner.shutdown()


def test_background_job_finishing_early_leaves_no_box_over_its_result(qtbot, monkeypatch):
    """The 签发 case: a job done before the GUI thread looked (result queued), whose on_done opens a modal box."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    runner = workers.Runner()
    seen = []
    info = modal_box(parent, seen)

    def sign():  # like the 文书 jobs: says where it starts, then finishes quickly
        yield Progress(0, 1, "正在生成文书")
        return "DW〔2026〕1号"

    runner.run(sign, title="正在生成文书", parent=parent,
               on_done=lambda no: info(parent, f"签发完成：{no}"))
    runner._pool.submit(lambda: None).result(5)  # the job has ended before the GUI thread handles anything
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen == [("签发完成：DW〔2026〕1号", [])]
    runner.shutdown()
