"""`qingfeng info`: schema version, site and counts per table."""

from __future__ import annotations

from desktop.cli._common import add_json, context, emit


def register(sub) -> None:
    p = sub.add_parser("info", help="显示数据版本、单位信息和各表记录数")
    add_json(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from desktop.core.services.org.info import summary

    with context(args) as ctx:
        data = summary(ctx)
    site = data["site"]
    lines = [
        f"单位：{site.get('full_name') or '（未初始化）'}  代码：{site.get('site_code') or '-'}  角色：{site.get('role') or '-'}",
        f"数据版本：{data['schema_version']}（程序 {data['program_schema_version']}），SQLite {data['sqlite_version']}",
        f"数据目录：{data['data_dir']}",
        "记录数：" + "，".join(f"{k} {v}" for k, v in data["counts"].items()),
    ]
    emit(args, data, lines)
    return 0
