"""Dialogs. Each exposes its data (`data()` returns a dataclass) so callers and tests need no widget poking."""
