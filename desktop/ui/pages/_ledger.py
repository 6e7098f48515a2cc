"""A ledger page for modest tables (监督台账, 谈话记录): filter bar with search and count, a sortable table
(sorting done by the service, not a proxy), a detail panel, and 新增/编辑/删除/导出 actions.

Subclasses set KEY, COLUMNS (ui Column list), SORT (column key → service sort key), NOUN, and implement
`_build_filters(bar)`, `_filters()`, `_load(filters)`, `_detail_html(row)`, `_open_dialog(row|None)`,
`_delete(row, reason)`, `_export(path, filters)`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import alerts
from desktop.ui.models.rows_model import RowsTableModel
from desktop.ui.widgets.ledger import DetailView, make_table, restore_header, save_header
from desktop.ui.widgets.township_filter import FOREIGN_NOTE, TownshipFilter, is_foreign, with_township_column


class LedgerPage(QWidget):
    KEY = ""
    NOUN = "记录"
    COLUMNS: list = []
    SORT: dict[str, str] = {}
    DEFAULT_SORT = ("", False)
    SEARCH_HINT = "搜索……"

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.sort_key, self.descending = self.DEFAULT_SORT
        self.columns = with_township_column(env.ctx, self.COLUMNS)  # + 乡镇 in the district role
        self.model = RowsTableModel(self.columns)
        self.dialog = None
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.reload)
        self._build()
        restore_header(env.settings, f"{self.KEY}/header", self.table)
        self._loaded = False
        if self.sort_key:
            section = next((i for i, c in enumerate(self.columns) if self.SORT.get(c.key) == self.sort_key), -1)
            order = Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder
            self.table.horizontalHeader().setSortIndicator(section, order)

    # --- building ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filter_bar())
        layout.addLayout(self._build_actions())
        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = make_table(self.model, db_sort=True)
        self.table.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.table.doubleClicked.connect(lambda *_: self._on_edit())
        self.detail = DetailView()
        self.detail.anchorClicked.connect(self._on_link)
        split.addWidget(self.table)
        split.addWidget(self._build_side())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.detail.setMinimumWidth(280)
        layout.addWidget(split, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self._on_new)

    def _build_side(self) -> QWidget:
        """The detail view, plus an attachment strip when the page's records take attachments."""
        self.files = None
        if not self.HAS_ATTACHMENTS:
            return self.detail
        from desktop.ui.widgets.attachments import AttachmentStrip

        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.detail)
        self.files = AttachmentStrip(self.env, on_add=self._on_add_files, title="附件")
        side.addWidget(self.files)
        side.setStretchFactor(0, 1)
        return side

    HAS_ATTACHMENTS = False

    def _on_add_files(self, paths: list[str]) -> None:
        row = self.current_row()
        if row is None:
            return
        self.env.runner.run(lambda: self._add_files(row, paths), title="正在保存附件……", parent=self,
                            on_done=lambda _r: (self.env.status(f"已添加 {len(paths)} 个附件"), self._show_detail()))

    def _build_filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.SEARCH_HINT)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.reload)
        bar.addWidget(self.search)
        self.township = TownshipFilter(self.env)  # hidden at a township
        self.township.changed.connect(self.reload)
        bar.addWidget(self.township)
        self._build_filters(bar)
        bar.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        bar.addWidget(self.count_label)
        return bar

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.new_btn = QPushButton(f"新增{self.NOUN}")
        self.edit_btn = QPushButton("编辑")
        self.delete_btn = QPushButton("删除")
        self.export_btn = QPushButton("导出 Excel")
        for btn, slot in ((self.new_btn, self._on_new), (self.edit_btn, self._on_edit),
                          (self.delete_btn, self._on_delete), (self.export_btn, self._on_export)):
            btn.clicked.connect(slot)
            row.addWidget(btn)
        for btn in (self.new_btn, self.edit_btn, self.delete_btn):
            btn.setEnabled(not self.env.read_only)
        self._build_extra_actions(row)
        row.addStretch(1)
        self.foreign_label = QLabel()
        self.foreign_label.setObjectName("foreign")
        self.foreign_label.setStyleSheet("color:#a15c00")
        row.addWidget(self.foreign_label)
        return row

    def _build_extra_actions(self, row: QHBoxLayout) -> None:
        pass

    def _connect_filter(self, combo) -> None:
        combo.currentIndexChanged.connect(lambda _i: self.reload())

    # --- data -------------------------------------------------------------------------------------------------
    def on_shown(self) -> None:
        if not self._loaded:
            self._refresh_choices()
        self.reload()

    def _refresh_choices(self) -> None:
        pass

    def reload(self, select_id: str | None = None) -> None:
        self._loaded = True
        current = select_id or (self.current_row() or {}).get("id")
        filters = self._filters()
        filters.update(text=self.search.text().strip(), origin_site=self.township.site_code())
        if self.sort_key:
            filters.update(sort=self.sort_key, descending=self.descending)
        self.env.runner.run(lambda: self._load(filters), on_done=lambda rows: self._show_rows(rows, current),
                            parent=self)

    def _show_rows(self, rows: list[dict], select_id: str | None) -> None:
        self.model.set_rows(rows)
        self.count_label.setText(f"共 {len(rows)} {self.COUNT_UNIT}")
        self.select_id(select_id)
        self._show_detail()

    COUNT_UNIT = "条"

    def select_id(self, record_id: str | None) -> bool:
        for i, row in enumerate(self.model.rows()):
            if row["id"] == record_id:
                self.table.selectRow(i)
                self.table.scrollTo(self.model.index(i, 0))
                return True
        return False

    def current_row(self) -> dict | None:
        idx = self.table.currentIndex()
        if not idx.isValid() or not self.table.selectionModel().isRowSelected(idx.row()):
            return None
        return self.model.row(idx.row())

    def open_record(self, record_id: str) -> None:
        """Jump to a record: clear filters so it is visible, then select it."""
        self.search.clear()
        self._clear_filters()
        self.township.combo.blockSignals(True)
        self.township.combo.setCurrentIndex(0)
        self.township.combo.blockSignals(False)
        self.reload(select_id=record_id)

    def _clear_filters(self) -> None:
        pass

    def _show_detail(self) -> None:
        row = self.current_row()
        if row is None:
            self.detail.clear_detail()
        else:
            self.detail.setHtml(self._detail_html(row))
        writable = row is not None and not self.env.read_only and not is_foreign(self.env, row)
        if self.files is not None:
            self.files.set_items(self._attachments(row) if row else [])
            self.files.add_btn.setEnabled(writable)
        self.edit_btn.setEnabled(writable)
        self.delete_btn.setEnabled(writable)
        self.foreign_label.setText(FOREIGN_NOTE if is_foreign(self.env, row) else "")

    def _on_header_clicked(self, section: int) -> None:
        key = self.columns[section].key
        if key not in self.SORT:
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.env.status("该列不支持排序")
            return
        sort = self.SORT[key]
        self.descending = not self.descending if sort == self.sort_key else False
        self.sort_key = sort
        order = Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(section, order)
        self.reload()

    # --- actions ----------------------------------------------------------------------------------------------
    def _on_new(self) -> None:
        if not self.env.read_only:
            self._show_dialog(None)

    def _on_edit(self) -> None:
        row = self.current_row()
        if row is not None and not self.env.read_only and not is_foreign(self.env, row):
            self._show_dialog(row)

    def _show_dialog(self, row: dict | None) -> None:
        dlg = self._open_dialog(row)
        self.dialog = dlg
        dlg.accepted.connect(lambda: self._after_save(dlg))
        dlg.open()

    def _after_save(self, dlg) -> None:
        saved = dlg.saved or {}
        self.env.status(f"已保存{self.NOUN}")
        self.reload(select_id=saved.get("id"))

    def _on_delete(self) -> None:
        row = self.current_row()
        if row is None or is_foreign(self.env, row):
            return
        reason, ok = QInputDialog.getText(self, f"删除{self.NOUN}", "删除原因（记入操作日志）：")
        if not ok:
            return
        self.env.runner.run(lambda: self._delete(row, reason), on_done=lambda _r: self.reload(), parent=self)

    def _on_export(self) -> None:
        default = str(Path.home() / f"{self.EXPORT_NAME}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "导出 Excel", default, "Excel 文件 (*.xlsx)")
        if path:
            self.export_to(path)

    EXPORT_NAME = "台账"

    def export_to(self, path: str) -> None:
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        filters = self._filters()
        filters.update(text=self.search.text().strip(), origin_site=self.township.site_code())
        self.env.runner.run(lambda: self._export(path, filters), title="正在导出……", parent=self,
                            on_done=lambda n: alerts.info(self, f"已导出 {n} 条到：\n{path}"),
                            on_cancel=lambda: self.env.status("已取消导出，未生成文件"))

    def _on_link(self, url) -> None:
        pass

    def save_state(self, settings) -> None:
        save_header(settings, f"{self.KEY}/header", self.table)
