"""清风台账 — offline supervision ledger for township discipline-inspection staff."""

__version__ = "0.1.0"
APP_NAME = "清风台账"


def _bundle_version() -> str | None:
    """The installed build's own version: installer/build.sh may write another one into the bundle's VERSION."""
    import sys

    root = getattr(sys, "_MEIPASS", None)
    if not root:
        return None
    try:
        with open(f"{root}/VERSION", encoding="utf-8") as fh:
            return fh.read().strip() or None
    except OSError:
        return None


__version__ = _bundle_version() or __version__
