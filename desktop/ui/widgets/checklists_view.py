"""检查清单 (两清单): the lists, their current items, and adding / editing (new version) / retiring items,
new 个性化 lists, import and export .xlsx. District-issued 共性化 lists are read-only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.services.checks import checklist_io, checklists
from desktop.ui import alerts
from desktop.ui.models.rows_model import Column, RowsTableModel

LIST_COLUMNS = [Column("year", "年度", 50), Column("kind", "类型", 60), Column("title", "清单名称", 260),
                Column("status", "状态", 60), Column("item_count", "事项数", 56, align_right=True),
                Column("read_only", "区下发只读", 76, fmt=lambda v: "是" if v else "")]
ITEM_COLUMNS = [Column("code", "编号", 70), Column("category", "类别", 110), Column("subject", "监督内容", 300),
                Column("method_hint", "检查方式", 80), Column("frequency", "频次", 80),
                Column("weight", "权重", 50, fmt=lambda v: "" if v is None else f"{v:g}"),
                Column("version", "版本", 44), Column("status", "状态", 60,
                                                     color=lambda r: "#e7e6e6" if r["status"] != "在用" else None)]


def _view(model, columns) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    for i, c in enumerate(columns):
        view.setColumnWidth(i, c.width)
    return view


class ChecklistsView(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.list_model = RowsTableModel(LIST_COLUMNS, self)
        self.item_model = RowsTableModel(ITEM_COLUMNS, self)
        self._build()

    def _build(self) -> None:
        v = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_list_btn = QPushButton("新建个性化清单…")
        self.import_btn = QPushButton("导入 .xlsx…")
        self.export_btn = QPushButton("导出 .xlsx…")
        self.new_list_btn.clicked.connect(self._on_new_list)
        self.import_btn.clicked.connect(self._on_import)
        self.export_btn.clicked.connect(self._on_export)
        for b in (self.new_list_btn, self.import_btn, self.export_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        v.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.list_view = _view(self.list_model, LIST_COLUMNS)
        self.list_view.selectionModel().currentRowChanged.connect(self._on_list)
        split.addWidget(self.list_view)
        split.addWidget(self._build_items())
        split.setStretchFactor(1, 3)
        v.addWidget(split, 1)
        if self.env.read_only:
            for b in (self.new_list_btn, self.import_btn):
                b.setEnabled(False)

    def _build_items(self) -> QWidget:
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.add_btn = QPushButton("新增事项…")
        self.edit_btn = QPushButton("修改事项…")
        self.retire_btn = QPushButton("停用事项")
        self.restore_btn = QPushButton("恢复使用")
        self.show_retired = QCheckBox("显示已停用")
        self.add_btn.clicked.connect(self._on_add)
        self.edit_btn.clicked.connect(self._on_edit)
        self.retire_btn.clicked.connect(self._on_retire)
        self.restore_btn.clicked.connect(self._on_restore)
        self.show_retired.toggled.connect(self._reload_items)
        self.readonly_label = QLabel()
        self.readonly_label.setStyleSheet("color:#c00000")
        for w in (self.add_btn, self.edit_btn, self.retire_btn, self.restore_btn, self.show_retired):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.readonly_label)
        v.addLayout(bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.item_view = _view(self.item_model, ITEM_COLUMNS)
        self.item_view.selectionModel().currentRowChanged.connect(self._on_item)
        self.item_view.activated.connect(lambda _i: self._on_edit())
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setMinimumWidth(260)
        split.addWidget(self.item_view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        v.addWidget(split, 1)
        return box

    def on_shown(self) -> None:
        self.reload()

    def reload(self) -> None:
        current = self.current_list()
        self.list_model.set_rows(checklists.list_checklists(self.env.ctx))
        rows = self.list_model.rows()
        idx = next((i for i, r in enumerate(rows) if current and r["id"] == current["id"]), 0)
        if rows:
            self.list_view.selectRow(idx)
            self.list_view.setCurrentIndex(self.list_model.index(idx, 0))
        self._reload_items()

    def current_list(self) -> dict | None:
        idx = self.list_view.currentIndex()
        return self.list_model.row(idx.row()) if idx.isValid() else None

    def current_item(self) -> dict | None:
        idx = self.item_view.currentIndex()
        return self.item_model.row(idx.row()) if idx.isValid() else None

    @Slot()
    def _on_list(self, *_args) -> None:
        self._reload_items()

    @Slot()
    def _reload_items(self, *_args) -> None:
        cl = self.current_list()
        rows = checklists.list_items(self.env.ctx, cl["id"], include_retired=self.show_retired.isChecked()) if cl else []
        self.item_model.set_rows(rows)
        district = bool(cl) and checklists.is_district_owned(self.env.ctx, cl) and not self.env.ctx.is_district
        locked = district or self.env.read_only
        for b in (self.add_btn, self.edit_btn, self.retire_btn, self.restore_btn):
            b.setEnabled(bool(cl) and not locked)
        self.readonly_label.setText("区纪委监委下发的共性化清单，只读" if district else "")
        if rows:
            self.item_view.setCurrentIndex(self.item_model.index(0, 0))
        else:
            self.detail.clear()

    @Slot()
    def _on_item(self, *_args) -> None:
        it = self.current_item()
        if not it:
            self.detail.clear()
            return
        points = "".join(f"<li>{p}</li>" for p in it["check_points"].split("\n"))
        self.detail.setText(
            f"<b>{it['code']} {it['subject']}</b><ol>{points}</ol>"
            f"<p>依据：{it['basis'] or '—'}<br>检查方式：{it['method_hint'] or '—'}　频次：{it['frequency'] or '—'}<br>"
            f"适用对象：{it['applies_to'] or '全部'}<br>建议问题类型：{it['problem_type'] or '—'}<br>"
            f"第 {it['version']} 版　{it['status']}</p>")

    def _run(self, fn, done_text: str = "") -> bool:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - shown to the user
            alerts.show_error(self, exc)
            return False
        if done_text:
            self.env.status(done_text)
        self.reload()
        return True

    @Slot()
    def _on_new_list(self) -> None:
        title, ok = QInputDialog.getText(self, "新建个性化清单", "清单名称：",
                                         text=f"{self.env.ctx.clock.today().year}年个性化监督清单")
        if ok:
            self._run(lambda: checklists.create_checklist(self.env.ctx, {
                "kind": "个性化", "year": self.env.ctx.clock.today().year, "title": title,
                "issued_by": self.env.ctx.site_name}), "已新建个性化清单")

    @Slot()
    def _on_add(self) -> None:
        from desktop.ui.dialogs.checklist_item import ChecklistItemDialog

        cl = self.current_list()
        if not cl:
            return
        ctx = self.env.ctx
        self.item_dialog = ChecklistItemDialog(self.env, lambda values: checklists.add_item(ctx, cl["id"], values),
                                               None, self)
        if self.item_dialog.exec():
            self.env.status("已新增检查事项")
            self.reload()

    @Slot()
    def _on_edit(self) -> None:
        from desktop.ui.dialogs.checklist_item import ChecklistItemDialog

        it = self.current_item()
        if not it or not self.edit_btn.isEnabled():
            return
        ctx = self.env.ctx
        self.item_dialog = ChecklistItemDialog(self.env, lambda values: checklists.update_item(ctx, it["id"], values),
                                               it, self)
        if self.item_dialog.exec():
            self.env.status("已保存为新版本")
            self.reload()

    @Slot()
    def _on_retire(self) -> None:
        it = self.current_item()
        if it and alerts.question(self, f"停用检查事项 {it['code']}？已完成的检查记录不受影响。"):
            self._run(lambda: checklists.retire_item(self.env.ctx, it["id"]), "已停用检查事项")

    @Slot()
    def _on_restore(self) -> None:
        it = self.current_item()
        if it:
            self._run(lambda: checklists.restore_item(self.env.ctx, it["id"]), "已恢复使用")

    @Slot()
    def _on_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "导入监督清单", "", "Excel 文件 (*.xlsx)")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        try:
            checked = checklist_io.read_xlsx(self.env.ctx, path)
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return
        summary = "\n".join(f"{x.year} {x.kind}《{x.title}》{len(x.items)} 项" + ("（共性化，导入后只读）" if x.kind == "共性化" else "")
                            for x in checked.lists)
        if alerts.question(self, f"将导入：\n{summary}\n\n确定导入？"):
            self._run(lambda: checklist_io.import_xlsx(self.env.ctx, path), "清单已导入")

    @Slot()
    def _on_export(self) -> None:
        cl = self.current_list()
        name = f"{cl['title']}.xlsx" if cl else "监督清单.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "导出监督清单", name, "Excel 文件 (*.xlsx)")
        if path:
            self._run(lambda: checklist_io.export_xlsx(self.env.ctx, Path(path), cl["id"] if cl else None),
                      f"已导出：{path}")
