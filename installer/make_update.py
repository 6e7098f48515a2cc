"""Release tooling: sign a one-folder bundle as an offline update package, or make a key pair.

  python installer/make_update.py key  --out release-key.pem            # new Ed25519 key; prints the public key
  python installer/make_update.py pack dist/qingfeng --key release-key.pem --out dist/ [--version 0.1.1]

`pack` signs the bundle as 清风台账-升级-<version>.qfupd for this machine's platform (or --platform). With --version
the bundle is copied and its VERSION file set first (how CI makes version N+1 from the one build of N). Keep the
release private key OFF the repository (docs/INSTALL.md); CI uses a throwaway key from `key`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="make_update.py")
    sub = p.add_subparsers(dest="cmd", required=True)
    k = sub.add_parser("key")
    k.add_argument("--out", required=True, type=Path, help="private key file to write (PEM)")
    k.add_argument("--public", type=Path, help="also write the public key here (default: <out>.pub)")
    pk = sub.add_parser("pack")
    pk.add_argument("bundle", type=Path)
    pk.add_argument("--key", required=True, type=Path)
    pk.add_argument("--out", required=True, type=Path)
    pk.add_argument("--version")
    pk.add_argument("--platform")
    args = p.parse_args(argv)
    from cryptography.hazmat.primitives import serialization as ser

    if args.cmd == "key":
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        key = Ed25519PrivateKey.generate()
        args.out.write_bytes(key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()))
        args.out.chmod(0o600)
        pub = key.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)
        (args.public or args.out.with_suffix(".pub")).write_bytes(pub)
        print(pub.decode(), end="")
        return 0
    from desktop.core.update.package import build_package, platform_id

    key = ser.load_pem_private_key(args.key.read_bytes(), password=None)
    bundle = args.bundle
    with tempfile.TemporaryDirectory(dir=args.out if args.out.is_dir() else None) as tmp:
        if args.version:
            copy = Path(tmp) / "qingfeng"
            shutil.copytree(bundle, copy, symlinks=True)
            (copy / "_internal" / "VERSION").write_text(args.version + "\n", encoding="utf-8")
            bundle = copy
        version = args.version or (bundle / "_internal" / "VERSION").read_text(encoding="utf-8").strip()
        dest = build_package(bundle, version, args.platform or platform_id(), key, args.out)
    print(dest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
