"""Title lines (GB/T 9704 7.3.3: 回行时要做到词意完整，排列对称，长短适宜).

The wording templates give a title as one or more lines. When every given line fits the text block at 2号, they are
kept (the author broke them). Otherwise the whole title is broken again: at word boundaries only (after 关于, 的, 、,
an organ or place name …; never inside a number or the kind word such as 督办函), never one character alone on a
line, never a line starting with a closing mark, and with lines of similar length (longest first when they differ).
Both writers print the lines as given, so the .docx and the PDF break the title alike.
"""

from __future__ import annotations

import itertools
import re

from desktop.core.documents import layout as L
from desktop.core.documents.linebreak import CANNOT_END, CANNOT_START

MAX_EMS = int((L.TEXT_W - 2) // L.TITLE_PT)          # 20 characters of 2号 on a 156 mm line
GOOD_AFTER = ("关于", "的", "、", "，", "和", "及", "与", "对", "在", "中", "问题", "情况", "工作", "委员会", "支部",
              "党委", "政府", "纪委", "监委", "办公室", "公司", "街道", "社区", "村委会", "镇", "乡", "有关", "开展",
              "季度", "年度", "加强", "进一步", "落实")
KIND_WORDS = ("督办函", "提醒函", "提示函", "通知书", "通知", "通报", "建议书", "建议", "意见", "报告", "决定",
              "整改函", "回执", "记录", "清单")
_NO_SPLIT = re.compile(r"[0-9A-Za-z〔〕\[\]()（）\-.]+|《[^》]*》")


def ems(s: str) -> float:
    return L.text_ems(s)


def _break_cost(text: str, i: int) -> float | None:
    """Cost of a break before text[i]; None where a break is not allowed."""
    left, right = text[:i], text[i:]
    if right[0] in CANNOT_START or left[-1] in CANNOT_END:
        return None
    for m in _NO_SPLIT.finditer(text):
        if m.start() < i < m.end():
            return None
    for w in KIND_WORDS:
        if text.endswith(w) and len(text) - len(w) < i:
            return None
    if right.startswith("的"):
        return 6.0
    if any(left.endswith(w) for w in GOOD_AFTER):
        return 0.0
    if right.startswith(KIND_WORDS) or right.startswith(("关于", "有关")):
        return 0.5
    return 4.0


def _layout_cost(lines: list[str], limit: float) -> float | None:
    lens = [ems(x) for x in lines]
    if any(n > limit for n in lens) or any(len(x.strip()) < 2 for x in lines):
        return None
    cost = (max(lens) - min(lens)) * 0.4
    cost += sum(0.8 for a, b in itertools.pairwise(lens) if b > a)     # prefer the longer line on top
    return cost


def break_title(lines: list[str], max_ems: float = MAX_EMS) -> list[str]:
    """The title lines to print (see the module doc)."""
    lines = [x.strip() for x in lines if x.strip()]
    if not lines:
        return []
    if all(ems(x) <= max_ems for x in lines) and all(len(x) >= 2 for x in lines):
        return lines
    text = "".join(lines)
    allowed = {i: c for i in range(2, len(text) - 1) if (c := _break_cost(text, i)) is not None}
    best: tuple[float, list[str]] | None = None
    need = max(1, int(-(-ems(text) // max_ems)))
    for n in range(need, min(need + 1, 4) + 1):
        for cuts in itertools.combinations(sorted(allowed), n - 1):
            parts = [text[a:b] for a, b in itertools.pairwise((0, *cuts, len(text)))]
            lay = _layout_cost(parts, max_ems)
            if lay is None:
                continue
            total = sum(allowed[i] for i in cuts) + lay + 3 * (n - need)
            if best is None or total < best[0]:
                best = (total, parts)
        if best is not None:
            break
    return best[1] if best else lines
