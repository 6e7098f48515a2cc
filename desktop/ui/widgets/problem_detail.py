"""The detail panel of a problem: facts, rectification, deadline history, the timeline, attachments and a
button for every lifecycle action the problem's status allows."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop.ui.widgets.attachments import AttachmentStrip
from desktop.ui.widgets.ledger import DetailView
from desktop.ui.widgets.township_filter import FOREIGN_NOTE, is_foreign

COLOUR_CSS = {"red": "#c62828", "yellow": "#b58900", "blue": "#1565c0", "green": "#2e7d32", "grey": "#757575",
              "white": "#333"}
ORDER = ("交办", "开始整改", "反馈", "立行立改", "审核通过", "退回重改", "销号", "回头看通过", "回头看反弹", "延期",
         "持续整改", "阶段完成", "催办", "不予认定", "移交")
LABEL = {"审核通过": "审核", "回头看反弹": "回头看：反弹", "回头看通过": "回头看：通过", "反馈": "登记反馈"}


def _e(v) -> str:
    return html.escape(str(v)) if v not in (None, "") else "—"


def _money(v) -> str:
    return f"{v:,.2f} 元" if v else "—"


def facts_html(p: dict) -> str:
    colour = COLOUR_CSS.get(p.get("colour"), "#333")
    left = p.get("days_left")
    due = _e(p.get("deadline")) + (f"（剩 {left} 天）" if left is not None and left >= 0 else
                                   f"（逾期 {-left} 天）" if left is not None else "")
    rows = [
        ("所属单位", p.get("unit_name")), ("类别 / 类型", " / ".join(x for x in (p.get("category"), p.get("problem_type")) if x)),
        ("问题描述", p.get("description")), ("责任人", p.get("people_names")), ("违反规定", p.get("basis_violated")),
        ("涉及金额", _money(p.get("amount_involved"))), ("发现日期", p.get("found_date")), ("来源", p.get("source")),
        ("处置方式", p.get("handling")), ("严重程度", p.get("severity")), ("整改要求", p.get("requirement")),
        ("整改时限", due), ("文书编号", p.get("doc_no")), ("整改措施", p.get("measures")),
        ("反馈日期", p.get("feedback_date")),
        ("审核意见", " ".join(x for x in (p.get("review_opinion"), f"（{p['reviewer']}）" if p.get("reviewer") else "") if x)),
        ("销号日期", p.get("closed_date")), ("回头看", _revisit(p)), ("追回资金", _money(p.get("money_recovered"))),
        ("建章立制", f"{p['rules_made']} 项" if p.get("rules_made") else None),
        ("延期 / 反弹", f"延期 {p.get('extension_count') or 0} 次，反弹 {p.get('relapse_count') or 0} 次"),
        ("不予认定/移交理由", p.get("ended_reason")), ("原编号", p.get("original_no")),
    ]
    body = "".join(
        f"<tr><td style='color:#555;padding:1px 8px 1px 0;white-space:nowrap;vertical-align:top'>{html.escape(k)}</td>"
        f"<td>{v if k == '整改时限' else _e(v)}</td></tr>" for k, v in rows if v not in (None, "") or k in ("问题描述",))
    head = (f"<h3 style='margin:0'>{_e(p['no'])}　<span style='color:{colour}'>{_e(p['status'])}"
            f"（{_e(p.get('colour_label'))}）</span></h3>")
    return (head + f"<table>{body}</table>" + deadlines_html(p) + milestones_html(p) + talks_html(p)
            + timeline_html(p))


def talks_html(p: dict) -> str:
    items = p.get("talks") or []
    if not items:
        return ""
    lis = "".join(f"<li><a href='#talk:{t['id']}'>{_e(t['talk_date'])} {_e(t['kind'])}：{_e(t['person_name'])}</a>"
                  f"（{_e(t['talker'])}）</li>" for t in items)
    return f"<h4 style='margin:8px 0 2px 0'>谈话记录（第一种形态）</h4><ul style='margin:0'>{lis}</ul>"


def _revisit(p: dict) -> str | None:
    if p.get("revisit_date"):
        return f"{p['revisit_date']}：{p.get('revisit_result') or ''}"
    if p.get("revisit_due"):
        return f"应于 {p['revisit_due']} 前回头看"
    return None


def deadlines_html(p: dict) -> str:
    items = p.get("deadlines") or []
    if len(items) < 2:
        return ""
    lis = "".join(f"<li>{_e(d['set_on'])} {_e(d['kind'])}：{_e(d.get('previous'))} → <b>{_e(d['deadline'])}</b>"
                  + (f"，{html.escape(d['reason'])}" if d.get("reason") else "")
                  + (f"（批准：{html.escape(d['approver'])}）" if d.get("approver") else "") + "</li>" for d in items)
    return f"<h4 style='margin:8px 0 2px 0'>时限记录</h4><ul style='margin:0'>{lis}</ul>"


def milestones_html(p: dict) -> str:
    items = p.get("milestones") or []
    if not items:
        return ""
    lis = "".join(f"<li>{_e(m['title'])}，{_e(m['due_date'])}" + (f" ✔ {m['done_date']}" if m.get("done_date") else "")
                  + "</li>" for m in items)
    return f"<h4 style='margin:8px 0 2px 0'>阶段目标</h4><ul style='margin:0'>{lis}</ul>"


def timeline_html(p: dict) -> str:
    lis = []
    for e in p.get("events") or []:
        change = f"{e['from_status']} → {e['to_status']}" if e.get("from_status") and e["from_status"] != e["to_status"] \
            else e["to_status"]
        details = "；".join(f"{k}：{v if not isinstance(v, list) else '、'.join(map(str, v))}"
                           for k, v in (e.get("details") or {}).items())
        lis.append(f"<li><b>{_e(e['on_date'])} {_e(e['action'])}</b>（{_e(change)}，{_e(e['actor'])}）"
                   + (f"<br>{html.escape(e['reason'])}" if e.get("reason") else "")
                   + (f"<br><span style='color:#666'>{html.escape(details)}</span>" if details else "") + "</li>")
    return f"<h4 style='margin:8px 0 2px 0'>处理经过</h4><ol style='margin:0'>{''.join(lis)}</ol>"


class ProblemDetail(QWidget):
    """Emits action_requested(action) for a lifecycle button; edit/delete via edit_requested/delete_requested."""

    action_requested = Signal(str)
    link_clicked = Signal(str)
    edit_requested = Signal()
    delete_requested = Signal()

    def __init__(self, env, on_add_files: Callable[[list[str]], None], parent=None):
        super().__init__(parent)
        self.env = env
        self.problem: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Vertical)
        self.view = DetailView("请在左侧选择一个问题。")
        self.view.anchorClicked.connect(lambda url: self.link_clicked.emit(url.toString()))
        split.addWidget(self.view)
        self.files = AttachmentStrip(env, on_add=on_add_files, title="附件与佐证材料")
        split.addWidget(self.files)
        split.setStretchFactor(0, 1)
        layout.addWidget(split, 1)
        self.actions_box = QWidget()
        self.actions = QGridLayout(self.actions_box)
        self.actions.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.actions_box)
        self.buttons: dict[str, QPushButton] = {}
        self.hint = QLabel()
        self.hint.setStyleSheet("color:#666")
        layout.addWidget(self.hint)
        self.show_problem(None)

    def show_problem(self, p: dict | None) -> None:
        self.problem = p
        while self.actions.count():
            w = self.actions.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.buttons = {}
        if p is None:
            self.view.clear_detail()
            self.files.set_items([])
            self.files.add_btn.setEnabled(False)
            self.hint.setText("")
            return
        self.view.setHtml(facts_html(p))
        evidence = list(p.get("attachments") or [])
        for f in p.get("feedback") or []:
            evidence.extend(f.get("attachments") or [])
        self.files.set_items(evidence)
        self.locked = self.env.read_only or is_foreign(self.env, p)  # a township's problem at the district
        self.files.add_btn.setEnabled(not self.locked)
        self._add_buttons(p)
        foreign = is_foreign(self.env, p)
        self.hint.setStyleSheet("color:#a15c00" if foreign else "color:#666")
        if foreign:
            self.hint.setText(FOREIGN_NOTE)

    def _add_buttons(self, p: dict) -> None:
        allowed = [a for a in ORDER if a in (p.get("allowed_actions") or [])]
        names = [*allowed, "修改", "删除"]
        for i, name in enumerate(names):
            btn = QPushButton(LABEL.get(name, name))
            btn.setEnabled(not self.locked)
            if name == "修改":
                btn.clicked.connect(self.edit_requested.emit)
            elif name == "删除":
                btn.clicked.connect(self.delete_requested.emit)
            else:
                btn.clicked.connect(lambda _c=False, a=name: self.action_requested.emit(a))
            self.actions.addWidget(btn, i // 5, i % 5)
            self.buttons[name] = btn
        self.hint.setText("当前状态可执行：" + ("、".join(LABEL.get(a, a) for a in allowed) or "（无，流程已结束）"))
