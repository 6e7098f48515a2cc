"""Excel export of the problem ledger, and the import dialog for a legacy ledger:
automatic header matching with manual override (a combo per field), mapping of unknown categories,
a dry-run report per row (row, column, reason), and nothing written until 确认导入."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import alerts

NONE = "（不导入）"


def export(page, path: str, filters: dict, sort) -> None:
    from desktop.core.services.problems import ledger_io

    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    page.env.runner.run(lambda: ledger_io.export_problems(page.env.ctx, path, filters, sort),
                        title="正在导出问题整改台账……", parent=page,
                        on_done=lambda n: alerts.info(page, f"已导出 {n} 个问题到：\n{path}"))


def start_import(page, path: str | None = None) -> None:
    """Ask for the file, run the dry run, then show the import dialog."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(page, "选择要导入的旧台账", str(Path.home()), "Excel 文件 (*.xlsx)")
    if not path:
        return
    dlg = ImportDialog(page.env, path, parent=page)
    page.dialog = dlg
    dlg.finished.connect(lambda _r: page.reload())
    dlg.check()
    if dlg.report is not None:
        dlg.open()


class ImportDialog(QDialog):
    def __init__(self, env, path: str, parent=None):
        super().__init__(parent)
        self.env = env
        self.path = path
        self.report: dict | None = None
        self.result_report: dict | None = None
        self.field_combos: dict[str, QComboBox] = {}
        self.category_combos: dict[str, QComboBox] = {}
        self.category_choice: dict[str, str | None] = {}  # kept across re-checks (mapped names stop being unknown)
        self.setWindowTitle(f"导入旧台账：{Path(path).name}")
        self.resize(900, 680)
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        top = QHBoxLayout()
        self.mapping_box = QGroupBox("列对应（自动识别，可手动调整）")
        self.mapping_form = QFormLayout()
        inner = QWidget()
        inner.setLayout(self.mapping_form)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        QVBoxLayout(self.mapping_box).addWidget(scroll)
        top.addWidget(self.mapping_box, 1)
        self.category_box = QGroupBox("无法识别的问题类别（选择对应类别后点“按调整重新检查”）")
        self.category_form = QFormLayout(self.category_box)
        top.addWidget(self.category_box, 1)
        layout.addLayout(top, 2)
        self.issues = QTableWidget(0, 3)
        self.issues.setHorizontalHeaderLabels(["行", "列", "原因"])
        self.issues.verticalHeader().hide()
        self.issues.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.issues.setColumnWidth(0, 50)
        self.issues.setColumnWidth(1, 120)
        self.issues.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(QLabel("试导入报告（不能导入的行、跳过的行和提示）："))
        layout.addWidget(self.issues, 2)
        row = QHBoxLayout()
        self.check_btn = QPushButton("按调整重新检查")
        self.check_btn.clicked.connect(self.check)
        self.import_btn = QPushButton("确认导入")
        self.import_btn.setDefault(True)
        self.import_btn.clicked.connect(self.confirm)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        row.addStretch(1)
        for b in (self.check_btn, self.import_btn, cancel):
            row.addWidget(b)
        layout.addLayout(row)

    # --- running the service ----------------------------------------------------------------------------------
    def overrides(self) -> dict:
        out = {}
        for key, combo in self.field_combos.items():
            header = combo.currentText()
            if header != NONE and (self.report or {}).get("mapping", {}).get(key) != header:
                out[key] = header
        return out

    def category_map(self) -> dict:
        """Unknown category → catalogue name ('' = import without a category); unchosen ones stay rejected."""
        for name, c in self.category_combos.items():
            self.category_choice[name] = c.currentData()
        return {name: v for name, v in self.category_choice.items() if v is not None}

    def _run(self, dry_run: bool, on_done) -> None:
        from desktop.core.services.problems import ledger_io

        ctx, path, overrides, cmap = self.env.ctx, self.path, self.overrides(), self.category_map()
        self.env.runner.run(lambda: ledger_io.import_problems(ctx, path, dry_run=dry_run, overrides=overrides,
                                                             category_map=cmap),
                            on_done=on_done, title="正在检查台账……" if dry_run else "正在导入……",
                            parent=self.parentWidget() or self)

    def check(self) -> None:
        self._run(True, self._show_report)

    def confirm(self) -> None:
        if not self.report or not self.report["accepted"]:
            alerts.warn(self, "没有可以导入的行。")
            return
        n = len(self.report["accepted"])
        if not alerts.question(self, f"将导入 {n} 个问题（不能导入和已导入过的行不会写入）。确认导入吗？"):
            return
        self._run(False, self._done)

    def _done(self, report: dict) -> None:
        self.result_report = report
        alerts.info(self, f"已导入 {report['written']} 个问题；跳过已导入过的 {len(report['skipped'])} 行，"
                          f"不能导入 {len(report['rejected'])} 行。")
        self.accept()

    # --- showing the report -----------------------------------------------------------------------------------
    def _show_report(self, report: dict) -> None:
        self.report = report
        ok, bad, skipped = len(report["accepted"]), len(report["rejected"]), len(report["skipped"])
        self.summary.setText(
            f"<b>{report['file']}</b>（表头在第 {report['header_row']} 行）：可导入 <b>{ok}</b> 行，"
            f"不能导入 <b style='color:#b00020'>{bad}</b> 行，已导入过（跳过）{skipped} 行。"
            "<br>这是试导入，尚未写入任何数据；确认后可导入的行将在一次操作中全部写入。")
        self._fill_mapping(report)
        self._fill_categories(report)
        self._fill_issues(report)
        self.import_btn.setEnabled(ok > 0 and not self.env.read_only)

    def _fill_mapping(self, report: dict) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.field_combos = {}
        headers = sorted({*report["mapping"].values(), *report["unmatched_headers"]})
        for key, label in report["fields"].items():
            combo = QComboBox()
            combo.addItems([NONE, *headers])
            combo.setCurrentText(report["mapping"].get(key, NONE))
            self.mapping_form.addRow(f"{label}：", combo)
            self.field_combos[key] = combo

    def _fill_categories(self, report: dict) -> None:
        from desktop.core.services.problems import choices as problem_choices

        while self.category_form.rowCount():
            self.category_form.removeRow(0)
        self.category_combos = {}
        unknown = dict(report["unknown_categories"])
        for cat in self.category_choice:
            unknown.setdefault(cat, [])
        self.category_box.setVisible(bool(unknown))
        if not unknown:
            return
        names = problem_choices.catalogue(self.env.ctx)["categories"]
        for cat, rows in unknown.items():
            combo = QComboBox()
            combo.addItem("（请选择对应类别）", None)
            combo.addItem("（导入时留空）", "")
            for n in names:
                combo.addItem(n, n)
            suggestions = report["category_suggestions"].get(cat) or []
            if cat in self.category_choice:
                combo.setCurrentIndex(max(combo.findData(self.category_choice[cat]), 0))
            elif suggestions:
                combo.setCurrentIndex(combo.findData(suggestions[0]))
            label = f"“{cat}”（{len(rows)} 行）：" if rows else f"“{cat}”（已对应）："
            self.category_form.addRow(label, combo)
            self.category_combos[cat] = combo

    def _fill_issues(self, report: dict) -> None:
        items = [(r["row"], r["column"], r["reason"]) for r in report["rejected"]]
        items += [(r["row"], "", r["reason"]) for r in report["skipped"]]
        items += [(r["row"], "", "提示：" + w) for r in report["accepted"] for w in r.get("warnings") or []]
        items.sort(key=lambda x: x[0])
        self.issues.setRowCount(len(items))
        for i, (row, col, reason) in enumerate(items):
            for j, value in enumerate((str(row), col, reason)):
                cell = QTableWidgetItem(value)
                if j == 2 and not reason.startswith("提示") and "跳过" not in reason:
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.issues.setItem(i, j, cell)
