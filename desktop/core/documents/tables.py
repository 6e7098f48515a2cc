"""Column widths of a table from its content (both writers use them, so Word and the PDF break cells alike).

Each column gets at least the width of its longest short value (a name, a date, a number, a header word: these are
never broken, so no "潘志/明", "12月17/日" or "1/0"), then the room left goes to the columns whose text is longer
than their width, in proportion to what they lack, the column weights deciding among long-text columns. Widths are
in points and include the cell padding.
"""

from __future__ import annotations

import re

from desktop.core.documents.content import Table

DATE = re.compile(r"(\d{4}年)(\d{1,2}月\d{1,2}日)")   # a date may break after 年 (linebreak.glued)
PAD_X = 5.4            # left and right cell padding (pt): 108 twips in the .docx
PAD_Y = 0.0            # top and bottom cell padding (pt): none, as Word's default cell margins
SHORT = 12             # values up to this many characters are never broken
LINE_CHARS = 24        # long text: at most this many characters wanted on one line


def text_width(text: str, size: float) -> float:
    """Width of a line at `size`: CJK full width, ASCII half width (the faces we use are monospaced like this)."""
    return sum(size * (0.5 if ord(ch) < 0x80 else 1.0) for ch in text)


def measure(t: Table) -> tuple[list[float], list[float]]:
    """(unbreakable minimum, natural width) per column, padding included."""
    n = len(t.columns)
    size = t.font_size
    need = [2 * size] * n              # unbreakable minimum
    want = [2 * size] * n              # natural width of the longest line
    for r, row in enumerate(t.headers() + t.rows):
        col = 0
        for cell in row:
            span = max(1, min(cell.colspan, n - col))
            if span == 1:
                for line in cell.text.split("\n"):
                    w = text_width(line, size)
                    header = r < len(t.headers())
                    if len(line) <= (4 if header else SHORT):
                        parts = DATE.fullmatch(line)
                        whole = max(text_width(p, size) for p in parts.groups()) if parts else w
                        need[col] = max(need[col], whole + (0 if header else size))
                    want[col] = max(want[col], min(w, LINE_CHARS * size))
            col += span
    need = [w + 2 * PAD_X + 0.5 for w in need]
    want = [max(w + 2 * PAD_X + 0.5, m) for w, m in zip(want, need, strict=True)]
    return need, want


def column_widths(t: Table, total: float) -> list[float]:
    n = len(t.columns)
    need, want = measure(t)
    weights = [c.weight for c in t.columns]
    if sum(need) >= total:                       # too wide anyway: shrink the minimums alike
        return [total * w / sum(need) for w in need]
    widths = list(need)
    room = total - sum(widths)
    lack = [w - m for w, m in zip(want, need, strict=True)]
    if sum(lack) > 0:                            # the room goes where text lacks it, weighted by the columns
        if room >= sum(lack):
            widths = list(want)
        else:
            wl = [lk * wt for lk, wt in zip(lack, weights, strict=True)]
            add = [room * x / sum(wl) for x in wl]
            over = [max(0.0, a - lk) for a, lk in zip(add, lack, strict=True)]
            add = [min(a, lk) for a, lk in zip(add, lack, strict=True)]
            spare = sum(over)
            short = [i for i in range(n) if add[i] < lack[i] - 1e-6]
            for i in short:                      # what a column could not use goes to the others
                add[i] += spare * wl[i] / sum(wl[j] for j in short)
            widths = [m + a for m, a in zip(need, add, strict=True)]
        room = total - sum(widths)
    if room > 1e-6:                              # everything fits: the rest by weight to the long-text columns
        long_cols = [i for i in range(n) if want[i] > need[i] + 1e-6] or list(range(n))
        wsum = sum(weights[i] for i in long_cols)
        for i in long_cols:
            widths[i] += room * weights[i] / wsum
    return widths


def is_wide(t: Table, portrait: float) -> bool:
    """True when the table's unbreakable minimums plus a readable description column do not fit the portrait text
    width: such a table (the 问题整改清单) is set on landscape pages."""
    return len(t.columns) >= 7 and sum(measure(t)[1]) > portrait * 1.15


def landscape(a) -> bool:
    """True when an attachment holds a wide table (see is_wide): the attachment is set on landscape pages."""
    from desktop.core.documents import layout as L
    from desktop.core.documents.content import Table as T

    return any(isinstance(b, T) and is_wide(b, L.TEXT_W) for b in a.blocks)
