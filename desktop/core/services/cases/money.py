"""Money of a case (integer 元; reported as 万元): 追缴, 退缴, 挽回损失, 上交资金.

    money.add(ctx, {"case_id": cid, "kind": "追缴", "amount": 12800, "money_date": "2026-11-03"})
    money.wan(12800)  → 1.28
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.core.errors import ValidationError
from desktop.core.models.cases import MONEY_KINDS, Case, Lead, Money
from desktop.core.services import rows
from desktop.core.services.cases import access
from desktop.core.services.matters.records import _text, parse_date


def wan(yuan: int) -> float:
    """元 → 万元, two decimals (12800 → 1.28)."""
    return round(int(yuan) / 10000, 2)


def parse_yuan(value) -> int:
    """'12,800' / 12800 / '12800元' → 12800; ValidationError for fractions, negatives or text."""
    text = str(value if value is not None else "").strip().replace(",", "").replace("，", "").removesuffix("元")
    if not text.isdigit() or int(text) <= 0:
        raise ValidationError(f"金额“{value}”应为正整数（单位：元）。", field="amount")
    return int(text)


def of_case_in(s, case_id: str) -> list[dict]:
    t = Money.__table__
    q = select(t).where(t.c.case_id == case_id, t.c.deleted_at.is_(None)).order_by(t.c.money_date)
    return [dict(r) for r in s.execute(q).mappings()]


def add(ctx, payload: dict) -> dict:
    access.require_write(ctx)
    kind = payload.get("kind")
    if kind not in MONEY_KINDS:
        raise ValidationError(f"资金类型只能是：{'、'.join(MONEY_KINDS)}。", field="kind")
    amount = parse_yuan(payload.get("amount"))
    day = parse_date(payload.get("money_date"), "日期", "money_date")
    if not day:
        raise ValidationError("请填写资金到账日期。", field="money_date")
    if day > ctx.clock.today().isoformat():
        raise ValidationError("资金到账日期不能晚于今天。", field="money_date")
    with ctx.session() as s:
        owner = (rows.get(s, Case, payload["case_id"]) if payload.get("case_id")
                 else rows.get(s, Lead, payload["lead_id"]) if payload.get("lead_id") else None)
        if owner is None:
            raise ValidationError("资金须属于一个案件或问题线索。", field="case_id")
        floor = owner.get("opened_date") or owner.get("received_date")
        if day < floor:
            raise ValidationError(f"资金到账日期不能早于立案（受理）日期（{floor}）。", field="money_date")
        return rows.insert(s, ctx, Money, {"case_id": payload.get("case_id"), "lead_id": payload.get("lead_id"),
                                           "kind": kind, "amount": amount, "money_date": day,
                                           "payer": _text(payload.get("payer"), 50, "缴款人", "payer"),
                                           "note": _text(payload.get("note"), 500, "备注", "note")},
                           summary=f"{kind} {amount} 元")
