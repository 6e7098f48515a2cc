"""Login cost benchmark: `qingfeng info` as a logged-in user vs the same command with the password check skipped.

Usage: python tests/bench/login.py [RUNS] [--data-dir DIR]

Both are spawned the same way, interleaved, in the same run: (a) `python -m desktop info` with QINGFENG_USER and
QINGFENG_PASSWORD (scrypt N = 2^15 check, 登录 audit entry); (b) the same command in a process where the CLI's
authenticate() makes the administrator the user without checking the password (the baseline). Also prints one
in-process scrypt derivation. A demo data dir is created when none is given.
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
SKIP_LOGIN = r"""
import sys
from desktop.cli import _common
def trusted(args, ctx):
    from desktop.core.services.org import users
    from desktop.core.services.org.context import set_user
    set_user(ctx, users.pick_user(ctx, "admin"))
_common.authenticate = trusted
from desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""


def timed(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    args = sys.argv[1:]
    runs = int(args[0]) if args and args[0].isdigit() else 7
    env = dict(os.environ, PYTHONPATH=str(ROOT), QINGFENG_USER="admin", QINGFENG_PASSWORD="qingfeng-admin")
    if "--data-dir" in args:
        data = args[args.index("--data-dir") + 1]
    else:
        data = tempfile.mkdtemp(prefix="qingfeng-bench-")
        subprocess.run([sys.executable, "-m", "desktop", "demo", "--data-dir", data], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    login = [sys.executable, "-m", "desktop", "info", "--data-dir", data]
    base = [sys.executable, "-c", SKIP_LOGIN, "info", "--data-dir", data]
    a, b = [], []
    for _ in range(runs):
        a.append(timed(login, env))
        b.append(timed(base, env))
    sys.path.insert(0, str(ROOT))
    from desktop.core.services.org import passwords

    t0 = time.perf_counter()
    passwords.hash_password("qingfeng-admin")
    kdf = (time.perf_counter() - t0) * 1000
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"info with login: median {ma:.0f} ms; without the password check: median {mb:.0f} ms "
          f"(runs={runs}); login adds {ma - mb:.0f} ms, ratio {ma / mb:.2f}; one scrypt N=2^15: {kdf:.0f} ms")


if __name__ == "__main__":
    main()
