"""The check form (检查表单): head of an inspection, its items with results, notes and photos.

Fast from the keyboard: the items table takes 1/2/3 for 符合/不符合/不适用, Enter for the note, Tab/arrows to
move; Ctrl+S saves the draft, Ctrl+Enter completes (then the proposed problems are reviewed), Ctrl+P adds a photo.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.models.checks import METHODS
from desktop.core.services.checks import completion as check_problems
from desktop.core.services.checks import inspections
from desktop.core.services.checks import photos as check_photos
from desktop.ui import alerts
from desktop.ui.models.check_items_model import CheckItemsTableModel
from desktop.ui.widgets.check_items_view import CheckItemsView
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.township_filter import FOREIGN_NOTE, is_foreign

KEY_HINT = "快捷键：1 符合　2 不符合　3 不适用　0 清除　Enter 填写说明　Tab/↑↓ 换项　Ctrl+S 保存草稿　Ctrl+Enter 完成检查"


class CheckForm(QWidget):
    """Shows one inspection; edits it while it is a draft."""

    completed = Signal(str)
    saved = Signal(str)

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.inspection: dict | None = None
        self.review_dialog = None
        self.model = CheckItemsTableModel(self)
        self._build()
        self.model.changed.connect(self._on_changed)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_head())
        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = CheckItemsView()
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        split.addWidget(self.table)
        split.addWidget(self._build_detail())
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self.counts = QLabel()
        hint = QLabel(KEY_HINT)
        hint.setStyleSheet("color:#666")
        layout.addWidget(self.counts)
        layout.addWidget(hint)
        layout.addLayout(self._build_buttons())
        self._build_shortcuts()
        self.setEnabled(False)

    def _build_head(self) -> QGroupBox:
        box = QGroupBox("检查信息")
        grid = QGridLayout(box)
        self.title_edit = QLineEdit()
        self.units_label = QLabel()
        self.units_label.setWordWrap(True)
        self.date_edit = DateField()
        self.inspectors_edit = QLineEdit()
        self.inspectors_edit.setPlaceholderText("多人用“、”分隔，如：王晓燕、李明")
        self.people_spin = QSpinBox()
        self.people_spin.setRange(0, 100000)
        self.people_spin.setSuffix(" 人次")
        self.households_spin = QSpinBox()
        self.households_spin.setRange(0, 100000)
        self.households_spin.setSuffix(" 户")
        self.contacted_edit = QLineEdit()
        self.contacted_edit.setPlaceholderText("如：走访群众 30 户，入户核实低保户 5 户")
        self.summary_edit = QLineEdit()
        self.summary_edit.setPlaceholderText("检查小结（可选）")
        self.method_boxes = [QCheckBox(m) for m in METHODS]
        methods = QHBoxLayout()
        for b in self.method_boxes:
            methods.addWidget(b)
        methods.addStretch(1)
        form_l, form_r = QFormLayout(), QFormLayout()
        form_l.addRow("检查名称", self.title_edit)
        form_l.addRow("被检查单位", self.units_label)
        form_l.addRow("检查人员", self.inspectors_edit)
        form_r.addRow("检查日期", self.date_edit)
        form_r.addRow("走访/入户户数", self.households_spin)
        form_r.addRow("走访群众人次", self.people_spin)
        form_r.addRow("走访说明", self.contacted_edit)
        grid.addLayout(form_l, 0, 0)
        grid.addLayout(form_r, 0, 1)
        method_row = QFormLayout()
        method_row.addRow("检查方式", methods)
        method_row.addRow("检查小结", self.summary_edit)
        grid.addLayout(method_row, 1, 0, 1, 2)
        for w in (self.title_edit, self.inspectors_edit, self.contacted_edit, self.summary_edit):
            w.textEdited.connect(self._on_changed)
        self.date_edit.dateChanged.connect(self._on_changed)
        self.people_spin.valueChanged.connect(self._on_changed)
        self.households_spin.valueChanged.connect(self._on_changed)
        for b in self.method_boxes:
            b.toggled.connect(self._on_changed)
        return box

    def _build_detail(self) -> QWidget:
        pane = QWidget()
        v = QVBoxLayout(pane)
        v.setContentsMargins(0, 0, 0, 0)
        self.points_label = QLabel()
        self.points_label.setWordWrap(True)
        self.points_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.points_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        points_box = QGroupBox("检查要点")
        QVBoxLayout(points_box).addWidget(self.points_label)
        v.addWidget(points_box, 2)
        photo_box = QGroupBox("照片")
        pv = QVBoxLayout(photo_box)
        self.photo_list = QListWidget()
        self.photo_list.itemActivated.connect(self._on_open_photo)
        pv.addWidget(self.photo_list)
        row = QHBoxLayout()
        self.add_photo_btn = QPushButton("添加照片…")
        self.add_photo_btn.clicked.connect(self._on_add_photo)
        self.remove_photo_btn = QPushButton("移除")
        self.remove_photo_btn.clicked.connect(self._on_remove_photo)
        row.addWidget(self.add_photo_btn)
        row.addWidget(self.remove_photo_btn)
        pv.addLayout(row)
        v.addWidget(photo_box, 1)
        return pane

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.save_btn = QPushButton("保存草稿 (Ctrl+S)")
        self.save_btn.clicked.connect(self.save)
        self.complete_btn = QPushButton("完成检查… (Ctrl+Enter)")
        self.complete_btn.clicked.connect(self.start_completion)
        self.print_btn = QToolButton()
        self.print_btn.setText("打印检查记录表")
        self.print_btn.setMinimumWidth(130)
        self.print_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.print_btn)
        menu.addAction("已填写的检查记录表（PDF 和 Word）", lambda: self._on_print(blank=False))
        menu.addAction("空白检查记录表（现场填写用）", lambda: self._on_print(blank=True))
        self.print_btn.setMenu(menu)
        self.items_btn = QPushButton("调整检查事项…")
        self.items_btn.clicked.connect(self._on_items)
        self.delete_btn = QPushButton("删除草稿")
        self.delete_btn.clicked.connect(self._on_delete)
        self.state_label = QLabel()
        row.addWidget(self.state_label)
        row.addStretch(1)
        for w in (self.delete_btn, self.items_btn, self.print_btn, self.save_btn, self.complete_btn):
            row.addWidget(w)
        return row

    def _build_shortcuts(self) -> None:
        for seq, slot in (("Ctrl+S", self.save), ("Ctrl+Return", self.start_completion),
                          ("Ctrl+Enter", self.start_completion), ("Ctrl+P", self._on_add_photo)):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    # ------------------------------------------------------------ loading

    def load(self, inspection_id: str) -> None:
        ins = inspections.get_inspection(self.env.ctx, inspection_id)
        self.inspection = ins
        self.foreign = is_foreign(self.env, ins)  # a township's inspection at the district: read only
        draft = ins["status"] == "草稿" and not self.env.read_only and not self.foreign
        widgets = [self.title_edit, self.date_edit, self.inspectors_edit, self.people_spin, self.households_spin,
                   self.contacted_edit,
                   self.summary_edit, *self.method_boxes]
        for w in widgets:
            w.blockSignals(True)
        self.title_edit.setText(ins["title"])
        self.units_label.setText("、".join(u["name"] for u in ins["units"]))
        self.date_edit.set_iso(ins["date"])
        self.inspectors_edit.setText(ins["inspectors"])
        self.people_spin.setValue(ins["people_contacted"] or 0)
        self.households_spin.setValue(ins.get("households_contacted") or 0)
        self.contacted_edit.setText(ins["contacted_note"] or "")
        self.summary_edit.setText(ins["summary"] or "")
        chosen = set(inspections.split(ins["methods"]))
        for b in self.method_boxes:
            b.setChecked(b.text() in chosen)
        for w in widgets:
            w.blockSignals(False)
            w.setEnabled(draft)
        self.model.set_rows(ins["items"], editable=draft)
        self._head_dirty = False
        for b in (self.save_btn, self.complete_btn, self.delete_btn, self.items_btn, self.add_photo_btn,
                  self.remove_photo_btn):
            b.setEnabled(draft)
        self.setEnabled(True)
        self.table.go_to(0)
        self._refresh_counts()

    def focus_items(self) -> None:
        self.table.setFocus()
        self.table.go_to(max(0, self.table.current_row()))

    # ------------------------------------------------------------ state

    @Slot()
    def _on_changed(self, *_args) -> None:
        if self.sender() is not self.model:
            self._head_dirty = True
        self._refresh_counts()

    def is_dirty(self) -> bool:
        return bool(self.inspection) and (self.model.is_dirty() or getattr(self, "_head_dirty", False))

    def _refresh_counts(self) -> None:
        rows = self.model.rows()
        c = {k: sum(1 for r in rows if r["result"] == k) for k in ("符合", "不符合", "不适用")}
        open_ = sum(1 for r in rows if not r["result"])
        self.counts.setText(f"共 {len(rows)} 项：符合 {c['符合']}，不符合 {c['不符合']}，不适用 {c['不适用']}，"
                            f"<b>未填 {open_}</b>")
        if self.inspection:
            state = self.inspection["status"]
            self.state_label.setText(f"状态：{state}" + ("（有未保存的修改）" if self.is_dirty() else "")
                                     + (f"（{FOREIGN_NOTE}）" if getattr(self, "foreign", False) else ""))

    @Slot()
    def _on_row(self, current, _previous=None) -> None:
        if not current.isValid():
            self.points_label.clear()
            self.photo_list.clear()
            return
        item = self.model.row(current.row())
        points = "".join(f"<li>{p}</li>" for p in item["check_points"].split("\n"))
        self.points_label.setText(f"<b>{item['code']} {item['subject']}</b><ol>{points}</ol>")
        self._show_photos(item)

    def _show_photos(self, item: dict) -> None:
        self.photo_list.clear()
        for p in item.get("photos") or []:
            w = QListWidgetItem(p["file_name"])
            w.setData(Qt.ItemDataRole.UserRole, p["id"])
            w.setData(Qt.ItemDataRole.UserRole + 1, p)
            self.photo_list.addItem(w)

    # ------------------------------------------------------------ actions

    def head_values(self) -> dict:
        return {
            "title": self.title_edit.text().strip(),
            "date": self.date_edit.iso(),
            "inspectors": self.inspectors_edit.text(),
            "methods": [b.text() for b in self.method_boxes if b.isChecked()],
            "people_contacted": self.people_spin.value() or None,
            "households_contacted": self.households_spin.value() or None,
            "contacted_note": self.contacted_edit.text(),
            "summary": self.summary_edit.text(),
        }

    @Slot()
    def save(self) -> bool:
        """Save head and answers of the draft. Returns False (after a message) when the head is invalid."""
        if not self.inspection or self.inspection["status"] != "草稿" or getattr(self, "foreign", False):
            return False
        ins_id = self.inspection["id"]
        try:
            if getattr(self, "_head_dirty", False):
                inspections.update_inspection(self.env.ctx, ins_id, self.head_values())
            answers = self.model.dirty_answers()
            if answers:
                inspections.save_results(self.env.ctx, ins_id, answers)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            alerts.show_error(self, exc)
            return False
        self.model.mark_clean()
        self._head_dirty = False
        self.inspection = {**self.inspection, **self.head_values()}
        self._refresh_counts()
        self.env.status("检查草稿已保存")
        self.saved.emit(ins_id)
        return True

    @Slot()
    def start_completion(self) -> None:
        """Save, check the gate, then open the review of the proposed problems."""
        if not self.inspection or self.inspection["status"] != "草稿" or not self.save():
            return
        try:
            proposals = check_problems.propose(self.env.ctx, self.inspection["id"])
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            self._jump_to_unanswered()
            return
        from desktop.ui.dialogs.proposal_review import ProposalReviewDialog

        self.review_dialog = ProposalReviewDialog(self.env, self.inspection, proposals, self)
        self.review_dialog.accepted.connect(self._on_review_accepted)
        self.review_dialog.open()

    def _jump_to_unanswered(self) -> None:
        for i, r in enumerate(self.model.rows()):
            if not r["result"]:
                self.table.setFocus()
                self.table.go_to(i)
                return

    @Slot()
    def _on_review_accepted(self) -> None:
        proposals = self.review_dialog.data()
        ins_id = self.inspection["id"]
        try:
            result = check_problems.complete(self.env.ctx, ins_id, proposals)
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return
        nos = "、".join(n for n in result.problem_nos if n)
        text = f"检查已完成，生成问题 {len(result.problem_ids)} 个" + (f"：{nos}" if nos else "") + "。"
        if result.dropped:
            text += f"（舍弃建议 {result.dropped} 条）"
        self.load(ins_id)
        alerts.info(self, text)
        self.env.status(text)
        self.completed.emit(ins_id)

    @Slot()
    def _on_add_photo(self) -> None:
        row = self.table.current_row()
        if row < 0 or not self.model.editable:
            return
        path, _ = QFileDialog.getOpenFileName(self, "选择照片", "", "照片 (*.jpg *.jpeg *.png *.gif *.bmp *.tif *.tiff *.webp)")
        if path:
            self.add_photo(row, Path(path))

    def add_photo(self, row: int, path: Path) -> bool:
        item = self.model.row(row)
        try:
            check_photos.add_photo(self.env.ctx, item["id"], path)
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return False
        self._reload_photos(row)
        return True

    def _reload_photos(self, row: int) -> None:
        fresh = inspections.get_inspection(self.env.ctx, self.inspection["id"])
        item_id = self.model.row(row)["id"]
        photos = next((i["photos"] for i in fresh["items"] if i["id"] == item_id), [])
        self.model.set_photos(row, photos)
        self._show_photos(self.model.row(row))

    @Slot(QListWidgetItem)
    def _on_open_photo(self, item: QListWidgetItem) -> None:
        """Open the photo with the system viewer."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from desktop.core.services import attachments

        try:
            path = attachments.file_path(self.env.ctx, item.data(Qt.ItemDataRole.UserRole + 1))
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    @Slot()
    def _on_remove_photo(self) -> None:
        current, row = self.photo_list.currentItem(), self.table.current_row()
        if current is None or row < 0:
            return
        try:
            check_photos.remove_photo(self.env.ctx, current.data(Qt.ItemDataRole.UserRole))
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return
        self._reload_photos(row)

    @Slot()
    def _on_items(self) -> None:
        from desktop.ui.dialogs.draft_items import DraftItemsDialog

        if not self.inspection or (self.is_dirty() and not self.save()):
            return
        dlg = DraftItemsDialog(self.env, {i["lineage_id"] for i in self.model.rows()}, self)
        if dlg.exec():
            self.change_items(dlg.data())

    def change_items(self, item_ids: list[str]) -> None:
        try:
            inspections.set_items(self.env.ctx, self.inspection["id"], item_ids)
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return
        self.load(self.inspection["id"])
        self.saved.emit(self.inspection["id"])

    @Slot()
    def _on_delete(self) -> None:
        if not self.inspection or not alerts.question(self, f"删除检查草稿“{self.inspection['title']}”？"):
            return
        try:
            inspections.delete_draft(self.env.ctx, self.inspection["id"])
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return
        self.inspection = None
        self.model.set_rows([])
        self.setEnabled(False)
        self.completed.emit("")

    def _on_print(self, *, blank: bool) -> None:
        if not self.inspection:
            return
        if self.is_dirty() and not self.save():
            return
        from desktop.core.services.checks import sheet as check_sheet

        out_dir = self.env.ctx.data.sub("exports") / "检查记录表"
        try:
            paths = check_sheet.render_sheet(self.env.ctx, out_dir, inspection_id=self.inspection["id"], blank=blank)
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return
        alerts.info(self, "检查记录表已生成：\n" + "\n".join(str(p) for p in paths.values()))
