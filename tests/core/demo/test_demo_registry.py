"""`demo --size small` registry: a person's gender fits the given name (a 金花 is a woman)."""

from __future__ import annotations

from sqlalchemy import text

from desktop.core.demo.names import GIVEN_ONE, GIVEN_TWO


def test_demo_people_have_names_that_fit_their_gender(demo_ctx):
    with demo_ctx.reader() as s:
        people = s.execute(text("SELECT name, gender FROM person WHERE deleted_at IS NULL")).all()
    assert {g for _, g in people} == {"男", "女"}
    wrong = [(n, g) for n, g in people if n[1:] not in (*GIVEN_TWO[g], *GIVEN_ONE[g])]
    assert wrong == []


def test_given_name_lists_do_not_overlap():
    assert not set(GIVEN_TWO["男"]) & set(GIVEN_TWO["女"]) and not set(GIVEN_ONE["男"]) & set(GIVEN_ONE["女"])
