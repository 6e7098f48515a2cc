"""Use cases. Each takes a `Context`, returns plain data (dicts/dataclasses) or raises a typed error.

One package per domain — problems, checks, documents, registry, org, talks, matters, backups, search,
workbench, sync, audit — each naming in its __init__ the modules it offers the UI and CLI. Two shared helpers sit
beside them: rows (every write, with the sync columns and the audit log) and attachments (files on any record).
"""
