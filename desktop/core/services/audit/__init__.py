"""The audit log: who did what, when, before and after — tamper-evident and readable.

What the UI and CLI use:
    chain   verify (ChainReport): the hash chain, naming the first changed, removed or inserted entry;
            append_values (rows.write_audit chains every new entry)
    log     search, choices, history (one record), export_xlsx; record_export, record_view (audit an export or
            a view of a sensitive record)
"""

__all__ = ["chain", "log"]
