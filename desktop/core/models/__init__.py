"""SQLModel tables, one module per aggregate. `load_all()` imports every module so metadata is complete."""

from __future__ import annotations

import importlib
import pkgutil


def load_all():
    """Import every model module of this package; returns SQLModel.metadata."""
    from sqlmodel import SQLModel

    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    return SQLModel.metadata
