"""Who is who when a legacy 问题整改台账 is imported (issue 11 §2).

A sheet's 序号 is a row number, not an identity. The identity of an imported row (its `import_key`) is
- `no:<number>` when the sheet has a real ledger number (问题编号/台账编号 …; a bare integer is read within the
  year found, 2025 + 7 → 2025-007, as legacy ledgers restart their numbers every year);
- `fp:<fingerprint>` otherwise, the fingerprint of (unit, date found, normalised description).
The problem keeps the sheet's number or 序号 as 原编号 (`original_no`) and gets a number of this township's own
sequence. `Existing` answers, for a row: already imported (skip), possibly a duplicate of an existing problem
(the user decides), or new.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from desktop.core.models.problems import Problem
from desktop.core.services.problems import rules as problem_rules

MAX_NUMBER = 999_999  # a ledger number typed as a number: 1 … 999,999
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_NUMERIC = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def normalise(text) -> str:
    """Description reduced for comparison: NFKC (full-width folded), no spaces or punctuation, lower case."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", str(text or ""))).lower()


def fingerprint(unit_id: str | None, found_date: str | None, description) -> str:
    raw = f"{unit_id or ''}\x1f{found_date or ''}\x1f{normalise(description)}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


class BadNumber(ValueError):
    """A number cell that is not a usable ledger number (0, negative, fractional, absurdly large)."""


def number_text(value, what: str) -> str | None:
    """The text of a 问题编号/序号 cell, or None when empty. Raises BadNumber (Chinese) for 0, −5, 1.5, 10^20."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = str(value).strip()
    if not text:
        return None
    folded = unicodedata.normalize("NFKC", text).replace("−", "-")
    if not _NUMERIC.fullmatch(folded):
        if len(text) > 40:
            raise BadNumber(f"{what}“{text[:20]}…”过长")
        return text  # 2025-101, QX-2025-3, 〔2025〕12号 …
    text = folded
    shown = f"{value:g}" if isinstance(value, float) else text
    number = float(text)
    if not number.is_integer():
        raise BadNumber(f"{what}“{shown}”不是整数")
    if number < 1:
        raise BadNumber(f"{what}“{shown}”不是有效的编号（应为正整数）")
    if number > MAX_NUMBER:
        raise BadNumber(f"{what}“{shown}”过大，不像是台账编号")
    return str(int(number))


@dataclass(frozen=True)
class RowIdentity:
    key: str  # import_key
    original_no: str | None  # 原编号 as shown
    number: str | None  # the real ledger number in its canonical form (None: identity is the fingerprint)
    fingerprint: str


def identify(no_text: str | None, seq_text: str | None, found_date: str, unit_id: str, description) -> RowIdentity:
    fp = fingerprint(unit_id, found_date, description)
    if no_text:
        number = problem_rules.format_no(int(found_date[:4]), int(no_text)) if no_text.isdigit() else no_text
        return RowIdentity(f"no:{number}", no_text, number, fp)
    return RowIdentity(f"fp:{fp}", f"序号 {seq_text}" if seq_text else None, None, fp)


@dataclass(frozen=True)
class Match:
    kind: str  # "imported" (skip) | "possible" (可能重复: the user decides)
    existing_no: str
    reason: str


class Existing:
    """This site's live problems, indexed by import key, own number and fingerprint (one query)."""

    def __init__(self, s, site_code: str):
        t = Problem.__table__
        q = select(t.c.no, t.c.import_key, t.c.unit_id, t.c.found_date, t.c.description).where(
            t.c.origin_site == site_code, t.c.deleted_at.is_(None))
        self.by_key: dict[str, str] = {}
        self.by_no: dict[str, str] = {}
        self.by_fp: dict[str, str] = {}
        for no, key, unit_id, found, description in s.execute(q):
            self.add(no, key, fingerprint(unit_id, found, description))

    def add(self, no: str, key: str | None, fp: str) -> None:
        if key:
            self.by_key.setdefault(key, no)
        self.by_no.setdefault(no, fp)
        self.by_fp.setdefault(fp, no)

    def match(self, ident: RowIdentity) -> Match | None:
        if ident.key in self.by_key:
            no = self.by_key[ident.key]
            what = f"原编号 {ident.original_no}" if ident.number else "单位、发现时间和问题描述"
            return Match("imported", no, f"{what}已导入过（台账中为 {no}），跳过")
        if ident.number and ident.number in self.by_no:
            if self.by_no[ident.number] == ident.fingerprint:  # a ledger this program exported, read back
                return Match("imported", ident.number, f"问题编号 {ident.number} 已在台账中，跳过")
            return Match("possible", ident.number, f"问题编号与台账中的 {ident.number} 相同，但内容不同")
        if ident.fingerprint in self.by_fp:
            no = self.by_fp[ident.fingerprint]
            return Match("possible", no, f"单位、发现时间和问题描述与台账中的 {no} 相同")
        return None
