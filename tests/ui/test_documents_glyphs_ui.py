"""签发 with a character no font has asks first; the substitute-font note lives in 设置 → 文书 (issue 16)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.services.documents import records as documents
from desktop.ui import alerts
from tests.doc_helpers import seed
from tests.ui.test_documents_page import _make_page, env, shown  # noqa: F401  (fixtures)

NOWHERE = "\U0003134a"


def test_signing_asks_about_characters_no_font_has(qtbot, env, ctx, monkeypatch, shown):  # noqa: F811
    w = seed(ctx)
    draft = documents.create_draft(ctx, "廉洁提醒函", unit_id=w["east"]["id"],
                                   fields={"signer": "李明", "addressee": f"{NOWHERE}村委会"})
    asked: list[str] = []
    answer = {"yes": False}
    monkeypatch.setattr(alerts, "question", lambda _p, text, *_a: asked.append(text) or answer["yes"])
    page = _make_page(qtbot, env)
    page.open_record(draft["id"])
    qtbot.mouseClick(page.detail.buttons["sign"], Qt.MouseButton.LeftButton)
    assert asked and "U+3134A" in asked[-1] and "仍要签发" in asked[-1]
    assert documents.get_document(ctx, draft["id"])["status"] == "草稿"       # 否: nothing signed
    answer["yes"] = True
    qtbot.mouseClick(page.detail.buttons["sign"], Qt.MouseButton.LeftButton)
    doc = documents.get_document(ctx, draft["id"])
    assert doc["status"] == "已签发" and doc["doc_no"]
    assert not [t for kind, t in shown if "字体" in t]                      # no font note after 签发


def test_documents_settings_tab_shows_the_fonts_once(env, qtbot):  # noqa: F811
    from desktop.ui.settings_tabs.documents import Tab
    from tests.ui.conftest import shot

    tab = Tab(env)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    faces = tab.fonts.faces.text()
    assert "仿宋：" in faces and "小标宋：" in faces
    notes = tab.fonts.notes.text()
    assert "代替" in notes or notes == "公文标准字体齐全。"
    assert tab.fonts.isVisible()
    shot(tab, "settings_documents_fonts")
