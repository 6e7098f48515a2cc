"""The headless core: no Qt here (enforced by tests/core/test_layers.py and import-linter)."""
