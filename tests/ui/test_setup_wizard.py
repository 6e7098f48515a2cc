"""The first-run wizard driven as a user: typing, live checks, next/back, finish creates a working site."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop.core.paths import DataDir
from tests.conftest import fixed_clock
from tests.ui.conftest import shot, type_text


def button(w, which):
    return w.button(getattr(QWizard.WizardButton, which))


def next_(qtbot, w):
    qtbot.mouseClick(button(w, "NextButton"), Qt.MouseButton.LeftButton)


def test_wizard_to_completion(qtbot, tmp_path):
    from desktop.core.services.org import site as org
    from desktop.core.services.org import users
    from desktop.ui.dialogs.setup_wizard import SetupWizard

    data = DataDir(tmp_path / "新数据" / "qingfeng")  # does not exist yet
    w = SetupWizard(data, clock=fixed_clock())
    qtbot.addWidget(w)
    w.show()
    site = w.site
    assert not button(w, "NextButton").isEnabled()
    type_text(site.code, "3302261")
    assert "7 位" in site.code_hint.text() and not button(w, "NextButton").isEnabled()
    shot(w, "wizard_1_error")
    type_text(site.code, "01")
    assert site.code_hint.text().startswith("✓ 9 位，乡镇（街道）级")
    type_text(site.name, "清溪镇")
    assert button(w, "NextButton").isEnabled()
    shot(w, "wizard_1")
    assert not data.root.exists()
    next_(qtbot, w)
    o = w.org
    assert o.full_name.text() == "中共清溪镇纪律检查委员会" and o.short_name.text() == "清溪镇纪委"
    o.supervision.setChecked(True)
    type_text(o.contact, "王晓燕")
    type_text(o.phone, "0574-651")
    assert "电话格式不正确" in o.phone_hint.text() and not button(w, "NextButton").isEnabled()
    shot(w, "wizard_2_error")
    type_text(o.phone, "23456")
    assert button(w, "NextButton").isEnabled()
    shot(w, "wizard_2")
    next_(qtbot, w)
    a = w.admin
    type_text(a.admin_name, "王晓燕")
    assert "请设置管理员密码" in a.hint.text() and not button(w, "NextButton").isEnabled()
    type_text(a.password, "mima123")
    assert "至少 8 位" in a.hint.text() and not button(w, "NextButton").isEnabled()
    a.password.clear()
    type_text(a.password, "20261124")
    assert "不能全是数字" in a.hint.text() and not button(w, "NextButton").isEnabled()
    a.password.clear()
    type_text(a.password, "mima-1234")
    assert "不一致" in a.hint.text() and not button(w, "NextButton").isEnabled()
    type_text(a.password2, "mima-1234")
    assert button(w, "NextButton").isEnabled()
    shot(w, "wizard_3")
    next_(qtbot, w)
    assert "330226101" in w.confirm.summary.text() and "已设密码" in w.confirm.summary.text()
    shot(w, "wizard_4")
    qtbot.mouseClick(button(w, "FinishButton"), Qt.MouseButton.LeftButton)
    assert w.result() == QWizard.DialogCode.Accepted
    ctx = w.context
    try:
        profile = org.get_profile(ctx)
        assert profile["site_code"] == "330226101" and profile["capacities"] == "纪律检查、监察"
        assert profile["contact_phone"] == "0574-65123456"
        assert ctx.user_name == "王晓燕" and ctx.user_role == "管理员"
        admin = users.list_users(ctx)[0]
        assert admin["login_name"] == "admin" and admin["has_password"]
    finally:
        ctx.close()


def test_wizard_names_follow_site_until_edited(qtbot, tmp_path):
    from desktop.ui.dialogs.setup_wizard import SetupWizard

    w = SetupWizard(DataDir(tmp_path / "d"))
    qtbot.addWidget(w)
    w.show()
    w.site.district.setChecked(True)
    type_text(w.site.code, "330226")
    type_text(w.site.name, "宁海县")
    next_(qtbot, w)
    assert w.org.full_name.text() == "宁海县纪律检查委员会" and w.org.supervision.isChecked()
    w.org.short_name.setText("宁海纪委监委")
    qtbot.mouseClick(button(w, "BackButton"), Qt.MouseButton.LeftButton)
    w.site.name.setText("象山县")
    next_(qtbot, w)
    assert w.org.full_name.text() == "象山县纪律检查委员会"
    assert w.org.short_name.text() == "宁海纪委监委"  # typed by the user: kept


def test_wizard_reports_unwritable_location_and_stays_open(qtbot):
    from desktop.ui.dialogs.setup_wizard import SetupWizard

    # /proc refuses new folders even to root: an honest unwritable location (see tests/cli)
    w = SetupWizard(DataDir("/proc/self/qingfeng-wizard"))
    qtbot.addWidget(w)
    w.show()
    type_text(w.site.code, "330226101")
    type_text(w.site.name, "清溪镇")
    next_(qtbot, w)
    next_(qtbot, w)
    type_text(w.admin.admin_name, "王晓燕")
    type_text(w.admin.password, "mima-1234")
    type_text(w.admin.password2, "mima-1234")
    next_(qtbot, w)
    qtbot.mouseClick(button(w, "FinishButton"), Qt.MouseButton.LeftButton)
    assert "数据目录不可写" in w.confirm.error.text()
    assert w.context is None and w.isVisible()
    shot(w, "wizard_4_error")
