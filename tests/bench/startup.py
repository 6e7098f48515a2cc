"""Start-up benchmark: spawn → main window shown and → 工作台 ready (its figures on screen), for
`qingfeng --smoke-test` against a bare PySide6 QMainWindow (spawn → shown).

Usage: python tests/bench/startup.py [RUNS] [--data-dir DIR]

Both are measured the same way, in the same run, interleaved: wall time from spawning the process until its
"shown" line (and, for qingfeng, its "ready_ms" line) appears on stdout (offscreen). The bare script shows a QMainWindow and prints at the first
event-loop turn after show(), as the app's --smoke-test does. A demo data dir is created when none is given.
Targets: shown ≤ 1.5 × bare; ready ≤ 2 × bare (bar 3 ×).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BARE = r"""
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
from PySide6.QtCore import QTimer
app = QApplication(sys.argv)
w = QMainWindow(); w.setCentralWidget(QLabel("台账")); w.resize(800, 600); w.show()
def done():
    print("shown", flush=True); app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def spawn_until_shown(cmd: list[str], env: dict) -> tuple[float, float]:
    """Milliseconds from spawning `cmd` until a line starting with 'shown' is printed, and until 'ready'
    (the same as shown for a program that prints no 'ready' line)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    shown = ready = None
    for line in proc.stdout:
        if line.startswith("shown") and shown is None:
            shown = (time.perf_counter() - t0) * 1000
        if line.startswith("ready") and ready is None:
            ready = (time.perf_counter() - t0) * 1000
    if proc.wait() != 0 or shown is None:
        raise SystemExit(f"failed: {' '.join(cmd)} (exit {proc.returncode})")
    return shown, ready if ready is not None else shown


def make_demo(env: dict) -> str:
    folder = tempfile.mkdtemp(prefix="qingfeng-bench-")
    subprocess.run([sys.executable, "-m", "desktop", "demo", "--data-dir", folder, "--json"], env=env, cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return folder


def main() -> None:
    args = sys.argv[1:]
    runs = int(args[0]) if args and args[0].isdigit() else 7
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), PYTHONPATH=str(ROOT))
    data = args[args.index("--data-dir") + 1] if "--data-dir" in args else make_demo(env)
    app_cmd = [sys.executable, "-m", "desktop", "--data-dir", data, "--smoke-test"]
    bare_cmd = [sys.executable, "-c", BARE]
    spawn_until_shown(app_cmd, env)  # warm the OS file cache for both
    spawn_until_shown(bare_cmd, env)
    app_ms, ready_ms, bare_ms = [], [], []
    for _ in range(runs):
        shown, ready = spawn_until_shown(app_cmd, env)
        app_ms.append(shown)
        ready_ms.append(ready)
        bare_ms.append(spawn_until_shown(bare_cmd, env)[0])
    a, r, b = statistics.median(app_ms), statistics.median(ready_ms), statistics.median(bare_ms)
    print(f"qingfeng shown (window): median {a:.0f} ms (min {min(app_ms):.0f}, max {max(app_ms):.0f}) over {runs}")
    print(f"qingfeng ready (工作台): median {r:.0f} ms (min {min(ready_ms):.0f}, max {max(ready_ms):.0f}) over {runs}")
    print(f"bare QMainWindow:        median {b:.0f} ms (min {min(bare_ms):.0f}, max {max(bare_ms):.0f}) over {runs}")
    print(f"shown / bare: {a / b:.2f} (target ≤ 1.5); minima {min(app_ms) / min(bare_ms):.2f}")
    print(f"ready / bare: {r / b:.2f} (target ≤ 2, bar 3); minima {min(ready_ms) / min(bare_ms):.2f}")


if __name__ == "__main__":
    main()
