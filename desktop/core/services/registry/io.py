"""Import the registry (units, people) from .xlsx and export it with Chinese headers.

    plan = registry_io.plan_import(ctx, path, "units")     # dry run: nothing is written
    for r in plan.rows: r.row, r.action, r.issues           # per-row report (row, column, reason)
    registry_io.apply_import(ctx, plan, selected=[3, 4])    # all chosen rows or nothing, one transaction

Matching makes a re-import idempotent: units match on admin code, else on name + parent; people on ID number,
else name + unit (narrowed by phone when several share a name). Matched rows whose values are unchanged are
"不变" and not written again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.core.errors import ValidationError
from desktop.core.models.registry import UNIT_TYPES, Person, Unit
from desktop.core.services import rows
from desktop.core.services.backups import backup as backups
from desktop.core.services.org import users
from desktop.core.services.registry import people, units
from desktop.core.xlsx import FieldSpec, RowIssue, XlsxColumn, parse_date_cell, read_table, write_table

KINDS = {"units": "单位", "people": "人员"}

UNIT_FIELDS = [
    FieldSpec("name", "单位名称", ("名称", "村名", "村社区名称", "村居名称", "单位"), required=True),
    FieldSpec("short_name", "简称"),
    FieldSpec("type", "类型", ("单位类型", "单位性质", "性质")),
    FieldSpec("parent", "上级单位", ("所属村", "所属村社区", "上级", "所属单位")),
    FieldSpec("admin_code", "区划代码", ("行政区划代码", "统计用区划代码", "代码")),
    FieldSpec("population", "人口", ("户籍人口", "人口数", "总人口")),
    FieldSpec("households", "户数", ("总户数", "户籍户数")),
    FieldSpec("is_key_village", "重点村", ("是否重点村", "重点村居")),
    FieldSpec("active", "在用", ("是否在用", "状态", "启用")),
    FieldSpec("note", "备注", ("说明",)),
]

PERSON_FIELDS = [
    FieldSpec("name", "姓名", ("名字", "人员姓名"), required=True),
    FieldSpec("gender", "性别"),
    FieldSpec("unit", "所在单位", ("单位", "所在村", "所在村社区", "村社区", "工作单位", "单位名称")),
    FieldSpec("position", "职务", ("现任职务", "岗位", "职位")),
    FieldSpec("party_member", "党员", ("是否党员", "政治面貌")),
    FieldSpec("is_supervision_target", "监察对象", ("是否监察对象",)),
    FieldSpec("term_start", "任期开始", ("任职时间", "任期起", "任职日期", "任期开始日期")),
    FieldSpec("term_end", "任期结束", ("任期止", "届满时间", "任期结束日期")),
    FieldSpec("phone", "联系电话", ("电话", "手机", "手机号码", "联系方式")),
    FieldSpec("id_no", "身份证号", ("身份证号码", "公民身份号码", "身份证")),
    FieldSpec("active", "在职", ("是否在职", "状态")),
    FieldSpec("note", "备注", ("说明",)),
]

_TRUE = {"是", "√", "✓", "y", "yes", "true", "1", "有", "在用", "在职", "重点村", "党员", "中共党员", "中共预备党员",
         "预备党员", "启用"}
_FALSE = {"否", "×", "n", "no", "false", "0", "无", "停用", "离任", "离职", "群众", "非党员", "共青团员", "团员"}
_TYPE_WORDS = {"村": "行政村", "居委会": "社区", "社区居委会": "社区", "居": "社区", "小组": "村民小组",
               "村小组": "村民小组", "组": "村民小组", "站所": "镇直站所", "镇直单位": "镇直站所", "站": "镇直站所",
               "经济合作社": "村集体经济组织", "股份经济合作社": "村集体经济组织", "集体经济组织": "村集体经济组织"}


@dataclass
class ImportRow:
    """One data row of the file: what it would do (新增/更新/不变) or why it cannot be imported."""

    row: int
    raw: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    action: str = ""
    match_id: str | None = None
    issues: list[RowIssue] = field(default_factory=list)
    label: str = ""

    @property
    def ok(self) -> bool:
        return not self.issues


@dataclass
class ImportPlan:
    """The dry-run report of one file."""

    kind: str
    path: str
    mapping: dict[str, str]
    unmatched_headers: list[str]
    rows: list[ImportRow]

    def counts(self) -> dict[str, int]:
        out = {"新增": 0, "更新": 0, "不变": 0, "有错误": 0}
        for r in self.rows:
            out["有错误" if r.issues else r.action] += 1
        return out

    def issues(self) -> list[RowIssue]:
        return [i for r in self.rows for i in r.issues]

    def to_json(self) -> dict:
        return {"kind": self.kind, "file": self.path, "columns": self.mapping,
                "unmatched_headers": self.unmatched_headers, "counts": self.counts(),
                "rows": [{"row": r.row, "name": r.label, "action": "有错误" if r.issues else r.action,
                          "issues": [{"row": i.row, "column": i.column, "reason": i.reason} for i in r.issues]}
                         for r in self.rows]}


def fields_of(kind: str) -> list[FieldSpec]:
    if kind not in KINDS:
        raise ValidationError(f"导入类型只能是 units（单位）或 people（人员），不能是“{kind}”。", field="kind")
    return UNIT_FIELDS if kind == "units" else PERSON_FIELDS


# ---------------------------------------------------------------- import

def plan_import(ctx, path: Path | str, kind: str, *, overrides: dict[str, str] | None = None) -> ImportPlan:
    """Read `path` and report per row what an import would do. Writes nothing.

    Raises ImportFileError for a file that is not a usable .xlsx (broken, foreign, no recognisable header).
    """
    data = read_table(Path(path), fields_of(kind), overrides=overrides)
    plan = ImportPlan(kind, str(path), data.mapping, data.unmatched_headers,
                      [ImportRow(n, raw, label=str(raw.get("name") or "")) for n, raw in data.rows])
    with ctx.reader() as s:
        _evaluate(s, plan, plan.rows)
    return plan


def apply_import(ctx, plan: ImportPlan, selected: Iterable[int] | None = None) -> dict[str, int]:
    """Write the chosen rows (Excel row numbers; default: all) in one transaction.

    Every chosen row is checked again inside the transaction; if any has a problem nothing is written and
    ValidationError lists the problems. Returns counts per action (新增/更新/不变).
    """
    users.require_writer(ctx)
    wanted = set(selected) if selected is not None else {r.row for r in plan.rows}
    chosen = [ImportRow(r.row, r.raw, label=r.label) for r in plan.rows if r.row in wanted]
    if not chosen:
        raise ValidationError("没有选择要导入的行。")
    with ctx.session() as s:
        _evaluate(s, plan, chosen)
        bad = [i for r in chosen for i in r.issues]
        if bad:
            shown = "；".join(str(i) for i in bad[:5]) + ("……" if len(bad) > 5 else "")
            raise ValidationError(f"所选的行中有 {len(bad)} 处问题，未导入任何数据：{shown}",
                                  hint="请修改文件后重新导入，或取消勾选有问题的行")
        if any(r.action == "更新" for r in chosen):  # changes existing rows: back up first
            backups.backup_before_import(ctx, f"名册{KINDS[plan.kind]}")
        counts = {"新增": 0, "更新": 0, "不变": 0}
        for r in _write_order(plan.kind, chosen):
            _write_row(s, ctx, plan.kind, r)
            counts[r.action] += 1
        rows.write_audit(s, ctx, "导入", Unit if plan.kind == "units" else Person, None,
                         summary=f"从“{Path(plan.path).name}”导入{KINDS[plan.kind]}：" +
                         "，".join(f"{k} {v}" for k, v in counts.items()))
    return counts


def _write_order(kind: str, chosen: list[ImportRow]) -> list[ImportRow]:
    """Units: parents (villages, stations) before village groups, so a group can name a parent in the same file."""
    if kind != "units":
        return chosen
    return sorted(chosen, key=lambda r: bool(r.values.get("_parent_row")))


def _write_row(s, ctx, kind: str, r: ImportRow) -> None:
    try:
        _write_one(s, ctx, kind, r)
    except ValidationError as exc:
        raise ValidationError(f"第 {r.row} 行：{exc.message}未导入任何数据。", field=exc.field, hint=exc.hint) from exc


def _write_one(s, ctx, kind: str, r: ImportRow) -> None:
    values = dict(r.values)
    if kind == "units" and values.pop("_parent_row", None) is not None:
        values["parent_id"] = _resolve_new_parent(s, values)
    if r.action == "新增":
        (units if kind == "units" else people).create_in(s, ctx, values)
    elif r.action == "更新":
        if kind == "units":
            units.update_in(s, ctx, r.match_id, values)
        else:
            people.update_in(s, ctx, r.match_id, values)


def _resolve_new_parent(s, values: dict) -> str:
    t = Unit.__table__
    name = values.pop("_parent_name")
    found = s.execute(select(t.c.id).where(t.c.deleted_at.is_(None), t.c.parent_id.is_(None), t.c.name == name)).scalar()
    if found is None:
        raise ValidationError(f"找不到上级单位“{name}”。", field="parent_id")
    return found


def _evaluate(s, plan: ImportPlan, chosen: list[ImportRow]) -> None:
    """Fill values/action/match_id/issues of each row against the database as seen by session `s`."""
    labels = {f.key: plan.mapping.get(f.key, f.label) for f in fields_of(plan.kind)}
    present = set(plan.mapping)
    seen: dict[tuple, int] = {}
    lookup = _UnitLookup(s)
    new_parents = {_text_cell(r.raw, "name") for r in chosen} if plan.kind == "units" else set()
    for r in chosen:
        r.issues, r.values, r.action, r.match_id = [], {}, "", None
        try:
            if plan.kind == "units":
                _evaluate_unit(s, r, lookup, new_parents, present)
            else:
                _evaluate_person(s, r, lookup, present)
        except _CellError as exc:
            r.issues.append(RowIssue(r.row, labels.get(exc.field, ""), exc.reason))
            continue
        except ValidationError as exc:
            r.issues.append(RowIssue(r.row, labels.get(_raw_key(exc.field), ""), exc.message))
            continue
        key = _identity(plan.kind, r)
        if key in seen:
            r.issues.append(RowIssue(r.row, labels["name"], f"与第 {seen[key]} 行重复"))
        else:
            seen[key] = r.row


def _raw_key(field_name: str) -> str:
    return {"parent_id": "parent", "unit_id": "unit"}.get(field_name, field_name)


def _identity(kind: str, r: ImportRow) -> tuple:
    v = r.values
    if r.match_id:
        return ("match", r.match_id)
    if kind == "units":
        if v.get("admin_code"):
            return ("code", v["admin_code"])
        return ("name", v.get("_parent_name") or v.get("parent_id"), v["name"])
    if v.get("id_no"):
        return ("id", v["id_no"])
    return ("name", v.get("unit_id"), v["name"], v.get("phone"))


class _CellError(Exception):
    def __init__(self, field_name: str, reason: str):
        super().__init__(reason)
        self.field, self.reason = field_name, reason


class _UnitLookup:
    """Live units by name, for resolving '上级单位' and '所在单位' (also 'parent/child' for village groups)."""

    def __init__(self, s):
        t = Unit.__table__
        found = s.execute(select(t.c.id, t.c.name, t.c.parent_id, t.c.type, t.c.admin_code)
                          .where(t.c.deleted_at.is_(None)))
        self.all = [dict(r._mapping) for r in found]
        self.by_id = {u["id"]: u for u in self.all}

    def find(self, text: str, *, top_only: bool = False) -> list[dict]:
        text = text.strip().replace("／", "/")
        if "/" in text:
            parent, _, child = text.rpartition("/")
            return [u for u in self.all if u["name"] == child.strip() and u["parent_id"]
                    and self.by_id.get(u["parent_id"], {}).get("name") == parent.strip()]
        return [u for u in self.all if u["name"] == text and not (top_only and u["parent_id"])]

    def match(self, v: dict) -> dict | None:
        """The existing unit a row means: same admin code, else same name under the same parent."""
        if v.get("admin_code"):
            hit = next((u for u in self.all if u["admin_code"] == v["admin_code"]), None)
            if hit:
                return hit
        if v.get("_parent_row"):
            return None
        return next((u for u in self.all if u["name"] == v["name"] and u["parent_id"] == v["parent_id"]), None)


def _flag(raw: dict, key: str, default: bool) -> bool:
    value = raw.get(key)
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _CellError(key, f"“{value}”应填“是”或“否”")


def _int_cell(raw: dict, key: str) -> int | None:
    value = raw.get(key)
    if value in (None, ""):
        return None
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        raise _CellError(key, f"“{value}”不是整数") from None
    if number != int(number) or number < 0:
        raise _CellError(key, f"“{value}”应为不小于 0 的整数")
    return int(number)


def _text_cell(raw: dict, key: str) -> str | None:
    value = raw.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _unit_type(raw: dict) -> str:
    text = (_text_cell(raw, "type") or "").replace(" ", "")
    if not text:
        name = _text_cell(raw, "name") or ""
        if _text_cell(raw, "parent"):
            return "村民小组"
        if name.endswith("社区"):
            return "社区"
        if name.endswith("村"):
            return "行政村"
        raise _CellError("type", "请填写类型（行政村、社区、村民小组、镇直站所、村集体经济组织）")
    if text in UNIT_TYPES:
        return text
    if text in _TYPE_WORDS:
        return _TYPE_WORDS[text]
    raise _CellError("type", f"“{text}”不是有效类型，应为：{'、'.join(UNIT_TYPES)}")


_UNIT_SOURCE = {"parent_id": "parent"}
_PERSON_SOURCE = {"unit_id": "unit"}


def _only_present(v: dict, present: set[str], source: dict[str, str]) -> dict:
    """Values whose column is in the file (an update never wipes a field the file does not have)."""
    return {k: val for k, val in v.items() if k == "name" or source.get(k, k) in present}


def _evaluate_unit(s, r: ImportRow, lookup: _UnitLookup, new_parents: set, present: set[str]) -> None:
    raw = r.raw
    v = {"name": _text_cell(raw, "name") or "", "short_name": _text_cell(raw, "short_name"),
         "admin_code": _text_cell(raw, "admin_code"), "population": _int_cell(raw, "population"),
         "households": _int_cell(raw, "households"), "is_key_village": _flag(raw, "is_key_village", False),
         "active": _flag(raw, "active", True), "note": _text_cell(raw, "note"), "parent_id": None}
    if not v["name"]:
        raise _CellError("name", "单位名称不能为空")
    parent_name = _text_cell(raw, "parent")
    if parent_name:
        hits = lookup.find(parent_name, top_only=True)
        if len(hits) > 1:
            hits = [u for u in hits if u["type"] in ("行政村", "社区")] or hits
        if len(hits) > 1:
            raise _CellError("parent", f"有多个名为“{parent_name}”的单位，无法确定上级")
        if len(hits) == 1:
            v["parent_id"] = hits[0]["id"]
        elif parent_name in new_parents and parent_name != v["name"]:
            v["_parent_row"], v["_parent_name"] = True, parent_name
        else:
            raise _CellError("parent", f"找不到上级单位“{parent_name}”，请先添加或在同一文件中列出")
    match = lookup.match(v)
    r.match_id = match["id"] if match else None
    # without a 类型 column an existing unit keeps its type; a new one gets it from its name or parent
    v["type"] = match["type"] if match and "type" not in present else _unit_type(raw)
    if r.match_id:
        v = _only_present(v, present, _UNIT_SOURCE) | {k: v[k] for k in ("_parent_row", "_parent_name") if k in v}
        current = rows.get(s, Unit, r.match_id)
        candidate = {**current, **v}
    else:
        candidate = v
    if v.get("_parent_row"):
        # The parent is a new row of this same file: check what can be checked now; the write re-validates
        # the full row (with its parent) inside the import transaction.
        probe = {**candidate, "type": "镇直站所", "parent_id": None, "name": f"{candidate['name']}\x00"}
        units.validate_in(s, {k: probe[k] for k in units.FIELDS if k in probe}, exclude_id=r.match_id)
        clean = candidate
    else:
        clean = units.validate_in(s, {k: candidate[k] for k in units.FIELDS if k in candidate},
                                  exclude_id=r.match_id)
    r.values = {k: clean[k] for k in v if k in clean}
    r.values.update({k: v[k] for k in ("_parent_row", "_parent_name") if k in v})
    r.action = _action(s, Unit, r.match_id, r.values, units.FIELDS)


def _action(s, model, match_id: str | None, values: dict, fields: tuple[str, ...]) -> str:
    if not match_id:
        return "新增"
    current = rows.get(s, model, match_id) or {}
    changed = [k for k in fields if k in values and current.get(k) != values[k]]
    return "更新" if changed or values.get("_parent_row") else "不变"


def _evaluate_person(s, r: ImportRow, lookup: _UnitLookup, present: set[str]) -> None:
    raw = r.raw
    v: dict[str, Any] = {"name": _text_cell(raw, "name") or "", "gender": _text_cell(raw, "gender"),
                         "position": _text_cell(raw, "position"), "phone": _text_cell(raw, "phone"),
                         "note": _text_cell(raw, "note")}
    if not v["name"]:
        raise _CellError("name", "姓名不能为空")
    if isinstance(raw.get("id_no"), (int, float)):
        raise _CellError("id_no", "身份证号被 Excel 存成了数字（末尾几位可能已丢失），请把该列设为“文本”后重新填写")
    v["id_no"] = _text_cell(raw, "id_no")
    for key, default in (("party_member", False), ("is_supervision_target", False), ("active", True)):
        v[key] = _flag(raw, key, default)
    for key in ("term_start", "term_end"):
        try:
            v[key] = parse_date_cell(raw.get(key))
        except ValueError as exc:
            raise _CellError(key, str(exc)) from None
    v["unit_id"] = _person_unit(raw, lookup)
    r.match_id = _match_person(s, v)
    if r.match_id:
        v = _only_present(v, present, _PERSON_SOURCE)
        candidate = {**rows.get(s, Person, r.match_id), **v}
    else:
        candidate = v
    clean = people.validate_in(s, {k: candidate[k] for k in people.FIELDS if k in candidate},
                               exclude_id=r.match_id)
    r.values = {k: clean[k] for k in v if k in clean}
    r.action = _action(s, Person, r.match_id, r.values, people.FIELDS)


def _person_unit(raw: dict, lookup: _UnitLookup) -> str | None:
    unit_text = _text_cell(raw, "unit")
    if not unit_text:
        return None
    hits = lookup.find(unit_text)
    if not hits:
        raise _CellError("unit", f"找不到单位“{unit_text}”，请先导入或添加该单位")
    if len(hits) > 1:
        raise _CellError("unit", f"有多个名为“{unit_text}”的单位，请写成“上级单位/{unit_text}”")
    return hits[0]["id"]


def _match_person(s, v: dict) -> str | None:
    """Same ID number anywhere, else same name in the same unit (narrowed by phone when several match)."""
    p = Person.__table__
    live = p.c.deleted_at.is_(None)
    if v.get("id_no"):
        hit = s.execute(select(p.c.id).where(live, p.c.id_no == v["id_no"].upper())).scalar()
        if hit:
            return hit
    q = select(p.c.id, p.c.phone).where(live, p.c.name == v["name"])
    q = q.where(p.c.unit_id == v["unit_id"]) if v.get("unit_id") else q.where(p.c.unit_id.is_(None))
    found = [dict(x._mapping) for x in s.execute(q)]
    if len(found) > 1 and v.get("phone"):
        found = [f for f in found if f["phone"] == v["phone"]] or found
    if len(found) > 1:
        raise _CellError("name", f"该单位有 {len(found)} 名同名人员“{v['name']}”，请填写联系电话或身份证号以区分")
    return found[0]["id"] if found else None


# ---------------------------------------------------------------- export

UNIT_COLUMNS = [
    XlsxColumn("单位名称", "name", 20), XlsxColumn("简称", "short_name", 10), XlsxColumn("类型", "type", 14),
    XlsxColumn("上级单位", "parent_name", 16), XlsxColumn("区划代码", "admin_code", 16),
    XlsxColumn("人口", "population", 9, "int"), XlsxColumn("户数", "households", 9, "int"),
    XlsxColumn("重点村", "is_key_village", 8, "bool"), XlsxColumn("在用", "active", 7, "bool"),
    XlsxColumn("人员数", "people_count", 8, "int"), XlsxColumn("备注", "note", 24),
]


def _person_columns(with_id_no: bool) -> list[XlsxColumn]:
    cols = [
        XlsxColumn("姓名", "name", 10), XlsxColumn("性别", "gender", 6), XlsxColumn("所在单位", "unit_label", 22),
        XlsxColumn("职务", "position", 14), XlsxColumn("党员", "party_member", 7, "bool"),
        XlsxColumn("监察对象", "is_supervision_target", 9, "bool"),
        XlsxColumn("任期开始", "term_start", 12, "date"), XlsxColumn("任期结束", "term_end", 12, "date"),
        XlsxColumn("联系电话", "phone", 15),
    ]
    if with_id_no:
        cols.append(XlsxColumn("身份证号", "id_no", 21))
    return cols + [XlsxColumn("在职", "active", 7, "bool"), XlsxColumn("备注", "note", 24)]


def export(ctx, kind: str, path: Path | str, *, with_id_no: bool = False) -> int:
    """Write the registry to an .xlsx with Chinese headers; returns the row count.

    The ID number column is included only with `with_id_no`; that export is recorded in the audit log.
    """
    from desktop.core.services.audit.log import record_export

    fields_of(kind)
    path = Path(path)
    if kind == "units":
        n = write_table(path, "单位", UNIT_COLUMNS, units.list_units(ctx), title="")
        record_export(ctx, "单位名册", path, n)
        return n
    if with_id_no:
        from desktop.core.services.org import users

        users.require_sensitive(ctx)  # ID numbers leave the PC only for 管理员 and 负责人
    data = people.list_people(ctx, show_id=with_id_no)
    labels = _unit_labels(ctx)
    for row in data:
        row["unit_label"] = labels.get(row["unit_id"], "")
    count = write_table(path, "人员", _person_columns(with_id_no), data)
    if with_id_no:
        with ctx.session() as s:
            rows.write_audit(s, ctx, "导出", Person, None, summary=f"导出含身份证号的人员名册：{path.name}（{count} 人）")
    else:
        record_export(ctx, "人员名册", path, count)
    return count


def _unit_labels(ctx) -> dict[str, str]:
    """Unit id → name as the import understands it ('青石村/第一村民小组' for village groups)."""
    all_units = units.list_units(ctx)
    return {u["id"]: f"{u['parent_name']}/{u['name']}" if u["parent_id"] else u["name"] for u in all_units}
