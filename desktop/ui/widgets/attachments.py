"""Attachment strip: thumbnails for images, a file icon otherwise; add by file dialog or drag and drop;
double-click (or Enter) opens the file with the system viewer.

    strip = AttachmentStrip(env, on_add=lambda paths: ..., title="佐证材料")
    strip.set_items(attachment_rows)      # rows from desktop.core.services.attachments
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import alerts

FILE_FILTER = "照片、扫描件、PDF (*.jpg *.jpeg *.png *.gif *.bmp *.webp *.tif *.tiff *.pdf *.doc *.docx *.xlsx *.xls);;所有文件 (*)"
THUMB = QSize(72, 72)


def open_with_system(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def dropped_paths(mime) -> list[str]:
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []


class _DropList(QListWidget):
    def __init__(self, on_drop: Callable[[list[str]], None], parent=None):
        super().__init__(parent)
        self.on_drop = on_drop
        self.setAcceptDrops(True)
        self.setDragEnabled(False)
        self.setDropIndicatorShown(True)

    def dragEnterEvent(self, event):  # noqa: N802 - Qt override
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    dragMoveEvent = dragEnterEvent  # noqa: N815 - Qt override

    def dropEvent(self, event):  # noqa: N802 - Qt override
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.on_drop(paths)


class AttachmentStrip(QWidget):
    """Shows attachment rows; `on_add(paths)` is called with files chosen or dropped (None: read-only)."""

    def __init__(self, env, *, on_add: Callable[[list[str]], None] | None, title: str = "附件", parent=None):
        super().__init__(parent)
        self.env = env
        self.on_add = on_add
        self.items: list[dict] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel(title)
        head.addWidget(self.title)
        head.addStretch(1)
        self.add_btn = QPushButton("添加附件…")
        self.add_btn.clicked.connect(self._on_add_clicked)
        self.add_btn.setVisible(on_add is not None)
        self.open_btn = QPushButton("打开")
        self.open_btn.clicked.connect(self._on_open)
        head.addWidget(self.add_btn)
        head.addWidget(self.open_btn)
        layout.addLayout(head)
        self.list = _DropList(self._on_dropped)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(110, 104))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setFixedHeight(120)
        self.list.itemActivated.connect(lambda _i: self._on_open())
        self.list.setToolTip("双击打开；可将文件拖放到此处添加")
        layout.addWidget(self.list)

    def set_items(self, items: list[dict]) -> None:
        self.items = list(items)
        self.list.clear()
        for att in self.items:
            item = QListWidgetItem(self._icon(att), att["file_name"])
            item.setToolTip(f"{att['file_name']}（{att['kind']}，{att['size'] // 1024 + 1} KB）\nSHA-256 {att['sha256']}")
            item.setData(Qt.ItemDataRole.UserRole, att)
            self.list.addItem(item)
        self.title.setText(f"{self.title.text().split('（')[0]}（{len(self.items)}）")
        self.open_btn.setEnabled(bool(self.items))

    def _icon(self, att: dict) -> QIcon:
        from desktop.core.errors import QingfengError
        from desktop.core.services import attachments

        if attachments.is_image(att):
            try:
                pix = QPixmap(str(attachments.file_path(self.env.ctx, att)))
            except QingfengError:
                pix = QPixmap()
            if not pix.isNull():
                return QIcon(pix.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation))
        return self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def _on_add_clicked(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择附件", str(Path.home()), FILE_FILTER)
        if paths:
            self._on_dropped(paths)

    def _on_dropped(self, paths: list[str]) -> None:
        if self.on_add is not None and not self.env.read_only:
            self.on_add(paths)

    def current(self) -> dict | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _on_open(self) -> None:
        from desktop.core.errors import QingfengError
        from desktop.core.services import attachments

        att = self.current() or (self.items[0] if len(self.items) == 1 else None)
        if att is None:
            return
        try:
            path = attachments.file_path(self.env.ctx, att)
        except QingfengError as exc:
            alerts.warn(self, str(exc))
            return
        if not open_with_system(path):
            alerts.warn(self, f"无法用系统程序打开“{att['file_name']}”。文件位置：\n{path}")
