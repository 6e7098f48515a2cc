"""数据交换 for the UI and CLI, over desktop.core.sync: keys and enrolment, export, import, publish, completeness.

What the UI and CLI use:
    exchange  key_status, write_enrolment, export_preview, export, import_files, publish, completeness,
              township_choices, township_name, synced_table_labels (and is_foreign / require_own)
"""

__all__ = ["exchange"]
