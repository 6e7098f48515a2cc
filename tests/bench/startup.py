"""Start-up benchmark: spawn → main window shown, for `qingfeng --smoke-test` and a bare PySide6 QMainWindow.

Usage: python tests/bench/startup.py [RUNS] [--data-dir DIR]

Both are measured the same way, in the same run, interleaved: wall time from spawning the process until its
"shown" line appears on stdout (offscreen). The bare script shows a QMainWindow and prints at the first
event-loop turn after show(), as the app's --smoke-test does. A demo data dir is created when none is given.
Target: qingfeng ≤ 1.5 × bare.
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


def spawn_until_shown(cmd: list[str], env: dict) -> float:
    """Milliseconds from spawning `cmd` until a line starting with 'shown' is printed."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    elapsed = None
    for line in proc.stdout:
        if line.startswith("shown") and elapsed is None:
            elapsed = (time.perf_counter() - t0) * 1000
    if proc.wait() != 0 or elapsed is None:
        raise SystemExit(f"failed: {' '.join(cmd)} (exit {proc.returncode})")
    return elapsed


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
    app_ms, bare_ms = [], []
    for _ in range(runs):
        app_ms.append(spawn_until_shown(app_cmd, env))
        bare_ms.append(spawn_until_shown(bare_cmd, env))
    a, b = statistics.median(app_ms), statistics.median(bare_ms)
    print(f"qingfeng --smoke-test: median {a:.0f} ms (min {min(app_ms):.0f}, max {max(app_ms):.0f}) over {runs}")
    print(f"bare QMainWindow:      median {b:.0f} ms (min {min(bare_ms):.0f}, max {max(bare_ms):.0f}) over {runs}")
    print(f"ratio of medians: {a / b:.2f} (target ≤ 1.5); ratio of minima: {min(app_ms) / min(bare_ms):.2f}")


if __name__ == "__main__":
    main()
