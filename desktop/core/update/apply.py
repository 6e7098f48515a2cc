"""Apply a verified update package to an installed (one-folder) program, with a way back.

  1. verify the package (signature, whole, platform, newer)            -> UpdateRefused, nothing changed
  2. a verified backup of the database (backups/升级前备份-*.db)
  3. unpack the new version beside the installed one (<install>.new)
  4. start the new version once on the data (`update self-check`): it migrates the database and loads Qt
     -> on failure the backup is restored, the unpacked copy removed, the old version stays    (UpdateFailed)
  5. swap: <install> -> <install>.prev, <install>.new -> <install>; update-state.json in the data dir remembers
     both, so `qingfeng update rollback` can put back the previous version and the backup later.
The caller must have closed its own database (the self-check takes the data dir's lock).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import QingfengError
from desktop.core.paths import DataDir
from desktop.core.update.package import UpdateInfo, extract_payload, verify_package

STATE_FILE = "update-state.json"
SELF_CHECK_TIMEOUT_S = 300


class UpdateFailed(QingfengError):
    """The new version did not start or migrate; the previous version and the data were put back."""


@dataclass(frozen=True)
class ApplyResult:
    version: str
    previous_version: str
    install_root: Path
    previous_kept_at: Path
    backup: Path | None


def install_root() -> Path | None:
    """The installed program's folder (the one-folder bundle), or None when running from the source tree."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(sys.executable).resolve().parent


def executable(root: Path) -> Path:
    """The program inside a bundle folder that prints to the console (qingfeng-cli.exe on Windows)."""
    return root / ("qingfeng-cli.exe" if os.name == "nt" else "qingfeng")


def apply_update(package: Path, *, data: DataDir, root: Path, trusted: list, current_version: str,
                 platform: str, run: Callable = subprocess.run, progress: Callable[[str], None] = print
                 ) -> ApplyResult:
    info = verify_package(package, trusted=trusted, current_version=current_version, platform=platform)
    progress(f"升级包校验通过：版本 {info.version}（{info.platform}，签名密钥 {info.key_id}）")
    _check_writable(root)
    backup = _backup(data)
    if backup:
        progress(f"已备份数据并校验：{backup}")
    new, prev = _sibling(root, ".new"), _sibling(root, ".prev")
    _remove(new)
    try:
        extract_payload(info.path, new)
        progress(f"新版本已解压：{new}")
        _self_check(new, data, run)
    except UpdateFailed as exc:
        _remove(new)
        if backup:
            _restore(data, backup)
        raise UpdateFailed(f"{exc.message}已恢复原版本 {current_version} 和升级前的数据"
                           f"{f'（备份：{backup.name}）' if backup else ''}。") from None
    except BaseException:
        _remove(new)  # nothing else was touched yet
        raise
    _swap(root, new, prev)
    _write_state(data, {"version": info.version, "previous_version": current_version,
                        "install_root": str(root), "previous": str(prev), "backup": str(backup or "")})
    progress(f"已升级到 {info.version}；原版本 {current_version} 保留在 {prev}")
    return ApplyResult(info.version, current_version, root, prev, backup)


def rollback(*, data: DataDir, progress: Callable[[str], None] = print) -> dict:
    """Put back the version and the database from before the last update (the new version's data is kept aside)."""
    from desktop.core.store.backup import restore
    from desktop.core.store.lock import InstanceLock

    state = read_state(data)
    if not state:
        raise QingfengError("没有可以撤销的升级记录。")
    root, prev = Path(state["install_root"]), Path(state["previous"])
    if not executable(prev).exists():
        raise QingfengError(f"找不到升级前的版本：{prev}，无法撤销升级。")
    failed = _sibling(root, ".failed")
    _remove(failed)
    os.replace(root, failed)
    os.replace(prev, root)
    _remove(failed)
    if state.get("backup") and data.db_path.exists():
        with InstanceLock(data.root):
            kept = restore(data, Path(state["backup"]))
        progress(f"已恢复升级前的数据；升级后的数据库另存为：{kept}")
    (data.root / STATE_FILE).unlink(missing_ok=True)
    progress(f"已恢复到版本 {state['previous_version']}")
    return state


def read_state(data: DataDir) -> dict | None:
    try:
        return json.loads((data.root / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _check_writable(root: Path) -> None:
    if not executable(root).exists():
        raise QingfengError(f"这里不是清风台账的安装目录：{root}")
    if not os.access(root.parent, os.W_OK) or not os.access(root, os.W_OK):
        hint = "请用管理员身份运行（Linux：sudo qingfeng update apply 文件）" if os.name != "nt" else "请检查文件夹权限"
        raise QingfengError(f"没有写入安装目录的权限：{root}，没有升级。", hint=hint)


def _backup(data: DataDir) -> Path | None:
    """Verified online backup of the database (None when there is no data yet); refuses while it is in use."""
    from desktop.core.store.backup import rolling_backup
    from desktop.core.store.lock import InstanceLock

    if not data.db_path.exists():
        return None
    with InstanceLock(data.root):
        return rolling_backup(data.db_path, data.sub("backups"), "升级前备份-程序-", keep=5)


def _restore(data: DataDir, backup: Path) -> None:
    from desktop.core.store.backup import restore
    from desktop.core.store.lock import InstanceLock

    with InstanceLock(data.root):
        restore(data, backup)


def _self_check(new: Path, data: DataDir, run: Callable) -> None:
    """Start the new version once on the data: it must migrate the database and load its GUI libraries."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cmd = [str(executable(new)), "--data-dir", str(data.root), "update", "self-check", "--json"]
    try:
        done = run(cmd, env=env, capture_output=True, text=True, timeout=SELF_CHECK_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise UpdateFailed("新版本启动超时。") from None
    except OSError as exc:
        raise UpdateFailed(f"新版本无法运行（{exc.strerror or exc}）。") from None
    if done.returncode != 0:
        last = (done.stderr or done.stdout or "").strip().splitlines()[-1:] or [f"退出码 {done.returncode}"]
        raise UpdateFailed(f"新版本无法启动或升级数据（{last[0]}）。")


def _swap(root: Path, new: Path, prev: Path) -> None:
    _remove(prev)
    os.replace(root, prev)
    try:
        os.replace(new, root)
    except OSError:
        os.replace(prev, root)
        raise


def _write_state(data: DataDir, state: dict) -> None:
    path = data.root / STATE_FILE
    if data.root.exists():
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)


def _sibling(root: Path, suffix: str) -> Path:
    return root.with_name(root.name + suffix)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def describe(info: UpdateInfo) -> str:
    return f"清风台账 {info.version}（{info.platform}，{info.payload_size / 1e6:.1f} MB，签名密钥 {info.key_id}）"
