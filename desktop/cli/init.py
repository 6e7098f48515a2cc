"""`qingfeng init`: set up a new data dir (site, organisation, first administrator)."""

from __future__ import annotations

from desktop.cli._common import PASSWORD_ENV, add_json, context, emit, read_secret


def register(sub) -> None:
    p = sub.add_parser("init", help="初始化数据目录（单位、角色、管理员）")
    p.add_argument("--role", choices=("township", "district"), required=True, help="township=乡镇，district=区县")
    p.add_argument("--site-code", required=True, help="行政区划代码（6、9 或 12 位数字）")
    p.add_argument("--site-name", required=True, help="乡镇（街道）或区县名称")
    p.add_argument("--full-name", default="", help="纪委全称（默认按名称生成）")
    p.add_argument("--short-name", default="", help="纪委简称（默认按名称生成）")
    p.add_argument("--capacity", action="append", choices=("纪律检查", "监察"), help="发文权限，可重复；默认 纪律检查")
    p.add_argument("--contact-person", default="")
    p.add_argument("--contact-phone", default="")
    p.add_argument("--admin-name", default="管理员", help="第一个用户（管理员）的姓名")
    p.add_argument("--admin", "--admin-login", dest="admin_login", default="admin", metavar="LOGIN",
                   help="管理员登录名（默认 admin）；密码取自环境变量 QINGFENG_PASSWORD 或终端输入")
    add_json(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from desktop.core.services.org import site as org

    setup = org.SiteSetup(
        role=args.role, site_code=args.site_code, site_name=args.site_name, full_name=args.full_name,
        short_name=args.short_name, capacities=args.capacity or ["纪律检查"], contact_person=args.contact_person,
        contact_phone=args.contact_phone, admin_name=args.admin_name, admin_login=args.admin_login,
    )
    org.validate_site(setup.normalised())  # before creating any file
    from desktop.core.services.org import passwords, users

    users.validate(setup.admin_name, setup.admin_login, "管理员")
    setup.admin_password = read_secret(PASSWORD_ENV, f"管理员 {setup.admin_login} 的密码（至少 8 位，不能全是数字）：",
                                       "需要管理员密码。", confirm=True)
    passwords.check_rules(setup.admin_password)
    if args.role == "township":  # the township's keys are stored encrypted under this passphrase
        from desktop.cli.sync import township_passphrase
        from desktop.core.sync import keys

        setup.key_passphrase = township_passphrase(args, confirm=True) or ""
        if setup.key_passphrase:
            keys.check_passphrase(setup.key_passphrase)
    with context(args, create=True, login=False) as ctx:
        profile = org.initialise(ctx, setup)
        from desktop.core.sync import keys

        key = keys.own_key(ctx)
        lines = [f"已初始化：{profile['full_name']}（{profile['site_code']}），数据目录 {ctx.data.root}"]
        if key:
            lines.append(f"本单位密钥指纹：{key['fingerprint']}（区县登记本乡镇时请核对）")
        emit(args, {"site": profile, "data_dir": str(ctx.data.root),
                    "key_fingerprint": key["fingerprint"] if key else None}, lines)
    return 0
