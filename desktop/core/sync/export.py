"""Writing packages safely, and the township's upward export (incremental since the last confirmed export, or full).

The package is built in a local temp folder, encrypted, copied to `<out>/.<name>.part`, flushed and fsynced, read
back and compared with what was meant to be written, and only then renamed to its final name. The export is
recorded (and the next incremental export starts after it) only after that; a failed write leaves no file under
the final name and records nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, insert, select

from desktop import __version__
from desktop.core.clock import utc_iso
from desktop.core.errors import OutputError, PermissionDenied, ValidationError
from desktop.core.models.org import ChangeCounter
from desktop.core.models.sync import SyncExport
from desktop.core.progress import Progress
from desktop.core.store import blobs as blob_store
from desktop.core.sync import keys, package
from desktop.core.sync.tables import UP, SyncTable, synced_tables


def schema_version(s) -> int:
    from sqlalchemy import text

    return int(s.execute(text("PRAGMA user_version")).scalar())


def current_seq(s) -> int:
    t = ChangeCounter.__table__
    return int(s.execute(select(t.c.value).where(t.c.id == 1)).scalar() or 0)


def last_export(ctx, direction: str, target_code: str) -> dict | None:
    t = SyncExport.__table__
    with ctx.reader() as s:
        q = (select(t).where(t.c.direction == direction, t.c.target_code == target_code)
             .order_by(t.c.package_no.desc()).limit(1))
        r = s.execute(q).mappings().first()
    return dict(r) if r else None


def read_rows(s, st: SyncTable, origin: str, columns: tuple[str, ...], seq_from: int | None,
              seq_to: int, where=None) -> list[dict]:
    """Rows of `st` owned by `origin` (with tombstones), optionally only change_seq in [seq_from, seq_to]."""
    t = st.table
    q = select(*[t.c[c] for c in columns]).where(t.c.origin_site == origin, t.c.change_seq <= seq_to)
    if seq_from is not None:
        q = q.where(t.c.change_seq >= seq_from)
    if where is not None:
        q = q.where(where)
    return [dict(r) for r in s.execute(q.order_by(t.c.change_seq)).mappings()]


def blob_files(data, st: SyncTable, rows: list[dict], warnings: list[str]) -> dict[str, dict]:
    """sha256 → {path, folder, ext} for the live rows' blob files; missing files become warnings."""
    out = {}
    if not st.blob_dir:
        return out
    for r in rows:
        sha = r.get("sha256")
        if not sha or r.get("deleted_at") or sha in out:
            continue
        found = blob_store.find(data, sha, st.blob_dir)
        if found is None:
            warnings.append(f"{st.label}：找不到文件 {sha[:12]}…，未随包发送")
            continue
        out[sha] = {"path": found, "folder": st.blob_dir, "ext": found.name[len(sha):]}
    return out


def base_manifest(ctx, *, kind: str, target: dict, schema: int, package_no: int, seq_from: int,
                  seq_to: int, full: bool, prev: dict | None, catalogue_version: int | None = None,
                  sensitive: bool = False, omitted: dict | None = None) -> dict:
    key = keys.own_key(ctx)
    return {
        "format": package.FORMAT, "format_version": package.FORMAT_VERSION, "package_id": str(uuid.uuid4()),
        "kind": kind, "created_at": utc_iso(ctx.clock.now()), "app_version": __version__,
        "schema_version": schema, "package_no": package_no, "seq_from": seq_from, "seq_to": seq_to,
        "full_snapshot": full, "catalogue_version": catalogue_version, "sensitive_included": sensitive,
        "omitted": omitted or {},
        "prev_package": prev,
        "source": {"site_code": ctx.site_code, "site_name": ctx.site_name, "role": ctx.role,
                   "ed25519": key["ed25519_public"], "age": key["age_recipient"], "fingerprint": key["fingerprint"]},
        "target": target, "tables": {}, "counts": {}, "blobs": {}, "files": [],
    }


def write_package(ctx, manifest: dict, table_rows: list[tuple[SyncTable, tuple[str, ...], list[dict]]],
                  blobs: dict[str, dict], signer, recipient: str, out_dir: Path,
                  file_name: str) -> Iterator[Progress]:
    """Build, encrypt, copy, read back and rename one package. Returns {path, sha256, size, manifest}."""
    out_dir = Path(out_dir)
    manifest["tables"] = {st.name: {"file": f"data/{st.name}.jsonl", "columns": list(cols), "rows": len(rows),
                                    "tombstones": sum(1 for r in rows if r.get("deleted_at"))}
                          for st, cols, rows in table_rows}
    manifest["counts"] = {st.name: len(rows) for st, _c, rows in table_rows}
    manifest["counts"]["tombstones"] = sum(v["tombstones"] for v in manifest["tables"].values())
    manifest["counts"]["files"] = len(blobs)
    manifest["blobs"] = {sha: {"folder": b["folder"], "ext": b["ext"]} for sha, b in blobs.items()}
    work_root = ctx.data.sub("exports")
    work_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pkg-", dir=work_root) as work:
        zip_path, enc_path = Path(work) / "package.zip", Path(work) / "package.qfpkg"
        yield Progress(1, 5, "正在打包数据……")
        final = package.write_zip(zip_path, manifest, ((st.name, rows) for st, _c, rows in table_rows),
                                  ((sha, b["path"]) for sha, b in blobs.items()), signer)
        yield Progress(2, 5, "正在校验打包结果……")
        package.check_zip(zip_path, file_name)  # the entries' hashes were taken while writing them
        package.read_manifest(zip_path, file_name)
        yield Progress(3, 5, "正在加密……")
        sha = package.encrypt_file(zip_path, enc_path, recipient)
        size = enc_path.stat().st_size
        yield Progress(4, 5, f"正在写入 {out_dir}……")
        dest = copy_verified(enc_path, sha, out_dir, file_name)
    yield Progress(5, 5, "已写入并校验")
    return {"path": dest, "sha256": sha, "size": size, "manifest": final}


def copy_verified(src: Path, sha: str, out_dir: Path, file_name: str) -> Path:
    """Copy to `<out>/.<name>.part`, fsync, read back and compare, then rename to `<out>/<name>`."""
    part, final = out_dir / f".{file_name}.part", out_dir / file_name
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _copy_and_sync(src, part)
        if package.sha256_file(part) != sha:
            raise OSError("读回校验不一致")
        os.replace(part, final)
        _sync_dir(out_dir)
    except OSError as exc:
        with contextlib.suppress(OSError):
            part.unlink()
        raise OutputError(
            f"写入“{out_dir}”失败：{exc.strerror or exc}。U 盘可能已拔出或已满；本次导出未记录，请重新导出。"
        ) from exc
    return final


def _copy_and_sync(src: Path, dest: Path) -> None:
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        shutil.copyfileobj(fin, fout, package.CHUNK)
        fout.flush()
        os.fsync(fout.fileno())


def _sync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def record_export(ctx, *, direction: str, target_code: str, result: dict, full: bool) -> dict:
    """Write the export ledger row (after verification only)."""
    from desktop.core.services.rows import write_audit

    m = result["manifest"]
    row = {"package_id": m["package_id"], "direction": direction, "target_code": target_code,
           "package_no": m["package_no"], "file_name": Path(result["path"]).name, "file_sha256": result["sha256"],
           "size": result["size"], "seq_from": m["seq_from"], "seq_to": m["seq_to"], "full_snapshot": full,
           "catalogue_version": m.get("catalogue_version"), "sensitive": m["sensitive_included"],
           "counts_json": json.dumps(m["counts"], ensure_ascii=False), "created_at": m["created_at"],
           "created_by": ctx.user_name}
    with ctx.session() as s:
        s.execute(insert(SyncExport.__table__).values(**row))
        write_audit(s, ctx, "导出数据包" if direction == UP else "下发数据包", "sync_export", row["package_id"],
                    after={k: row[k] for k in ("file_name", "target_code", "seq_from", "seq_to", "counts_json")})
    return row


def next_package_no(ctx, direction: str, target_code: str) -> int:
    t = SyncExport.__table__
    with ctx.reader() as s:
        q = select(func.max(t.c.package_no)).where(t.c.direction == direction, t.c.target_code == target_code)
        return int(s.execute(q).scalar() or 0) + 1


def package_name(site_code: str, day, package_no: int, suffix: str = "") -> str:
    return f"{site_code}_{day:%Y%m%d}_{package_no:03d}{suffix}{package.SUFFIX}"


# --- township → district -----------------------------------------------------------------------------------


def collect_upward(ctx, *, full: bool, include_sensitive: bool) -> dict:
    """What an export would carry now: tables with rows, blob files, range, warnings (read in one snapshot)."""
    district = keys.pinned_district(ctx)
    last = last_export(ctx, UP, district["site_code"]) if district else None
    seq_from = 1 if full or not last else last["seq_to"] + 1
    warnings: list[str] = []
    out, blobs, omitted = [], {}, {"tables": [], "columns": {}}
    with ctx.reader() as s:
        seq_to, schema = current_seq(s), schema_version(s)
        for st in synced_tables(UP):
            if st.package != "ordinary":  # leads and cases travel only in their own package (services/cases)
                continue
            if st.sensitive and not include_sensitive:
                omitted["tables"].append(st.name)
                continue
            cols = st.export_columns(include_sensitive)
            if len(cols) < len(st.columns):
                omitted["columns"][st.name] = [c for c in st.columns if c not in cols]
            rows = read_rows(s, st, ctx.site_code, cols, None if full else seq_from, seq_to)
            out.append((st, cols, rows))
            blobs.update(blob_files(ctx.data, st, rows, warnings))
    return {"district": district, "last": last, "seq_from": seq_from, "seq_to": seq_to, "schema": schema,
            "tables": out, "blobs": blobs, "warnings": warnings, "omitted": omitted}


def export_up(ctx, out_dir: Path, *, full: bool = False, include_sensitive: bool = False) -> Iterator[Progress]:
    """Township → district. Returns a summary dict (file, counts per table, range, warnings)."""
    from desktop.core.services.org import users

    users.require_writer(ctx)
    if include_sensitive:
        users.require_sensitive(ctx)
    if ctx.is_district:
        raise PermissionDenied("区县不向上导出数据包；请使用“下发”。")
    if keys.pinned_district(ctx) is None:
        raise ValidationError("尚未绑定区县密钥，无法导出。", hint="请先在“设置 → 密钥与区县”中导入区县登记文件")
    unlocked = keys.unlock(ctx)
    yield Progress(0, 5, "正在读取变更……")
    c = collect_upward(ctx, full=full, include_sensitive=include_sensitive)
    district, last = c["district"], c["last"]
    no = next_package_no(ctx, UP, district["site_code"])
    prev = ({"id": last["package_id"], "file": last["file_name"], "seq_from": last["seq_from"],
             "seq_to": last["seq_to"]} if last else None)
    manifest = base_manifest(ctx, kind="township_export",
                             target={"site_code": district["site_code"], "site_name": district["site_name"]},
                             schema=c["schema"], package_no=no, seq_from=c["seq_from"], seq_to=c["seq_to"],
                             full=full, prev=prev, sensitive=include_sensitive, omitted=c["omitted"])
    name = package_name(ctx.site_code, ctx.clock.today(), no)
    result = yield from write_package(ctx, manifest, c["tables"], c["blobs"], unlocked.signer,
                                      district["age_recipient"], out_dir, name)
    record_export(ctx, direction=UP, target_code=district["site_code"], result=result, full=full)
    return summary(result, c)


def summary(result: dict, collected: dict) -> dict:
    m = result["manifest"]
    return {
        "file": str(result["path"]), "package_id": m["package_id"], "package_no": m["package_no"],
        "size": result["size"], "sha256": result["sha256"], "seq_from": m["seq_from"], "seq_to": m["seq_to"],
        "full_snapshot": m["full_snapshot"], "sensitive_included": m["sensitive_included"],
        "target": m["target"], "verified": True,
        "tables": [{"table": st.name, "label": st.label, "rows": len(rows),
                    "tombstones": sum(1 for r in rows if r.get("deleted_at"))} for st, _c, rows in collected["tables"]],
        "files": m["counts"]["files"], "omitted": m["omitted"], "warnings": collected["warnings"],
    }
