"""Message boxes: the 是/否 question answers 是 on Enter, except where it must not (an unchecked township key)."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.ui import alerts
from desktop.ui.widgets.sync_import import ImportPanel


def answer_with_enter(qtbot, ask) -> bool:
    """Open the real box and press Enter in it, as a hurried user would."""
    def press():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, press)
            return
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press)
    return ask()


def test_enter_says_yes_by_default_and_no_when_asked_to(qtbot):
    assert answer_with_enter(qtbot, lambda: alerts.question(None, "保存吗？")) is True
    assert answer_with_enter(qtbot, lambda: alerts.question(None, "指纹一致吗？", default_no=True)) is False


def test_unregistered_township_key_question_defaults_to_no(monkeypatch):
    asked = []
    monkeypatch.setattr(alerts, "question", lambda _p, text, *a, **kw: asked.append((text, kw)) or False)
    panel = SimpleNamespace(trust=set())
    src = {"site_name": "梅山镇", "site_code": "330226102", "fingerprint": "AB12 CD34"}
    again = ImportPanel._confirm_unknown(panel, [SimpleNamespace(file="/u/梅山镇.qfpkg", unregistered=src)])
    assert not again and panel.trust == set()
    [(text, kw)] = asked
    assert "尚未登记的乡镇“梅山镇”" in text and kw == {"default_no": True}
