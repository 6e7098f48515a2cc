"""First-run wizard: role, site code and name, the 纪委's names and capacities, contact, first administrator.

    wizard = SetupWizard(DataDir(path))
    if wizard.exec() == QDialog.DialogCode.Accepted:
        ctx = wizard.context          # opened (and locked) Context of the new site

The data dir may not exist yet; it is created only when the user presses 完成. Live checks use
desktop.core.validators (no database needed), the final check and the write are org.initialise.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop.core import validators
from desktop.core.paths import DataDir

OK_STYLE, ERROR_STYLE = "color: #2e7d32;", "color: #c0392b;"


def _hint() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label


def _say(label: QLabel, text: str, ok: bool) -> None:
    label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
    label.setText(text)


class SitePage(QWizardPage):
    """Role, 行政区划代码 (validated as you type) and the site's name."""

    def __init__(self):
        super().__init__()
        self.setTitle("第一步：本单位")
        self.setSubTitle("选择使用单位的层级，填写行政区划代码和名称。")
        self.township = QRadioButton("乡镇（街道）纪委 — 记录本乡镇的监督台账，定期报送区县")
        self.district = QRadioButton("区（县）纪委监委 — 汇总各乡镇报送的数据，下发清单和任务")
        self.township.setChecked(True)
        self.roles = QButtonGroup(self)
        self.roles.addButton(self.township)
        self.roles.addButton(self.district)
        self.code = QLineEdit()
        self.code.setPlaceholderText("例如 乡镇 330226101，区县 330226")
        self.code.setMaxLength(12)
        self.code_hint = _hint()
        self.name = QLineEdit()
        self.name.setPlaceholderText("例如 清溪镇、东湖街道、宁海县")
        form = QFormLayout()
        form.addRow("行政区划代码 *", self.code)
        form.addRow("", self.code_hint)
        form.addRow("单位名称 *", self.name)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("使用单位："))
        lay.addWidget(self.township)
        lay.addWidget(self.district)
        lay.addSpacing(8)
        lay.addLayout(form)
        self.code.textChanged.connect(self._on_code)
        self.name.textChanged.connect(lambda _t: self.completeChanged.emit())
        self.township.toggled.connect(lambda _c: self._on_code(self.code.text()))

    def role(self) -> str:
        return "district" if self.district.isChecked() else "township"

    def _on_code(self, text: str) -> None:
        problem = validators.site_code_problem(text)
        if not text:
            self.code_hint.clear()
        elif problem:
            _say(self.code_hint, problem, ok=False)
        else:
            level = validators.site_level(text)
            expected = "区（县）级" if self.role() == "district" else "乡镇（街道）级"
            note = "" if level == expected else f"（提示：所选单位通常使用{expected}代码）"
            _say(self.code_hint, f"✓ {len(text)} 位，{level}代码{note}", ok=True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return not validators.site_code_problem(self.code.text()) and bool(self.name.text().strip())


class OrgPage(QWizardPage):
    """Full and short name of the 纪委 (pre-filled from the site name), capacities, contact."""

    def __init__(self, site: SitePage):
        super().__init__()
        self.site = site
        self.setTitle("第二步：纪委信息")
        self.setSubTitle("全称和简称用于文书落款；发文权限决定可以出具哪类文书。")
        self.full_name, self.short_name = QLineEdit(), QLineEdit()
        self.discipline = QCheckBox("纪律检查")
        self.supervision = QCheckBox("监察（经授权派出监察办公室的乡镇勾选）")
        self.discipline.setChecked(True)
        self.contact, self.phone = QLineEdit(), QLineEdit()
        self.phone.setPlaceholderText("手机 11 位，或座机如 0574-65123456")
        self.phone_hint = _hint()
        self.caps_hint = _hint()
        caps = QHBoxLayout()
        caps.addWidget(self.discipline)
        caps.addWidget(self.supervision)
        caps.addStretch(1)
        form = QFormLayout(self)
        form.addRow("纪委全称 *", self.full_name)
        form.addRow("纪委简称 *", self.short_name)
        form.addRow("发文权限 *", caps)
        form.addRow("", self.caps_hint)
        form.addRow("联系人", self.contact)
        form.addRow("联系电话", self.phone)
        form.addRow("", self.phone_hint)
        self._filled_for = None
        for w in (self.full_name, self.short_name, self.phone):
            w.textChanged.connect(lambda _t: self._check())
        for box in (self.discipline, self.supervision):
            box.toggled.connect(lambda _c: self._check())

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        """Pre-fill the names from the site name, unless the user has typed their own."""
        name, role = self.site.name.text().strip(), self.site.role()
        previous = self._filled_for
        for edit, make in ((self.full_name, validators.default_full_name),
                           (self.short_name, validators.default_short_name)):
            if not edit.text() or (previous and edit.text() == make(*previous)):
                edit.setText(make(name, role))
        if previous is None and role == "district":
            self.supervision.setChecked(True)
        self._filled_for = (name, role)

    def capacities(self) -> list[str]:
        pairs = ((self.discipline, "纪律检查"), (self.supervision, "监察"))
        return [name for box, name in pairs if box.isChecked()]

    def _check(self) -> None:
        ok_phone = validators.phone_ok(self.phone.text())
        _say(self.phone_hint, "" if ok_phone else "电话格式不正确：手机应为 11 位，座机如 0574-65123456。", ok_phone)
        caps = bool(self.capacities())
        _say(self.caps_hint, "" if caps else "发文权限至少选择一项。", caps)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return (bool(self.full_name.text().strip() and self.short_name.text().strip()) and bool(self.capacities())
                and validators.phone_ok(self.phone.text()))


class AdminPage(QWizardPage):
    """The first user, an administrator, with a password (≥ 8 characters, not only digits)."""

    def __init__(self):
        super().__init__()
        self.setTitle("第三步：管理员")
        self.setSubTitle("第一个用户是管理员，以后可在“设置 → 用户”中添加其他用户。每次打开程序都要输入密码。")
        self.admin_name, self.login = QLineEdit(), QLineEdit("admin")
        self.password, self.password2 = QLineEdit(), QLineEdit()
        for w in (self.password, self.password2):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = _hint()
        form = QFormLayout(self)
        form.addRow("姓名 *", self.admin_name)
        form.addRow("登录名 *", self.login)
        self.password.setPlaceholderText("至少 8 位，不能全是数字")
        form.addRow("密码 *", self.password)
        form.addRow("再次输入密码 *", self.password2)
        form.addRow("", self.hint)
        for w in (self.admin_name, self.login, self.password, self.password2):
            w.textChanged.connect(lambda _t: self._check())

    def problem(self) -> str:
        if not self.admin_name.text().strip():
            return "请填写管理员姓名。"
        if not validators.LOGIN.match(self.login.text()):
            return "登录名只能由 1–32 位汉字、字母、数字、下划线、点或减号组成。"
        from desktop.core.errors import ValidationError
        from desktop.core.services.org import passwords

        try:
            passwords.check_rules(self.password.text())
        except ValidationError as exc:
            return f"管理员{exc}" if self.password.text() else "请设置管理员密码。"
        if self.password.text() != self.password2.text():
            return "两次输入的密码不一致。"
        return ""

    def _check(self) -> None:
        problem = self.problem()
        touched = bool(self.admin_name.text() or self.password.text())
        _say(self.hint, problem if touched else "", not problem)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return not self.problem()


class ConfirmPage(QWizardPage):
    """Summary; 完成 creates the data and opens it."""

    def __init__(self, wizard: SetupWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("第四步：确认")
        self.setSubTitle("请核对以下信息。行政区划代码和层级设置后不能修改，其余可在“设置”中修改。")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.error = _hint()
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addStretch(1)
        lay.addWidget(self.error)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        s = self.wiz.setup()
        role = "乡镇（街道）纪委" if s.role == "township" else "区（县）纪委监委"
        rows = [("层级", role), ("行政区划代码", s.site_code), ("单位名称", s.site_name), ("纪委全称", s.full_name),
                ("纪委简称", s.short_name), ("发文权限", "、".join(s.capacities)),
                ("联系人", s.contact_person or "—"), ("联系电话", s.contact_phone or "—"),
                ("管理员", f"{s.admin_name}（登录名 {s.admin_login}，已设密码）"),
                ("数据保存位置", str(self.wiz.data.root))]
        self.summary.setText("<table cellspacing=6>" + "".join(
            f"<tr><td style='color:#555'>{k}</td><td><b>{_html(v)}</b></td></tr>" for k, v in rows) + "</table>")
        self.error.clear()

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Create the data dir and the site; on failure say why and stay on this page."""
        problem = self.wiz.create()
        if problem:
            _say(self.error, problem, ok=False)
            return False
        return True


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SetupWizard(QWizard):
    """The first-run wizard. `context` is the opened Context once the wizard is accepted (else None)."""

    def __init__(self, data: DataDir, parent=None, *, clock=None):
        super().__init__(parent)
        self.data, self.clock, self.context = data, clock, None
        self.setWindowTitle("清风台账 — 初始设置")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.resize(640, 500)
        self.site = SitePage()
        self.org = OrgPage(self.site)
        self.admin = AdminPage()
        self.confirm = ConfirmPage(self)
        for page in (self.site, self.org, self.admin, self.confirm):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步 >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")

    def setup(self):
        """The answers as an org.SiteSetup."""
        from desktop.core.services.org.site import SiteSetup

        return SiteSetup(
            role=self.site.role(), site_code=self.site.code.text().strip(), site_name=self.site.name.text().strip(),
            full_name=self.org.full_name.text().strip(), short_name=self.org.short_name.text().strip(),
            capacities=self.org.capacities(), contact_person=self.org.contact.text().strip(),
            contact_phone=self.org.phone.text().strip(), admin_name=self.admin.admin_name.text().strip(),
            admin_login=self.admin.login.text().strip(), admin_password=self.admin.password.text(),
        )

    def create(self) -> str:
        """Open (creating) the data dir and initialise the site. Returns '' or the reason it failed."""
        from desktop.core.errors import QingfengError
        from desktop.core.services.org import site as org
        from desktop.core.services.org.context import open_context

        setup = self.setup()
        try:
            org.validate_site(setup.normalised())
            ctx = open_context(self.data.root, create=True, clock=self.clock)
        except QingfengError as exc:
            return str(exc)
        try:
            org.initialise(ctx, setup)
        except QingfengError as exc:
            ctx.close()
            return str(exc)
        self.context = ctx
        return ""
