"""Fake one-folder bundles and throwaway keys for the offline-update tests (no PyInstaller needed).

A fake bundle is a folder with `qingfeng` (a small Python script standing in for the frozen program) and
`_internal/VERSION`. Its `update self-check` does what the real one does to the data that matters here: it touches
the database (like a migration) and exits 0, or with `fails=True` changes the database and exits 1.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

SCRIPT = """#!{python}
import sqlite3, sys
args = sys.argv[1:]
if args[:1] == ["--version"]:
    print("清风台账 {version}")
    sys.exit(0)
if "self-check" in args:
    data = args[args.index("--data-dir") + 1]
    con = sqlite3.connect(data + "/qingfeng.db")
    con.execute("CREATE TABLE IF NOT EXISTS fake_migration_{tag} (x)")
    con.commit()
    con.close()
    if {fails}:
        print("错误：数据库升级失败：假的迁移出错", file=sys.stderr)
        sys.exit(1)
    print('{{"version": "{version}"}}')
"""


def fake_bundle(folder: Path, version: str, *, fails: bool = False) -> Path:
    """A stand-in bundle at `folder` (created) whose program reports `version`."""
    (folder / "_internal").mkdir(parents=True)
    (folder / "_internal" / "VERSION").write_text(version + "\n", encoding="utf-8")
    exe = folder / "qingfeng"
    exe.write_text(SCRIPT.format(python=sys.executable, version=version, fails=fails,
                                 tag=version.replace(".", "_")), encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return folder


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def package(tmp_path: Path, key, version: str, *, platform: str = "linux-amd64", fails: bool = False,
            name: str = "") -> Path:
    from desktop.core.update.package import build_package

    bundle = fake_bundle(tmp_path / f"bundle-{name or version}" / "qingfeng", version, fails=fails)
    return build_package(bundle, version, platform, key, tmp_path / f"out-{name or version}")
