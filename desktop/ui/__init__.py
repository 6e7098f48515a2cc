"""PySide6 user interface: a thin client over desktop.core.services."""
