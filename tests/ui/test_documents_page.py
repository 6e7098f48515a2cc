"""文书 page: from problems to a signed 整改通知书, preview, delivery, reply → problems 待审核; batch; settings tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QPushButton

from desktop.core.services.documents import records as documents
from desktop.core.services.problems import records as problems
from desktop.ui import alerts
from desktop.ui.dialogs.doc_batch import BatchDialog
from desktop.ui.dialogs.doc_issue import IssueDialog
from desktop.ui.dialogs.doc_life import DeliveryDialog, ReplyDialog, VoidDialog
from desktop.ui.env import UiEnv
from desktop.ui.workers import Runner
from tests.conftest import db_snapshot
from tests.doc_helpers import seed


@pytest.fixture
def shown(monkeypatch):
    """Record message boxes instead of showing them."""
    seen = []
    for name in ("info", "warn", "error"):
        monkeypatch.setattr(alerts, name, lambda _p, text, *_a, n=name: seen.append((n, text)))
    monkeypatch.setattr(alerts, "question", lambda *_a: True)
    return seen


@pytest.fixture
def env(ctx, tmp_path):
    return UiEnv(ctx=ctx, runner=Runner(sync=True),
                 settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


def _run_dialog(monkeypatch, cls, act):
    """Replace the modal exec of `cls` by `act(dialog)`, which drives the dialog as a user would."""
    def fake_exec(self):
        act(self)
        return self.result() or QDialog.DialogCode.Rejected

    monkeypatch.setattr(cls, "exec", fake_exec)


def type_text(widget, text: str) -> None:
    """Type Chinese text as an input method does (QTest.keyClicks only handles Latin-1)."""
    widget.setFocus()
    if hasattr(widget, "insert"):
        widget.insert(text)
    else:
        widget.insertPlainText(text)


def _make_page(qtbot, env):
    from desktop.ui.pages.documents import DocumentsPage

    page = DocumentsPage(env)
    qtbot.addWidget(page)
    page.resize(1300, 760)
    page.show()
    return page


def test_from_problems_to_a_signed_notice_delivered_and_replied(qtbot, env, ctx, monkeypatch, shown, tmp_path):
    w = seed(ctx)
    page = _make_page(qtbot, env)

    def fill_issue(dlg: IssueDialog):
        checked = [dlg.problems.item(i).checkState() for i in range(dlg.problems.count())]
        assert checked == [Qt.CheckState.Checked, Qt.CheckState.Checked]
        assert dlg.title_edit.text() == "关于东岭村有关问题限期整改的通知"
        type_text(dlg.texts["source"][1], "2026年10月村级“三资”专项检查")
        type_text(dlg.signer, "李明")
        qtbot.mouseClick(dlg.sign_button, Qt.MouseButton.LeftButton)

    _run_dialog(monkeypatch, IssueDialog, fill_issue)
    page.open_record(f"problems:{w['p1']['id']},{w['p2']['id']}")

    doc = page.detail.doc
    assert doc["doc_no"] == "清纪改〔2026〕1号" and doc["display_status"] == "已签发"
    assert page.model.row(0)["doc_no"] == "清纪改〔2026〕1号"
    assert page.tabs.currentWidget() is page.preview and page.preview.page_count() >= 2
    assert "清纪改〔2026〕1号" in page.preview.info.text()
    assert {p["status"] for p in documents.linked_problems(ctx, doc["id"])} == {"已交办"}

    def fill_delivery(dlg: DeliveryDialog):
        type_text(dlg.received_by, "陈建国")
        dlg.accept()

    _run_dialog(monkeypatch, DeliveryDialog, fill_delivery)
    qtbot.mouseClick(page.detail.buttons["deliver"], Qt.MouseButton.LeftButton)
    assert page.detail.values["display_status"].text() == "待回复"
    assert "签收人 陈建国" in page.detail.values["life"].text()

    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"\xff\xd8 photo")

    def fill_reply(dlg: ReplyDialog):
        type_text(dlg.reply_text, "已召开村民代表会议补正程序，公开栏已更新。")
        dlg.add_files([photo])
        dlg.accept()

    _run_dialog(monkeypatch, ReplyDialog, fill_reply)
    qtbot.mouseClick(page.detail.buttons["reply"], Qt.MouseButton.LeftButton)
    assert page.detail.values["display_status"].text() == "已回复"
    assert "（佐证材料 1 份）：已召开村民代表会议补正程序" in page.detail.values["life"].text()
    assert "[待审核]" in page.detail.values["problems"].text()
    assert {problems.get_problem(ctx, w[k]["id"])["status"] for k in ("p1", "p2")} == {"待审核"}
    assert not [m for m in shown if m[0] in ("warn", "error")]


def test_register_filters_and_void_keeps_the_number(qtbot, env, ctx, monkeypatch, shown):
    w = seed(ctx)
    letter = documents.issue(ctx, "廉洁提醒函", unit_id=w["east"]["id"], sign=True, fields={"signer": "李明"})
    documents.issue(ctx, "廉洁提醒函", unit_id=w["west"]["id"])
    page = _make_page(qtbot, env)
    assert page.model.rowCount() == 2
    type_text(page.search, "西坡")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert [r["display_status"] for r in page.model.rows()] == ["草稿"]
    page.search.clear()
    page.open_record(letter["id"])

    def give_no_reason(dlg: VoidDialog):
        dlg.accept()

    _run_dialog(monkeypatch, VoidDialog, give_no_reason)
    before = db_snapshot(ctx.db.path)
    qtbot.mouseClick(page.detail.buttons["void"], Qt.MouseButton.LeftButton)
    assert shown[-1] == ("warn", "请填写作废原因。") and db_snapshot(ctx.db.path) == before

    def give_reason(dlg: VoidDialog):
        type_text(dlg.reason, "主送单位写错")
        dlg.accept()

    _run_dialog(monkeypatch, VoidDialog, give_reason)
    qtbot.mouseClick(page.detail.buttons["void"], Qt.MouseButton.LeftButton)
    assert page.detail.values["display_status"].text() == "作废"
    assert page.detail.values["doc_no"].text() == letter["doc_no"]
    assert page.detail.values["void_reason"].text() == "主送单位写错"
    assert not page.detail.buttons["reply"].isVisible()
    page.status_filter.setCurrentText("作废")
    assert [r["id"] for r in page.model.rows()] == [letter["id"]]


def test_batch_dialog_issues_one_letter_per_checked_unit(qtbot, env, ctx, monkeypatch, shown):
    seed(ctx)
    page = _make_page(qtbot, env)

    def choose(dlg: BatchDialog):
        assert dlg.count.text() == "已选 2 个单位"  # the two villages, not the station
        qtbot.mouseClick(dlg.targets.widget(1).findChild(QPushButton), Qt.MouseButton.LeftButton)
        assert dlg.count.text() == "已选 2 个单位、1 位同志"  # 陈建国, 一肩挑
        type_text(dlg.reason, "元旦、春节")
        type_text(dlg.signer, "李明")
        dlg.accept()

    _run_dialog(monkeypatch, BatchDialog, choose)
    qtbot.mouseClick(page.batch_button, Qt.MouseButton.LeftButton)
    assert shown[-1][0] == "info" and "已制发 3 份" in shown[-1][1]
    assert sorted(r["doc_no"] for r in page.model.rows()) == [f"清纪提〔2026〕{n}号" for n in (1, 2, 3)]
    assert "陈建国同志" in {r["addressee"] for r in page.model.rows()}


def test_settings_tab_reports_template_errors_and_saves_prefixes(qtbot, env, ctx, shown):
    from desktop.core.services.documents import numbering
    from desktop.core.services.documents import templates as doc_templates
    from desktop.ui.settings_tabs.documents import Tab

    tab = Tab(env)
    qtbot.addWidget(tab)
    editor = tab.templates
    editor.kind.setCurrentText("廉洁提醒函")
    assert editor.preview.page_count() >= 1 and editor.save_button.isEnabled()
    editor.editor.moveCursor(editor.editor.textCursor().MoveOperation.End)
    type_text(editor.editor, "\n${单位名称}")
    assert "未知的占位符 ${单位名称}" in editor.errors.text() and not editor.save_button.isEnabled()
    assert not doc_templates.is_overridden(ctx, "廉洁提醒函")
    edit = tab.prefixes.edits["廉洁提醒函"]
    edit.clear()
    type_text(edit, "清纪廉")
    assert tab.prefixes.examples["廉洁提醒函"].text() == "如：清纪廉〔2026〕1号"
    qtbot.mouseClick(tab.prefixes.save_button, Qt.MouseButton.LeftButton)
    assert numbering.prefix_for(ctx, "廉洁提醒函") == "清纪廉"


def test_print_goes_through_the_print_dialog_and_counts(qtbot, env, ctx, monkeypatch, shown, tmp_path):
    import subprocess

    from PySide6.QtPrintSupport import QPrinter

    from desktop.ui.widgets import pdf_print

    w = seed(ctx)
    doc = documents.issue(ctx, "整改通知书", problem_ids=[w["p1"]["id"]], sign=True, fields={"signer": "李明"})
    page = _make_page(qtbot, env)
    page.open_record(doc["id"])
    printed = tmp_path / "printed.pdf"

    def to_file():
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    asked = []
    monkeypatch.setattr(pdf_print, "make_printer", to_file)
    monkeypatch.setattr(pdf_print, "ask", lambda parent, printer: asked.append(printer) or True)
    qtbot.mouseClick(page.detail.buttons["print"], Qt.MouseButton.LeftButton)
    assert asked and printed.is_file()
    pages = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True).stdout
    source = documents.stored_file(ctx, doc["id"], "pdf")
    expected = subprocess.run(["pdfinfo", str(source)], capture_output=True, text=True).stdout
    line = lambda info: next(x for x in info.splitlines() if x.startswith("Pages:"))  # noqa: E731
    assert line(pages) == line(expected)
    assert documents.get_document(ctx, doc["id"])["print_count"] == 1


def test_chase_list_is_shown_in_the_preview(qtbot, env, ctx, shown):
    from desktop.core.services.documents import forms as doc_forms

    w = seed(ctx)
    problems.transition(ctx, w["p3"]["id"], "交办", requirement="补齐签字", deadline="2026-11-20")
    content = doc_forms.chase_list_content(ctx)
    assert content.title == ["问题整改催办单"] and [r[1].text for r in content.body[1].rows] == [w["p3"]["no"]]
    page = _make_page(qtbot, env)
    qtbot.mouseClick(page.chase_button, Qt.MouseButton.LeftButton)
    assert page.tabs.currentWidget() is page.preview and page.preview.page_count() == 1
    assert "问题整改催办单" in page.preview.info.text()


def test_edit_a_draft_then_sign_it(qtbot, env, ctx, monkeypatch, shown):
    from desktop.ui.dialogs.doc_draft import DraftDialog

    w = seed(ctx)
    draft = documents.create_draft(ctx, "整改通知书", problem_ids=[w["p3"]["id"]])
    page = _make_page(qtbot, env)
    page.open_record(draft["id"])
    qtbot.mouseClick(page.detail.buttons["sign"], Qt.MouseButton.LeftButton)
    assert shown[-1] == ("warn", "签发前请填写：签发人。")
    assert page.detail.values["display_status"].text() == "草稿"

    def fill(dlg: DraftDialog):
        type_text(dlg.signer, "李明")
        type_text(dlg.texts["source"], "2026年10月村级财务专项检查")
        dlg.reply_due.setDate(dlg.reply_due.date().addDays(10))
        dlg.accept()

    _run_dialog(monkeypatch, DraftDialog, fill)
    qtbot.mouseClick(page.detail.buttons["edit"], Qt.MouseButton.LeftButton)
    assert page.detail.values["signer"].text() == "李明"
    qtbot.mouseClick(page.detail.buttons["sign"], Qt.MouseButton.LeftButton)
    doc = documents.get_document(ctx, draft["id"])
    assert doc["status"] == "已签发" and doc["reply_due"] == "2027-01-03"
    text = "".join(documents.content_of(ctx, doc["id"]).plain_text())
    assert "清溪镇纪委在2026年10月村级财务专项检查中" in text and "2027年1月3日前完成整改" in text
    assert problems.get_problem(ctx, w["p3"]["id"])["deadline"] == "2027-01-03"


def test_open_in_word_uses_a_copy_and_save_as_writes_both_files(qtbot, env, ctx, monkeypatch, shown, tmp_path):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    import desktop.ui.pages.documents as page_mod

    w = seed(ctx)
    doc = documents.issue(ctx, "廉洁提醒函", unit_id=w["east"]["id"], sign=True, fields={"signer": "李明"})
    page = _make_page(qtbot, env)
    page.open_record(doc["id"])
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(page.detail.buttons["open"], Qt.MouseButton.LeftButton)
    stored = documents.stored_file(ctx, doc["id"], "docx")
    assert opened and opened[0].endswith(f"{doc['doc_no']} 东岭村 廉洁提醒函.docx") and opened[0] != str(stored)
    assert open(opened[0], "rb").read() == stored.read_bytes()

    target = tmp_path / "另存"
    monkeypatch.setattr(page_mod.QFileDialog, "getExistingDirectory", lambda *a, **k: str(target))
    assert QFileDialog is page_mod.QFileDialog
    qtbot.mouseClick(page.detail.buttons["save_as"], Qt.MouseButton.LeftButton)
    assert sorted(p.suffix for p in target.iterdir()) == [".docx", ".pdf"]


def test_save_as_into_an_unwritable_folder_says_so(qtbot, env, ctx, monkeypatch, shown, tmp_path):
    import desktop.ui.pages.documents as page_mod

    w = seed(ctx)
    doc = documents.issue(ctx, "廉洁提醒函", unit_id=w["east"]["id"], sign=True, fields={"signer": "李明"})
    page = _make_page(qtbot, env)
    page.open_record(doc["id"])
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setattr(page_mod.QFileDialog, "getExistingDirectory", lambda *a, **k: str(blocker / "sub"))
    qtbot.mouseClick(page.detail.buttons["save_as"], Qt.MouseButton.LeftButton)
    assert shown[-1][0] == "warn" and "无法创建输出文件夹" in shown[-1][1]
