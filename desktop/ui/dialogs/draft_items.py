"""Change the items of a draft check: the items it has are ticked; untick to remove, tick to add."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from desktop.ui.widgets.item_picker import ItemPicker


class DraftItemsDialog(QDialog):
    def __init__(self, env, lineages: set[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("调整检查事项")
        self.resize(720, 560)
        v = QVBoxLayout(self)
        v.addWidget(QLabel("已勾选的是本次检查已有的事项（保留其结果）；取消勾选即移除，新勾选的加在最后。"))
        self.picker = ItemPicker(env.ctx)
        self.picker.check_lineages(lineages)
        v.addWidget(self.picker, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        self.picker.setFocus()

    def data(self) -> list[str]:
        return self.picker.item_ids()
