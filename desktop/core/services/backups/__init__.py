"""Backups: back up now, the rolling backup before an import, restore (verified first, the old database kept).

What the UI and CLI use:
    backup  backup_now, backup_before_import, restore_backup
"""

__all__ = ["backup"]
