"""The township's private keys are stored encrypted (age, passphrase): never in clear in the database or a backup;
a wrong or missing passphrase is one Chinese line and changes nothing; keys of older versions are encrypted."""

from __future__ import annotations

import base64
import json
import sqlite3

import pytest

from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.services.backups import backup as backups
from desktop.core.sync import keys
from tests.conftest import KEY_PASSPHRASE, db_snapshot


def _secret(path) -> tuple[str, int]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT secret, protected FROM sync_key WHERE kind = 'township'").fetchone()
    finally:
        con.close()


@pytest.fixture
def no_default_passphrase():
    previous = keys.set_default_passphrase(None)
    yield
    keys.set_default_passphrase(previous)


def test_township_keys_are_encrypted_in_the_database_and_the_backup(ctx, tmp_path):
    secret, protected = _secret(ctx.db.path)
    assert protected == 1 and b"age-encryption.org" in base64.b64decode(secret)
    raw = ctx.db.path.read_bytes()
    assert b"AGE-SECRET-KEY" not in raw and b'"ed25519"' not in raw
    unlocked = keys.unlock(ctx, KEY_PASSPHRASE)
    own = str(unlocked.identity).encode()
    backup = backups.backup_now(ctx, tmp_path / "b")
    assert own not in backup.read_bytes() and own not in raw


def test_wrong_or_missing_passphrase_is_one_line_and_changes_nothing(ctx, no_default_passphrase):
    before = db_snapshot(ctx.db.path)
    with pytest.raises(PermissionDenied, match="^需要输入乡镇密钥口令。$"):
        keys.unlock(ctx)
    with pytest.raises(PermissionDenied, match="密钥口令不正确"):
        keys.unlock(ctx, "不是这个口令-123")
    assert db_snapshot(ctx.db.path) == before
    assert keys.unlock(ctx, KEY_PASSPHRASE).fingerprint == keys.own_key(ctx)["fingerprint"]
    assert keys.unlock(ctx).fingerprint  # unlocked once, kept for this session


def test_older_clear_keys_are_encrypted_by_protect(ctx, no_default_passphrase):
    clear = json.dumps({"ed25519": "x", "age": "y"})
    con = sqlite3.connect(ctx.db.path)
    real = keys.unlock(ctx, KEY_PASSPHRASE)
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    raw = real.signer.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    clear = json.dumps({"ed25519": base64.b64encode(raw).decode(), "age": str(real.identity)})
    con.execute("UPDATE sync_key SET secret = ?, protected = 0 WHERE kind = 'township'", (clear,))
    con.commit()
    con.close()
    ctx._unlocked_keys = None
    with pytest.raises(ValidationError, match="至少 8 位"):
        keys.protect(ctx, "short")
    keys.protect(ctx, "新的乡镇口令-2027")
    assert _secret(ctx.db.path)[1] == 1 and "AGE-SECRET-KEY" not in _secret(ctx.db.path)[0]
    ctx._unlocked_keys = None
    assert keys.unlock(ctx, "新的乡镇口令-2027").fingerprint == real.fingerprint
    with pytest.raises(ValidationError, match="已经加密"):
        keys.protect(ctx, "新的乡镇口令-2027")


def test_restored_backup_with_other_keys_needs_its_own_passphrase(ctx, tmp_path, no_default_passphrase):
    keys.unlock(ctx, KEY_PASSPHRASE)
    backup = backups.backup_now(ctx, tmp_path / "b")
    backups.restore_backup(ctx, backup)
    with pytest.raises(PermissionDenied, match="需要输入乡镇密钥口令"):  # nothing unlocked carried over
        keys.unlock(ctx)
    with pytest.raises(PermissionDenied, match="无法用此口令解开"):
        keys.unlock(ctx, "别的口令-12345")
