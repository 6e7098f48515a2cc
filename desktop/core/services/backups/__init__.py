"""Backups: back up now, the rolling backup before an import, restore (verified first, the old database kept).

What the UI and CLI use:
    backup  backup_now, preview, restore_backup, restore_into_empty, backup_before_import,
            finish_pending_restore (one verified .qfbak file: database + attachments + documents)
    auto    run_daily, last: the automatic daily backup with its 7/4/12 rotation
"""

__all__ = ["auto", "backup"]
