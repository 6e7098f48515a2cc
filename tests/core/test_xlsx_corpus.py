"""Every Excel import against the generated corpus of awkward and broken files (issue 11 §3): each file gives its
expected outcome — a clear Chinese message and an unchanged database, or the right rows — never a traceback."""

from __future__ import annotations

import pytest

from desktop.core.errors import ImportFileError, ValidationError
from desktop.core.services.checks import checklist_io
from desktop.core.services.problems import ledger_io
from desktop.core.services.registry import io as registry_io
from tests.conftest import db_snapshot
from tests.core.problem_helpers import village
from tests.fixtures.xlsx_corpus import CASES, V1, V2, far_cell


def _run(ctx, importer: str, path) -> tuple[int, set[str]]:
    """(rows the import would write, columns named in row rejections)."""
    if importer == "problems":
        r = ledger_io.import_problems(ctx, path)
        assert len(r["accepted"]) + len(r["rejected"]) + len(r["skipped"]) == r["data_rows"]
        return len(r["accepted"]), {x["column"] for x in r["rejected"]}
    if importer in ("units", "people"):
        plan = registry_io.plan_import(ctx, path, importer)
        return plan.counts()["新增"], {i.column for i in plan.issues()}
    result = checklist_io.read_xlsx(ctx, path)
    return sum(len(x.items) for x in result.lists), set()


def test_the_corpus_is_big_enough_and_covers_every_import():
    assert len(CASES) >= 30 and len({c.name for c in CASES}) == len(CASES)
    assert {c.importer for c in CASES} == {"problems", "units", "people", "checklists"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_file_gives_its_expected_outcome(ctx, tmp_path, case):
    village(ctx, V1)
    village(ctx, V2)
    path = case.build(tmp_path / f"{case.name}.xlsx")
    before = db_snapshot(ctx.db.path)
    kind, expected = case.expected
    if kind == "error":
        with pytest.raises((ImportFileError, ValidationError)) as info:
            _run(ctx, case.importer, path)
        message = info.value.message
        assert expected in message and "Traceback" not in message and "\n" not in message
    else:
        rows, bad = _run(ctx, case.importer, path)
        assert rows == expected["rows"]
        if "bad" in expected:
            assert expected["bad"] in bad
    assert db_snapshot(ctx.db.path) == before


def test_escaped_control_characters_are_removed_from_the_text(ctx, tmp_path):
    from tests.fixtures.xlsx_corpus import marked, patched

    village(ctx, V1)
    path = patched("problems", "xl/worksheets/sheet1.xml", b"@@X@@", b"A_x0001_B_x0000_C", marked("problems"))(
        tmp_path / "x.xlsx")
    r = ledger_io.import_problems(ctx, path, dry_run=False)
    from desktop.core.services.problems import records as problems

    assert problems.get_problem(ctx, r["accepted"][0]["no"])["description"] == "ABC"


def test_a_stray_cell_at_the_last_row_costs_little_memory(ctx, tmp_path):
    import tracemalloc

    village(ctx, V1)
    path = far_cell("problems")(tmp_path / "far.xlsx")
    assert path.stat().st_size < 20_000
    tracemalloc.start()
    try:
        r = ledger_io.import_problems(ctx, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(r["accepted"]) == 3 and peak < 40 * 1024 * 1024
    assert r["stopped_after"] == 4  # reading ended after the data: a long run of blank rows followed


def test_too_big_a_file_is_refused_before_reading(ctx, tmp_path, monkeypatch):
    from desktop.core import xlsx_read
    from tests.fixtures.xlsx_corpus import plain

    monkeypatch.setattr(xlsx_read, "MAX_UNCOMPRESSED", 2000)
    with pytest.raises(ImportFileError, match="解压后超过"):
        ledger_io.import_problems(ctx, plain("problems")(tmp_path / "big.xlsx"))
