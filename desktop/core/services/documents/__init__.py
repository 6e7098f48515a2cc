"""文书: drafts, 签发 with the 文号, delivery, replies, the register; and the seam to the document layer.

What the UI and CLI use:
    records    create_draft, update_draft, submit, sign, issue, batch_job — and, re-exported from the modules
               beside it: register (get_document, list_documents, display_status …), delivery (record_delivery,
               record_reply, void, archive), content (build_values, content_of), files (render_to, preview_pdf,
               stored_file …), problem_links (problem_values, open_problems); base holds shared constants
    kinds      the kinds of document and what each needs (BY_NAME, resolve_kind, available_kinds)
    values     draft defaults and the values a wording template is filled with
    numbering  发文字号: prefixes per kind, assign_in at 签发, peek_next
    templates  wording templates for the settings screen (load, validate, save, reset, preview)
    forms      printed forms built from records (催办单)
    alerts     reply deadlines for the 工作台 (due_replies, overdue_count)
    layer      build / render / (de)serialise through desktop.core.documents; background font warm-up; fonts
    glyph_check  characters no font has, checked before 签发 (MissingGlyphs, missing_chars)
    filenames  `文号 单位 标题` file names, safe on Windows
"""

__all__ = ["alerts", "filenames", "forms", "glyph_check", "kinds", "layer", "numbering", "records", "templates",
           "values"]
