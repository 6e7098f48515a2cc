"""Where things live: the program's own files (dev and frozen layouts) and the user's data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DB_NAME = "qingfeng.db"
DATA_SUBDIRS = ("attachments", "documents", "backups", "exports", "logs", "templates")


def program_root() -> Path:
    """Folder holding db/, resources/ and templates/: the repo in development, _MEIPASS when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parents[2]


def migrations_dir() -> Path:
    return program_root() / "db" / "migrations"


def seed_dir() -> Path:
    return program_root() / "db" / "seed"


def resources_dir() -> Path:
    return program_root() / "resources"


def templates_dir() -> Path:
    return program_root() / "templates"


def default_data_dir() -> Path:
    """The per-user data dir (platformdirs), or $QINGFENG_DATA_DIR when set."""
    env = os.environ.get("QINGFENG_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("qingfeng", appauthor=False, roaming=False))


class DataDir:
    """The user's data directory and its fixed sub-folders."""

    def __init__(self, root: Path | str, db_name: str = DB_NAME):
        self.root = Path(root).expanduser().resolve()
        self.db_name = db_name  # another name only while a database is built to be renamed into place (demo)

    @property
    def db_path(self) -> Path:
        return self.root / self.db_name

    def sub(self, name: str) -> Path:
        """Path of a sub-folder (attachments, documents, backups, exports, logs, templates)."""
        return self.root / name

    def ensure(self) -> None:
        """Create the folder tree. Raises OSError when the location is not writable."""
        self.root.mkdir(parents=True, exist_ok=True)
        for name in DATA_SUBDIRS:
            (self.root / name).mkdir(exist_ok=True)
