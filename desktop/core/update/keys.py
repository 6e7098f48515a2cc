"""The keys an update package may be signed with.

RELEASE_KEYS is the project's release key (Ed25519; the private half is kept offline by the release manager, never
in the repository — see docs/INSTALL.md). A TEST build made with `QINGFENG_TEST_UPDATE_KEY=key.pub
installer/build.sh` also trusts the PEM public keys in its bundle's update-keys/ folder; release builds have no such
folder. Tests of the source tree pass their own keys to the functions explicitly.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from desktop.core.paths import program_root

RELEASE_KEYS: tuple[str, ...] = (
    # 清风台账发布密钥 1（Ed25519）
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEABsV3lK7cNWoNvoKNHiJAZV52xU1UEbbRJQnBOywZYiQ=\n"
    "-----END PUBLIC KEY-----\n",
)

TEST_KEYS_FOLDER = "update-keys"


def load_public_key(pem: bytes | str):
    """An Ed25519 public key from PEM text; ValueError when it is not one."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    key = load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def key_id(public_key) -> str:
    """Short fingerprint shown to users: the first 16 hex digits of SHA-256 of the raw key."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def trusted_keys(root: Path | None = None) -> list:
    """The release key(s) plus, in a test build, the keys shipped in <program root>/update-keys/*.pub."""
    keys = [load_public_key(pem) for pem in RELEASE_KEYS]
    folder = (root or program_root()) / TEST_KEYS_FOLDER
    if folder.is_dir():
        keys += [load_public_key(p.read_bytes()) for p in sorted(folder.glob("*.pub"))]
    return keys


def is_test_build(root: Path | None = None) -> bool:
    return ((root or program_root()) / TEST_KEYS_FOLDER).is_dir()
