"""docs/ROLES.md, cell by cell, through the services: each role is logged in as its demo user and each action is
either done or refused with PermissionDenied (nothing else)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.core.errors import PermissionDenied, QingfengError
from desktop.core.services.audit import log as audit_log
from desktop.core.services.backups import backup as backups
from desktop.core.services.documents import records as documents
from desktop.core.services.org import auth, settings, user_admin, users
from desktop.core.services.org import site as org
from desktop.core.services.org.context import refresh_identity
from desktop.core.services.problems import query as problem_query
from desktop.core.services.registry import units
from tests.conftest import ADMIN_PASSWORD

ROLES = ("管理员", "负责人", "工作人员", "只读")
LOGINS = {"管理员": "admin", "负责人": "shuji", "工作人员": "ganshi", "只读": "chayue"}
PASSWORDS = {"admin": ADMIN_PASSWORD, "shuji": "qingfeng-shuji", "ganshi": "qingfeng-ganshi",
             "chayue": "qingfeng-chayue"}


def _doc_target(ctx):
    return next(u for u in units.list_units(ctx) if u["type"] == "行政村")["id"]


ACTIONS = {  # the row of docs/ROLES.md → a service call
    "查看台账": lambda ctx, tmp: problem_query.count_problems(ctx, None),
    "录入、修改台账": lambda ctx, tmp: units.create(ctx, {"name": "测试新村", "type": "行政村"}),
    "起草文书": lambda ctx, tmp: documents.create_draft(ctx, "廉洁提醒函", unit_id=_doc_target(ctx),
                                                   fields={"signer": "李明"}),
    "签发文书": lambda ctx, tmp: documents.issue(ctx, "廉洁提醒函", unit_id=_doc_target(ctx),
                                             fields={"signer": "李明"}, sign=True),
    "查看、处理敏感记录": lambda ctx, tmp: users.require_sensitive(ctx),
    "导出含身份证号的人员名册": lambda ctx, tmp: __import__("desktop.core.services.registry.io", fromlist=["x"]).export(
        ctx, "people", tmp / "人员.xlsx", with_id_no=True),
    "备份数据库": lambda ctx, tmp: backups.backup_now(ctx, tmp / "备份"),
    "查看、导出审计日志": lambda ctx, tmp: audit_log.export_xlsx(ctx, tmp / "审计.xlsx"),
    "恢复备份": lambda ctx, tmp: backups.restore_backup(ctx, _a_backup(ctx, tmp)),
    "管理用户": lambda ctx, tmp: users.create_user(ctx, "测试", "ceshi", "只读", "ceshi-2026"),
    "修改单位信息和设置": lambda ctx, tmp: (org.update_profile(ctx, {"contact_person": "张三"}),
                                           settings.put(ctx, "revisit_months", 4)),
    "密钥": lambda ctx, tmp: __import__("desktop.core.sync.keys", fromlist=["x"]).enrol(ctx, tmp / "无.qfkey"),
    "修改自己的密码": lambda ctx, tmp: auth.change_own_password(ctx, PASSWORDS[ctx.user_login], "changed-2026"),
}


def _a_backup(ctx, tmp):
    from desktop.core.store.backup import backup_name, online_backup

    (tmp / "b").mkdir(exist_ok=True)
    return online_backup(ctx.db.path, tmp / "b" / backup_name(ctx.site_code))


def _matrix() -> dict[str, tuple[bool, ...]]:
    """Parse the table of docs/ROLES.md: row label → allowed per role."""
    text = (Path(__file__).resolve().parents[3] / "docs" / "ROLES.md").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and set(cells[1:]) <= {"✓", "✗"}:
            out[cells[0]] = tuple(c == "✓" for c in cells[1:])
    return out


def _row(label: str) -> tuple[bool, ...]:
    rows = _matrix()
    found = [v for k, v in rows.items() if re.sub(r"[（(].*", "", k).startswith(label)]
    assert len(found) == 1, label
    return found[0]


def test_every_row_of_the_matrix_has_a_check():
    assert len(_matrix()) == 13
    for label in ACTIONS:
        _row(label)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_matrix_cell(demo_ctx, tmp_path, role, action):
    refresh_identity(demo_ctx, login=LOGINS[role])
    assert demo_ctx.user_role == role
    allowed = _row(action)[ROLES.index(role)]
    try:
        ACTIONS[action](demo_ctx, tmp_path)
    except PermissionDenied:
        assert not allowed, f"{role} 应能{action}"
        return
    except QingfengError as exc:  # past the role check, stopped by the data (e.g. no such key file)
        assert allowed and action == "密钥", f"{role} {action}: {exc}"
        return
    assert allowed, f"{role} 不应能{action}"


def test_disabled_last_admin_refused_through_the_service(demo_ctx):
    admin = next(u for u in users.list_users(demo_ctx) if u["login_name"] == "admin")
    with pytest.raises(QingfengError):
        user_admin.set_active(demo_ctx, admin["id"], False)
