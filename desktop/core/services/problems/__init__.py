"""问题整改台账: the problem ledger and its lifecycle (DOMAIN §3.1–3.2).

What the UI and CLI use:
    records    create_problem, get_problem, update_problem, delete_problem, transition, transition_many
    flow       ACTIONS and the gates of each action (allowed_actions); applied through records.transition
    query      page_problems (filters, sort, keyset paging), list_problems, count_problems, counts_by
    rules      deadline colours (colour, COLOUR_LABELS), working-day deadlines, ledger numbers
    catalogue  the editable 类别 / 问题类型 catalogue
    choices    pick lists for the problem forms (units, catalogue, matters, people)
    ledger_io  the ledger in Excel: export_problems, import_problems (legacy ledgers, dry run first)
    ledger_identity  who is who in a legacy ledger import: real number or fingerprint, 原编号, 可能重复
"""

__all__ = ["catalogue", "choices", "flow", "ledger_identity", "ledger_io", "query", "records", "rules"]
