"""Chinese line breaking for the PDF writer, matching Word/WPS/LibreOffice with punctuation kept inside the line.

reportlab's CJK wrapper lets one closing mark hang into the margin and, after that, starts the next line with the
next closing mark. Word (with w:overflowPunct off, as our .docx sets it) and LibreOffice instead carry the previous
character down with the punctuation. This module breaks a paragraph the latter way; the writer then feeds the
lines to reportlab joined with <br/>.

Rules: a line never starts with a closing mark (，。、；：？！”’》）…) and never ends with an opening one (“‘《（);
a run of digits/Latin ("8,460", "0574-65123456") is not split unless it is longer than a line.
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth

CANNOT_START = set("，。、；：？！”’》〉）】」』…％‰℃,.;:?!)]}%·—")
CANNOT_END = set("“‘《〈（【「『([{")
TOKEN = re.compile(r"[\x21-\x7e]+|\s|.", re.S)


def tokens(pieces: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """(text, font, size) pieces -> (token, font, width) tokens: one CJK character or one Latin word each."""
    out = []
    for text, font, size in pieces:
        for m in TOKEN.finditer(text):
            t = m.group()
            out.append((t, font, stringWidth(t, font, size)))
    return out


def glued(a: str, b: str) -> bool:
    """Dates and amounts stay whole in table cells: "12月24日", "2026年", "8,460元" (a break may follow 年)."""
    return (a[-1].isdigit() and b[0] in "年月日号时分秒元万") or (a in ("月", "时") and b[0].isdigit())


def break_lines(pieces: list[tuple[str, str, float]], first_width: float, width: float,
                fuzz: float = 0.01, words: bool = False) -> list[list[tuple[str, str, float]]]:
    """Lines of tokens that fit first_width (line 1) and width (the others). `words`: keep dates and amounts
    whole (table cells)."""
    lines: list[list] = [[]]
    used = 0.0
    for tok in tokens(pieces):
        avail = first_width if len(lines) == 1 else width
        if used + tok[2] <= avail + fuzz or not lines[-1]:
            if tok[2] > avail + fuzz and len(tok[0]) > 1 and not lines[-1]:
                lines, used = _split_long(lines, tok, avail, width)
                continue
            lines[-1].append(tok)
            used += tok[2]
            continue
        if tok[0].isspace():            # a space at the break disappears
            continue
        lines.append([tok])
        used = tok[2]
        _kinsoku(lines, words)
        used = sum(t[2] for t in lines[-1])
    lines = [ln for ln in lines if ln] or [[]]
    if words and len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-1][0][0]) == 1 and len(lines[-2]) > 2:
        lines[-1].insert(0, lines[-2].pop())       # no single character alone on the last line of a cell
        while len(lines[-2]) > 2 and glued(lines[-2][-1][0], lines[-1][0][0]):
            lines[-1].insert(0, lines[-2].pop())
    return lines


def _kinsoku(lines: list[list], words: bool = False) -> None:
    """Carry characters down so the new line does not start with a closing mark and the previous one does not end
    with an opening mark (nor, with `words`, splits a date or an amount)."""
    prev, cur = lines[-2], lines[-1]
    while len(prev) > 1 and (cur[0][0] in CANNOT_START or prev[-1][0] in CANNOT_END
                             or (words and glued(prev[-1][0], cur[0][0]))):
        cur.insert(0, prev.pop())
    while prev and prev[-1][0].isspace():
        prev.pop()


def _split_long(lines, tok, avail, width):
    """A Latin word longer than the line: split it by characters."""
    text, font, w = tok
    per = w / len(text)
    used = 0.0
    for ch in text:
        limit = avail if len(lines) == 1 else width
        if used + per > limit and lines[-1]:
            lines.append([])
            used = 0.0
        lines[-1].append((ch, font, per))
        used += per
    return lines, used
