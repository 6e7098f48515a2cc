"""The village profile lists the documents issued to the unit (issue 5 profile × issue 6 register)."""

from __future__ import annotations

from desktop.core.services.checks import village_profile
from desktop.core.services.documents import records as documents
from desktop.core.services.registry import units


def test_profile_lists_signed_documents_of_the_unit_only(demo_ctx):
    register = [d for d in documents.list_documents(demo_ctx) if d["status"] != "草稿" and d.get("unit_id")]
    assert register, "the demo issues documents to villages"
    unit_id = register[0]["unit_id"]
    shown = village_profile.profile(demo_ctx, unit_id)["documents"]
    assert shown["available"] is True
    expected = {d["doc_no"] for d in register if d["unit_id"] == unit_id}
    assert expected <= {r["doc_no"] for r in shown["rows"]}
    other = next(u for u in units.villages(demo_ctx) if u["id"] != unit_id)
    others = {r["doc_no"] for r in village_profile.profile(demo_ctx, other["id"])["documents"]["rows"]}
    assert not (expected & others)
