"""Helpers for the problem-ledger tests (plain functions; the fixtures stay in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.services.problems import records as problems
from desktop.core.services.registry import units

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def village(ctx, name: str = "青石村") -> dict:
    found = [u for u in units.list_units(ctx) if u["name"] == name]
    return found[0] if found else units.create(ctx, {"name": name, "type": "行政村"})


def evidence(tmp_path: Path, name: str = "现场照片.png", content: bytes = PNG) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def new_problem(ctx, **values) -> dict:
    base = {"unit_id": village(ctx)["id"], "description": "2026年10月，青石村报账员以白条入账3笔，共计1200元。",
            "found_date": "2026-10-12", "source": "自主", "category": "村级财务", "problem_type": "白条入账",
            "people": ["张三"]}
    base.update(values)
    return problems.create_problem(ctx, base)


def assigned(ctx, **values) -> dict:
    p = new_problem(ctx, **values)
    return problems.transition(ctx, p["id"], "交办", requirement="补齐报账手续", deadline="2026-12-31")


def in_review(ctx, tmp_path, with_evidence: bool = True, **values) -> dict:
    p = assigned(ctx, **values)
    ev = [evidence(tmp_path)] if with_evidence else []
    return problems.transition(ctx, p["id"], "反馈", measures="已补齐票据并追回款项", evidence=ev)


def closed(ctx, tmp_path, **values) -> dict:
    p = in_review(ctx, tmp_path, **values)
    return problems.transition(ctx, p["id"], "销号", opinion="整改到位，同意销号")
