"""The kinds of document (DOMAIN §3.1 Document.type, §5) and what each one needs."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.errors import PermissionDenied, ValidationError


@dataclass(frozen=True)
class KindSpec:
    name: str
    group: str                          # 提醒函 | 整改 | 督办 | 建议书 | 表单
    target: str = "unit"                # unit | person | either
    needs_problems: bool = False        # must list at least one problem
    reply_required: bool = False        # default of the reply flag
    reply_days: int = 0                 # default reply period (calendar days from 签发)
    capacities: tuple[str, ...] = ()    # issuing capacities the organisation must hold
    moves_problems: bool = False        # 签发 hands the linked problems over (交办)
    numbered: bool = True


KINDS: tuple[KindSpec, ...] = (
    KindSpec("廉洁提醒函", "提醒函", target="either"),
    KindSpec("履责提醒函", "提醒函", target="either", reply_required=True, reply_days=15),
    KindSpec("工作提示函", "提醒函", target="either"),
    KindSpec("整改通知书", "整改", needs_problems=True, reply_required=True, reply_days=30, moves_problems=True),
    KindSpec("督办函", "督办", reply_required=True, reply_days=10),
    KindSpec("纪律检查建议书", "建议书", reply_required=True, reply_days=30, capacities=("纪律检查",),
             moves_problems=True),
    KindSpec("监察建议书", "建议书", reply_required=True, reply_days=30, capacities=("监察",), moves_problems=True),
    KindSpec("纪检监察建议书", "建议书", reply_required=True, reply_days=30, capacities=("纪律检查", "监察"),
             moves_problems=True),
    KindSpec("回执", "表单", numbered=False),
    KindSpec("谈话记录", "表单", target="person", numbered=False),
)
BY_NAME = {k.name: k for k in KINDS}
ALIASES = {"整改函": "整改通知书", "工作提示": "工作提示函", "工作提醒": "工作提示函", "工作提醒函": "工作提示函",
           "纪律检查建议": "纪律检查建议书", "监察建议": "监察建议书", "纪检监察建议": "纪检监察建议书",
           "整改回执": "回执"}
REMINDER_KINDS = ("廉洁提醒函", "履责提醒函", "工作提示函")
FROM_PROBLEMS_KINDS = ("整改通知书", "督办函", "纪律检查建议书", "监察建议书", "纪检监察建议书")


def resolve_kind(text: str) -> KindSpec:
    """The kind named `text` (Chinese name or a common alias). Raises ValidationError listing the kinds."""
    name = (text or "").strip()
    spec = BY_NAME.get(ALIASES.get(name, name))
    if spec is None:
        raise ValidationError(f"没有“{name}”这种文书。可选：{'、'.join(k.name for k in KINDS)}。", field="kind")
    return spec


def require_capacity(ctx, spec: KindSpec) -> None:
    """A proposal may only be issued in a capacity the organisation holds (设置 → 单位信息 → 发文权限)."""
    from desktop.core.services.org import profile as org

    held = org.capacities(ctx)
    missing = [c for c in spec.capacities if c not in held]
    if missing:
        raise PermissionDenied(
            f"本单位没有“{'、'.join(missing)}”发文权限，不能制发{spec.name}。",
            hint="如确有授权，请在“设置 → 单位信息”中勾选发文权限",
        )


def available_kinds(ctx, group: str | None = None) -> list[str]:
    """Kinds this organisation may issue (proposals filtered by its capacities)."""
    from desktop.core.services.org import profile as org

    held = set(org.capacities(ctx))
    return [k.name for k in KINDS if set(k.capacities) <= held and (group is None or k.group == group)]
