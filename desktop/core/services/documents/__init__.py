"""文书: drafts, 签发 with the 文号, delivery, replies, the register; and the seam to the document layer.

What the UI and CLI use:
    records    create_draft, sign, record_delivery, record_reply, void, archive, list_documents, issue, batch_job
    kinds      the kinds of document and what each needs (BY_NAME, resolve_kind, available_kinds)
    values     draft defaults and the values a wording template is filled with
    numbering  发文字号: prefixes per kind, assign_in at 签发, peek_next
    templates  wording templates for the settings screen (load, validate, save, reset, preview)
    forms      printed forms built from records (催办单)
    alerts     reply deadlines for the 工作台 (due_replies, overdue_count)
    layer      build / render / (de)serialise through desktop.core.documents; background font warm-up
"""

__all__ = ["alerts", "forms", "kinds", "layer", "numbering", "records", "templates", "values"]
