"""Default catalogues written into a new site at set-up (problem typology, 小微权力 checklist …).

Each module here defines `seed(s, ctx)` and runs inside the set-up transaction, in module-name order.
Seed files live in db/seed/.
"""

from __future__ import annotations

import importlib
import pkgutil


def run_all(s, ctx) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "seed"):
            module.seed(s, ctx)
