"""清风台账 — offline supervision ledger for township discipline-inspection staff."""

__version__ = "0.1.0"
APP_NAME = "清风台账"
