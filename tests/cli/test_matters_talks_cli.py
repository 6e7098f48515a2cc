"""CLI: `ledger export --kind matters|talks` and `search` finding talks and matters."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from desktop.cli import main


def test_cli_exports_matters_and_talks(demo_dir, tmp_path, capsys):
    for kind, header, rows in (("matters", "监督事项", 30), ("talks", "谈话类型", 40)):
        out = tmp_path / f"{kind}.xlsx"
        assert main(["ledger", "export", "--kind", kind, "--out", str(out), "--data-dir", str(demo_dir), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["rows"] == rows
        ws = load_workbook(out).active
        assert header in [c.value for c in ws[1]] and ws.max_row == rows + 1


def test_cli_search_finds_talks_and_matters(demo_dir, capsys):
    assert main(["search", "租金拖欠", "--data-dir", str(demo_dir), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["count"] >= 1 and {h["entity"] for h in result["hits"]} >= {"talk_record"}
    assert main(["search", "巡河不到位", "--data-dir", str(demo_dir), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert "supervision_matter" in {h["entity"] for h in result["hits"]}
