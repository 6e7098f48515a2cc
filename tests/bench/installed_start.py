"""Start-up of the INSTALLED build against the source tree, in the same run, interleaved.

Usage: python tests/bench/installed_start.py [RUNS] [--exe dist/qingfeng/qingfeng] [--data-dir DIR]

For each run: wall time from spawning `qingfeng --data-dir D --smoke-test` (offscreen) until its window-shown line
appears on stdout, and the program's own shown_ms / ready_ms (process age when it printed them). The source tree
runs as `python -m desktop` with this interpreter. Target: installed ≤ 1.2 × source tree.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def measure(cmd: list[str], env: dict) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd="/")
    seen: dict[str, float] = {}
    for line in proc.stdout:
        for key, value in re.findall(r"(\w+_ms)=(\d+)", line):
            seen[key] = float(value)
        if "shown_ms" in seen and "wall_ms" not in seen:
            seen["wall_ms"] = (time.perf_counter() - t0) * 1000
    proc.wait()
    return seen


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv and argv[0].isdigit() else 7
    exe = Path(argv[argv.index("--exe") + 1]) if "--exe" in argv else ROOT / "dist" / "qingfeng" / "qingfeng"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if "--data-dir" in argv:
        data = argv[argv.index("--data-dir") + 1]
    else:
        data = tempfile.mkdtemp(prefix="qingfeng-bench-") + "/演示"
        subprocess.run([str(exe), "demo", "--data-dir", data], check=True, capture_output=True, env=env)
    source = [sys.executable, "-m", "desktop", "--data-dir", data, "--smoke-test"]
    installed = [str(exe), "--data-dir", data, "--smoke-test"]
    src_env = dict(env, PYTHONPATH=str(ROOT))
    for cmd, e in ((source, src_env), (installed, env)):  # warm the page cache once each
        measure(cmd, e)
    results: dict[str, list[dict]] = {"source": [], "installed": []}
    for _ in range(runs):
        results["source"].append(measure(source, src_env))
        results["installed"].append(measure(installed, env))
    keys = sorted({k for r in results["source"] + results["installed"] for k in r})
    print(f"启动（{runs} 次，中位数，毫秒）：源代码 {sys.executable} 对 安装版 {exe}")
    for key in keys:
        src = statistics.median(r[key] for r in results["source"] if key in r)
        ins = statistics.median(r[key] for r in results["installed"] if key in r)
        print(f"  {key:9s} 源代码 {src:7.0f}   安装版 {ins:7.0f}   安装版/源代码 = {ins / src:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
