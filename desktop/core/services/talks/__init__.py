"""谈话记录: talk records (谈话提醒, 约谈, 诫勉, 函询 …), all counted toward the first form.

What the UI and CLI use:
    records  create, update, delete, get_talk, list_talks, add_attachment, first_form_count, export_xlsx
"""

__all__ = ["records"]
