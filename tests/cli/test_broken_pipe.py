"""`qingfeng … --json | head -1` ends quietly (issue 11 §8): no BrokenPipeError traceback, for every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = [
    ["info"], ["problem", "list"], ["problem", "show", "{no}"], ["checklist", "list"], ["doc", "list"],
    ["search", "村"], ["sync", "keys"],
]


def _first_no(data_dir) -> str:
    import sqlite3

    con = sqlite3.connect(data_dir / "qingfeng.db")
    try:
        return con.execute("SELECT no FROM problem ORDER BY no LIMIT 1").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_closed_pipe_ends_without_traceback(demo_dir, command):
    argv = [a.replace("{no}", _first_no(demo_dir)) for a in command]
    p = subprocess.Popen([sys.executable, "-m", "desktop", *argv, "--json", "--data-dir", str(demo_dir)], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()  # the reader goes away before the first line is written
    err = p.stderr.read().decode()
    code = p.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert code == 1


def test_head_minus_one_in_a_shell(demo_dir):
    cmd = f"'{sys.executable}' -m desktop problem list --json --data-dir '{demo_dir}' | head -1"
    done = subprocess.run(["bash", "-c", cmd], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() and "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
