"""Keys: Ed25519 (signing, `cryptography`) and X25519 (age encryption, `pyrage`), fingerprints, enrolment files.

A site holds one key row (table sync_key). Both private keys are stored encrypted with a passphrase (age scrypt),
never in clear in the database, a backup, a log or a crash report: the township's are made at set-up with the
township's key passphrase (keys made by older versions are encrypted with `protect`), the district's explicitly.
They are unlocked for one session (`unlock` keeps them on the context) to export, import or publish.
The other side's public keys live in sync_peer: the pinned district at a township, registered townships at the
district. An enrolment file carries a site's public keys, code, name and fingerprint, self-signed.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import delete, insert, select

from desktop.core.clock import utc_iso
from desktop.core.errors import ImportFileError, OutputError, PermissionDenied, ValidationError
from desktop.core.models.sync import SyncKey, SyncPeer

ENROLMENT_FORMAT = "qingfeng-enrolment"
ENROLMENT_SUFFIX = ".qfkey"
MIN_PASSPHRASE = 8
ROLE_NAMES = {"district": "区县", "township": "乡镇"}


@dataclass
class Unlocked:
    """This site's private keys, in memory for one session."""

    site_code: str
    site_name: str
    role: str
    signer: Ed25519PrivateKey
    identity: pyrage.x25519.Identity
    fingerprint: str


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def fingerprint(ed25519_public: str, age_recipient: str) -> str:
    """A short fingerprint of both public keys, read aloud or compared by eye: 'A1B2-C3D4-E5F6-0718'."""
    digest = hashlib.sha256(f"{ed25519_public}\n{age_recipient}".encode()).hexdigest()[:16].upper()
    return "-".join(digest[i:i + 4] for i in range(0, 16, 4))


def _public_b64(private: Ed25519PrivateKey) -> str:
    return b64(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def _secret_json(signer: Ed25519PrivateKey, identity) -> bytes:
    raw = signer.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return json.dumps({"ed25519": b64(raw), "age": str(identity)}).encode()


def sign(signer: Ed25519PrivateKey, data: bytes) -> bytes:
    return signer.sign(data)


def verify(ed25519_public: str, data: bytes, signature: bytes) -> bool:
    """True when `signature` is a valid Ed25519 signature of `data` by the base64 public key."""
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(ed25519_public)).verify(signature, data)
        return True
    except (InvalidSignature, ValueError):
        return False


# --- own keys ---------------------------------------------------------------------------------------------


def own_key(ctx) -> dict | None:
    """Public facts of this site's key (never the secret), or None if none exists yet."""
    t = SyncKey.__table__
    with ctx.reader() as s:
        r = s.execute(select(t).where(t.c.kind == ctx.role)).mappings().first()
    if not r:
        return None
    d = dict(r)
    d.pop("secret")
    return d


_default_passphrase: str | None = None


def set_default_passphrase(passphrase: str | None) -> str | None:
    """Tests: the township key passphrase used when none is given (like clock.set_default). Returns the previous.

    Production never sets it: the CLI passes $QINGFENG_PASSPHRASE or what was typed, the GUI asks."""
    global _default_passphrase
    previous, _default_passphrase = _default_passphrase, passphrase
    return previous


def has_default_passphrase() -> bool:
    return bool(_default_passphrase)


def check_passphrase(passphrase: str | None) -> str:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise ValidationError(f"密钥口令至少 {MIN_PASSPHRASE} 位。", field="passphrase")
    return passphrase


def ensure_township_keys(ctx, passphrase: str | None = None) -> dict:
    """The township's key, generated on first use with its private keys encrypted under `passphrase`."""
    if ctx.is_district:
        key = own_key(ctx)
        if key is None:
            raise ValidationError("区县尚未生成密钥。", hint="请在“设置 → 密钥与区县”中生成区县密钥")
        return key
    key = own_key(ctx)
    if key:
        return key
    passphrase = passphrase or _default_passphrase
    if not passphrase:
        raise ValidationError("本乡镇尚未生成密钥：需要设置乡镇密钥口令。",
                              hint="请运行 qingfeng sync keys --init-township（口令取自 QINGFENG_PASSPHRASE）")
    check_passphrase(passphrase)
    signer, identity = Ed25519PrivateKey.generate(), pyrage.x25519.Identity.generate()
    secret = b64(pyrage.passphrase.encrypt(_secret_json(signer, identity), passphrase))
    _store(ctx, "township", signer, identity, secret, protected=True)
    return own_key(ctx)


def protect(ctx, passphrase: str) -> dict:
    """Encrypt a township key stored in clear by an older version under `passphrase`. Administrators only."""
    from desktop.core.services.org import users
    from desktop.core.services.rows import write_audit

    users.require_role(ctx, "管理员")
    check_passphrase(passphrase)
    t = SyncKey.__table__
    with ctx.session() as s:
        r = s.execute(select(t).where(t.c.kind == ctx.role)).mappings().first()
        if r is None or r["protected"]:
            raise ValidationError("本单位密钥已经加密保存。" if r else "本单位尚未生成密钥。")
        secret = b64(pyrage.passphrase.encrypt(r["secret"].encode(), passphrase))
        s.execute(t.update().where(t.c.kind == ctx.role).values(secret=secret, protected=True))
        write_audit(s, ctx, "加密密钥", "sync_key", ctx.role, after={"fingerprint": r["fingerprint"]})
    return own_key(ctx)


def init_district(ctx, passphrase: str, *, replace: bool = False) -> dict:
    """Create the district's key pairs, both private keys protected by `passphrase` (age scrypt)."""
    from desktop.core.services.org import users

    users.require_role(ctx, "管理员")
    if not ctx.is_district:
        raise PermissionDenied("只有区县（district）角色才能生成区县密钥。")
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise ValidationError(f"密钥口令至少 {MIN_PASSPHRASE} 位。", field="passphrase")
    if own_key(ctx) and not replace:
        raise ValidationError("区县密钥已经存在。", hint="更换密钥后，各乡镇须重新导入区县登记文件")
    signer, identity = Ed25519PrivateKey.generate(), pyrage.x25519.Identity.generate()
    secret = b64(pyrage.passphrase.encrypt(_secret_json(signer, identity), passphrase))
    _store(ctx, "district", signer, identity, secret, protected=True)
    return own_key(ctx)


def _store(ctx, kind: str, signer, identity, secret: str, *, protected: bool) -> None:
    from desktop.core.services.rows import write_audit

    pub, rec = _public_b64(signer), str(identity.to_public())
    t = SyncKey.__table__
    with ctx.session() as s:
        s.execute(delete(t).where(t.c.kind == kind))
        s.execute(insert(t).values(kind=kind, site_code=ctx.site_code, site_name=ctx.site_name,
                                   ed25519_public=pub, age_recipient=rec, secret=secret, protected=protected,
                                   fingerprint=fingerprint(pub, rec), created_at=utc_iso(ctx.clock.now())))
        write_audit(s, ctx, "生成密钥", "sync_key", kind, after={"fingerprint": fingerprint(pub, rec)})
    ctx._unlocked_keys = None


def needs_passphrase(ctx) -> bool:
    """Whether unlocking needs a passphrase now (not when this session already unlocked the keys)."""
    if getattr(ctx, "_unlocked_keys", None) is not None:
        return False
    key = own_key(ctx)
    return bool(key and key["protected"]) or (not ctx.is_district and key is None)


def unlock(ctx, passphrase: str | None = None) -> Unlocked:
    """Load this site's private keys for this session (kept on the context: asked for once).

    Protected keys need their passphrase; a wrong one raises PermissionDenied and changes nothing.
    """
    cached = getattr(ctx, "_unlocked_keys", None)
    if cached is not None and not passphrase:
        return cached
    if not ctx.is_district:
        ensure_township_keys(ctx, passphrase)
        passphrase = passphrase or _default_passphrase
    t = SyncKey.__table__
    with ctx.reader() as s:
        r = s.execute(select(t).where(t.c.kind == ctx.role)).mappings().first()
    if r is None:
        raise ValidationError("区县尚未生成密钥。", hint="请先运行 qingfeng sync keys --init-district")
    raw = r["secret"].encode()
    if r["protected"]:
        if not passphrase:
            raise PermissionDenied(f"需要输入{ROLE_NAMES[ctx.role]}密钥口令。")
        try:
            raw = pyrage.passphrase.decrypt(base64.b64decode(raw), passphrase)
        except pyrage.DecryptError:
            raise PermissionDenied("密钥口令不正确，或这份数据的密钥无法用此口令解开。") from None
    secret = json.loads(raw)
    signer = Ed25519PrivateKey.from_private_bytes(base64.b64decode(secret["ed25519"]))
    identity = pyrage.x25519.Identity.from_str(secret["age"])
    unlocked = Unlocked(r["site_code"], r["site_name"], ctx.role, signer, identity, r["fingerprint"])
    ctx._unlocked_keys = unlocked
    return unlocked


# --- enrolment files ----------------------------------------------------------------------------------------


def enrolment_document(ctx) -> dict:
    """This site's enrolment: role, code, name, public keys, fingerprint, self-signature."""
    key = ensure_township_keys(ctx)
    body = {"format": ENROLMENT_FORMAT, "version": 1, "role": ctx.role, "site_code": ctx.site_code,
            "site_name": ctx.site_name, "ed25519": key["ed25519_public"], "age": key["age_recipient"],
            "fingerprint": key["fingerprint"], "created_at": utc_iso(ctx.clock.now())}
    return body


def write_enrolment(ctx, path: Path, unlocked: Unlocked | None = None) -> dict:
    """Write the enrolment file; self-signed with the site's key (`unlocked` needed at the district)."""
    body = enrolment_document(ctx)
    unlocked = unlocked or (None if ctx.is_district else unlock(ctx))
    if unlocked is not None:
        body["signature"] = b64(sign(unlocked.signer, _canonical(body)))
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"无法写入登记文件：{path}（{exc.strerror or exc}）") from exc
    return {k: v for k, v in body.items() if k != "signature"} | {"path": str(path)}


def _canonical(body: dict) -> bytes:
    return json.dumps({k: v for k, v in body.items() if k != "signature"}, sort_keys=True,
                      ensure_ascii=False).encode()


def read_enrolment(path: Path) -> dict:
    """Parse and check an enrolment file; raises ImportFileError with a Chinese message."""
    path = Path(path)
    try:
        doc = json.loads(path.read_bytes()[:65536].decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise ImportFileError(f"“{path.name}”不是清风台账的登记文件。") from None
    if not isinstance(doc, dict) or doc.get("format") != ENROLMENT_FORMAT:
        raise ImportFileError(f"“{path.name}”不是清风台账的登记文件。")
    need = ("role", "site_code", "site_name", "ed25519", "age", "fingerprint")
    if any(not isinstance(doc.get(k), str) or not doc.get(k) for k in need) or doc["role"] not in ROLE_NAMES:
        raise ImportFileError(f"登记文件“{path.name}”内容不完整。")
    try:
        pyrage.x25519.Recipient.from_str(doc["age"])
        Ed25519PublicKey.from_public_bytes(base64.b64decode(doc["ed25519"]))
    except Exception:  # noqa: BLE001 - any malformed key is the same error for the user
        raise ImportFileError(f"登记文件“{path.name}”中的公钥无效。") from None
    if fingerprint(doc["ed25519"], doc["age"]) != doc["fingerprint"]:
        raise ImportFileError(f"登记文件“{path.name}”的指纹与公钥不符，文件可能被改动。")
    sig = doc.get("signature")
    if sig and not verify(doc["ed25519"], _canonical(doc), base64.b64decode(sig)):
        raise ImportFileError(f"登记文件“{path.name}”的签名无效，文件可能被改动。")
    return doc


def enrol(ctx, path: Path, *, replace: bool = False) -> dict:
    """Import an enrolment file: a township pins its district; the district registers a township."""
    from desktop.core.services.org import users

    users.require_role(ctx, "管理员")
    doc = read_enrolment(path)
    want = "township" if ctx.is_district else "district"
    if doc["role"] != want:
        raise ImportFileError(f"这是{ROLE_NAMES[doc['role']]}的登记文件，这里需要{ROLE_NAMES[want]}的登记文件。")
    if doc["site_code"] == ctx.site_code:
        raise ImportFileError("这是本单位自己的登记文件。")
    if not ctx.is_district:
        current = pinned_district(ctx)
        if current and current["fingerprint"] != doc["fingerprint"] and not replace:
            raise ValidationError(
                f"已绑定区县“{current['site_name']}”（指纹 {current['fingerprint']}），新文件的指纹不同。",
                hint="如确需更换区县密钥，请勾选“更换”后再导入")
    else:
        current = peer(ctx, doc["site_code"])
        if current and current["fingerprint"] != doc["fingerprint"] and not replace:
            raise ValidationError(
                f"乡镇 {doc['site_code']} 已登记，指纹 {current['fingerprint']} 与新文件不同。",
                hint="如乡镇确已更换密钥，请选择“更换”后再登记")
    return register_peer(ctx, doc, how="登记文件")


def register_peer(ctx, doc: dict, *, how: str) -> dict:
    """Record (or replace) a peer's public keys. `doc` has role, site_code, site_name, ed25519, age."""
    with ctx.session() as s:
        return register_peer_in(s, ctx, doc, how=how)


def register_peer_in(s, ctx, doc: dict, *, how: str) -> dict:
    from desktop.core.services.rows import write_audit

    t = SyncPeer.__table__
    row = {"site_code": doc["site_code"], "role": doc["role"], "site_name": doc["site_name"],
           "ed25519_public": doc["ed25519"], "age_recipient": doc["age"],
           "fingerprint": fingerprint(doc["ed25519"], doc["age"]), "registered_at": utc_iso(ctx.clock.now()),
           "registered_by": ctx.user_name, "how": how, "active": True}
    if not ctx.is_district:
        s.execute(delete(t).where(t.c.role == "district"))
    s.execute(delete(t).where(t.c.site_code == row["site_code"]))
    s.execute(insert(t).values(**row))
    write_audit(s, ctx, "登记" if ctx.is_district else "绑定区县", "sync_peer", row["site_code"],
                after={k: row[k] for k in ("site_code", "site_name", "fingerprint", "how")})
    return row


def peer(ctx, site_code: str) -> dict | None:
    t = SyncPeer.__table__
    with ctx.reader() as s:
        r = s.execute(select(t).where(t.c.site_code == site_code, t.c.active.is_(True))).mappings().first()
    return dict(r) if r else None


def pinned_district(ctx) -> dict | None:
    t = SyncPeer.__table__
    with ctx.reader() as s:
        r = s.execute(select(t).where(t.c.role == "district", t.c.active.is_(True))).mappings().first()
    return dict(r) if r else None


def townships(ctx) -> list[dict]:
    """Registered townships (district side), by site code."""
    t = SyncPeer.__table__
    with ctx.reader() as s:
        q = select(t).where(t.c.role == "township", t.c.active.is_(True)).order_by(t.c.site_code)
        return [dict(r) for r in s.execute(q).mappings()]
