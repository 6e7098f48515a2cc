"""名册: supervised units and people (with post history), and their import/export in Excel.

What the UI and CLI use:
    units   create, update, delete, get, list_units, villages (UNIT_TYPES)
    people  create, update, delete, get, history, list_people (POSITIONS, mask_id)
    io      plan_import (dry run) → apply_import; export; fields_of
"""

__all__ = ["io", "people", "units"]
