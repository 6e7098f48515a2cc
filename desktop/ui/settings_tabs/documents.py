"""设置 → 文书: the 机关代字 (number prefix) of each kind, and the wording templates with a live preview."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import QingfengError
from desktop.core.services.documents import numbering
from desktop.core.services.documents import templates as doc_templates
from desktop.ui import alerts
from desktop.ui.widgets.pdf_preview import PdfPreview

TITLE = "文书"
ORDER = 50
PREVIEW_DELAY_MS = 600


class PrefixBox(QGroupBox):
    """One line per numbered kind: its 机关代字, with the number it gives shown as an example."""

    def __init__(self, env, parent=None):
        super().__init__("文号（机关代字）", parent)
        self.env = env
        self.edits: dict[str, QLineEdit] = {}
        self.examples: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for kind, prefix in numbering.prefixes(env.ctx).items():
            edit, example = QLineEdit(prefix), QLabel()
            edit.textChanged.connect(lambda _t, k=kind: self._update_example(k))
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(example, 1)
            form.addRow(f"{kind}：", row)
            self.edits[kind], self.examples[kind] = edit, example
            self._update_example(kind)
        buttons = QHBoxLayout()
        self.save_button, self.reset_button = QPushButton("保存机关代字"), QPushButton("恢复默认")
        self.save_button.clicked.connect(self._on_save)
        self.reset_button.clicked.connect(self._on_reset)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        form.addRow(QLabel("序号每年从 1 开始；同一机关代字的文种共用一个序号。"))
        form.addRow(buttons)

    def _update_example(self, kind: str) -> None:
        prefix = self.edits[kind].text().strip() or "？"
        self.examples[kind].setText(f"如：{numbering.format_number(prefix, self.env.ctx.clock.today().year, 1)}")

    @Slot()
    def _on_save(self) -> None:
        try:
            numbering.set_prefixes(self.env.ctx, {k: e.text() for k, e in self.edits.items()})
        except QingfengError as exc:
            alerts.show_error(self, exc)
            return
        self.env.status("机关代字已保存")

    @Slot()
    def _on_reset(self) -> None:
        for kind, prefix in numbering.default_prefixes(self.env.ctx).items():
            self.edits[kind].setText(prefix)
        self._on_save()


class TemplateEditor(QWidget):
    """Edit a kind's wording; errors (with the line) show at once; the preview follows after a short pause."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.kind = QComboBox()
        self.kind.addItems(doc_templates.kinds())
        self.state = QLabel()
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFont("monospace"))
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.placeholders = QListWidget()
        self.preview = PdfPreview()
        self.timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.refresh_preview)
        self._build()
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.editor.textChanged.connect(self._on_text)
        self.placeholders.itemDoubleClicked.connect(self._on_insert)
        self._on_kind()

    def _build(self) -> None:
        for name, meaning in doc_templates.placeholders().items():
            self.placeholders.addItem(f"${{{name}}}　{meaning}")
        self.placeholders.setToolTip("双击插入占位符")
        top = QHBoxLayout()
        top.addWidget(QLabel("文种："))
        top.addWidget(self.kind)
        top.addWidget(self.state, 1)
        self.save_button, self.reset_button = QPushButton("保存模板"), QPushButton("恢复默认模板")
        self.save_button.clicked.connect(self._on_save)
        self.reset_button.clicked.connect(self._on_reset)
        top.addWidget(self.save_button)
        top.addWidget(self.reset_button)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.editor, 3)
        lay.addWidget(self.errors)
        lay.addWidget(QLabel("可用占位符（双击插入）："))
        lay.addWidget(self.placeholders, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def current_kind(self) -> str:
        return self.kind.currentText()

    @Slot()
    def _on_kind(self) -> None:
        ctx = self.env.ctx
        try:
            text = doc_templates.load(ctx, self.current_kind())
        except (QingfengError, OSError):
            text = ""
        self.editor.setPlainText(text)
        own = doc_templates.is_overridden(ctx, self.current_kind())
        self.state.setText("（使用自定义模板）" if own else "（使用默认模板）")
        self.refresh_preview()

    @Slot()
    def _on_text(self) -> None:
        self.check()
        self.timer.start()

    def check(self) -> bool:
        """Validate the text now; show the error (line and reason) in red. True when usable."""
        try:
            doc_templates.validate(self.current_kind(), self.editor.toPlainText())
        except QingfengError as exc:
            self.errors.setStyleSheet("color: #b00020;")
            self.errors.setText(f"模板有错误，不能保存：{exc}")
            self.save_button.setEnabled(False)
            return False
        self.errors.setStyleSheet("color: #2e7d32;")
        self.errors.setText("模板正确。")
        self.save_button.setEnabled(not self.env.read_only)
        return True

    @Slot()
    def refresh_preview(self) -> int:
        if not self.check():
            return 0
        target = self.env.ctx.data.sub("cache") / "template-preview"
        try:
            path = doc_templates.preview(self.env.ctx, self.current_kind(), self.editor.toPlainText(), target)
        except QingfengError as exc:
            self.errors.setText(f"无法预览：{exc}")
            return 0
        return self.preview.load(path, label=f"{self.current_kind()}（示例内容）")

    @Slot()
    def _on_insert(self, item) -> None:
        self.editor.insertPlainText(item.text().split("　", 1)[0])

    @Slot()
    def _on_save(self) -> None:
        try:
            doc_templates.save(self.env.ctx, self.current_kind(), self.editor.toPlainText())
        except QingfengError as exc:
            alerts.show_error(self, exc)
            return
        self.state.setText("（使用自定义模板）")
        self.env.status(f"“{self.current_kind()}”模板已保存")

    @Slot()
    def _on_reset(self) -> None:
        if alerts.question(self, f"放弃“{self.current_kind()}”的自定义模板，恢复默认？"):
            doc_templates.reset(self.env.ctx, self.current_kind())
            self._on_kind()


class FontBox(QGroupBox):
    """The faces this computer uses for the PDF, and the substitute notes — shown here once, not after each 签发."""

    def __init__(self, parent=None):
        super().__init__("字体", parent)
        from desktop.core.services.documents import layer

        lay = QVBoxLayout(self)
        self.faces = QLabel("\n".join(layer.font_lines()))
        notes = layer.font_notes()
        self.notes = QLabel(("本机缺少公文标准字体，PDF 中已用相近字体代替：\n" + "\n".join(notes)
                             + "\nWord 文件仍写标准字体名称，在装有公文字体的电脑上按标准字体显示。") if notes
                            else "公文标准字体齐全。")
        self.notes.setWordWrap(True)
        if notes:
            self.notes.setStyleSheet("background: #fff4ce; padding: 4px;")
        lay.addWidget(self.faces)
        lay.addWidget(self.notes)


class Tab(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.prefixes = PrefixBox(env)
        self.fonts = FontBox()
        self.templates = TemplateEditor(env)
        box = QGroupBox("文书模板（措辞）")
        QVBoxLayout(box).addWidget(self.templates)
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(self.prefixes)
        left.addWidget(self.fonts)
        left.addStretch(1)
        layout.addLayout(left)
        layout.addWidget(box, 1)
