"""村居档案: one unit on one page — cadres, inspections, problems with colours, documents, scores, 屡查屡犯."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.services.checks import village_profile
from desktop.core.services.registry import units
from desktop.ui.models.rows_model import Column, RowsTableModel

COLOUR_HEX = {"red": "#f4cccc", "yellow": "#fff2cc", "blue": "#ddebf7", "green": "#e2efda", "grey": "#e7e6e6"}
COLOUR_NAME = {"red": "红（逾期）", "yellow": "黄（临期）", "white": "在办", "blue": "蓝（已销号）",
               "green": "绿（已归档）", "grey": "灰（不予认定/移交）"}

CADRE_COLUMNS = [Column("name", "姓名", 80), Column("position", "职务", 120), Column("gender", "性别", 44),
                 Column("party_member", "党员", 44), Column("term_start", "任期开始", 90),
                 Column("term_end", "任期结束", 90), Column("phone", "电话", 110)]
INSPECTION_COLUMNS = [Column("date", "检查日期", 90), Column("title", "检查名称", 300),
                      Column("inspectors", "检查人员", 120), Column("total", "事项数", 56, align_right=True),
                      Column("failed", "不符合", 56, align_right=True,
                             color=lambda r: "#f4cccc" if r["failed"] else None),
                      Column("status", "状态", 60)]
PROBLEM_COLUMNS = [Column("no", "问题编号", 80, color=lambda r: COLOUR_HEX.get(r["colour"])),
                   Column("found_date", "发现日期", 90), Column("category", "类别", 110),
                   Column("problem_type", "问题类型", 120), Column("status", "状态", 70),
                   Column("deadline", "整改时限", 90),
                   Column("colour", "颜色", 100, fmt=lambda v: COLOUR_NAME.get(v, v or ""),
                          color=lambda r: COLOUR_HEX.get(r["colour"])),
                   Column("description", "问题描述", 300)]
SCORE_COLUMNS = [Column("label", "期间", 130), Column("score", "得分", 60, align_right=True),
                 Column("inspections", "检查次数", 70, align_right=True),
                 Column("failed_count", "不符合项", 70, align_right=True), Column("bar", "得分图示", 220)]
DOC_COLUMNS = [Column("doc_no", "文号", 160), Column("kind", "文种", 100), Column("title", "标题", 300),
               Column("sign_date", "成文日期", 90), Column("status", "状态", 80)]


def _table(columns, rows_visible: int = 6) -> tuple[QTableView, RowsTableModel]:
    model = RowsTableModel(columns)
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    for i, c in enumerate(columns):
        view.setColumnWidth(i, c.width)
    view.setMinimumHeight(28 + 24 * rows_visible)
    model.setParent(view)
    return view, model


class VillageProfileView(QWidget):
    open_inspection = Signal(str)
    new_inspection = Signal(str)

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.data: dict | None = None
        self._build()

    def _build(self) -> None:
        v = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.unit_combo = QComboBox()
        self.unit_combo.setMinimumWidth(200)
        self.unit_combo.activated.connect(self._on_unit)
        self.new_btn = QPushButton("检查该单位…")
        self.new_btn.setEnabled(not self.env.read_only)
        self.new_btn.clicked.connect(lambda: self.data and self.new_inspection.emit(self.data["unit"]["id"]))
        bar.addWidget(QLabel("单位"))
        bar.addWidget(self.unit_combo)
        bar.addStretch(1)
        bar.addWidget(self.new_btn)
        v.addLayout(bar)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        self.body = QVBoxLayout(body)
        scroll.setWidget(body)
        v.addWidget(scroll, 1)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.body.addWidget(self.header)
        self.flag = QLabel()
        self.flag.setWordWrap(True)
        self.body.addWidget(self.flag)
        self.score_view, self.score_model = self._section("检查得分（按季度，符合项权重占比，不适用不计）", SCORE_COLUMNS, 4)
        self.problem_view, self.problem_model = self._section("问题及整改", PROBLEM_COLUMNS, 6)
        self.inspection_view, self.inspection_model = self._section("历次检查", INSPECTION_COLUMNS, 6)
        self.inspection_view.activated.connect(
            lambda idx: self.open_inspection.emit(self.inspection_model.row(idx.row())["id"]))
        self.problem_view.activated.connect(
            lambda idx: self.env.navigate("problems", self.problem_model.row(idx.row())["id"]))
        self.cadre_view, self.cadre_model = self._section("村（社区）干部", CADRE_COLUMNS, 5)
        self.doc_box = QGroupBox("文书")
        dv = QVBoxLayout(self.doc_box)
        self.doc_note = QLabel()
        self.doc_note.setWordWrap(True)
        dv.addWidget(self.doc_note)
        self.doc_view, self.doc_model = _table(DOC_COLUMNS, 3)
        dv.addWidget(self.doc_view)
        self.body.addWidget(self.doc_box)
        self.body.addStretch(1)

    def _section(self, title: str, columns, rows_visible: int):
        box = QGroupBox(title)
        view, model = _table(columns, rows_visible)
        QVBoxLayout(box).addWidget(view)
        self.body.addWidget(box)
        box.setObjectName(title)
        return view, model

    def on_shown(self) -> None:
        current = self.unit_combo.currentData()
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        for u in units.villages(self.env.ctx):
            self.unit_combo.addItem(u["name"] + ("（重点村）" if u["is_key_village"] else ""), u["id"])
        self.unit_combo.blockSignals(False)
        idx = self.unit_combo.findData(current)
        self.unit_combo.setCurrentIndex(max(idx, 0))
        if self.unit_combo.count():
            self.show_unit(self.unit_combo.currentData())

    @Slot(int)
    def _on_unit(self, _index: int) -> None:
        self.show_unit(self.unit_combo.currentData())

    def show_unit(self, unit_id: str) -> None:
        idx = self.unit_combo.findData(unit_id)
        if idx >= 0 and idx != self.unit_combo.currentIndex():
            self.unit_combo.blockSignals(True)
            self.unit_combo.setCurrentIndex(idx)
            self.unit_combo.blockSignals(False)
        self.data = village_profile.profile(self.env.ctx, unit_id)
        self._fill()

    def _fill(self) -> None:
        d = self.data
        u = d["unit"]
        key = "　<span style='color:#c00000'>重点村</span>" if u["is_key_village"] else ""
        self.header.setText(
            f"<span style='font-size:18px'><b>{u['name']}</b></span>　{u['type']}{key}　"
            f"人口 {u['population'] or '-'}　户数 {u['households'] or '-'}　区划代码 {u['admin_code'] or '-'}<br>"
            f"检查 {len(d['inspections'])} 次　问题 {len(d['problems'])} 个（未销号 {d['open_problems']}，"
            f"已销号/撤销 {d['closed_problems']}）")
        self._fill_flag()
        scores = [{**s, "bar": "█" * int(round(s["score"] / 5))} for s in reversed(d["scores"])]
        self.score_model.set_rows(scores)
        self.problem_model.set_rows(d["problems"])
        self.inspection_model.set_rows(d["inspections"])
        self.cadre_model.set_rows(d["cadres"])
        docs = d["documents"]
        self.doc_model.set_rows(docs["rows"])
        self.doc_view.setVisible(docs["available"])
        self.doc_note.setText("" if docs["available"] else
                              "文书功能尚未启用：启用后，这里列出发给本单位的提醒函、整改通知书、建议书等。")

    def _fill_flag(self) -> None:
        reps = self.data["repeat_offences"]
        months = self.data["repeat_months"]
        active = [r for r in reps if r["active"]]
        if active:
            parts = "；".join(f"{r['category']}（{'、'.join(r['dates'][-3:])}）" for r in active)
            self.flag.setText(f"<div style='background:#c00000;color:white;padding:6px'><b>屡查屡犯</b>　"
                              f"{months} 个月内同类问题再次发现：{parts}</div>")
        elif reps:
            self.flag.setText(f"<span style='color:#666'>曾有同类问题 {months} 个月内重复发现（已超过 {months} 个月）："
                              + "、".join(r["category"] for r in reps) + "</span>")
        else:
            self.flag.setText(f"<span style='color:#2e7d32'>{months} 个月内无同类问题重复发现。</span>")
