"""文书: the register (文书登记簿, DOMAIN §8.4) with filters, the detail and life of a document, in-app PDF preview,
print, open in Word/WPS, save as; issuing from problems, reminder letters and batches."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.models.documents import DOC_STATUSES
from desktop.core.services.documents import kinds as doc_kinds
from desktop.core.services.documents import records as documents
from desktop.core.services.documents.glyph_check import MissingGlyphs
from desktop.ui import alerts
from desktop.ui.models.rows_model import Column, RowsTableModel
from desktop.ui.widgets import pdf_print
from desktop.ui.widgets.doc_detail import ALWAYS as ALWAYS_ACTIONS
from desktop.ui.widgets.doc_detail import DocDetail
from desktop.ui.widgets.pdf_preview import PdfPreview
from desktop.ui.widgets.township_filter import FOREIGN_NOTE, TownshipFilter, is_foreign, with_township_column

STATUS_COLORS = {"逾期未复": "#f8d0d0", "待回复": "#fff4ce", "作废": "#e6e6e6", "草稿": "#eef3fb"}
COLUMNS = [
    Column("doc_no", "文号", 150, fmt=lambda v: v or "（签发时编号）"), Column("kind", "文种", 90),
    Column("display_status", "状态", 80, color=lambda r: STATUS_COLORS.get(r["display_status"])),
    Column("title", "标题", 260),
    Column("addressee", "主送", 180), Column("cc", "抄送", 140), Column("signer", "签发人", 70),
    Column("sign_date", "成文日期", 90), Column("delivery", "送达日期/签收人", 140),
    Column("reply_required", "是否需回复", 80), Column("reply_due", "回复期限", 90),
    Column("reply_date", "回复日期", 90), Column("problem_nos", "关联问题", 140),
]  # DOMAIN §8.4 columns; 状态 moved next to 文种 so it is visible without scrolling
ALL = ("全部文种", "全部状态", "全部年度")


class DocumentsPage(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.ctx = env.ctx
        self.columns = with_township_column(env.ctx, COLUMNS)  # + 乡镇 in the district role
        self.model = RowsTableModel(self.columns, self)
        self.detail = DocDetail()
        self.preview = PdfPreview()
        self._build()
        self.reload()

    # ── building ──
    def _build(self) -> None:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        for i, col in enumerate(self.columns):
            self.table.setColumnWidth(i, int(self.env.settings.value(f"documents/col{i}", col.width)))
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.detail, "详情")
        self.tabs.addTab(self.preview, "预览")
        self.detail.action.connect(self._on_action)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.tabs)
        self.splitter.setSizes([760, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self.splitter, 1)

    def _build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.issue_button = QPushButton("制发文书…")
        self.batch_button = QPushButton("批量制发提醒函…")
        self.issue_button.clicked.connect(lambda: self.open_issue_dialog())
        self.batch_button.clicked.connect(self._on_batch)
        self.chase_button = QPushButton("催办单")
        self.chase_button.setToolTip("逾期和临近整改时限的问题清单，预览后可打印")
        self.chase_button.clicked.connect(self.show_chase_list)
        for b in (self.issue_button, self.batch_button, self.chase_button):
            b.setEnabled(b is self.chase_button or not self.env.read_only)
            bar.addWidget(b)
        bar.addSpacing(16)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索文号、标题、主送、单位")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.reload)
        self.kind_filter = self._combo([ALL[0]] + [k.name for k in doc_kinds.KINDS])
        self.status_filter = self._combo([ALL[1]] + list(DOC_STATUSES))
        self.year_filter = self._combo([ALL[2]] + [str(y) for y in documents.years(self.ctx)])
        for label, w in (("文种", self.kind_filter), ("状态", self.status_filter), ("年度", self.year_filter)):
            w.setToolTip(label)
            w.currentIndexChanged.connect(self.reload)
        self.township = TownshipFilter(self.env)  # district role only
        self.township.changed.connect(self.reload)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.township)
        for w in (self.kind_filter, self.status_filter, self.year_filter):
            bar.addWidget(w)
        return bar

    @staticmethod
    def _combo(items: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.addItems(items)
        return combo

    # ── data ──
    def _filters(self) -> dict:
        pick = lambda c: None if c.currentIndex() == 0 else c.currentText()  # noqa: E731
        year = pick(self.year_filter)
        return {"text": self.search.text(), "kind": pick(self.kind_filter), "status": pick(self.status_filter),
                "year": int(year) if year else None, "origin_site": self.township.site_code()}

    @Slot()
    def reload(self, select_id: str | None = None) -> None:
        keep = select_id or (self.detail.doc or {}).get("id")
        self.model.set_rows(documents.list_documents(self.ctx, **self._filters()))
        self._select(keep)

    def _select(self, doc_id: str | None) -> None:
        rows = self.model.rows()
        i = next((n for n, r in enumerate(rows) if r["id"] == doc_id), None)
        if i is None:
            self.detail.show_document(None)
            self.preview.clear()
            return
        index = self.model.index(i, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._show(doc_id)

    @Slot()
    def _on_current(self, current, _previous=None) -> None:
        if current.isValid():
            self._show(self.model.row(current.row())["id"])

    def _show(self, doc_id: str) -> None:
        doc = documents.get_document(self.ctx, doc_id)
        locked = FOREIGN_NOTE if is_foreign(self.env, doc) else ""
        self.detail.show_document(doc, documents.linked_problems(self.ctx, doc_id), locked=locked)
        if self.tabs.currentWidget() is self.preview:
            self.show_preview()

    def current_id(self) -> str | None:
        return (self.detail.doc or {}).get("id")

    # ── page protocol ──
    def on_shown(self) -> None:
        self.reload()

    def open_record(self, record_id: str) -> None:
        """Select a document; "problems:<id>,<id>" opens the issue dialog for those problems (整改通知书)."""
        if record_id and record_id.startswith("problems:"):
            self.open_issue_dialog(problem_ids=[p for p in record_id[9:].split(",") if p])
            return
        for combo in (self.kind_filter, self.status_filter, self.year_filter, self.township.combo):
            combo.setCurrentIndex(0)
        self.search.clear()
        self.reload(select_id=record_id)

    def save_state(self, settings) -> None:
        for i in range(len(self.columns)):
            settings.setValue(f"documents/col{i}", self.table.columnWidth(i))

    # ── issuing ──
    def open_issue_dialog(self, *, kind: str = "整改通知书", unit_id: str | None = None, problem_ids=()):
        from desktop.ui.dialogs.doc_issue import IssueDialog

        if problem_ids and not unit_id:
            unit_id = self._unit_of(problem_ids)
        dialog = IssueDialog(self.env, kind=kind, unit_id=unit_id, problem_ids=problem_ids, parent=self)
        self.last_dialog = dialog
        if dialog.exec() != IssueDialog.DialogCode.Accepted:
            return None
        data = dialog.data()
        if data.fields.get("signer"):
            self.env.settings.setValue("documents/signer", data.fields["signer"])
        self.issue(data)
        return dialog

    def _unit_of(self, problem_ids) -> str | None:
        found = documents.problem_values(self.ctx, list(problem_ids)[:1])
        return found[0]["unit_id"] if found else None

    def issue(self, data) -> None:
        """Create the draft (and sign it when asked) in the background; then select it."""
        ctx = self.ctx

        def job():
            doc = documents.create_draft(ctx, data.kind, unit_id=data.unit_id, person_id=data.person_id,
                                         problem_ids=data.problem_ids, fields=data.fields)
            if not data.sign:
                return doc["id"], None
            try:
                return doc["id"], documents.sign(ctx, doc["id"])
            except MissingGlyphs as exc:        # the draft stays; 签发 waits for the user's answer
                return doc["id"], exc

        def fail(exc):
            alerts.show_error(self, exc)
            self.reload()

        self.env.runner.run(job, on_done=self._on_issued, on_error=fail, title="正在生成文书", parent=self)

    def _on_issued(self, result) -> None:
        doc_id, signed = result
        self.year_filter.setCurrentIndex(0)
        self.reload(select_id=doc_id)
        if isinstance(signed, MissingGlyphs):
            self._confirm_missing(doc_id, signed)
        elif signed:
            self._after_sign(signed)

    def _confirm_missing(self, doc_id: str, exc: MissingGlyphs) -> None:
        """Characters no font has: ask before signing anyway (the PDF would show blanks there)."""
        if alerts.question(self, f"{exc.message}\n\n这些字在打印件上会是空白。仍要签发吗？"):
            self._do_sign(doc_id, allow_missing_chars=True)

    def _after_sign(self, signed: dict) -> None:
        self.env.status(f"已签发 {signed['doc_no'] or signed['title']}")
        if signed.get("notes"):
            alerts.info(self, "签发完成。请注意：\n" + "\n".join(signed["notes"]))
        self.tabs.setCurrentWidget(self.preview)
        self.show_preview()

    @Slot()
    def _on_batch(self) -> None:
        from desktop.ui.dialogs.doc_batch import BatchDialog

        dialog = BatchDialog(self.env, parent=self)
        self.last_dialog = dialog
        if dialog.exec() != BatchDialog.DialogCode.Accepted:
            return
        data = dialog.data()
        ctx = self.ctx
        self.env.runner.run(lambda: documents.batch_job(ctx, data.kind, unit_ids=data.unit_ids,
                                                        person_ids=data.person_ids, fields=data.fields,
                                                        sign=data.sign),
                            on_done=self._on_batch_done, title="正在批量制发文书", parent=self)

    def _on_batch_done(self, results: list[dict]) -> None:
        self.reload()
        first, last = results[0]["doc_no"], results[-1]["doc_no"]
        span = f"，文号 {first} 至 {last}" if first else ""
        alerts.info(self, f"已制发 {len(results)} 份{span}。")

    # ── actions on the current document ──
    @Slot(str)
    def _on_action(self, key: str) -> None:
        doc_id = self.current_id()
        if doc_id and key not in ALWAYS_ACTIONS and is_foreign(self.env, self.detail.doc):
            self.env.status(FOREIGN_NOTE)
            return
        if doc_id:
            getattr(self, f"_do_{key}")(doc_id)

    def _write(self, fn, done_text: str = "") -> None:
        """Run a state change in the background, then reload and keep the selection."""
        doc_id = self.current_id()

        def done(result):
            self.reload(select_id=doc_id)
            if done_text:
                self.env.status(done_text)
            if isinstance(result, dict) and result.get("notes"):
                alerts.info(self, "\n".join(result["notes"]))

        self.env.runner.run(fn, on_done=done, parent=self)

    def _do_sign(self, doc_id: str, allow_missing_chars: bool = False) -> None:
        ctx = self.ctx

        def fail(exc):
            if isinstance(exc, MissingGlyphs):
                self._confirm_missing(doc_id, exc)
            else:
                alerts.show_error(self, exc)

        self.env.runner.run(lambda: documents.sign(ctx, doc_id, allow_missing_chars=allow_missing_chars),
                            title="正在签发并生成文件",
                            on_done=lambda signed: (self.reload(select_id=doc_id), self._after_sign(signed)),
                            on_error=fail, parent=self)

    def _do_edit(self, doc_id: str) -> None:
        from desktop.ui.dialogs.doc_draft import DraftDialog

        dialog = DraftDialog(self.detail.doc, self)
        self.last_dialog = dialog
        if dialog.exec() == DraftDialog.DialogCode.Accepted:
            changes = dialog.data()
            self._write(lambda: documents.update_draft(self.ctx, doc_id, changes), "草稿已保存")

    def _do_submit(self, doc_id: str) -> None:
        self._write(lambda: documents.submit(self.ctx, doc_id), "已提交签发")

    def _do_send_back(self, doc_id: str) -> None:
        self._write(lambda: documents.send_back(self.ctx, doc_id), "已退回")

    def _do_delete(self, doc_id: str) -> None:
        if alerts.question(self, "删除这份草稿？"):
            self._write(lambda: documents.delete_draft(self.ctx, doc_id), "草稿已删除")

    def _do_deliver(self, doc_id: str) -> None:
        from desktop.ui.dialogs.doc_life import DeliveryDialog

        dialog = DeliveryDialog(self.ctx.clock.today(), self)
        self.last_dialog = dialog
        if dialog.exec() == DeliveryDialog.DialogCode.Accepted:
            d = dialog.data()
            self._write(lambda: documents.record_delivery(self.ctx, doc_id, received_by=d.received_by,
                                                          received_date=d.received_date), "已登记送达")

    def _do_reply(self, doc_id: str) -> None:
        from desktop.ui.dialogs.doc_life import ReplyDialog

        dialog = ReplyDialog(self.ctx.clock.today(), self)
        self.last_dialog = dialog
        if dialog.exec() == ReplyDialog.DialogCode.Accepted:
            d = dialog.data()
            self._write(lambda: documents.record_reply(
                self.ctx, doc_id, reply_text=d.reply_text, reply_date=d.reply_date, reply_doc_no=d.reply_doc_no,
                received_by=d.received_by, evidence=d.evidence), "已登记回复，关联问题转入待审核")

    def _do_void(self, doc_id: str) -> None:
        from desktop.ui.dialogs.doc_life import VoidDialog

        doc = self.detail.doc
        dialog = VoidDialog(doc["doc_no"] or doc["title"], self)
        self.last_dialog = dialog
        if dialog.exec() == VoidDialog.DialogCode.Accepted:
            reason = dialog.data()
            self._write(lambda: documents.void(self.ctx, doc_id, reason), "已作废（文号保留不再使用）")

    def _do_archive(self, doc_id: str) -> None:
        self._write(lambda: documents.archive(self.ctx, doc_id), "已归档")

    def _do_chase(self, doc_id: str) -> None:
        doc = self.detail.doc
        self.open_issue_dialog(kind="督办函", unit_id=doc.get("unit_id"), problem_ids=doc["links"]["problem"])

    # ── files ──
    def _do_preview(self, _doc_id: str) -> None:
        self.tabs.setCurrentWidget(self.preview)
        self.show_preview()

    def show_preview(self) -> int:
        """Load the current document's PDF into the preview tab; returns its page count."""
        doc_id = self.current_id()
        if not doc_id:
            return 0
        try:
            path = documents.preview_pdf(self.ctx, doc_id)
        except Exception as exc:  # noqa: BLE001 - typed errors shown, others reported
            alerts.show_error(self, exc)
            return 0
        doc = self.detail.doc
        return self.preview.load(path, label=f"{doc['doc_no'] or '草稿'}　{doc['title']}")

    @Slot()
    def show_chase_list(self) -> int:
        """Show the 催办单 (all units) in the preview tab; print it with the preview's 打印… button."""
        from desktop.core.services.documents import forms as doc_forms

        try:
            path = doc_forms.chase_list_pdf(self.ctx, self.ctx.data.sub("cache") / "preview")
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return 0
        self.tabs.setCurrentWidget(self.preview)
        return self.preview.load(path, label="问题整改催办单")

    def _do_receipt_form(self, doc_id: str) -> None:
        """Show the blank 回执 for this document in the preview tab (print it from there with 打印…)."""
        try:
            path = documents.receipt_form_pdf(self.ctx, doc_id, self.ctx.data.sub("cache") / "preview")
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return
        self.tabs.setCurrentWidget(self.preview)
        self.preview.load(path, label=f"回执（{self.detail.doc['doc_no']}）")

    def _do_print(self, doc_id: str) -> None:
        path = documents.preview_pdf(self.ctx, doc_id)
        printer = pdf_print.make_printer()
        if pdf_print.ask(self, printer):
            pdf_print.print_pdf(path, printer)
            if self.detail.doc["doc_no"]:
                documents.mark_printed(self.ctx, doc_id)

    def _do_open(self, doc_id: str) -> None:
        target = self.ctx.data.sub("cache") / "open"
        try:
            docx = self._copy_docx(doc_id, target)
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(docx))):
            alerts.warn(self, f"没有找到能打开 .docx 的程序（Word 或 WPS）。\n文件在：{docx}")

    def _copy_docx(self, doc_id: str, target: Path) -> Path:
        """A working copy under a readable name (the stored file itself must never be edited)."""
        target.mkdir(parents=True, exist_ok=True)
        stored = documents.stored_file(self.ctx, doc_id, "docx")
        if stored is None:
            return documents.render_to(self.ctx, doc_id, target, ("docx",))[0]
        doc = self.detail.doc
        dest = target / f"{documents.file_stem(doc)}.docx"
        shutil.copyfile(stored, dest)
        return dest

    def _do_save_as(self, doc_id: str) -> None:
        folder = QFileDialog.getExistingDirectory(self, "另存为：选择文件夹")
        if folder:
            self._write(lambda: documents.render_to(self.ctx, doc_id, folder), f"已保存到 {folder}")
