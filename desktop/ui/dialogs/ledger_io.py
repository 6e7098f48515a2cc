"""Excel export of the problem ledger, and the import dialog for a legacy ledger:
automatic header matching with manual override (a combo per field), mapping of unknown categories,
a dry-run report per row (row, 原编号, result, column, reason), a choice for each 可能重复 row, and nothing
written until 确认导入."""

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
from desktop.ui.widgets.ledger_duplicates import DuplicatesBox

NONE = "（不导入）"
ISSUE_COLUMNS = ("行", "原编号", "结果", "列", "原因 / 说明")


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
        self.issues = QTableWidget(0, len(ISSUE_COLUMNS))
        self.issues.setHorizontalHeaderLabels(ISSUE_COLUMNS)
        self.issues.verticalHeader().hide()
        self.issues.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 50), (1, 100), (2, 110), (3, 100)):
            self.issues.setColumnWidth(col, width)
        self.issues.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(QLabel("试导入报告（逐行：原编号、结果和原因）："))
        layout.addWidget(self.issues, 2)
        self.duplicates = DuplicatesBox()
        self.duplicates.changed.connect(self._update_summary)
        layout.addWidget(self.duplicates, 1)
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
        dups = self.duplicates.choices()
        self.env.runner.run(lambda: ledger_io.import_problems(ctx, path, dry_run=dry_run, overrides=overrides,
                                                             category_map=cmap, duplicate_choices=dups),
                            on_done=on_done, title="正在检查台账……" if dry_run else "正在导入……",
                            parent=self.parentWidget() or self)

    def check(self) -> None:
        self._run(True, self._show_report)

    def to_import(self) -> int:
        """Rows a confirm would write: the dry run's accepted ones, adjusted by the 可能重复 choices since."""
        return len(self.report["accepted"]) + self.duplicates.to_import(self.report) if self.report else 0

    def confirm(self) -> None:
        n = self.to_import()
        if n <= 0:
            alerts.warn(self, "没有可以导入的行。")
            return
        if not alerts.question(self, f"将导入 {n} 个问题（不能导入、已导入过和选择跳过的行不会写入）。确认导入吗？"):
            return
        self._run(False, self._done)

    def _done(self, report: dict) -> None:
        self.result_report = report
        alerts.info(self, f"已导入 {report['written']} 个问题；跳过 {len(report['skipped'])} 行（已导入过或选择跳过），"
                          f"不能导入 {len(report['rejected'])} 行。")
        self.accept()

    # --- showing the report -----------------------------------------------------------------------------------
    def _show_report(self, report: dict) -> None:
        self.report = report
        self._fill_mapping(report)
        self._fill_categories(report)
        self._fill_issues(report)
        self.duplicates.show_report(report)
        self._update_summary()

    def _update_summary(self) -> None:
        report = self.report
        ok, bad, skipped = self.to_import(), len(report["rejected"]), len(report["skipped"])
        dups = len(report["possible_duplicates"])
        self.summary.setText(
            f"<b>{report['file']}</b>（表头在第 {report['header_row']} 行）：共 {report['data_rows']} 行，"
            f"可导入 <b>{ok}</b> 行，不能导入 <b style='color:#b00020'>{bad}</b> 行，"
            f"跳过 {skipped - self.duplicates.to_import(report)} 行"
            + (f"（其中<b style='color:#9c5700'>可能重复 {dups} 行</b>，请在下方逐行决定）" if dups else "") + "。"
            + (f"<br><b>注意：</b>第 {report['stopped_after']} 行之后连续 1000 多行为空，其后的内容未读取。"
               if report.get("stopped_after") else "")
            + "<br>导入的问题按本镇的编号顺序重新编号，原表中的编号（或序号）保存为“原编号”。"
            "<br>这是试导入，尚未写入任何数据；确认后可导入的行将在一次操作中全部写入。")
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
        dups = {d["row"]: d for d in report["possible_duplicates"]}
        items = [(r["row"], r.get("original_no"), "不能导入", r["column"], r["reason"]) for r in report["rejected"]]
        items += [(r["row"], r.get("original_no"), "可能重复", "", f"{dups[r['row']]['reason']}（在下方选择跳过或导入）")
                  if r["row"] in dups else (r["row"], r.get("original_no"), "跳过", "", r["reason"])
                  for r in report["skipped"]]
        for r in report["accepted"]:
            note = f"将编为 {r['no']}" + (f"（可能与 {r['possible_duplicate_of']} 重复，按选择导入）"
                                          if r.get("possible_duplicate_of") else "")
            items.append((r["row"], r.get("original_no"), "可导入", "", note))
            items += [(r["row"], r.get("original_no"), "提示", "", w) for w in r.get("warnings") or []]
        items.sort(key=lambda x: x[0])
        self.issues.setRowCount(len(items))
        colours = {"不能导入": Qt.GlobalColor.darkRed, "可能重复": Qt.GlobalColor.darkYellow}
        for i, (row, original, result, col, reason) in enumerate(items):
            for j, value in enumerate((str(row), original or "—", result, col, reason)):
                cell = QTableWidgetItem(value)
                if j in (2, 4) and result in colours:
                    cell.setForeground(colours[result])
                self.issues.setItem(i, j, cell)
