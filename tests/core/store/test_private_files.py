"""The data dir is private on Linux: 0700 folders, 0600 files, whatever the umask; an old loose dir is tightened."""

from __future__ import annotations

import os
import stat

import pytest

from desktop.cli import main

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(p):
    return stat.S_IMODE(p.stat().st_mode)


def test_init_under_a_loose_umask_makes_a_private_dir(tmp_path, capsys):
    old = os.umask(0o002)
    try:
        d = tmp_path / "d"
        assert main(["init", "--data-dir", str(d), "--role", "township", "--site-code", "330226101",
                     "--site-name", "清溪镇"]) == 0
        assert main(["backup", "--out", str(tmp_path / "b"), "--data-dir", str(d)]) == 0
    finally:
        os.umask(old)
    assert _mode(d) == 0o700 and _mode(d / "qingfeng.db") == 0o600
    assert all(_mode(p) == 0o700 for p in d.iterdir() if p.is_dir())
    assert all(_mode(p) & 0o077 == 0 for p in d.iterdir() if p.is_file())
    assert all(_mode(p) == 0o600 for p in (tmp_path / "b").iterdir())


def test_an_existing_loose_dir_is_tightened_when_opened(site_dir, capsys):
    os.chmod(site_dir, 0o755)
    os.chmod(site_dir / "qingfeng.db", 0o644)
    assert main(["info", "--data-dir", str(site_dir)]) == 0
    assert _mode(site_dir) == 0o700 and _mode(site_dir / "qingfeng.db") == 0o600
