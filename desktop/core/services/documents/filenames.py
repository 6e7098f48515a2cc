"""File names of issued documents: `文号 单位 标题.pdf`, safe on Windows.

- a draft starts with “草稿”; a signed document with its 文号, or nothing for kinds without one (回执, 谈话记录 —
  a signed one is never called “草稿”);
- the unit (or the person) comes next unless the title already names it, so a batch of 廉洁提醒函 to 30 villages
  gives 30 different, readable names;
- no character Windows forbids (\\ / : * ? " < > | and control characters), no trailing dot or space, no reserved
  device name (CON, PRN, AUX, NUL, COM1–9, LPT1–9), and at most 120 characters with the extension.
"""

from __future__ import annotations

import re

MAX_NAME = 120                       # characters of the whole file name, extension included
EXT_ROOM = 6                         # ".docx" and a spare character
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$")
DRAFT_STATES = ("草稿", "待签发")


def safe(text: str, limit: int = MAX_NAME - EXT_ROOM) -> str:
    """`text` as a Windows-safe file name stem of at most `limit` characters."""
    s = UNSAFE.sub("_", text)
    s = re.sub(r"\s+", " ", s).strip(" .")
    if len(s) > limit:
        s = s[:limit].rstrip(" .")
    if RESERVED.match(s):
        s = "_" + s
    return s or "文书"


def file_stem(doc: dict) -> str:
    """`文号 单位 标题` of a document row (see the module doc); `unit_name` / `person_name` when known."""
    draft = doc.get("status") in DRAFT_STATES or (not doc.get("status") and not doc.get("doc_no"))
    head = doc.get("doc_no") or ("草稿" if draft else "")
    title = (doc.get("title") or doc.get("kind") or "").strip()
    who = (doc.get("unit_name") or doc.get("person_name") or "").strip()
    parts = [head, who if who and who not in title else "", title]
    return safe(" ".join(p for p in parts if p))
