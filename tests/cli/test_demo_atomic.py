"""`qingfeng demo` is built in a temporary database renamed into place (issue 11 §7): a demo killed halfway
leaves no half-built data; the next run cleans up and builds the whole demo."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli import run

ROOT = Path(__file__).resolve().parents[2]
KILLED_DEMO = r"""
import os, signal, sys
from desktop.core import clock
from tests.conftest import fixed_clock
clock.set_default(fixed_clock())
import desktop.core.demo.ledger as step

def die(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
    yield ""

step.run = die  # killed after the registry and the checklists were written
from desktop.cli import main
main(["demo", "--data-dir", sys.argv[1], "--json"])
"""


def test_a_killed_demo_leaves_nothing_half_built(tmp_path, capsys):
    d = tmp_path / "演示"
    proc = subprocess.run([sys.executable, "-c", KILLED_DEMO, str(d)], cwd=ROOT, capture_output=True,
                          timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert not (d / "qingfeng.db").exists()  # the half-built demo never had the real name
    assert list(d.glob(".demo-*.db*"))
    code, out, err = run(capsys, "demo", "--data-dir", d, "--json")
    assert code == 0, err
    counts = json.loads(out)["counts"]
    assert counts["unit"] > 0 and counts["problem"] > 0
    assert not list(d.glob(".demo-*"))


def test_demo_into_an_initialised_empty_data_dir(tmp_path, capsys):
    d = tmp_path / "d"
    code, _, err = run(capsys, "init", "--data-dir", d, "--role", "township", "--site-code", "330226105",
                       "--site-name", "桃花镇", "--capacity", "纪律检查")
    assert code == 0, err
    code, out, err = run(capsys, "demo", "--data-dir", d, "--json")
    assert code == 0, err
    code, out, _ = run(capsys, "info", "--data-dir", d, "--json")
    info = json.loads(out)
    assert info["site"]["site_name"] == "桃花镇" and info["counts"]["problem"] > 0
    code, _, err = run(capsys, "demo", "--data-dir", d)
    assert code == 1 and "已有数据" in err
