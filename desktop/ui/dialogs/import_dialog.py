"""Import units or people from .xlsx: pick a file, read the dry-run report, choose rows, confirm."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.ui import alerts, files

KIND_TITLES = {"units": "单位", "people": "人员"}
COLUMNS = ("导入", "行号", "名称", "检查结果", "问题（列：原因）")
ACTION_COLOURS = {"新增": "#e2efda", "更新": "#ddebf7", "不变": "#f2f2f2", "有错误": "#f4cccc"}


class RegistryImportDialog(QDialog):
    """`RegistryImportDialog(env, "units"|"people")`. `load(path)` shows the report; 导入 writes the ticked rows.

    `result` holds the counts after a successful import.
    """

    def __init__(self, env, kind: str, parent=None):
        super().__init__(parent)
        self.env, self.kind, self.plan, self.result = env, kind, None, None
        self.path, self.overrides = None, {}
        self.setWindowTitle(f"从 Excel 导入{KIND_TITLES[kind]}")
        self.resize(820, 520)
        self._build()

    def _build(self) -> None:
        top = QHBoxLayout()
        self.file_label = QLabel("请选择要导入的 .xlsx 文件。第一行（或标题下的一行）应为列名，系统会自动识别。")
        self.file_label.setWordWrap(True)
        pick = QPushButton("选择文件…")
        pick.clicked.connect(self._on_pick)
        self.map_button = QPushButton("指定列对应…")
        self.map_button.setEnabled(False)
        self.map_button.clicked.connect(self._on_map_columns)
        top.addWidget(self.file_label, 1)
        top.addWidget(self.map_button)
        top.addWidget(pick)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        for col, width in enumerate((44, 52, 150, 80)):
            self.table.setColumnWidth(col, width)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._on_ticked)
        self.untick_bad = QPushButton("取消勾选有问题的行")
        self.untick_bad.clicked.connect(self._on_untick_bad)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton("导入所选行", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._on_import)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.untick_bad)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)

    def _on_pick(self) -> None:
        path = files.open_file(self, f"选择{KIND_TITLES[self.kind]}名册")
        if path:
            self.load(path)

    def load(self, path: Path, overrides: dict[str, str] | None = None) -> None:
        """Run the dry run on `path` and show its report (or why the file cannot be used).

        `overrides` maps field key → header text chosen by hand (指定列对应).
        """
        from desktop.core.errors import QingfengError
        from desktop.core.services.registry import io as registry_io

        if Path(path) != self.path:
            self.overrides = {}
        self.path, self.overrides = Path(path), dict(overrides if overrides is not None else self.overrides)
        self.file_label.setText(f"文件：{Path(path).name}")
        self.map_button.setEnabled(True)
        self.plan = None
        self.table.setRowCount(0)
        try:
            self.plan = registry_io.plan_import(self.env.ctx, path, self.kind, overrides=self.overrides)
        except QingfengError as exc:
            self.summary.setStyleSheet("color: #c0392b;")
            self.summary.setText(f"无法导入：{exc}")
            self._update_state()
            return
        self.summary.setStyleSheet("")
        self._fill(self.plan)

    def _on_map_columns(self) -> None:
        from desktop.core.errors import QingfengError
        from desktop.core.xlsx import header_candidates

        try:
            headers = header_candidates(self.path)
        except QingfengError as exc:
            alerts.warn(self, str(exc))
            return
        mapping = self.plan.mapping if self.plan else self.overrides
        dialog = ColumnMapDialog(self.kind, headers, mapping, self)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self.load(self.path, dialog.data())

    def _fill(self, plan) -> None:
        from desktop.core.services.registry.io import fields_of

        labels = {f.key: f.label for f in fields_of(self.kind)}
        cols = "，".join(f"{labels[k]}←“{v}”" for k, v in plan.mapping.items())
        extra = f"；未使用的列：{'、'.join(plan.unmatched_headers)}" if plan.unmatched_headers else ""
        counts = "，".join(f"{k} {v}" for k, v in plan.counts().items())
        self.summary.setText(f"共 {len(plan.rows)} 行：{counts}。\n识别的列：{cols}{extra}")
        self.table.blockSignals(True)
        self.table.setRowCount(len(plan.rows))
        for i, r in enumerate(plan.rows):
            action = "有错误" if r.issues else r.action
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Checked if action != "不变" else Qt.CheckState.Unchecked)
            tick.setData(Qt.ItemDataRole.UserRole, r.row)
            problems = "；".join(f"{i.column}：{i.reason}" if i.column else i.reason for i in r.issues)
            items = [tick, QTableWidgetItem(str(r.row)), QTableWidgetItem(r.label), QTableWidgetItem(action),
                     QTableWidgetItem(problems)]
            for c, item in enumerate(items):
                if c:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setBackground(QBrush(QColor(ACTION_COLOURS[action])))
                self.table.setItem(i, c, item)
        self.table.blockSignals(False)
        self._update_state()

    def chosen_rows(self) -> list[int]:
        """Excel row numbers of the ticked rows."""
        out = []
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def _bad_chosen(self) -> list[int]:
        bad = {r.row for r in self.plan.rows if r.issues} if self.plan else set()
        return [n for n in self.chosen_rows() if n in bad]

    def _on_ticked(self, _item) -> None:
        self._update_state()

    def _on_untick_bad(self) -> None:
        bad = {r.row for r in self.plan.rows if r.issues} if self.plan else set()
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            if item.data(Qt.ItemDataRole.UserRole) in bad:
                item.setCheckState(Qt.CheckState.Unchecked)

    def _update_state(self) -> None:
        chosen, bad = self.chosen_rows(), self._bad_chosen()
        self.import_button.setEnabled(bool(self.plan) and bool(chosen) and not bad and not self.env.read_only)
        self.untick_bad.setEnabled(bool(bad))
        if bad:
            self.import_button.setToolTip(f"所选的行中有 {len(bad)} 行有问题，请取消勾选或修改文件后重新选择")
        else:
            self.import_button.setToolTip(f"将导入 {len(chosen)} 行")

    def _on_import(self) -> None:
        from desktop.core.services.registry import io as registry_io

        chosen = self.chosen_rows()
        picked = [r for r in self.plan.rows if r.row in set(chosen)]
        new = sum(r.action == "新增" for r in picked)
        upd = sum(r.action == "更新" for r in picked)
        if not alerts.question(self, f"将导入 {len(chosen)} 行：新增 {new}，更新 {upd}，其余不变。\n确定导入吗？"):
            return
        plan, ctx = self.plan, self.env.ctx
        self.env.runner.run(lambda: registry_io.apply_import(ctx, plan, chosen), on_done=self._on_done,
                            on_error=lambda exc: alerts.show_error(self, exc), title="正在导入……", parent=self)

    def _on_done(self, counts: dict) -> None:
        self.result = counts
        alerts.info(self, "导入完成：" + "，".join(f"{k} {v}" for k, v in counts.items()) + "。")
        self.accept()


class ColumnMapDialog(QDialog):
    """Pick, for each field, which column of the file holds it. `data()` → {field key: header text}."""

    def __init__(self, kind: str, headers: list[str], mapping: dict[str, str], parent=None):
        from PySide6.QtWidgets import QComboBox, QFormLayout

        from desktop.core.services.registry.io import fields_of

        super().__init__(parent)
        self.setWindowTitle("指定列对应")
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for f in fields_of(kind):
            combo = QComboBox()
            combo.addItem("（自动识别）", None)
            for h in headers:
                combo.addItem(h, h)
            combo.setCurrentIndex(max(combo.findData(mapping.get(f.key)), 0))
            form.addRow(f.label + (" *" if f.required else ""), combo)
            self.combos[f.key] = combo
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("请为每一项选择文件中对应的列（同一列只选一次）："))
        lay.addLayout(form)
        lay.addWidget(buttons)

    def data(self) -> dict[str, str]:
        return {key: combo.currentData() for key, combo in self.combos.items() if combo.currentData()}
