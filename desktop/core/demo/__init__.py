"""Realistic fictional demo data, built in steps. Each issue adds its own step module here.

A step module exposes `run(ctx, rng, size) -> Iterator[str]` (progress messages) and is listed in STEPS;
steps whose module is missing are skipped, so the demo grows as the product does.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Iterator

STEPS = ("users", "registry", "checklists", "ledger_extra", "ledger", "ledger_talks", "inspections", "documents", "cases")
SIZES = ("small", "large")


def run(ctx, size: str = "small", seed: int = 2026) -> Iterator[str]:
    """Fill an initialised, empty database with demo data; yields progress lines."""
    if size not in SIZES:
        raise ValueError(size)
    rng = random.Random(seed)
    for name in STEPS:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue
            raise
        yield from module.run(ctx, rng, size)
