"""Printed forms built from the records rather than from a wording template: the 催办单 (chase list of overdue and
due-soon problems, as the 工作台 lists them) as a landscape-free plain PDF with a repeating header row."""

from __future__ import annotations

from pathlib import Path

from desktop.core.services.documents import layer as doc_layer

CHASE_COLUMNS = (("序号", "seq", 0.6), ("问题编号", "no", 1.75), ("所属村(单位)", "unit_name", 1.5),
                 ("问题描述", "description", 3.4), ("责任人", "people_names", 1.1), ("整改时限", "deadline", 1.9),
                 ("剩余天数", "days_left", 1.0), ("状态", "status", 1.2))


def chase_list_content(ctx, unit_id: str | None = None):
    """The 催办单 as a content model (plain layout, one table; the header row repeats on every page)."""
    from desktop.core.documents import content as C
    from desktop.core.services.org import profile as org
    from desktop.core.services.problems.query import chase_list

    rows = chase_list(ctx, unit_id)
    unit = rows[0]["unit_name"] if unit_id and rows else "全部单位"
    table = C.Table(columns=[C.Column(title, weight) for title, _k, weight in CHASE_COLUMNS], font_size=10.5,
                    rows=[[C.Cell(_text(r.get(key)), align="left" if key == "description" else "")
                           for _t, key, _w in CHASE_COLUMNS] for r in rows])
    profile = org.get_profile(ctx) or {}
    body = [C.Paragraph(f"{unit}，截至 {ctx.clock.today().isoformat()}，共 {len(rows)} 个问题逾期或临近整改时限。",
                        align="left"), table]
    if not rows:
        body = body[:1]
    return C.Document(kind="催办单", layout="plain", title=["问题整改催办单"], body=body,
                      signature=profile.get("full_name") or "", date=_cn(ctx.clock.today()))


def chase_list_pdf(ctx, out_dir, unit_id: str | None = None) -> Path:
    """Render the 催办单 to <out_dir>/催办单….pdf (atomic); returns the path."""
    content = chase_list_content(ctx, unit_id)
    stem = f"催办单 {ctx.clock.today().isoformat()}"
    return doc_layer.render(content, Path(out_dir), stem, ("pdf",))[0]


def _text(value) -> str:
    return "" if value is None else str(value)


def _cn(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
