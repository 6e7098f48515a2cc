"""District screens of 数据交换: the completeness board, township registration, 派单 and publishing."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import alerts
from desktop.ui.models.rows_model import Column, RowsTableModel
from desktop.ui.widgets import sync_common as common


def _table(columns: list[Column], parent) -> tuple[QTableView, RowsTableModel]:
    model = RowsTableModel(columns, parent)
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    for i, c in enumerate(columns):
        view.setColumnWidth(i, c.width)
    view.horizontalHeader().setStretchLastSection(True)
    return view, model


def _stale(row: dict) -> str | None:
    return "#f8d7da" if row.get("stale") else "#d1e7dd"


BOARD_COLUMNS = [
    Column("site_name", "乡镇", 100), Column("site_code", "代码", 95), Column("state", "状态", 90, color=_stale),
    Column("last_date", "最近数据包", 100, color=_stale), Column("days_text", "距今", 60, color=_stale),
    Column("range", "变更范围", 90), Column("packages", "包数", 50, align_right=True),
    Column("counts_text", "本包记录", 330), Column("last_file", "文件", 230),
]


def _counts_text(counts: dict) -> str:
    """'共 454 条（删除 3）：事项单位 149，人员 80，问题分类目录 68 …' — the biggest tables first."""
    from desktop.core.sync.tables import TABLE_LABELS

    tables = {k: v for k, v in counts.items() if k not in ("files", "tombstones") and v}
    top = sorted(tables.items(), key=lambda kv: -kv[1])
    head = f"共 {sum(tables.values())} 条" + (f"（删除 {counts['tombstones']}）" if counts.get("tombstones") else "")
    body = "，".join(f"{TABLE_LABELS.get(k, k)} {v}" for k, v in top[:3])
    return f"{head}：{body}{' …' if len(top) > 3 else ''}" if top else head


class BoardPanel(QWidget):
    """Per township: the last package (when, change range, counts) and whether it is stale."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        lay = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.view, self.model = _table(BOARD_COLUMNS, self)
        lay.addWidget(self.view, 1)

    def refresh(self) -> None:
        from desktop.core.services.sync import exchange as sync

        board = sync.completeness(self.env.ctx)
        rows = []
        for r in board:
            counts = _counts_text(r["counts"]) if r["packages"] else ""
            rows.append({**r, "last_date": (r["last_created"] or "")[:10],
                         "days_text": "" if r["days"] is None else f"{r['days']} 天",
                         "range": f"{r['seq_from']}–{r['seq_to']}" if r["packages"] else "",
                         "counts_text": counts,
                         "state": "尚未报送" if not r["packages"] else ("超期未报送" if r["stale"] else "正常")})
        self.model.set_rows(rows)
        days = board[0]["stale_days"] if board else 45
        late = sum(1 for r in board if r["stale"])
        self.note.setText(f"已登记乡镇 {len(board)} 个，其中 {late} 个超过 {days} 天没有新的数据包（红色）。"
                          "超期天数可在设置中修改（stale_package_days）。")


PEER_COLUMNS = [Column("site_name", "乡镇", 120), Column("site_code", "代码", 100),
                Column("fingerprint", "密钥指纹", 170), Column("how", "登记方式", 90),
                Column("registered_at", "登记时间", 160, fmt=lambda v: (v or "")[:16].replace("T", " "))]


class EnrolPanel(QWidget):
    """Register townships from their enrolment files; export the district's own enrolment file."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        lay = QVBoxLayout(self)
        self.own = QLabel()
        self.own.setWordWrap(True)
        lay.addWidget(self.own)
        row = QHBoxLayout()
        self.enrol_btn = QPushButton("登记乡镇（导入乡镇登记文件）…")
        self.enrol_btn.clicked.connect(self._on_enrol)
        self.export_btn = QPushButton("导出区县登记文件…")
        self.export_btn.clicked.connect(self._on_export)
        row.addWidget(self.enrol_btn)
        row.addWidget(self.export_btn)
        row.addStretch(1)
        lay.addLayout(row)
        self.view, self.model = _table(PEER_COLUMNS, self)
        lay.addWidget(self.view, 1)

    def refresh(self) -> None:
        from desktop.core.services.sync import exchange as sync

        status = sync.key_status(self.env.ctx)
        own = status["own"]
        self.own.setText(f"本区县密钥指纹：{own['fingerprint']}。把区县登记文件交给各乡镇导入；乡镇导出的登记文件在此登记，"
                         "登记时请电话核对乡镇屏幕上显示的指纹。" if own else
                         "尚未生成区县密钥：请先在“设置 → 密钥与区县”中生成。")
        self.export_btn.setEnabled(own is not None)
        self.model.set_rows(status["townships"])

    @Slot()
    def _on_enrol(self) -> None:
        doc = common.enrol_from_file(self, self.env, peer="乡镇", verb="登记")
        if doc:
            self.env.status(f"已登记乡镇：{doc['site_name']}")
            self.refresh()

    @Slot()
    def _on_export(self) -> None:
        common.save_enrolment(self, self.env, title="保存区县登记文件",
                              file_name=f"{self.env.ctx.site_name}_区县登记.qfkey", note="请把它交给各乡镇导入。")


TASK_COLUMNS = [Column("title", "派单事项", 260), Column("deadline", "完成期限", 100),
                Column("targets", "派往", 200), Column("progress_text", "乡镇进展", 360)]


class PublishPanel(QWidget):
    """派单 (new tasks with target townships and a deadline) and 下发 to every registered township."""

    def __init__(self, env, keys: common.KeyCache, parent=None):
        super().__init__(parent)
        self.env, self.keys = env, keys
        self.relay = common.Relay(self)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setPlaceholderText("例如：农村集体“三资”管理专项监督")
        self.content = QLineEdit()
        today = env.ctx.clock.today()
        self.deadline = QDateEdit(QDate(today.year, today.month, today.day).addDays(30))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.targets = QListWidget()
        self.targets.setMaximumHeight(90)
        form.addRow("派单事项：", self.title)
        form.addRow("工作要求：", self.content)
        form.addRow("完成期限：", self.deadline)
        form.addRow("派往乡镇：", self.targets)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.add_btn = QPushButton("新增派单")
        self.add_btn.clicked.connect(self._on_add)
        self.publish_btn = QPushButton("下发到 U 盘…")
        self.publish_btn.clicked.connect(self._on_publish)
        row.addWidget(self.add_btn)
        row.addWidget(self.publish_btn)
        row.addStretch(1)
        lay.addLayout(row)
        self.note = QLabel()
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.view, self.model = _table(TASK_COLUMNS, self)
        lay.addWidget(self.view, 1)

    def refresh(self) -> None:
        from desktop.core.services.sync import exchange as sync
        from desktop.core.sync import downward

        ctx = self.env.ctx
        names = dict(sync.township_choices(ctx))
        self.targets.clear()
        for code, name in names.items():
            item = QListWidgetItem(f"{name}（{code}）")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.targets.addItem(item)
        rows = []
        for t in sync.list_tasks(ctx):
            codes = [c for c in (t["target_sites"] or "").split(",") if c]
            progress = "；".join(f"{names.get(r['origin_site'], r['origin_site'])} {r['status']}"
                                f"{'：' + r['progress'] if r['progress'] else ''}" for r in t["reports"])
            rows.append({**t, "targets": "、".join(names.get(c, c) for c in codes) or "全部乡镇",
                         "progress_text": progress or "尚无反馈"})
        self.model.set_rows(rows)
        version = downward.catalogue_version(ctx)
        done = f"最近一次下发的清单版本：{version}。" if version else "尚未下发过。"
        self.note.setText(f"{done}下发时为每个已登记的乡镇各生成一个数据包，只有该乡镇能解密；"
                          "乡镇只接受本区县签名、且版本更新的数据包。")

    def _checked_codes(self) -> list[str]:
        return [self.targets.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.targets.count())
                if self.targets.item(i).checkState() == Qt.CheckState.Checked]

    @Slot()
    def _on_add(self) -> None:
        from desktop.core.errors import QingfengError
        from desktop.core.services.sync import exchange as sync

        try:
            sync.create_task(self.env.ctx, {"title": self.title.text(), "content": self.content.text(),
                                            "deadline": self.deadline.date().toString("yyyy-MM-dd"),
                                            "target_sites": self._checked_codes()})
        except QingfengError as exc:
            alerts.warn(self, str(exc))
            return
        self.title.clear()
        self.content.clear()
        self.refresh()

    @Slot()
    def _on_publish(self) -> None:
        from desktop.core.errors import QingfengError
        from desktop.core.services.sync import exchange as sync

        try:
            unlocked = self.keys.get(self, self.env.ctx)
        except QingfengError as exc:
            alerts.warn(self, str(exc))
            return
        if unlocked is None:
            return
        out = common.choose_folder(self, "选择 U 盘上的文件夹")
        if not out:
            return
        ctx = self.env.ctx
        self.env.runner.run(lambda: sync.publish(ctx, out, unlocked), on_done=self._on_done,
                            title="正在下发", parent=self)

    def _on_done(self, results: list[dict]) -> None:
        lines = [f"{r['township']}：{r['file']}" for r in results]
        alerts.info(self, f"已下发（清单版本 {results[0]['catalogue_version']}）：\n" + "\n".join(lines))
        self.refresh()
