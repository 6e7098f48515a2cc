"""全文检索 across the ledgers (trigram index; 1–2 character names scanned).

What the UI and CLI use:
    fulltext  search → SearchResult (count, mode, hits: SearchHit), rebuild_problems
"""

__all__ = ["fulltext"]
