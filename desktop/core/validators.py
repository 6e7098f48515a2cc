"""Pure value checks shared by services and the GUI's live validation (no database, no heavy imports)."""

from __future__ import annotations

import re

SITE_CODE = re.compile(r"^(\d{6}|\d{9}|\d{12})$")
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,5})?|\d{7,8})$")
LOGIN = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{1,32}$")
SITE_LEVELS = {6: "区（县）级", 9: "乡镇（街道）级", 12: "村（社区）级"}


def site_code_problem(code: str) -> str:
    """'' when `code` is a valid 行政区划代码 (6, 9 or 12 digits), else a Chinese reason."""
    code = code.strip()
    if not code:
        return "请填写行政区划代码。"
    if not code.isdigit():
        return "行政区划代码只能由数字组成。"
    if not SITE_CODE.match(code):
        return f"现在是 {len(code)} 位：行政区划代码应为 6 位（区县）、9 位（乡镇/街道）或 12 位。"
    return ""


def site_level(code: str) -> str:
    return SITE_LEVELS.get(len(code.strip()), "")


def phone_ok(text: str) -> bool:
    return not text.strip() or bool(PHONE.match(text.strip()))


def default_full_name(site_name: str, role: str) -> str:
    if role == "district":
        return f"{site_name}纪律检查委员会"
    suffix = "纪律工作委员会" if site_name.endswith("街道") else "纪律检查委员会"
    return f"中共{site_name}{suffix}"


def default_short_name(site_name: str, role: str) -> str:
    if role == "district":
        return f"{site_name}纪委监委"
    return f"{site_name}纪工委" if site_name.endswith("街道") else f"{site_name}纪委"
