"""Review of the problems proposed from a completed check: edit, keep or drop each, then create them.

Keyboard: ↑/↓ choose a proposal, Space keeps/drops it, Tab moves through the editor, Ctrl+Enter confirms.
`data()` returns the edited `Proposal` list (with keep flags).
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.services.checks import completion as check_problems
from desktop.core.services.checks.completion import HANDLINGS, SEVERITIES, Proposal


class ProposalReviewDialog(QDialog):
    def __init__(self, env, inspection: dict, proposals: list[Proposal], parent=None):
        super().__init__(parent)
        self.setWindowTitle("确认检查发现的问题")
        self.resize(880, 520)
        self.env = env
        self.inspection = inspection
        self.proposals = [copy.deepcopy(p) for p in proposals]
        self._current = -1
        self._build()
        self._fill_list()
        if self.proposals:
            self.list.setCurrentRow(0)
        self.list.setFocus()

    def _build(self) -> None:
        v = QVBoxLayout(self)
        intro = QLabel(f"本次检查有 {len(self.proposals)} 项“不符合”，将各生成一个问题进入问题整改台账。"
                       "请逐条核对：可修改描述、类型，或取消勾选不生成。")
        intro.setWordWrap(True)
        v.addWidget(intro)
        h = QHBoxLayout()
        self.list = QListWidget()
        self.list.setMinimumWidth(300)
        self.list.currentRowChanged.connect(self._on_current)
        self.list.itemChanged.connect(self._on_item_changed)
        h.addWidget(self.list, 2)
        h.addWidget(self._build_editor(), 3)
        v.addLayout(h, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("返回修改")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self).activated.connect(self.accept)
        self._update_ok()

    def _build_editor(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        self.keep_box = QCheckBox("生成此问题")
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.unit_combo = QComboBox()
        for u in self.inspection["units"]:
            self.unit_combo.addItem(u["name"], u["id"])
        self.category_edit = QComboBox()
        self.category_edit.setEditable(True)
        self.category_edit.addItems(check_problems.category_names(self.env.ctx))
        self.type_combo = QComboBox()
        self.type_combo.setEditable(True)
        self.type_combo.addItems(check_problems.problem_type_names(self.env.ctx))
        self.severity_combo = QComboBox()
        self.severity_combo.addItems(SEVERITIES)
        self.handling_combo = QComboBox()
        self.handling_combo.addItems(HANDLINGS)
        self.desc_edit = QPlainTextEdit()
        self.desc_edit.setTabChangesFocus(True)
        self.desc_edit.setPlaceholderText("按“五见两清”写明时间、地点、事实、数据")
        self.photos_label = QLabel()
        form.addRow("", self.keep_box)
        form.addRow("检查事项", self.source_label)
        form.addRow("所属单位", self.unit_combo)
        form.addRow("问题类别", self.category_edit)
        form.addRow("问题类型", self.type_combo)
        form.addRow("严重程度", self.severity_combo)
        form.addRow("处置方式", self.handling_combo)
        form.addRow("问题描述", self.desc_edit)
        form.addRow("佐证照片", self.photos_label)
        self.keep_box.toggled.connect(self._on_keep_toggled)
        return box

    def _fill_list(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for p in self.proposals:
            item = QListWidgetItem(self._label(p))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.keep else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    @staticmethod
    def _label(p: Proposal) -> str:
        return f"{p.code}  {p.unit_name}  {p.problem_type or p.category}"

    # ------------------------------------------------------------ editing

    def _store_current(self) -> None:
        if not 0 <= self._current < len(self.proposals):
            return
        p = self.proposals[self._current]
        p.unit_id = self.unit_combo.currentData() or p.unit_id
        p.unit_name = self.unit_combo.currentText() or p.unit_name
        p.category = self.category_edit.currentText().strip() or p.category
        p.problem_type = self.type_combo.currentText().strip()
        p.severity = self.severity_combo.currentText()
        p.handling = self.handling_combo.currentText()
        p.description = self.desc_edit.toPlainText().strip()
        item = self.list.item(self._current)
        if item is not None:
            self.list.blockSignals(True)
            item.setText(self._label(p))
            self.list.blockSignals(False)

    @Slot(int)
    def _on_current(self, row: int) -> None:
        self._store_current()
        self._current = row
        if not 0 <= row < len(self.proposals):
            return
        p = self.proposals[row]
        self.keep_box.blockSignals(True)
        self.keep_box.setChecked(p.keep)
        self.keep_box.blockSignals(False)
        self.source_label.setText(f"{p.code} {p.subject}")
        idx = self.unit_combo.findData(p.unit_id)
        self.unit_combo.setCurrentIndex(max(idx, 0))
        self.category_edit.setCurrentText(p.category)
        self.type_combo.setCurrentText(p.problem_type)
        self.severity_combo.setCurrentText(p.severity)
        self.handling_combo.setCurrentText(p.handling)
        self.desc_edit.setPlainText(p.description)
        self.photos_label.setText(f"{len(p.photo_ids)} 张（随问题一并保存）" if p.photo_ids else "无")

    @Slot(QListWidgetItem)
    def _on_item_changed(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        self.proposals[row].keep = item.checkState() == Qt.CheckState.Checked
        if row == self._current:
            self.keep_box.blockSignals(True)
            self.keep_box.setChecked(self.proposals[row].keep)
            self.keep_box.blockSignals(False)
        self._update_ok()

    @Slot(bool)
    def _on_keep_toggled(self, keep: bool) -> None:
        if 0 <= self._current < len(self.proposals):
            self.list.item(self._current).setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)

    def _update_ok(self) -> None:
        n = sum(1 for p in self.proposals if p.keep)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"完成检查并生成 {n} 个问题" if self.proposals else "完成检查")

    def accept(self) -> None:
        self._store_current()
        empty = [p.code for p in self.proposals if p.keep and not p.description]
        if empty:
            from desktop.ui import alerts

            alerts.warn(self, f"问题（{'、'.join(empty)}）的描述不能为空。")
            return
        super().accept()

    def data(self) -> list[Proposal]:
        self._store_current()
        return self.proposals
