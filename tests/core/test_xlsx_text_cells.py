"""Exports never execute (issue 11 §4): text that looks like a formula is written as text, in every xlsx."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from desktop.core.progress import drain
from desktop.core.services.problems import ledger_io
from desktop.core.services.registry import io as registry_io
from desktop.core.services.registry import units
from desktop.core.services.workbench import today as workbench
from tests.core.problem_helpers import new_problem, village

EVIL = '=HYPERLINK("http://evil.example/x","点击查看")'


def _formulas(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [m for n in z.namelist() if n.startswith("xl/worksheets/")
                for m in re.findall(r"<f>.*?</f>", z.read(n).decode())]


def _texts(path: Path) -> set:
    ws = load_workbook(path).active
    return {c.value for row in ws.iter_rows() for c in row if c.data_type == "s"}


def test_ledger_export_writes_a_formula_like_description_as_text(ctx, tmp_path):
    from desktop.core.services.problems import records as problems

    p = new_problem(ctx, description=EVIL, note="=1+1")
    problems.transition(ctx, p["id"], "交办", requirement="=SUM(A1:A9)", deadline="2026-11-20")
    out = tmp_path / "台账.xlsx"
    drain(ledger_io.export_problems(ctx, out))  # streaming writer
    assert _formulas(out) == [] and {EVIL, "=1+1", "=SUM(A1:A9)"} <= _texts(out)
    chase = tmp_path / "催办单.xlsx"
    workbench.export_chase_list(ctx, chase)  # write_table, with a title row
    assert _formulas(chase) == [] and EVIL in _texts(chase)


def test_registry_export_writes_formula_like_names_as_text(ctx, tmp_path):
    village(ctx, "青石村")
    units.create(ctx, {"name": "=1+2", "type": "行政村", "note": EVIL})
    out = tmp_path / "单位.xlsx"
    registry_io.export(ctx, "units", out)
    assert _formulas(out) == [] and {"=1+2", EVIL} <= _texts(out)


def test_only_the_two_xlsx_writers_create_workbooks():
    root = Path(__file__).resolve().parents[2] / "desktop"
    writers = {str(p.relative_to(root)) for p in root.rglob("*.py")
               if re.search(r"\bWorkbook\(|WriteOnlyCell\(", p.read_text(encoding="utf-8"))}
    assert writers == {"core/xlsx.py", "core/xlsx_stream.py"}
