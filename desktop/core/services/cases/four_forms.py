"""四种形态 by the data rule table (db/seed/four_forms.json, overridable in settings key `four_forms_rules`).

    four_forms.form_of("党纪处分", "严重警告")        → 2
    four_forms.form_of("谈话", "约谈")               → 1   (talks feed form 1 through the same table)
    four_forms.check_approval(family, kind, body, approval_date, approval_ref)   raises ValidationError

A person transferred to the judiciary in a case has that case's sanctions counted in the fourth form.
"""

from __future__ import annotations

import functools
import json

from desktop.core.errors import ValidationError
from desktop.core.paths import seed_dir

SETTING_KEY = "four_forms_rules"
FORM_NAMES = {1: "第一种形态", 2: "第二种形态", 3: "第三种形态", 4: "第四种形态"}


@functools.lru_cache(maxsize=1)
def _seed() -> dict:
    return json.loads((seed_dir() / "four_forms.json").read_text(encoding="utf-8"))


def table(ctx=None) -> dict:
    """The rule table in force: the site's override (settings) or the seed file."""
    if ctx is not None:
        from desktop.core.services.org import settings

        custom = settings.get(ctx, SETTING_KEY)
        if custom:
            return custom
    return _seed()


def families(ctx=None) -> dict[str, list[str]]:
    """Measure families and their kinds: {"党纪处分": ["警告", …], …}."""
    return table(ctx)["kinds"]


def form_of(family: str, kind: str, data: dict | None = None) -> int:
    """The form (1–4) of a measure by the rule table; ValidationError for a measure the table does not know."""
    data = data or _seed()
    wildcard = None
    for rule in data["rules"]:
        if rule["family"] == family:
            if rule["kind"] == kind:
                return int(rule["form"])
            if rule["kind"] == "*":
                wildcard = int(rule["form"])
    if wildcard is None:
        raise ValidationError(f"四种形态认定规则中没有“{family}—{kind}”，请检查处理种类。", field="kind")
    return wildcard


def transfer_form(data: dict | None = None) -> int:
    return int((data or _seed()).get("transfer_form", 4))


def township_bodies(data: dict | None = None) -> dict:
    return (data or _seed())["approval"]["township_bodies"]


def county_bodies(data: dict | None = None) -> list[str]:
    return list((data or _seed())["approval"]["county_bodies"])


def approving_bodies(data: dict | None = None) -> list[str]:
    return [*township_bodies(data), *county_bodies(data)]


def township_may_approve(body: str, family: str, kind: str, data: dict | None = None) -> bool:
    allowed = township_bodies(data).get(body, {}).get(family, [])
    return "*" in allowed or kind in allowed


def check_approval(family: str, kind: str, body: str | None, approval_date: str | None,
                   approval_ref: str | None, data: dict | None = None) -> None:
    """Enforce what a township may approve (DOMAIN §2.2); heavier measures need the recorded higher approval."""
    body = (body or "").strip()
    if not body:
        raise ValidationError("请填写批准机关。", field="approving_body")
    if body in township_bodies(data):
        if township_may_approve(body, family, kind, data):
            return
        raise ValidationError(
            f"{body}无权批准{family}“{kind}”，须报县（区）纪委监委或县（区）委审批，请登记批准机关、批准日期和批复文号。",
            field="approving_body")
    if body not in county_bodies(data):
        raise ValidationError(f"批准机关只能是：{'、'.join(approving_bodies(data))}。", field="approving_body")
    if not approval_date or not (approval_ref or "").strip():
        raise ValidationError(f"{family}“{kind}”由{body}批准，须登记批准日期和批复文号。", field="approval_ref")
