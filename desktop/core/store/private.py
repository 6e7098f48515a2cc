"""The data directory is private to its user: folders 0700, files 0600 on Linux, whatever the umask.

`private_umask()` makes every file the process creates from then on private (the CLI and the GUI call it first);
`secure(data)` tightens an existing data dir (one made by an older version or copied in). On Windows the data dir
lives under the user's own profile, whose ACL already keeps other users out; nothing is changed there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_umask() -> None:
    if os.name == "posix":
        os.umask(0o077)


def _tighten(path: Path, mode: int) -> None:
    try:
        st = path.lstat()
        if not stat.S_ISLNK(st.st_mode) and stat.S_IMODE(st.st_mode) & ~mode:
            path.chmod(stat.S_IMODE(st.st_mode) & mode)
    except OSError:
        pass  # not ours to change (a read-only medium, another owner): opening still works


def secure(root: Path) -> None:
    """Data dir and its direct sub-folders 0700, the files in it (database, WAL, lock, settings) 0600."""
    if os.name != "posix" or not root.is_dir():
        return
    _tighten(root, DIR_MODE)
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            _tighten(child, DIR_MODE)
            for f in child.iterdir():
                if f.is_file() and not f.is_symlink():
                    _tighten(f, FILE_MODE)
        elif child.is_file():
            _tighten(child, FILE_MODE)
