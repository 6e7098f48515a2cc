"""The district's township filter in the list services: `origin_site` narrows every ledger, inspection and document
list to one township (None = all), and the rows carry origin_site for the 乡镇 column."""

from __future__ import annotations

import pytest

from desktop.core.services.checks import inspections
from desktop.core.services.documents import records as documents
from desktop.core.services.matters import records as matters
from desktop.core.services.problems import query as problem_query
from desktop.core.services.talks import records as talks
from tests.sync_helpers import *  # noqa: F403
from tests.sync_helpers import open_ctx

QINGXI, MEISHAN, DISTRICT = "330226101", "330226102", "330226"

LISTS = {
    "problems": lambda ctx, site: problem_query.list_problems(ctx, {"origin_site": site}),
    "matters": lambda ctx, site: matters.list_matters(ctx, origin_site=site),
    "talks": lambda ctx, site: talks.list_talks(ctx, origin_site=site),
    "inspections": lambda ctx, site: inspections.list_inspections(ctx, origin_site=site),
    "documents": lambda ctx, site: documents.list_documents(ctx, origin_site=site),
}


@pytest.fixture
def dctx(two_town_district):
    ctx = open_ctx(two_town_district)
    yield ctx
    ctx.close()


@pytest.mark.parametrize("name", list(LISTS))
def test_origin_site_narrows_each_list_to_one_township(dctx, name):
    listing = LISTS[name]
    everything = listing(dctx, None)
    qingxi, meishan = listing(dctx, QINGXI), listing(dctx, MEISHAN)
    assert qingxi, f"{name}: 清溪镇 sent rows"
    assert {r["origin_site"] for r in qingxi} == {QINGXI}
    assert all(r["origin_site"] == MEISHAN for r in meishan)
    assert sorted(r["id"] for r in everything) == sorted(r["id"] for r in qingxi + meishan)
    assert listing(dctx, DISTRICT) == []  # the district itself registered nothing here
    if name in ("problems", "matters", "talks"):  # the quick demo of 梅山镇 has ledgers, not inspections/documents
        assert meishan


def test_problem_paging_and_count_honour_origin_site(dctx):
    f = {"origin_site": MEISHAN}
    total = problem_query.count_problems(dctx, f)
    assert 0 < total < problem_query.count_problems(dctx, None)
    seen, after = [], None
    while True:
        page = problem_query.page_problems(dctx, f, ("deadline", "asc"), after=after, limit=7)
        assert page["total"] == total
        seen += page["rows"]
        after = page["next"]
        if after is None:
            break
    assert len(seen) == total and {r["origin_site"] for r in seen} == {MEISHAN}
    assert problem_query.count_problems(dctx, {"origin_site": [QINGXI, MEISHAN]}) == \
        problem_query.count_problems(dctx, None)
    assert sum(problem_query.counts_by(dctx, "status", f).values()) == total
