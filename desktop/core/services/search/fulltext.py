"""Full-text search across the ledgers (problems; matters and talks add their own rows through fts.upsert).

    result = search.search(ctx, "白条")          # SearchResult: query, terms, count, hits (SearchHit), mode

Terms of ≥ 3 characters use the trigram index; 1–2 character terms (names such as 张三) are scanned with
instr(); quotes and FTS operators in the query are plain text. The count is always given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select

from desktop.core.models.problems import Problem
from desktop.core.models.registry import Unit
from desktop.core.progress import Progress
from desktop.core.store import fts

ENTITY_LABELS = {"problem": "问题", "supervision_matter": "监督事项", "talk_record": "谈话记录"}


@dataclass
class SearchHit:
    """One record found: its kind (entity, with its Chinese label), id, title and a snippet around the terms."""

    entity: str
    id: str
    title: str
    snippet: str
    entity_label: str


@dataclass
class SearchResult:
    """What a search found. `count` is every match; `hits` only the first `limit` of them.
    `mode`: 索引 (trigram index), 逐条扫描 (1–2 character terms scanned) or 混合."""

    query: str
    terms: list[str]
    count: int
    mode: str
    hits: list[SearchHit] = field(default_factory=list)


def search(ctx, query: str, *, entities: list[str] | None = None, limit: int = 50) -> SearchResult:
    """Search every indexed record (or only `entities`)."""
    with ctx.reader() as s:
        total, hits, mode = fts.search(s, query, entities=entities, limit=limit)
    return SearchResult(query=query, terms=fts.split_terms(query), count=total, mode=mode,
                        hits=[SearchHit(entity=h["entity"], id=h["id"], title=h["title"], snippet=h["snippet"],
                                        entity_label=ENTITY_LABELS.get(h["entity"], h["entity"])) for h in hits])


def rebuild_problems(ctx, batch: int = 5000) -> Iterator[Progress]:
    """Rebuild the problem rows of the search index (after bulk loads, sync imports or unit renames).

    A progress job returning the number of problems indexed; reads in keyset batches, one transaction.
    """
    from sqlalchemy import func

    from desktop.core.services.problems.records import search_text

    p, u = Problem.__table__, Unit.__table__
    with ctx.session() as s:
        fts.clear(s, "problem")
        names = dict(s.execute(select(u.c.id, u.c.name)).all())
        total = s.execute(select(func.count()).select_from(p).where(p.c.deleted_at.is_(None))).scalar_one()
        done, last = 0, ""
        while True:
            chunk = s.execute(select(p).where(p.c.deleted_at.is_(None), p.c.id > last).order_by(p.c.id)
                              .limit(batch)).mappings().all()
            if not chunk:
                break
            fts.bulk_upsert(s, "problem", [(r["id"], *search_text(r, names.get(r["unit_id"]))) for r in chunk])
            done, last = done + len(chunk), chunk[-1]["id"]
            yield Progress(done, total, "重建问题检索索引")
    return done
