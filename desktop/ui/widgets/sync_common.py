"""Shared bits of the 数据交换 screens: file/folder pickers and the passphrase prompt (one place for tests to
patch), a progress relay from the worker thread to a page's progress bar, and the district key cache."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from desktop.core.progress import Progress


def choose_folder(parent: QWidget, title: str, start: str = "") -> str:
    return QFileDialog.getExistingDirectory(parent, title, start)


def choose_files(parent: QWidget, title: str, pattern: str) -> list[str]:
    files, _ = QFileDialog.getOpenFileNames(parent, title, "", pattern)
    return files


def choose_file(parent: QWidget, title: str, pattern: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", pattern)
    return path


def choose_save(parent: QWidget, title: str, name: str, pattern: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, name, pattern)
    return path


def ask_passphrase(parent: QWidget, prompt: str = "请输入区县密钥口令：", confirm: bool = False) -> str | None:
    """The passphrase typed by the user (hidden), or None when cancelled. With `confirm`, asked twice."""
    first, ok = QInputDialog.getText(parent, "区县密钥口令", prompt, QLineEdit.EchoMode.Password)
    if not ok:
        return None
    if confirm:
        again, ok = QInputDialog.getText(parent, "区县密钥口令", "再输入一次：", QLineEdit.EchoMode.Password)
        if not ok:
            return None
        if again != first:
            from desktop.ui import alerts

            alerts.warn(parent, "两次输入的口令不一致。")
            return None
    return first


class Relay(QObject):
    """Carries a job's progress from the worker thread to the GUI thread (queued signal)."""

    progressed = Signal(object)

    def wrap(self, job):
        """A generator that re-yields `job`'s steps (for the runner's dialog) and emits them here."""
        while True:
            try:
                step = next(job)
            except StopIteration as stop:
                return stop.value
            self.progressed.emit(step)
            yield step


def percent(step) -> int | None:
    if isinstance(step, Progress) and step.total:
        return int(100 * step.done / step.total)
    return None


class KeyCache:
    """The district's unlocked keys for this session (asked for once)."""

    def __init__(self):
        self.unlocked = None

    def get(self, parent: QWidget, ctx):
        """The unlocked keys, asking for the passphrase if needed; None when the user cancels.

        Raises the service's PermissionDenied for a wrong passphrase.
        """
        from desktop.core.services.sync import exchange as sync

        if self.unlocked is not None:
            return self.unlocked
        phrase = None
        if sync.needs_passphrase(ctx):
            first = not ctx.is_district and sync.key_status(ctx)["own"] is None  # the township's keys are made now
            prompt = ("设置乡镇密钥口令（至少 8 位，导出数据包时需要）：" if first
                      else f"请输入{'区县' if ctx.is_district else '乡镇'}密钥口令：")
            phrase = ask_passphrase(parent, prompt, confirm=first)
            if phrase is None:
                return None
        self.unlocked = sync.unlock(ctx, phrase)
        return self.unlocked


def enrol_from_file(parent: QWidget, env, *, peer: str, verb: str) -> dict | None:
    """Pick an enrolment file, confirm its fingerprint with the user, and enrol it (replacing an earlier one only
    after a second confirmation). `peer` names the other side (区县/乡镇), `verb` the action (绑定/登记).
    Returns the enrolment document, or None when cancelled or refused (the reason was shown)."""
    from desktop.core.errors import QingfengError
    from desktop.core.services.sync import exchange as sync
    from desktop.ui import alerts

    path = choose_file(parent, f"选择{peer}登记文件", "登记文件 (*.qfkey);;所有文件 (*)")
    if not path:
        return None
    try:
        doc = sync.read_enrolment(path)
        if not alerts.question(parent, f"{verb}{peer}“{doc['site_name']}”（{doc['site_code']}）？\n\n"
                                       f"密钥指纹：{doc['fingerprint']}\n\n请与{peer}核对指纹一致后再{verb}。"):
            return None
        try:
            sync.enrol(env.ctx, path)
        except QingfengError as exc:
            if "指纹" not in str(exc) or not alerts.question(parent, f"{exc}\n\n确定用新的登记文件替换原{verb}吗？"):
                raise
            sync.enrol(env.ctx, path, replace=True)
    except QingfengError as exc:
        alerts.warn(parent, str(exc))
        return None
    return doc


def save_enrolment(parent: QWidget, env, *, title: str, file_name: str, note: str = "") -> dict | None:
    """Ask where to save this site's enrolment file (public keys and fingerprint), write it, and say where it went.
    Returns the written document, or None when cancelled or refused (the reason was shown)."""
    from desktop.core.errors import QingfengError
    from desktop.core.services.sync import exchange as sync
    from desktop.ui import alerts

    path = choose_save(parent, title, file_name, "登记文件 (*.qfkey)")
    if not path:
        return None
    try:
        unlocked = KeyCache().get(parent, env.ctx) if not env.ctx.is_district else None  # self-signed
        if unlocked is None and not env.ctx.is_district:
            return None
        doc = sync.write_enrolment(env.ctx, path, unlocked)
    except QingfengError as exc:
        alerts.warn(parent, str(exc))
        return None
    alerts.info(parent, f"登记文件已保存：{doc['path']}\n指纹：{doc['fingerprint']}" + (f"\n\n{note}" if note else ""))
    return doc
