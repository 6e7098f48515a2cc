"""GB/T 9704-2012 layout numbers shared by both writers (points unless the name says mm/twips)."""

from __future__ import annotations

MM = 72 / 25.4                      # points per millimetre

PAGE_W_MM, PAGE_H_MM = 210, 297
TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM = 37, 35, 28, 26
TEXT_W_MM, TEXT_H_MM = 156, 225
TEXT_W, TEXT_H = TEXT_W_MM * MM, TEXT_H_MM * MM

# landscape pages for wide tables (附件 such as the 问题整改清单): the same paper turned, text block 225 mm wide;
# the bottom margin keeps the page number where it is on the other pages
LAND_TOP_MM, LAND_BOTTOM_MM, LAND_LEFT_MM, LAND_RIGHT_MM = 28, 35, 37, 35
LAND_TEXT_W = (PAGE_H_MM - LAND_LEFT_MM - LAND_RIGHT_MM) * MM
LAND_TEXT_H = (PAGE_W_MM - LAND_TOP_MM - LAND_BOTTOM_MM) * MM

LINES, CHARS = 22, 28
BODY_PT = 16.0                      # 3号
TITLE_PT = 22.0                     # 2号
SMALL_PT = 14.0                     # 4号: page numbers, 抄送
LINE_TWIPS = 579                    # exact line pitch 28.95 pt: 22 lines fill 225 mm
LINE = LINE_TWIPS / 20
CHAR_PITCH = TEXT_W / CHARS         # 15.79 pt: 28 characters fill 156 mm (Word: docGrid charSpace)
# Word's w:charSpace is the extra advance per character in 1/4096 pt, relative to the 16 pt default size.
DOC_GRID_CHARSPACE = round((CHAR_PITCH - BODY_PT) * 4096)
BODY_CONDENSE_TWIPS = -5             # w:spacing on 3号 runs: advance 15.75 pt, just under the grid pitch
INDENT = 2 * CHAR_PITCH             # first-line indent: 2 characters

RED = (0xE6, 0x00, 0x12)            # red of the 版头
RED_HEX = "E60012"

# 版头 (red-header, 通用格式): mark top edge 35 mm below the text block top; 文号 two lines below; red line 4 mm
# below the 文号; title after one blank line.
RED_TOP_GAP = 35 * MM
RED_LINE_GAP = 4 * MM
RED_LINE_WIDTH = 1.0
MARK_MAX_PT = 36.0                  # 小初
LETTER_MARK_MAX_PT = 30.0
# 信函格式: name top edge 30 mm from the paper top; 武文线 4 mm under the name; 文武线 20 mm above the bottom;
# both 170 mm long and centred on the text block.
LETTER_NAME_TOP = 30 * MM
LETTER_LINE_LEN = 170 * MM
LETTER_BOTTOM_LINE = 20 * MM
PAGE_NUM_TOP_BELOW_TEXT = 7 * MM    # page number top edge 7 mm below the text block
COLOPHON_RULE = 0.35 * MM           # 版记 first and last separator lines: 0.35 mm
COLOPHON_THIN = 0.25 * MM           # the separator between 抄送 and the 印发 line: 0.25 mm
SEAL_BLANK_LINES = 2                # blank lines between the body and the signature (room for the seal)


def mark_size(name: str, max_pt: float) -> float:
    """Font size of the issuing-body mark: as large as allowed while it fits the text block width."""
    n = max(len(name), 1)
    return min(max_pt, (TEXT_W - 2) / n)


def text_ems(s: str) -> float:
    """Width of a string in ems: full-width characters 1, ASCII 0.5."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in "—“”‘’…" else 1.0 for ch in s)


def signature_indents(signature: str, date: str) -> tuple[float, float]:
    """Right indents (in characters) of the signature and the date: the date 4 characters from the right, the
    signature centred over it. 联合行文: call with the longest signature; the others share its indent plus half
    the difference, so that all are centred over the date."""
    date_ind = 4.0
    sig_ind = date_ind + (text_ems(date) - text_ems(signature)) / 2
    if sig_ind < 0:
        date_ind -= sig_ind
        sig_ind = 0.0
    return sig_ind, date_ind


def joint_signature_indents(signatures: list[str], date: str) -> tuple[list[float], float]:
    """Right indents of each of several 署名 (联合行文, one per line, each centred over the date) and of the date."""
    longest = max(signatures, key=text_ems) if signatures else ""
    base, date_ind = signature_indents(longest, date)
    return [base + (text_ems(longest) - text_ems(s)) / 2 for s in signatures], date_ind
