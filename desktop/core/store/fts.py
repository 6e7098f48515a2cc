"""Full-text search over Chinese text: the one module that knows about SQLite FTS5 (docs/ARCHITECTURE.md §3).

Index: table `search_doc` (entity, entity_id, title, body), one row per searchable record of any module, kept
by the services through `upsert`/`remove`/`bulk_upsert`; FTS5 table `search_fts` (trigram tokenizer,
external content = search_doc, kept in step by triggers).

Query routing: the query is split on white space into terms, all of which must occur (AND).
- terms of ≥ 3 characters go to `MATCH` as quoted phrases (quotes doubled), so `"`, `*`, `NEAR`, `OR` are
  plain text, never FTS syntax;
- terms of 1–2 characters (a two-character name such as 张三) cannot use the trigram index and are checked
  with `instr()` on the base table.
If FTS5 is unavailable (another database engine) every term is checked with `instr()`: same results, slower.
"""

from __future__ import annotations

import re

from sqlalchemy import and_, bindparam, func, literal_column, select, text

from desktop.core.models.search import SearchDoc

MIN_FTS = 3
_SPACE = re.compile(r"\s+")


def split_terms(query: str) -> list[str]:
    """Distinct search terms in order; case folded (the trigram index is case-insensitive)."""
    seen: list[str] = []
    for term in _SPACE.split((query or "").strip()):
        term = term.lower()
        if term and term not in seen:
            seen.append(term)
    return seen


def phrase(term: str) -> str:
    """An FTS5 string literal: the term in double quotes, inner quotes doubled — always a literal phrase."""
    return '"' + term.replace('"', '""') + '"'


def has_fts(s) -> bool:
    return bool(s.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'")).first())


def where_clause(s, terms: list[str], entities: list[str] | None = None):
    """A SQLAlchemy condition on search_doc selecting the rows that contain every term."""
    d = SearchDoc.__table__
    conds = []
    if entities:
        conds.append(d.c.entity.in_(entities))
    long_terms = [t for t in terms if len(t) >= MIN_FTS] if has_fts(s) else []
    if long_terms:
        match = " ".join(phrase(t) for t in long_terms)
        conds.append(d.c.id.in_(
            select(literal_column("rowid")).select_from(text("search_fts"))
            .where(text("search_fts MATCH :fts_match").bindparams(bindparam("fts_match", match)))
        ))
    for t in terms:
        if t not in long_terms:  # lower() only when the term has letters with case (it costs a copy per row)
            body = func.lower(d.c.body) if t != t.upper() else d.c.body
            conds.append(func.instr(body, t) > 0)
    return and_(*conds) if conds else d.c.id.is_not(None)


def matching_ids(s, entity: str, query: str):
    """A select of entity_id for one entity matching `query` (for `id IN (...)` filters in list queries)."""
    d = SearchDoc.__table__
    terms = split_terms(query)
    # `entity || ''` keeps SQLite from scanning the entity index: the FTS hits should drive the lookup
    return select(d.c.entity_id).where(d.c.entity.concat(literal_column("''")) == entity, where_clause(s, terms))


def search(s, query: str, *, entities: list[str] | None = None, limit: int = 50) -> tuple[int, list[dict], str]:
    """(total count, first `limit` hits, mode). Hits: entity, id, title, snippet. mode: 索引 / 逐条扫描 / 混合."""
    d = SearchDoc.__table__
    terms = split_terms(query)
    if not terms:
        return 0, [], "空"
    cond = where_clause(s, terms, entities)
    fts_only = not entities and has_fts(s) and all(len(t) >= MIN_FTS for t in terms)
    if fts_only:  # count straight from the index, without visiting the content rows
        match = " ".join(phrase(t) for t in terms)
        total = s.execute(text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :m"), {"m": match}).scalar_one()
    else:
        total = s.execute(select(func.count()).select_from(d).where(cond)).scalar_one()
    q = select(d.c.entity, d.c.entity_id, d.c.title, d.c.body).where(cond).order_by(d.c.id.desc()).limit(limit)
    hits = [{"entity": r.entity, "id": r.entity_id, "title": r.title, "snippet": snippet(r.body, terms)}
            for r in s.execute(q)]
    fts = has_fts(s)
    longs = sum(len(t) >= MIN_FTS for t in terms) if fts else 0
    mode = "索引" if longs == len(terms) else ("逐条扫描" if longs == 0 else "混合")
    return total, hits, mode


def snippet(body: str, terms: list[str], width: int = 24) -> str:
    low = body.lower()
    pos = min((p for p in (low.find(t) for t in terms) if p >= 0), default=0)
    start = max(0, pos - width)
    end = min(len(body), pos + width * 2)
    return ("…" if start else "") + body[start:end] + ("…" if end < len(body) else "")


def upsert(s, entity: str, entity_id: str, title: str, body: str) -> None:
    """Add or replace the index row of one record."""
    bulk_upsert(s, entity, [(entity_id, title, body)])


def bulk_upsert(s, entity: str, items: list[tuple[str, str, str]]) -> int:
    """Add or replace many index rows: (entity_id, title, body). Triggers keep the FTS table in step."""
    if not items:
        return 0
    sql = text(
        "INSERT INTO search_doc (entity, entity_id, title, body) VALUES (:entity, :entity_id, :title, :body) "
        "ON CONFLICT (entity, entity_id) DO UPDATE SET title = excluded.title, body = excluded.body"
    )
    s.execute(sql, [{"entity": entity, "entity_id": i, "title": t, "body": b} for i, t, b in items])
    return len(items)


def remove(s, entity: str, entity_id: str) -> None:
    d = SearchDoc.__table__
    s.execute(d.delete().where(d.c.entity == entity, d.c.entity_id == entity_id))


def clear(s, entity: str) -> None:
    d = SearchDoc.__table__
    s.execute(d.delete().where(d.c.entity == entity))


def naive_like_count(s, term: str) -> int:
    """Baseline for benchmarks: COUNT with LIKE '%term%' over the base table (no index)."""
    d = SearchDoc.__table__
    return s.execute(select(func.count()).select_from(d).where(d.c.body.like(f"%{term}%"))).scalar_one()
