"""设置 → 升级: check an offline update package from a USB stick, then install it (backup first, way back)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui import alerts, files

TITLE = "升级"
ORDER = 95
PACKAGE_FILTER = "清风台账升级包 (*.qfupd)"


class Tab(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.package: Path | None = None
        lay = QVBoxLayout(self)
        lay.addWidget(self._build_version())
        lay.addWidget(self._build_update())
        lay.addStretch(1)
        self.load()

    def _build_version(self) -> QGroupBox:
        box = QGroupBox("本机程序")
        self.version = QLabel()
        self.version.setWordWrap(True)
        QVBoxLayout(box).addWidget(self.version)
        return box

    def _build_update(self) -> QGroupBox:
        box = QGroupBox("用 U 盘离线升级")
        text = QLabel("选择 U 盘上的升级包（清风台账-升级-版本号.qfupd）。程序先校验签名、版本和适用平台；"
                      "安装前自动备份数据并校验，新版本首次启动时升级数据库，启动失败则自动恢复原版本和数据。")
        text.setWordWrap(True)
        self.choose_button = QPushButton("选择升级包…")
        self.choose_button.clicked.connect(self._on_choose)
        self.install_button = QPushButton("安装升级")
        self.install_button.setEnabled(False)
        self.install_button.clicked.connect(self._on_install)
        self.result = QLabel("尚未选择升级包。")
        self.result.setWordWrap(True)
        lay = QVBoxLayout(box)
        lay.addWidget(text)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.install_button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.result)
        return box

    def load(self) -> None:
        from desktop.core.update import service

        st = service.status()
        where = st["install_root"] or "从源代码运行（只能校验升级包，不能安装）"
        self.version.setText(f"清风台账 {st['version']}（{st['platform']}）{'，测试构建' if st['test_build'] else ''}\n"
                             f"安装位置：{where}\n信任的发布密钥：{'，'.join(st['key_ids'])}")
        self._installable = bool(st["install_root"]) and self.env.ctx.user_role == "管理员"

    def on_shown(self) -> None:
        self.load()

    def _on_choose(self) -> None:
        from desktop.core.update import service

        path = files.open_file(self, "选择升级包", PACKAGE_FILTER)
        if not path:
            return
        self.package = None
        self.install_button.setEnabled(False)
        self.env.runner.run(lambda: service.check(path), on_done=self._on_checked, on_error=self._on_refused,
                            title="正在校验升级包……", parent=self)

    def _on_checked(self, info) -> None:
        from desktop.core.update import service

        self.package = info.path
        self.result.setText(f"校验通过：{service.describe(info)}。")
        self.install_button.setEnabled(self._installable)

    def _on_refused(self, exc) -> None:
        self.result.setText(str(exc))
        alerts.show_error(self, exc)

    def _on_install(self) -> None:
        from desktop.core.update import service

        if not self.package or not alerts.question(
                self, "安装升级时清风台账会先关闭数据库、备份数据，安装完成后程序退出，请再重新打开。\n\n现在安装吗？"):
            return
        package, data_root = self.package, self.env.ctx.data.root
        self.env.ctx.close()  # the new version's first start needs the data dir's lock
        self.env.runner.run(lambda: service.apply(package, data_root, progress=lambda _line: None),
                            on_done=self._on_installed, on_error=self._on_install_failed,
                            title="正在备份数据并安装升级……", parent=self)

    def _on_installed(self, result) -> None:
        alerts.info(self, f"已升级到清风台账 {result.version}（升级前的数据已备份：{result.backup or '无'}）。\n"
                          "程序现在退出，请重新打开。")
        QApplication.quit()

    def _on_install_failed(self, exc) -> None:
        alerts.show_error(self, exc)
        alerts.info(self, "数据库已关闭，程序现在退出，请重新打开清风台账。")
        QApplication.quit()
