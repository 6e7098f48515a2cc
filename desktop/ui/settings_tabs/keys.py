"""设置 → 密钥与区县: this site's key fingerprint, generating the district keys, pinning the district (township),
exporting this site's enrolment file."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui import alerts
from desktop.ui.widgets import sync_common as common

TITLE = "密钥与区县"
ORDER = 60


def _mono(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-family: monospace; font-size: 15px; font-weight: bold;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Tab(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        lay = QVBoxLayout(self)
        lay.addWidget(self._build_own())
        self.peer_box = self._build_peer()
        lay.addWidget(self.peer_box)
        lay.addStretch(1)
        self.on_shown()

    def _build_own(self) -> QGroupBox:
        box = QGroupBox("本单位密钥")
        form = QFormLayout(box)
        self.own_fp = _mono()
        self.own_note = QLabel()
        self.own_note.setWordWrap(True)
        form.addRow("密钥指纹：", self.own_fp)
        form.addRow("", self.own_note)
        row = QHBoxLayout()
        self.init_btn = QPushButton("生成区县密钥…")
        self.init_btn.clicked.connect(self._on_init)
        self.enrolment_btn = QPushButton("导出本单位登记文件…")
        self.enrolment_btn.clicked.connect(self._on_enrolment)
        row.addWidget(self.init_btn)
        row.addWidget(self.enrolment_btn)
        row.addStretch(1)
        form.addRow("", row)
        return box

    def _build_peer(self) -> QGroupBox:
        district = self.env.ctx.is_district
        box = QGroupBox("已登记的乡镇" if district else "区县")
        form = QFormLayout(box)
        self.peer_name = QLabel()
        self.peer_fp = _mono()
        form.addRow("登记数量：" if district else "名称：", self.peer_name)
        form.addRow("密钥指纹：", self.peer_fp)
        self.enrol_btn = QPushButton("导入区县登记文件…")
        self.enrol_btn.clicked.connect(self._on_enrol)
        row = QHBoxLayout()
        row.addWidget(self.enrol_btn)
        row.addStretch(1)
        form.addRow("", row)
        if district:
            form.setRowVisible(self.peer_fp, False)
            form.setRowVisible(row, False)
        return box

    def on_shown(self) -> None:
        from desktop.core.services.sync import exchange as sync

        ctx = self.env.ctx
        status = sync.key_status(ctx)
        own = status["own"]
        district = ctx.is_district
        self.own_fp.setText(own["fingerprint"] if own else "（尚未生成）")
        if district:
            self.own_note.setText("区县的解密和签名私钥受口令保护，只在导入或下发时解锁。请妥善保管口令：遗失后无法解密乡镇数据包，"
                                  "须重新生成密钥并让各乡镇重新导入区县登记文件。")
        else:
            self.own_note.setText("本乡镇的签名密钥在首次使用时自动生成。区县登记本乡镇时，请电话核对这个指纹。")
        self.init_btn.setVisible(district)
        self.init_btn.setText("更换区县密钥…" if own else "生成区县密钥…")
        self.enrolment_btn.setEnabled(own is not None)
        if district:
            towns = status["townships"]
            self.peer_name.setText(f"{len(towns)} 个乡镇（在“数据交换 → 登记乡镇”中管理）")
        else:
            d = status["district"]
            self.peer_name.setText(f"{d['site_name']}（{d['site_code']}）" if d else "尚未绑定区县")
            self.peer_fp.setText(d["fingerprint"] if d else "")
            self.enrol_btn.setText("更换区县登记文件…" if d else "导入区县登记文件…")

    @Slot()
    def _on_init(self) -> None:
        from desktop.core.services.sync import exchange as sync

        replace = sync.key_status(self.env.ctx)["own"] is not None
        if replace and not alerts.question(self, "更换区县密钥后，各乡镇必须重新导入新的区县登记文件，旧密钥加密的数据包将无法解密。确定更换吗？"):
            return
        phrase = common.ask_passphrase(self, "设置区县密钥口令（至少 8 位）：", confirm=True)
        if phrase is None:
            return
        ctx = self.env.ctx
        self.env.runner.run(lambda: sync.init_district_keys(ctx, phrase, replace=replace),
                            on_done=lambda _r: self._after("区县密钥已生成"), title="正在生成密钥", parent=self)

    @Slot()
    def _on_enrolment(self) -> None:
        ctx = self.env.ctx
        common.save_enrolment(self, self.env, title="保存本单位登记文件", file_name=f"{ctx.site_name}_登记.qfkey",
                              note=f"请把它交给{'各乡镇' if ctx.is_district else '区县'}导入。")

    @Slot()
    def _on_enrol(self) -> None:
        doc = common.enrol_from_file(self, self.env, peer="区县", verb="绑定")
        if doc:
            self._after(f"已绑定区县：{doc['site_name']}")

    def _after(self, message: str) -> None:
        self.env.status(message)
        self.on_shown()
