"""单位人员: the registry of units and people — search, filters, add/edit/delete, import and export."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import alerts, files
from desktop.ui.models.rows_model import Column, RowsTableModel

UNIT_COLUMNS = [
    Column("name", "单位名称", 150), Column("type", "类型", 90), Column("parent_name", "上级单位", 100),
    Column("admin_code", "区划代码", 120), Column("population", "人口", 60, align_right=True),
    Column("households", "户数", 60, align_right=True), Column("is_key_village", "重点村", 56),
    Column("active", "在用", 48), Column("people_count", "人员数", 56, align_right=True), Column("note", "备注", 160),
]
def _mask_phone(value) -> str:
    from desktop.core.services.registry.people import mask_phone

    return mask_phone(value)


PEOPLE_COLUMNS = [
    Column("name", "姓名", 80), Column("gender", "性别", 44), Column("unit_name", "所在单位", 120),
    Column("position", "职务", 110), Column("party_member", "党员", 44), Column("is_supervision_target", "监察对象", 64),
    Column("term_start", "任期开始", 90), Column("term_end", "任期结束", 90), Column("phone", "联系电话", 110, fmt=_mask_phone),
    Column("id_no", "身份证号", 150), Column("active", "在职", 44),
]
HISTORY_COLUMNS = [Column("unit_name", "单位", 160), Column("position", "职务", 120),
                   Column("start_date", "起", 100), Column("end_date", "止", 100), Column("note", "说明", 120)]


class _UnitsModel(RowsTableModel):
    """Units with each 村民小组 indented under its village when the village is listed too (units come parent-first)."""

    INDENT = "　└ "

    def set_rows(self, rows: list[dict]) -> None:
        self._listed = {r["id"] for r in rows}
        super().set_rows(rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        value = super().data(index, role)
        if (role == Qt.ItemDataRole.DisplayRole and index.isValid() and self.columns[index.column()].key == "name"
                and self.row(index.row()).get("parent_id") in self._listed):
            return self.INDENT + value
        return value


class _TableTab(QWidget):
    """Search box, filters, buttons and one table; Enter edits, Delete deletes, Ctrl+N adds, Ctrl+F searches."""

    KIND = ""
    TITLE = ""
    COLUMNS: list[Column] = []
    MODEL = RowsTableModel

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.model = self.MODEL(self.COLUMNS, self)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.reload)
        self._build()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(220)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        bar = QHBoxLayout()
        bar.addWidget(self.search)
        for w in self._build_filters():
            bar.addWidget(w)
        bar.addStretch(1)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        self.buttons = {}
        for key, text in (("add", "新增"), ("edit", "修改"), ("delete", "删除"), ("import", "导入…"), ("export", "导出…")):
            button = QPushButton(text)
            button.clicked.connect(getattr(self, f"_on_{key}"))
            self.buttons[key] = button
            bar.addWidget(button)
        self.table = _make_table(self.model)
        self.table.doubleClicked.connect(lambda _i: self._on_edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_selection())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self._build_body(), 1)
        self._build_keys()
        self._apply_read_only()

    def _build_body(self) -> QWidget:
        return self.table

    def _build_filters(self) -> list[QWidget]:
        return []

    def _build_keys(self) -> None:
        self.table.installEventFilter(self)
        QShortcut(QKeySequence("Ctrl+N"), self, self._on_add, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search.returnPressed.connect(self.table.setFocus)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        """Enter edits and Delete deletes the selected row of the table."""
        if obj is self.table and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._on_edit()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self._on_delete()
                return True
        return super().eventFilter(obj, event)

    def _apply_read_only(self) -> None:
        for key in ("add", "edit", "delete", "import"):
            self.buttons[key].setEnabled(not self.env.read_only)

    def current(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_id(self, record_id: str) -> bool:
        for i, row in enumerate(self.model.rows()):
            if row["id"] == record_id:
                self.table.selectRow(i)
                self.table.scrollTo(self.model.index(i, 0))
                return True
        return False

    def reload(self) -> None:
        keep = (self.current() or {}).get("id")
        rows = self.fetch()
        self.model.set_rows(rows)
        self.count_label.setText(f"共 {len(rows)} 条")
        if keep:
            self.select_id(keep)
        self._on_selection()

    def fetch(self) -> list[dict]:
        raise NotImplementedError

    def _on_selection(self) -> None:
        pass

    def _on_add(self) -> None:
        if not self.env.read_only:
            self._open_dialog(None)

    def _on_edit(self) -> None:
        row = self.current()
        if row and not self.env.read_only:
            self._open_dialog(row)

    def _open_dialog(self, row: dict | None) -> None:
        dialog = self.make_dialog(row)
        if dialog.exec() == dialog.DialogCode.Accepted and dialog.saved:
            self.reload()
            self.select_id(dialog.saved["id"])
            self.env.status(f"已保存：{dialog.saved['name']}")

    def make_dialog(self, row: dict | None):
        raise NotImplementedError

    def _on_delete(self) -> None:
        row = self.current()
        if not row or self.env.read_only:
            return
        if not alerts.question(self, f"确定删除{self.TITLE}“{row['name']}”吗？\n删除后可在审计日志中查到记录。"):
            return
        service = self.service()
        self.env.runner.run(lambda: service.delete(self.env.ctx, row["id"], reason="在单位人员页面删除"),
                            on_done=lambda _r: self._after_delete(row), on_error=lambda e: alerts.show_error(self, e),
                            parent=self)

    def _after_delete(self, row: dict) -> None:
        self.reload()
        self.env.status(f"已删除：{row['name']}")

    def service(self):
        raise NotImplementedError

    def _on_import(self) -> None:
        from desktop.ui.dialogs.import_dialog import RegistryImportDialog

        dialog = RegistryImportDialog(self.env, self.KIND, self)
        dialog.exec()
        if dialog.result:
            self.reload()

    def _on_export(self) -> None:
        from desktop.core.services.registry import io as registry_io

        with_id = self.KIND == "people" and alerts.question(
            self, "导出的名册是否包含身份证号？\n身份证号属于敏感信息，一般选择“否”。")
        default = str(self.env.ctx.data.sub("exports") / f"{self.TITLE}名册.xlsx")
        path = files.save_file(self, f"导出{self.TITLE}名册", default)
        if not path:
            return
        path = path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")
        ctx = self.env.ctx
        self.env.runner.run(lambda: registry_io.export(ctx, self.KIND, path, with_id_no=with_id),
                            on_done=lambda n: alerts.info(self, f"已导出 {n} 条到：\n{path}"),
                            title="正在导出……", parent=self)

    def save_state(self, settings) -> None:
        settings.setValue(f"registry/{self.KIND}_header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings) -> None:
        state = settings.value(f"registry/{self.KIND}_header")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.table.horizontalHeader().restoreState(state)


def _make_table(model) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    table.horizontalHeader().setStretchLastSection(True)
    table.setTabKeyNavigation(False)
    for i, col in enumerate(model.columns):
        table.setColumnWidth(i, col.width)
    return table


class UnitsTab(_TableTab):
    KIND, TITLE, COLUMNS, MODEL = "units", "单位", UNIT_COLUMNS, _UnitsModel

    def _build_filters(self) -> list[QWidget]:
        from desktop.core.services.registry.units import UNIT_TYPES

        self.type_filter = QComboBox()
        self.type_filter.addItem("全部类型", None)
        for t in UNIT_TYPES:
            self.type_filter.addItem(t, t)
        self.key_only = QCheckBox("只看重点村")
        self.active_only = QCheckBox("只看在用")
        self.type_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.key_only.toggled.connect(lambda _c: self.reload())
        self.active_only.toggled.connect(lambda _c: self.reload())
        return [self.type_filter, self.key_only, self.active_only]

    def fetch(self) -> list[dict]:
        from desktop.core.services.registry import units

        kind = self.type_filter.currentData()
        return units.list_units(self.env.ctx, text=self.search.text(), types=(kind,) if kind else (),
                                active_only=self.active_only.isChecked(), key_only=self.key_only.isChecked())

    def make_dialog(self, row):
        from desktop.ui.dialogs.unit_dialog import UnitDialog

        return UnitDialog(self.env, row, self)

    def service(self):
        from desktop.core.services.registry import units

        return units


class PeopleTab(_TableTab):
    KIND, TITLE, COLUMNS = "people", "人员", PEOPLE_COLUMNS

    def _build_filters(self) -> list[QWidget]:
        from desktop.core.services.registry.people import POSITIONS

        self.unit_filter = QComboBox()
        self.unit_filter.setMinimumContentsLength(8)
        self.position_filter = QComboBox()
        self.position_filter.addItem("全部职务", None)
        for p in POSITIONS:
            self.position_filter.addItem(p, p)
        self.targets_only = QCheckBox("只看监察对象")
        self._fill_units()
        self.unit_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.position_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.targets_only.toggled.connect(lambda _c: self.reload())
        extra = [self.unit_filter, self.position_filter, self.targets_only]
        from desktop.core.services.cases import access

        self.record_btn = None
        if access.can_see(self.env.ctx):  # 廉政档案 holds leads and cases: sensitive roles only
            self.record_btn = QPushButton("廉政档案…")
            self.record_btn.clicked.connect(self._on_record)
            extra.append(self.record_btn)
        return extra

    def _on_record(self) -> None:
        from desktop.core.services.cases import person_record
        from desktop.ui.dialogs.person_record import PersonRecordDialog

        row = self.current()
        if row is None:
            return alerts.info(self, "请先选择一名人员。")
        self.record_dialog = PersonRecordDialog(person_record.record(self.env.ctx, row["id"]), self)
        self.record_dialog.open()

    def _fill_units(self) -> None:
        from desktop.ui.dialogs.person_dialog import unit_choices

        keep = self.unit_filter.currentData()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem("全部单位", None)
        for label, uid in unit_choices(self.env.ctx):
            self.unit_filter.addItem(label, uid)
        self.unit_filter.setCurrentIndex(max(self.unit_filter.findData(keep), 0))
        self.unit_filter.blockSignals(False)

    def _build_body(self) -> QWidget:
        self.history_model = RowsTableModel(HISTORY_COLUMNS, self)
        self.history = _make_table(self.history_model)
        self.history_label = QLabel("历任岗位")
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.history_label)
        lay.addWidget(self.history)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(box)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        return split

    def fetch(self) -> list[dict]:
        from desktop.core.services.registry import people

        return people.list_people(self.env.ctx, text=self.search.text(), unit_id=self.unit_filter.currentData(),
                                  position=self.position_filter.currentData(),
                                  targets_only=self.targets_only.isChecked())

    def _on_selection(self) -> None:
        from desktop.core.services.registry import people

        row = self.current()
        rows = people.history(self.env.ctx, row["id"]) if row else []
        self.history_model.set_rows(rows)
        name = f"{row['name']}的" if row else ""
        self.history_label.setText(f"{name}历任岗位（{len(rows)}）" if row else "历任岗位（选择一名人员后显示）")

    def make_dialog(self, row):
        from desktop.ui.dialogs.person_dialog import PersonDialog

        return PersonDialog(self.env, row, self, unit_id=self.unit_filter.currentData())

    def service(self):
        from desktop.core.services.registry import people

        return people


class RegistryPage(QWidget):
    """Two tabs, 单位 and 人员. `open_record(id)` selects a unit or person by id."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.tabs = QTabWidget()
        self.units = UnitsTab(env)
        self.people = PeopleTab(env)
        self.tabs.addTab(self.units, "单位（村、社区、站所）")
        self.tabs.addTab(self.people, "人员（村干部、村监委、纪检员）")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)
        self.units.restore_state(env.settings)
        self.people.restore_state(env.settings)
        self.tabs.setCurrentIndex(int(env.settings.value("registry/tab", 0) or 0))
        self.reload()
        self.tabs.currentChanged.connect(lambda _i: self.reload())  # units added on one tab appear on the other

    def reload(self) -> None:
        self.units.reload()
        self.people._fill_units()
        self.people.reload()

    def on_shown(self) -> None:
        self.reload()

    def open_record(self, record_id: str) -> None:
        if self.units.select_id(record_id):
            self.tabs.setCurrentWidget(self.units)
        elif self.people.select_id(record_id):
            self.tabs.setCurrentWidget(self.people)

    def save_state(self, settings) -> None:
        self.units.save_state(settings)
        self.people.save_state(settings)
        settings.setValue("registry/tab", self.tabs.currentIndex())
