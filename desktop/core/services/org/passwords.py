"""Password hashing (scrypt, N = 2^15) and the password rules. No database here.

Stored form: ``scrypt$N$r$p$salt$hash`` (base64). Hashes made with weaker parameters (the old N = 2^14) still
verify and are re-hashed at the next successful login (`needs_upgrade`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from desktop.core.errors import ValidationError

SCRYPT = {"n": 2**15, "r": 8, "p": 1}
MIN_LENGTH = 8
_MAXMEM = 2**26  # 64 MiB: room for N = 2^15, r = 8 (32 MiB)


def kdf(password: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    """The scrypt derivation itself (one place, so it can be measured)."""
    return hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, dklen=32, maxmem=max(_MAXMEM, 256 * n * r))


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A new stored hash of `password` (a fresh random salt unless one is given, as for the public demo users)."""
    salt = salt or os.urandom(16)
    digest = kdf(password.encode(), salt, SCRYPT["n"], SCRYPT["r"], SCRYPT["p"])
    b64 = base64.b64encode
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def verify(stored: str | None, password: str) -> bool:
    """True when `password` matches `stored`. No stored hash never matches (a password must be set first)."""
    if not stored or not password:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = kdf(password.encode(), base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


def needs_upgrade(stored: str | None) -> bool:
    """True when `stored` was made with weaker parameters than today's."""
    try:
        _, n, r, p, _, _ = (stored or "").split("$")
        return (int(n), int(r), int(p)) < (SCRYPT["n"], SCRYPT["r"], SCRYPT["p"])
    except ValueError:
        return False


def check_rules(password: str, *, field: str = "password") -> None:
    """A new password: at least 8 characters and not only digits (raises ValidationError)."""
    if not password:
        raise ValidationError("请输入密码。", field=field)
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"密码至少 {MIN_LENGTH} 位。", field=field)
    if password.isdigit():
        raise ValidationError("密码不能全是数字，请加入字母或符号。", field=field)
