"""A tree of the in-force checklists → categories → items with check boxes (Space ticks; a category ticks all)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from desktop.core.services.checks import checklists

ITEM_ROLE = Qt.ItemDataRole.UserRole
LINEAGE_ROLE = Qt.ItemDataRole.UserRole + 1


class ItemPicker(QTreeWidget):
    picked_changed = Signal(int)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setHeaderLabels(["清单 / 类别 / 检查事项", "频次"])
        self.setColumnWidth(0, 420)
        self._leaves: list[QTreeWidgetItem] = []
        self._fill(checklists.list_items(ctx, in_force_only=True))
        self.itemChanged.connect(self._on_changed)

    def _fill(self, items: list[dict]) -> None:
        by_list: dict[str, QTreeWidgetItem] = {}
        by_cat: dict[tuple, QTreeWidgetItem] = {}
        for it in items:
            top = by_list.get(it["checklist_id"])
            if top is None:
                top = by_list[it["checklist_id"]] = self._node(
                    self, f"{it['checklist_year']} {it['checklist_kind']}《{it['checklist_title']}》")
            key = (it["checklist_id"], it["category"])
            cat = by_cat.get(key) or by_cat.setdefault(key, self._node(top, it["category"]))
            leaf = self._node(cat, f"{it['code']} {it['subject']}", it["frequency"] or "")
            leaf.setData(0, ITEM_ROLE, it["id"])
            leaf.setData(0, LINEAGE_ROLE, it["lineage_id"])
            self._leaves.append(leaf)
        for top in by_list.values():
            top.setExpanded(True)

    @staticmethod
    def _node(parent, text: str, freq: str = "") -> QTreeWidgetItem:
        node = QTreeWidgetItem(parent, [text, freq])
        node.setFlags(node.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
        node.setCheckState(0, Qt.CheckState.Unchecked)
        return node

    def item_ids(self) -> list[str]:
        return [leaf.data(0, ITEM_ROLE) for leaf in self._leaves if leaf.checkState(0) == Qt.CheckState.Checked]

    def check_lineages(self, lineages: set[str]) -> None:
        """Tick the items whose lineage is given (the items a draft already has, whatever their version)."""
        self.blockSignals(True)
        for leaf in self._leaves:
            if leaf.data(0, LINEAGE_ROLE) in lineages:
                leaf.setCheckState(0, Qt.CheckState.Checked)
        self.blockSignals(False)
        self._on_changed()

    @Slot()
    def _on_changed(self, *_args) -> None:
        self.picked_changed.emit(len(self.item_ids()))
