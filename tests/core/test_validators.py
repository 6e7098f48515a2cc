"""Pure value checks used live by the wizard and by the services."""

from __future__ import annotations

import pytest

from desktop.core import validators


@pytest.mark.parametrize("code,ok", [("330226", True), ("330226101", True), ("330226101201", True),
                                     ("3302261", False), ("33022610120", False), ("33022a", False), ("", False),
                                     ("3302261012011", False)])
def test_site_code(code, ok):
    assert (validators.site_code_problem(code) == "") is ok


def test_site_code_reasons_are_chinese():
    assert "只能由数字" in validators.site_code_problem("33o226")
    assert "现在是 7 位" in validators.site_code_problem("3302261")
    assert validators.site_level("330226101") == "乡镇（街道）级"


@pytest.mark.parametrize("phone,ok", [("13800001234", True), ("0574-65123456", True), ("057465123456", True),
                                      ("", True), ("65123456", True), ("12345", False), ("23800001234", False), ("电话", False)])
def test_phone(phone, ok):
    assert validators.phone_ok(phone) is ok


def test_default_names():
    assert validators.default_full_name("东湖街道", "township") == "中共东湖街道纪律工作委员会"
    assert validators.default_short_name("东湖街道", "township") == "东湖街道纪工委"
    assert validators.default_short_name("宁海县", "district") == "宁海县纪委监委"
