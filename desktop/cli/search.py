"""`qingfeng search QUERY [--json]`: full-text search across the ledgers, always with a count."""

from __future__ import annotations

from desktop.cli._common import add_json, context, emit


def register(sub) -> None:
    p = sub.add_parser("search", help="全文检索（问题描述、整改措施、人名、单位等）")
    p.add_argument("query", metavar="QUERY", help="检索词，多个词用空格分开（须同时出现）")
    p.add_argument("--limit", type=int, default=50, help="最多列出多少条（总数总会给出）")
    add_json(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from desktop.core.services.search import fulltext as search

    with context(args) as ctx:
        result = search.search(ctx, args.query, limit=args.limit)
    lines = [f"共找到 {result.count} 条（检索方式：{result.mode}）"]
    lines += [f"  [{h.entity_label}] {h.title}\n      {h.snippet}" for h in result.hits]
    if result.count > len(result.hits):
        lines.append(f"  ……仅列出前 {len(result.hits)} 条")
    emit(args, result, lines)
    return 0
