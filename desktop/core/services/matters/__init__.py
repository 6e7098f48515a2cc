"""监督台账: supervision matters, the master ledger (DOMAIN §3.1, §8.1).

What the UI and CLI use:
    records  create, update, delete, get_matter, list_matters, choices, export_xlsx
"""

__all__ = ["records"]
