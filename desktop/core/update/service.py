"""What the CLI and the 设置 → 升级 tab call: the running program's own version, keys and install folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from desktop.core.errors import QingfengError
from desktop.core.paths import DataDir, default_data_dir
from desktop.core.update import apply as _apply
from desktop.core.update.keys import is_test_build, key_id, trusted_keys
from desktop.core.update.package import UpdateInfo, platform_id, verify_package

describe = _apply.describe


def current_version() -> str:
    from desktop import __version__

    return __version__


def status() -> dict:
    root = _apply.install_root()
    return {"version": current_version(), "platform": platform_id(), "install_root": str(root) if root else "",
            "test_build": is_test_build(), "key_ids": [key_id(k) for k in trusted_keys()]}


def check(package: Path | str) -> UpdateInfo:
    return verify_package(package, trusted=trusted_keys(), current_version=current_version(), platform=platform_id())


def apply(package: Path | str, data_dir: Path | str | None, *, progress: Callable[[str], None] = print
          ) -> _apply.ApplyResult:
    root = _apply.install_root()
    info = check(package)  # refuse a bad package with its own line, even from the source tree
    if root is None:
        raise QingfengError("从源代码运行的程序不能用升级包升级（请更新源代码）。")
    if os.name == "nt":
        raise QingfengError("Windows 上请运行新版本的安装程序（覆盖安装，数据保留）。",
                            hint=f"升级包 {info.version} 已校验通过")
    return _apply.apply_update(Path(package), data=DataDir(data_dir or default_data_dir()), root=root,
                               trusted=trusted_keys(), current_version=current_version(), platform=platform_id(),
                               progress=progress)


def rollback(data_dir: Path | str | None, *, progress: Callable[[str], None] = print) -> dict:
    return _apply.rollback(data=DataDir(data_dir or default_data_dir()), progress=progress)


def self_check(data_dir: Path | str | None) -> dict:
    """The new version's first start during an update: migrate the database (the CLI then loads Qt)."""
    from desktop.core.store import migrate
    from desktop.core.store.engine import open_database

    data = DataDir(data_dir or default_data_dir())
    schema = 0
    if data.db_path.exists():
        db = open_database(data)
        db.close()
        schema = migrate.inspect_file(data.db_path).version
    return {"version": current_version(), "schema_version": schema}
