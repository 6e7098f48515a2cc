"""回访 / 满意度测评 register (P1 群众满意度): unit, date, respondents, satisfied. Bad input changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from desktop.core.errors import NotFound, ValidationError
from desktop.core.models.surveys import SURVEY_KINDS, SatisfactionSurvey
from desktop.core.services import rows
from desktop.core.services.org import users


@dataclass(frozen=True)
class Survey:
    id: str
    kind: str
    unit_id: str | None
    unit_name: str
    survey_date: str
    respondents: int
    satisfied: int
    surveyor: str | None
    note: str | None

    @property
    def rate(self) -> float | None:
        from desktop.core.services.stats.engine import ratio

        return ratio(self.satisfied, self.respondents)


def _int(value, what: str, field: str) -> int:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{what}必须是整数。", field=field) from None
    if n < 0:
        raise ValidationError(f"{what}不能为负数。", field=field)
    return n


def clean(s, ctx, values: dict) -> dict:
    kind = (values.get("kind") or "满意度测评").strip()
    if kind not in SURVEY_KINDS:
        raise ValidationError(f"类型只能是：{'、'.join(SURVEY_KINDS)}。", field="kind")
    unit_id = values.get("unit_id") or None
    if unit_id is None:
        raise ValidationError("请选择测评（回访）的村（社区）或单位。", field="unit_id")
    if not s.execute(text("SELECT 1 FROM unit WHERE id = :u AND deleted_at IS NULL"), {"u": unit_id}).first():
        raise ValidationError("所选单位不存在（可能已被删除）。", field="unit_id")
    raw = str(values.get("survey_date") or "").strip()
    try:
        d = date.fromisoformat(raw[:10])
    except ValueError:
        raise ValidationError(f"测评日期“{raw}”无效（应为 2026-03-05 这样的格式）。", field="survey_date") from None
    if d > ctx.clock.today():
        raise ValidationError("测评日期不能晚于今天。", field="survey_date")
    respondents = _int(values.get("respondents"), "受访人数", "respondents")
    satisfied = _int(values.get("satisfied"), "满意人数", "satisfied")
    if respondents == 0:
        raise ValidationError("受访人数至少为 1。", field="respondents")
    if satisfied > respondents:
        raise ValidationError(f"满意人数（{satisfied}）不能多于受访人数（{respondents}）。", field="satisfied")
    return {"kind": kind, "unit_id": unit_id, "survey_date": d.isoformat(), "respondents": respondents,
            "satisfied": satisfied, "problem_id": values.get("problem_id") or None,
            "surveyor": (values.get("surveyor") or "").strip() or None, "note": (values.get("note") or "").strip() or None}


def add(ctx, values: dict) -> Survey:
    """Record one 回访/满意度测评. Raises ValidationError (Chinese, with the field); nothing is written then."""
    users.require_writer(ctx)
    with ctx.session() as s:
        row = rows.insert(s, ctx, SatisfactionSurvey, clean(s, ctx, values), summary="登记满意度测评")
    return get(ctx, row["id"])


def delete(ctx, survey_id: str, reason: str = "") -> None:
    users.require_writer(ctx)
    with ctx.session() as s:
        rows.soft_delete(s, ctx, SatisfactionSurvey, survey_id, reason=reason or "删除测评记录")


_SELECT = ("SELECT s.id, s.kind, s.unit_id, coalesce(u.name, ''), s.survey_date, s.respondents, s.satisfied, "
           "s.surveyor, s.note FROM satisfaction_survey s LEFT JOIN unit u ON u.id = s.unit_id "
           "WHERE s.deleted_at IS NULL")


def get(ctx, survey_id: str) -> Survey:
    with ctx.reader() as s:
        r = s.execute(text(_SELECT + " AND s.id = :i"), {"i": survey_id}).first()
    if r is None:
        raise NotFound("找不到该测评记录（可能已被删除）。")
    return Survey(*r)


def list_surveys(ctx, *, start: str | None = None, end: str | None = None, unit_id: str | None = None) -> list[Survey]:
    q, params = _SELECT, {}
    if start:
        q, params["a"] = q + " AND s.survey_date >= :a", start
    if end:
        q, params["b"] = q + " AND s.survey_date <= :b", end
    if unit_id:
        q, params["u"] = q + " AND s.unit_id = :u", unit_id
    with ctx.reader() as s:
        return [Survey(*r) for r in s.execute(text(q + " ORDER BY s.survey_date DESC, s.id"), params)]
