"""Benchmark of the USB exchange (issue 7). Not collected by pytest; run from the repo root:

    python tests/bench/sync.py [--problems 100000] [--photos 1000] [--photo-kb 200] [--keep DIR]

A township gets `demo --size large` plus synthetic problems (to --problems in total) and --photos random
photos of about --photo-kb KB each (attachments of problems). It exports one full package, which is imported
into an empty district. Baselines measured in the same run, on the same content:
  * `zip -r` of the package's plain files (data/*.jsonl + files/*), unpacked from the package, at -1 and -6;
  * raw sqlite3 `executemany` of the same rows into an empty copy of the district database (rows pre-parsed);
  * the re-import of the same package (target: ≤ 5 % of the first import);
  * the same import without the local search index, to show what the FTS5 indexing costs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PASSPHRASE = "bench-passphrase-2026"


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def township(root: Path, problems: int, photos: int, photo_kb: int) -> Path:
    from desktop.cli import main

    path = root / "township"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["demo", "--size", "large", "--seed", "11", "--site-code", "330226111", "--site-name", "梅林镇",
                     "--data-dir", str(path), "--json"]) == 0
    from desktop.core.models.attachments import Attachment
    from desktop.core.models.problems import Problem
    from desktop.core.models.registry import Unit
    from desktop.core.services import rows
    from desktop.core.services.org.context import open_context
    from desktop.core.store import blobs
    from desktop.core.store.ids import uuid7

    ctx = open_context(path)
    rng = random.Random(11)
    try:
        with ctx.session() as s:
            have = s.execute(Problem.__table__.select().with_only_columns(Problem.__table__.c.id)).all()
            unit_ids = [r.id for r in s.execute(Unit.__table__.select())]
            need = max(problems - len(have), 0)
            made = []
            for i in range(need):
                year = 2021 + i % 6
                made.append({
                    "id": uuid7(), "no": f"{year}-B{i:06d}", "year": year, "seq": 100000 + i, "unit_id": rng.choice(unit_ids),
                    "category": rng.choice(("村级财务", "三资管理", "工程项目", "惠民补贴")),
                    "problem_type": rng.choice(("白条入账", "超标准列支", "未公开", "程序不规范")),
                    "description": f"合成问题 {i}：" + "经查，该村报账凭证不完整，存在白条入账情况。" * rng.randint(1, 3),
                    "amount_involved": round(rng.random() * 50000, 2), "found_date": f"{year}-0{1 + i % 9}-1{i % 9}",
                    "source": "自主", "handling": "限期整改", "severity": "一般", "status": "整改中",
                    "relapse_count": 0, "extension_count": 0})
            rows.bulk_insert(s, ctx, Problem, made, audit_summary="基准测试：合成问题")
            ids = [m["id"] for m in made[:photos]] if made else [r.id for r in have[:photos]]
            atts = []
            for i, pid in enumerate(ids):
                content = os.urandom(photo_kb * 1024 + rng.randint(-2048, 2048))
                sha, _p = blobs.put_bytes(ctx.data, content, ".jpg")
                atts.append({"owner_entity": "problem", "owner_id": pid, "kind": "照片", "file_name": f"现场{i}.jpg",
                             "ext": ".jpg", "size": len(content), "sha256": sha})
            rows.bulk_insert(s, ctx, Attachment, atts)
    finally:
        ctx.close()
    return path


def district(root: Path, town: Path) -> Path:
    from desktop.core.services.org import site as org
    from desktop.core.services.org.context import open_context
    from desktop.core.sync import keys

    path = root / "district"
    ctx = open_context(path, create=True)
    try:
        org.initialise(ctx, org.SiteSetup(role="district", site_code="330226", site_name="宁海县"))
        keys.init_district(ctx, PASSPHRASE)
        keys.write_enrolment(ctx, root / "d.qfkey")
    finally:
        ctx.close()
    t = open_context(town)
    try:
        keys.enrol(t, root / "d.qfkey")
        keys.write_enrolment(t, root / "t.qfkey")
    finally:
        t.close()
    ctx = open_context(path)
    try:
        keys.enrol(ctx, root / "t.qfkey")
    finally:
        ctx.close()
    return path


def run_export(town: Path, usb: Path) -> dict:
    from desktop.core.progress import drain
    from desktop.core.services.org.context import open_context
    from desktop.core.services.sync import exchange as sync

    ctx = open_context(town)
    try:
        return drain(sync.export(ctx, usb, full=True))
    finally:
        ctx.close()


def run_import(site: Path, pkg: str, unlocked):
    from desktop.core.progress import drain
    from desktop.core.services.org.context import open_context
    from desktop.core.services.sync import exchange as sync

    ctx = open_context(site)
    try:
        return drain(sync.import_files(ctx, [pkg], unlocked))[0]
    finally:
        ctx.close()


def unlock(site: Path):
    from desktop.core.services.org.context import open_context
    from desktop.core.services.sync import exchange as sync

    ctx = open_context(site)
    try:
        return sync.unlock(ctx, PASSPHRASE)
    finally:
        ctx.close()


def baseline_zip(pkg: str, unlocked, work: Path) -> tuple[float, float, Path]:
    """Unpack the package's plain files, then time `zip -r -1` and `zip -r -6` of exactly those files."""
    from desktop.core.sync import package

    plain = work / "plain"
    plain.mkdir(parents=True)
    package.decrypt_to(Path(pkg), work / "plain.zip", unlocked.identity)
    with zipfile.ZipFile(work / "plain.zip") as zf:
        zf.extractall(plain)
    _, fast = timed(lambda: subprocess.run(["zip", "-q", "-r", "-1", str(work / "z1.zip"), "."], cwd=plain, check=True))
    _, dflt = timed(lambda: subprocess.run(["zip", "-q", "-r", "-6", str(work / "z6.zip"), "."], cwd=plain, check=True))
    return fast, dflt, plain


def baseline_executemany(empty_db: Path, plain: Path) -> tuple[float, int]:
    """Insert the package's rows (already parsed) into an empty copy of the district DB with executemany."""
    import json

    tables = []
    manifest = json.loads((plain / "manifest.json").read_text("utf-8"))
    from desktop.core.sync.tables import UP, synced_tables

    for st in synced_tables(UP):
        info = manifest["tables"].get(st.name)
        if not info or not info["rows"]:
            continue
        cols = info["columns"]
        with open(plain / info["file"], encoding="utf-8") as fh:
            data = [tuple(json.loads(line).get(c) for c in cols) for line in fh if line.strip()]
        tables.append((st.name, cols, data))
    con = sqlite3.connect(empty_db, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute("PRAGMA foreign_keys = ON")

    def load():
        con.execute("BEGIN IMMEDIATE")
        con.execute("PRAGMA defer_foreign_keys = ON")
        for name, cols, data in tables:
            marks = ",".join("?" * len(cols))
            con.executemany(f'INSERT INTO "{name}" ({",".join(cols)}) VALUES ({marks})', data)
        con.execute("COMMIT")

    _, secs = timed(load)
    con.close()
    return secs, sum(len(d) for _n, _c, d in tables)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--problems", type=int, default=100_000)
    ap.add_argument("--photos", type=int, default=1000)
    ap.add_argument("--photo-kb", type=int, default=200)
    ap.add_argument("--keep", metavar="DIR")
    args = ap.parse_args()
    root = Path(args.keep or tempfile.mkdtemp(prefix="qf-bench-sync-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"工作目录：{root}")
    town, t_setup = timed(lambda: township(root, args.problems, args.photos, args.photo_kb))
    dist = district(root, town)
    empty_copy = root / "district-empty.db"
    shutil.copyfile(dist / "qingfeng.db", empty_copy)
    dist_plain = root / "district-no-index"
    shutil.copytree(dist, dist_plain, ignore=shutil.ignore_patterns("qingfeng.lock"))
    print(f"准备数据：{t_setup:.1f} s")
    unlocked = unlock(dist)
    usb = root / "usb"
    summary, t_export = timed(lambda: run_export(town, usb))
    rows = sum(t["rows"] for t in summary["tables"])
    print(f"导出：{t_export:.2f} s，{rows:,} 行，附件 {summary['files']} 个，包大小 {summary['size'] / 2**20:.1f} MiB")
    big = sorted(summary["tables"], key=lambda t: -t["rows"])[:6]
    print("  其中：" + "，".join(f"{t['label']} {t['rows']:,}" for t in big))
    z1, z6, plain = baseline_zip(summary["file"], unlocked, root / "zip")
    res, t_import = timed(lambda: run_import(dist, summary["file"], unlocked))
    assert res.status == "已导入", res.message
    new = sum(t.new for t in res.tables)
    print(f"导入（空区县）：{t_import:.2f} s，新增 {new:,} 行，新文件 {res.files_new} 个")
    t_raw, raw_rows = baseline_executemany(empty_copy, plain)
    from desktop.core.sync import importer

    keep, importer.REINDEX = importer.REINDEX, {}
    _r, t_no_index = timed(lambda: run_import(dist_plain, summary["file"], unlocked))
    importer.REINDEX = keep
    again, t_again = timed(lambda: run_import(dist, summary["file"], unlocked))
    assert again.status == "重复"
    print()
    print(f"基线 zip -r -1 同样的文件：{z1:.2f} s   → 导出/zip(-1) = {t_export / z1:.2f}")
    print(f"基线 zip -r -6 同样的文件：{z6:.2f} s   → 导出/zip(-6) = {t_export / z6:.2f}")
    print(f"基线 sqlite3 executemany {raw_rows:,} 行：{t_raw:.2f} s   → 导入/executemany = {t_import / t_raw:.2f}")
    print(f"  其中检索索引（FTS5 三元组）：不建索引时导入 {t_no_index:.2f} s → 导入(无索引)/executemany = "
          f"{t_no_index / t_raw:.2f}")
    print(f"重复导入同一数据包：{t_again:.3f} s   → 重复/首次 = {100 * t_again / t_import:.1f} %（目标 ≤ 5 %）")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
