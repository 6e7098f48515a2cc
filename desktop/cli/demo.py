"""`qingfeng demo`: a realistic fictional township (initialises the data dir when needed)."""

from __future__ import annotations

from desktop.cli._common import add_json, authenticate, context, emit, progress


def register(sub) -> None:
    p = sub.add_parser("demo", help="生成演示数据（虚构的乡镇）")
    p.add_argument("--size", choices=("small", "large"), default="small", help="small=日常演示，large=性能测试规模")
    p.add_argument("--seed", type=int, default=2026, help="随机种子（不同种子生成不同的乡镇）")
    p.add_argument("--site-code", default="", help="乡镇代码（默认按种子生成）")
    p.add_argument("--site-name", default="", help="乡镇名称（默认按种子生成）")
    p.add_argument("--open", action="store_true", help="生成后打开程序界面（数据目录已有数据时直接打开）")
    add_json(p)
    p.set_defaults(func=run)


TOWNS = ("清溪镇", "梅山镇", "白石乡", "东湖街道", "桃花镇", "龙泉乡", "南岭镇", "西塘镇")


def run(args) -> int:
    from desktop.core import demo
    from desktop.core.demo import users as demo_users
    from desktop.core.errors import ValidationError
    from desktop.core.services.org import info
    from desktop.core.services.org import site as org

    with context(args, create=True, login=False) as ctx:
        fresh = True
        if org.is_initialised(ctx) and not (args.open and info.summary(ctx)["counts"].get("unit")):
            authenticate(args, ctx)  # adding demo data to a set-up data dir needs its administrator
        if not org.is_initialised(ctx):
            name = args.site_name or TOWNS[args.seed % len(TOWNS)]
            code = args.site_code or f"330226{100 + args.seed % 900:03d}"
            org.initialise(ctx, org.SiteSetup(role="township", site_code=code, site_name=name,
                                              capacities=["纪律检查", "监察"], contact_person="王晓燕",
                                              contact_phone="0574-65123456", admin_name="王晓燕",
                                              admin_login=demo_users.ADMIN_LOGIN,
                                              admin_password=demo_users.ADMIN_PASSWORD, district_name="宁海县纪委监委"))
        elif info.summary(ctx)["counts"].get("unit"):
            if not args.open:
                raise ValidationError("这个数据目录里已有数据，演示数据只能生成到空的数据目录。",
                                      hint="请用 --data-dir 指定一个新文件夹")
            print(f"数据目录已有数据，直接打开：{ctx.data.root}")
            fresh = False
        if fresh:
            lines = progress(args, demo.run(ctx, size=args.size, seed=args.seed))
            counts = info.summary(ctx)["counts"]
            listed = demo_users.listed(ctx)
            text = [f"演示数据已生成：{ctx.site_name}，数据目录 {ctx.data.root}", "演示用户（登录名 / 密码 / 角色）："]
            text += [f"  {u['login']} / {u['password']} / {u['role']}" for u in listed]
            emit(args, {"steps": lines, "counts": counts, "data_dir": str(ctx.data.root), "users": listed}, text)
    return _open_gui(args) if args.open else 0


def _open_gui(args) -> int:
    from desktop.app import run_gui

    return run_gui(data_dir=args.data_dir)
