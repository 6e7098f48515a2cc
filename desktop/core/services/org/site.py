"""Site set-up (first run) and changes to the organisation profile (reading it: org/profile.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core import seeders
from desktop.core.errors import ValidationError
from desktop.core.models.org import CAPACITIES, ROLES, OrgProfile
from desktop.core.services import rows
from desktop.core.services.org import users
from desktop.core.services.org.profile import capacities, get_profile, is_initialised  # noqa: F401 - public
from desktop.core.validators import PHONE, SITE_CODE, default_full_name, default_short_name  # noqa: F401 - public


@dataclass
class SiteSetup:
    """Everything the first-run wizard (or `qingfeng init`) asks for."""

    role: str
    site_code: str
    site_name: str
    full_name: str = ""
    short_name: str = ""
    capacities: list[str] = field(default_factory=lambda: ["纪律检查"])
    contact_person: str = ""
    contact_phone: str = ""
    admin_name: str = "管理员"
    admin_login: str = "admin"
    admin_password: str = ""
    key_passphrase: str = ""  # township: encrypts its signing/decryption keys (asked again to export)
    district_name: str = ""

    def normalised(self) -> SiteSetup:
        """Fill derived defaults: full and short name of the 纪委 from the site name and role."""
        full = self.full_name.strip() or default_full_name(self.site_name.strip(), self.role)
        short = self.short_name.strip() or default_short_name(self.site_name.strip(), self.role)
        return SiteSetup(**{**self.__dict__, "full_name": full, "short_name": short})


def validate_site(setup: SiteSetup) -> None:
    """Raise ValidationError (with the field) for the first wrong value."""
    if setup.role not in ROLES:
        raise ValidationError("角色只能是乡镇（township）或区县（district）。", field="role")
    if not SITE_CODE.match(setup.site_code.strip()):
        raise ValidationError(
            f"行政区划代码“{setup.site_code}”不正确：应为 6 位、9 位或 12 位数字。",
            field="site_code",
            hint="例如区县 330226，乡镇（街道）330226101",
        )
    if not setup.site_name.strip():
        raise ValidationError("请填写单位（乡镇/街道或区县）名称。", field="site_name")
    if not setup.capacities or any(c not in CAPACITIES for c in setup.capacities):
        raise ValidationError("发文权限至少选择一项：纪律检查、监察。", field="capacities")
    if setup.contact_phone and not PHONE.match(setup.contact_phone.strip()):
        raise ValidationError(f"联系电话“{setup.contact_phone}”格式不正确。", field="contact_phone")


def initialise(ctx, setup: SiteSetup) -> dict:
    """Write the organisation profile and the first (administrator) user, in one transaction."""
    from desktop.core.services.org.context import refresh_identity

    setup = setup.normalised()
    validate_site(setup)
    users.validate(setup.admin_name, setup.admin_login, "管理员")
    if setup.admin_password:  # the wizard and `qingfeng init` require it; without one nobody can log in
        from desktop.core.services.org import passwords

        passwords.check_rules(setup.admin_password, field="admin_password")
    if setup.key_passphrase:
        from desktop.core.sync import keys

        keys.check_passphrase(setup.key_passphrase)
    if is_initialised(ctx):
        raise ValidationError("这个数据目录已经完成初始设置。", hint="如需修改单位信息，请在“设置”中修改")
    ctx.site_code = setup.site_code.strip()
    ctx.role = setup.role
    with ctx.session() as s:
        profile = rows.insert(s, ctx, OrgProfile, _profile_values(setup))
        admin = users.create_user_in(s, ctx, setup.admin_name, setup.admin_login, "管理员", setup.admin_password)
        seeders.run_all(s, ctx)
    refresh_identity(ctx, login=admin["login_name"])
    if setup.role == "township":  # the township signs its packages with its own key from the start (issue 7)
        from desktop.core.sync import keys

        if setup.key_passphrase or keys._default_passphrase:  # else made later (`sync keys --init-township`)
            keys.ensure_township_keys(ctx, setup.key_passphrase or None)
    return profile


def _profile_values(setup: SiteSetup) -> dict:
    return {
        "role": setup.role,
        "site_code": setup.site_code.strip(),
        "site_name": setup.site_name.strip(),
        "full_name": setup.full_name,
        "short_name": setup.short_name,
        "capacities": "、".join(c for c in CAPACITIES if c in setup.capacities),
        "contact_person": setup.contact_person.strip() or None,
        "contact_phone": setup.contact_phone.strip() or None,
        "district_name": setup.district_name.strip() or None,
    }


EDITABLE = ("site_name", "full_name", "short_name", "office_name", "capacities", "contact_person", "contact_phone",
            "secretary_name", "district_name")


def update_profile(ctx, changes: dict) -> dict:
    """Change editable profile fields (role and site code are fixed after set-up)."""
    users.require_role(ctx, "管理员")
    profile = get_profile(ctx)
    if profile is None:
        raise ValidationError("尚未完成初始设置。")
    merged = {**profile, **{k: v for k, v in changes.items() if k in EDITABLE}}
    caps = merged["capacities"].split("、") if isinstance(merged["capacities"], str) else merged["capacities"]
    validate_site(SiteSetup(role=merged["role"], site_code=merged["site_code"], site_name=merged["site_name"],
                            capacities=caps, contact_phone=merged.get("contact_phone") or ""))
    clean = {k: changes[k] for k in EDITABLE if k in changes}
    if "capacities" in clean and not isinstance(clean["capacities"], str):
        clean["capacities"] = "、".join(c for c in CAPACITIES if c in clean["capacities"])
    with ctx.session() as s:
        return rows.update(s, ctx, OrgProfile, profile["id"], clean, reason="修改单位信息")
