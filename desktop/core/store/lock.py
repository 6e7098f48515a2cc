"""Single-instance lock on a data directory: a second program on the same data gets a clear refusal."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.core.errors import AlreadyRunning, StoreError

LOCK_NAME = "qingfeng.lock"


class InstanceLock:
    """An OS-level exclusive lock on `<data dir>/qingfeng.lock`, released on close or process exit."""

    def __init__(self, data_root: Path):
        self.path = Path(data_root) / LOCK_NAME
        self._fh = None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunning. The file itself is never deleted (that would race)."""
        try:
            fh = open(self.path, "a+b")  # noqa: SIM115 - held for the process lifetime
        except OSError as exc:
            raise StoreError(f"数据目录不可写：{self.path.parent}",
                             hint="请换一个有写入权限的文件夹（用 --data-dir 指定），或请管理员开放权限") from exc
        try:
            _lock_file(fh)
        except OSError:
            fh.close()
            raise AlreadyRunning(
                "清风台账已在使用这个数据目录（另一个窗口或命令正在运行）。",
                hint=f"请先关闭另一个清风台账，数据目录：{self.path.parent}",
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()).encode())
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            try:
                _unlock_file(self._fh)
            finally:
                self._fh.close()
                self._fh = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_file(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock_file(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_file(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_file(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
