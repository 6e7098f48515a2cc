"""`demo --size small` fills the problem ledger consistently: every state, overdue, extended, relapsed,
evidence photos, numbers unique per year, people and units from the registry, search index in step."""

from __future__ import annotations

from sqlalchemy import text

from desktop.core.models.problems import STATUSES
from desktop.core.services import attachments
from desktop.core.services.problems import query as problem_query
from desktop.core.services.problems import records as problems
from desktop.core.services.search import fulltext as search


def test_small_demo_covers_the_lifecycle(demo_ctx):
    ctx = demo_ctx
    by_status = problem_query.counts_by(ctx, "status")
    with ctx.reader() as s:  # later demo steps (village checks) add problems of their own
        ours = s.execute(text("SELECT count(*) FROM problem WHERE inspection_id IS NULL")).scalar()
    assert set(by_status) == set(STATUSES) and 250 <= ours <= 350
    colours = problem_query.counts_by(ctx, "colour")
    assert colours.get("red") and colours.get("yellow") and colours.get("blue") and colours.get("green")
    with ctx.reader() as s:
        one = lambda sql: s.execute(text(sql)).scalar()  # noqa: E731
        assert one("SELECT count(*) FROM problem WHERE relapse_count > 0") > 0
        assert one("SELECT count(*) FROM problem_deadline WHERE kind = '延期' AND approver IS NOT NULL") > 0
        assert one("SELECT count(*) FROM problem_milestone") > 0
        assert one("SELECT count(*) FROM attachment WHERE owner_entity = 'problem'") > 0
        assert one("SELECT count(*) FROM (SELECT no FROM problem GROUP BY no HAVING count(*) > 1)") == 0
        assert one("SELECT count(*) FROM problem p LEFT JOIN unit u ON u.id = p.unit_id WHERE u.id IS NULL") == 0
        assert one("SELECT count(*) FROM problem_person pp JOIN person x ON x.id = pp.person_id") > 0
        assert one("SELECT count(*) FROM problem WHERE deadline < found_date") == 0
        assert one("SELECT count(*) FROM problem WHERE closed_date > '2026-11-24' OR revisit_date > '2026-11-24'") == 0
        assert one("SELECT count(*) FROM search_doc WHERE entity = 'problem'") == sum(by_status.values())


def test_demo_problem_is_complete_and_evidence_opens(demo_ctx):
    closed = problem_query.list_problems(demo_ctx, {"status": "已销号"}, limit=50)
    with_photo = next(p for p in (problems.get_problem(demo_ctx, c["id"]) for c in closed) if p["attachments"])
    path = attachments.file_path(demo_ctx, with_photo["attachments"][0])
    assert path.read_bytes().startswith(b"\x89PNG")
    assert [e["action"] for e in with_photo["events"]][-1] == "销号"
    assert search.search(demo_ctx, with_photo["no"]).count >= 1


def test_demo_problems_link_only_to_matters_that_target_their_unit(demo_ctx):
    with demo_ctx.reader() as s:
        one = lambda sql: s.execute(text(sql)).scalar()  # noqa: E731
        assert one("SELECT count(*) FROM problem WHERE matter_id IS NOT NULL") > 0
        assert one("SELECT count(*) FROM problem p WHERE p.matter_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                   "matter_unit mu WHERE mu.matter_id = p.matter_id AND mu.unit_id = p.unit_id "
                   "AND mu.deleted_at IS NULL)") == 0


def test_demo_rules_carry_the_townships_own_name(demo_ctx):
    """Issue 16: no “《XX镇村级财务管理办法》” placeholder in the demo; the township's own name instead."""
    with demo_ctx.reader() as s:
        basis = [r[0] for r in s.execute(text("SELECT DISTINCT basis_violated FROM problem")).all()]
    assert basis and not any("XX" in (b or "") for b in basis)
    assert f"《{demo_ctx.site_name}村级财务管理办法》" in basis
