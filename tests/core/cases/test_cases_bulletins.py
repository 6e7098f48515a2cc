"""通报 built from cases and problems (期 per year, 起/人, GB/T 9704 red layout, no reporter) and the 廉政档案."""

from __future__ import annotations

import pytest

from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.services.cases import bulletins, cases, figures, leads, person_record
from desktop.core.services.problems import query as problem_query
from tests.conftest import db_snapshot
from tests.core.case_helpers import as_role


def _case_ids(ctx, n):
    return [c["id"] for c in cases.list_cases(ctx)[:n]]


def test_bulletin_numbers_issues_counts_cases_and_persons(demo_ctx, tmp_path):
    from docx import Document

    pid = problem_query.list_problems(demo_ctx, {}, ("no", "asc"), limit=1)[0]["id"]
    b = bulletins.create(demo_ctx, {"topic": "群众身边腐败和不正之风", "subject": "侵害群众利益",
                                    "case_ids": _case_ids(demo_ctx, 2), "problem_ids": [pid],
                                    "issue_date": "2026-11-20"}, formats=("docx",))
    assert (b.issue_no, b.cases_count) == (1, 3) and b.persons_count >= 3
    text = "\n".join(p.text for p in Document(b.files[0]).paragraphs)
    assert "关于侵害群众利益典型问题的通报" in text and "通报〔2026〕第1期" in text
    reporters = [leads.get_lead(demo_ctx, x["id"], with_reporter=True).reporter for x in leads.list_leads(demo_ctx)]
    for name in {r["name"] for r in reporters if r and r["name"]}:
        assert name not in text
    b2 = bulletins.create(demo_ctx, {"topic": "八项规定", "case_ids": _case_ids(demo_ctx, 1),
                                     "issue_date": "2026-11-21"}, formats=("docx",))
    assert b2.issue_no == 2 and [x["issue_no"] for x in bulletins.list_bulletins(demo_ctx)] == [2, 1]
    f = figures.period_figures(demo_ctx, "2026-10-01", "2026-12-31")
    assert (f.bulletin_issues, f.bulletin_cases) == (2, 4)


@pytest.mark.parametrize("over, message", [
    ({"case_ids": []}, "请至少选择一个案件或问题"),
    ({"topic": "其他专题"}, "通报专题只能是"),
    ({"issue_date": "2026-12-01"}, "通报日期不能晚于今天"),
])
def test_bulletin_bad_input_writes_nothing(demo_ctx, demo_dir, over, message):
    ids = _case_ids(demo_ctx, 1)
    before = db_snapshot(demo_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match=message):
        bulletins.create(demo_ctx, {"topic": "八项规定", "case_ids": ids, **over})
    assert db_snapshot(demo_dir / "qingfeng.db") == before


def test_bulletin_from_cases_and_person_record_need_sensitive_role(demo_ctx):
    ids = _case_ids(demo_ctx, 1)
    subject = cases.get_case(demo_ctx, ids[0]).subjects[0]
    rec = person_record.record(demo_ctx, subject["person_id"])
    kinds = {e["kind"] for e in rec.events}
    assert {"问题线索", "立案", "处理处分"} <= kinds and rec.person["name"] == subject["name"]
    assert [e["date"] for e in rec.events] == sorted((e["date"] for e in rec.events), reverse=True)
    as_role(demo_ctx, "工作人员")
    with pytest.raises(PermissionDenied):
        bulletins.create(demo_ctx, {"topic": "八项规定", "case_ids": ids})
    with pytest.raises(PermissionDenied):
        person_record.record(demo_ctx, subject["person_id"])
