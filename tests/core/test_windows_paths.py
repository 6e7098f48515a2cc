"""Windows-only code paths, run everywhere: the data dir under %LOCALAPPDATA%, the instance lock through msvcrt,
the Windows fonts folders, and paths with Chinese characters and spaces."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import types

import pytest

from desktop.core.errors import AlreadyRunning

LOCALAPPDATA = r"C:\Users\张 三\AppData\Local"


@pytest.fixture
def windows_platformdirs(monkeypatch):
    """platformdirs as it is on Windows (it picks its implementation from sys.platform when imported)."""
    import platformdirs

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", LOCALAPPDATA)
    for name in [m for m in sys.modules if m == "platformdirs" or m.startswith("platformdirs.")]:
        monkeypatch.delitem(sys.modules, name)
    importlib.import_module("platformdirs")
    windows = importlib.import_module("platformdirs.windows")
    # the known-folder lookup (SHGetKnownFolderPath through ctypes) is Windows-only: answer it from the environment,
    # as platformdirs itself does where ctypes and winreg are missing
    monkeypatch.setattr(windows, "_RESOLVE_WIN_FOLDER", windows.get_win_folder_from_env_vars)
    yield
    monkeypatch.undo()
    importlib.reload(platformdirs)


def test_the_default_data_dir_is_under_localappdata(windows_platformdirs, monkeypatch):
    from desktop.core.paths import default_data_dir

    monkeypatch.delenv("QINGFENG_DATA_DIR", raising=False)
    path = str(default_data_dir())
    assert path.startswith(LOCALAPPDATA) and path.replace("\\", "/").endswith("/qingfeng")
    assert "Roaming" not in path  # local, not roaming: a database must not travel with a roaming profile


def test_qingfeng_data_dir_overrides_with_chinese_and_spaces(monkeypatch, tmp_path):
    from desktop.core.paths import DataDir, default_data_dir

    where = tmp_path / "我的 数据" / "清风 台账"
    monkeypatch.setenv("QINGFENG_DATA_DIR", str(where))
    data = DataDir(default_data_dir())
    data.ensure()
    assert data.root == where.resolve() and (where / "backups").is_dir() and data.db_path.name == "qingfeng.db"


class FakeMsvcrt(types.ModuleType):
    """msvcrt.locking with Windows' semantics: a byte range locked by one handle refuses every other handle."""

    LK_NBLCK, LK_UNLCK = 2, 0

    def __init__(self):
        super().__init__("msvcrt")
        self.held: dict[tuple[int, int, int], int] = {}
        self.calls: list[tuple[int, int, int]] = []

    def locking(self, fd, mode, nbytes):
        st = os.fstat(fd)
        where = (st.st_dev, st.st_ino, os.lseek(fd, 0, os.SEEK_CUR))
        self.calls.append((mode, nbytes, where[2]))
        if mode == self.LK_NBLCK:
            if where in self.held:
                raise PermissionError(13, "Permission denied")
            self.held[where] = fd
        elif mode == self.LK_UNLCK:
            self.held.pop(where, None)


@pytest.fixture
def windows_lock(monkeypatch):
    """desktop.core.store.lock as imported on Windows (msvcrt instead of fcntl)."""
    from desktop.core.store import lock

    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(os, "name", "nt")
    try:
        importlib.reload(lock)
    finally:
        monkeypatch.setattr(os, "name", "posix")
    yield lock, fake
    monkeypatch.undo()
    importlib.reload(lock)


def test_the_instance_lock_uses_msvcrt_on_windows(windows_lock, tmp_path):
    lock, fake = windows_lock
    folder = tmp_path / "数据 目录"
    folder.mkdir()
    first = lock.InstanceLock(folder)
    first.acquire()
    assert fake.calls == [(fake.LK_NBLCK, 1, 0)]  # one byte at the start of the file
    with pytest.raises(AlreadyRunning, match="清风台账已在使用这个数据目录"):
        lock.InstanceLock(folder).acquire()
    first.release()
    assert fake.calls[-1] == (fake.LK_UNLCK, 1, 0) and not fake.held
    with lock.InstanceLock(folder):
        assert (folder / "qingfeng.lock").read_text() == str(os.getpid())


def test_windows_fonts_folders_come_first(monkeypatch, tmp_path):
    from desktop.core.documents import fonts

    windir = tmp_path / "Windows 系统"
    user = tmp_path / "本地 应用" / "Microsoft" / "Windows" / "Fonts"
    (windir / "Fonts").mkdir(parents=True)
    user.mkdir(parents=True)
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "本地 应用"))
    assert fonts.windows_dirs() == [windir / "Fonts", user]
    monkeypatch.setattr(sys, "platform", "win32")
    assert fonts.system_dirs() == []  # on Windows only the Windows folders (and the bundled fonts) count
    # a face installed for the current user only (no admin rights) is found and preferred to the bundled one
    bundled = fonts.bundled_dir()
    role, cand = next((r, c) for r, cands in fonts.WINDOWS.items() for c in cands)
    shutil.copyfile(bundled / "gbsn00lp.ttf", user / cand.files[0])
    report = fonts.resolve_in(fonts.windows_dirs(), [], bundled)
    assert report.choices[role].source == "windows" and str(user) in report.choices[role].path
