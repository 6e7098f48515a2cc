"""Test the INSTALLED build (not the source tree): python3 installer/test_installed.py --deb dist/qingfeng_V_ARCH.deb

Unpacks the .deb with `dpkg -x` into a scratch root and runs everything from the installed files, with a scratch
HOME, no PYTHONPATH and the scratch folder as working directory (so nothing can come from the source tree):
--version, --smoke-test, demo, one document of every kind (Word and PDF), a registry xlsx import, a sync export +
import between two data dirs, a backup and a restore, and (with --update-key) the offline update N -> N+1 with
rollback protection and the refusals. Stdlib only, so it runs with the system python3. Prints one line per check
and exits 1 on the first failure. Login: when `demo --json` lists "users", QINGFENG_USER / QINGFENG_PASSWORD are
set from its first administrator for every later command.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

PASSPHRASE = "区县密钥口令-installed-2026"
ENV: dict[str, str] = {}


class Failed(Exception):
    pass


def check(ok: bool, what: str) -> None:
    if not ok:
        raise Failed(what)
    print(f"  通过：{what}", flush=True)


def run(exe: Path, *args, ok: bool = True, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    done = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, cwd=ENV["SCRATCH"],
                          env={**ENV["BASE"], **(env or {})}, timeout=timeout)
    if ok and done.returncode != 0:
        raise Failed(f"{exe.name} {' '.join(map(str, args))} 退出码 {done.returncode}：{done.stderr.strip()[-800:]}")
    return done


def run_json(exe: Path, *args, **kw):
    return json.loads(run(exe, *args, "--json", **kw).stdout)


def data_counts(exe: Path, d: Path) -> dict:
    """Live records per table, less the bookkeeping every login, backup or update writes (audit log, login state)."""
    counts = run_json(exe, "info", "--data-dir", d)["counts"]
    return {k: v for k, v in counts.items() if k not in ("audit_log", "login_state")}


def login_from_demo(demo: dict) -> None:
    """After the auth work lands: demo --json lists the users it made, with passwords."""
    users = demo.get("users") or []
    if isinstance(users, dict):
        users = [{"login": k, **(v if isinstance(v, dict) else {"password": v})} for k, v in users.items()]
    admins = [u for u in users if u.get("role") == "管理员"] or users
    if admins:
        ENV["BASE"]["QINGFENG_USER"] = str(admins[0].get("login") or admins[0].get("user"))
        ENV["BASE"]["QINGFENG_PASSWORD"] = str(admins[0]["password"])
        print(f"  （以 {ENV['BASE']['QINGFENG_USER']} 登录）")


def test_package(deb: Path, root: Path) -> Path:
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    exe = root / "opt" / "qingfeng" / "qingfeng"
    check(exe.is_file() and os.access(exe, os.X_OK), "/opt/qingfeng/qingfeng 已安装")
    check(os.readlink(root / "usr/bin/qingfeng") == "/opt/qingfeng/qingfeng", "/usr/bin/qingfeng 指向 /opt/qingfeng")
    entry = (root / "usr/share/applications/qingfeng.desktop").read_text(encoding="utf-8")
    check("Name[zh_CN]=清风台账" in entry and "Icon=qingfeng" in entry, "中文桌面菜单项")
    check((root / "usr/share/icons/hicolor/scalable/apps/qingfeng.svg").is_file(), "图标")
    depends = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True, text=True).stdout
    check("fonts-wqy-microhei" in depends and "libxcb-cursor0" in depends, f"声明依赖：{depends.strip()[:120]}…")
    size = sum(f.stat().st_size for f in (root / "opt/qingfeng").rglob("*") if f.is_file() and not f.is_symlink())
    # target 200 MB (issue #18); a bundle above it is reported, one above the hard limit fails (docs/INSTALL.md)
    limit = float(os.environ.get("QINGFENG_MAX_BUNDLE_MB", "300"))
    check(size <= limit * 1e6, f"安装后程序 {size / 1e6:.1f} MB（上限 {limit:.0f} MB）")
    if size > 200e6:
        print(f"  警告：安装后程序 {size / 1e6:.1f} MB，超过 200 MB 的目标", flush=True)
    internal = root / "opt/qingfeng/_internal"
    for rel in ("docx/templates/default.docx", "PySide6/Qt/translations/qtbase_zh_CN.qm", "db/migrations",
                "resources/fonts/README.txt", "templates"):
        check((internal / rel).exists(), f"程序包内有 {rel}")
    return exe


def test_basics(exe: Path, work: Path) -> Path:
    out = run(exe, "--version").stdout.strip()
    check(out.startswith("清风台账 "), f"--version：{out}")
    demo_dir = work / "演示 数据"  # a space and Chinese characters in the path
    demo = run_json(exe, "demo", "--data-dir", demo_dir, timeout=900)
    check(demo["counts"]["problem"] > 100, f"demo：{demo['counts']['problem']} 个问题")
    login_from_demo(demo)
    smoke = run(exe, "--data-dir", demo_dir, "--smoke-test", env={"QT_QPA_PLATFORM": "offscreen"}).stdout
    check("shown_ms=" in smoke, f"--smoke-test：{smoke.strip()}")
    return demo_dir


def test_documents(exe: Path, d: Path, out: Path) -> None:
    problems = run_json(exe, "problem", "list", "--status", "待核实", "--data-dir", d)["problems"]
    by_unit: dict[str, list[str]] = {}
    for p in problems:
        by_unit.setdefault(p["unit_id"], []).append(p["no"])
    groups = sorted(by_unit.values(), key=len, reverse=True)
    kinds = ["廉洁提醒函", "履责提醒函", "工作提示函", "整改通知书", "督办函", "纪律检查建议书", "监察建议书",
             "纪检监察建议书", "回执", "谈话记录"]
    person = _a_person(d)
    for i, kind in enumerate(kinds):
        target: list[str]
        if kind == "谈话记录":
            target = ["--person", person]
        elif kind in ("整改通知书", "督办函") or "建议书" in kind:
            target = ["--problems", groups[i % len(groups)][0]]
        else:
            target = ["--unit", _first_village(exe, d)]
        sign = [] if kind in ("回执", "谈话记录") else ["--sign", "--signer", "李明"]
        res = run_json(exe, "doc", "issue", "--kind", kind, *target, *sign, "--out", out / "文书", "--data-dir", d)
        files = [Path(f) for f in res["files"]]
        good = sorted(f.suffix for f in files) == [".docx", ".pdf"] and all(f.stat().st_size > 1000 for f in files)
        good = good and zipfile.is_zipfile(files[0] if files[0].suffix == ".docx" else files[1])
        good = good and all(f.read_bytes()[:5] == b"%PDF-" for f in files if f.suffix == ".pdf")
        check(good, f"{kind}：{res['doc_no'] or '（未编号）'} {res['status']}，Word 和 PDF")


def _first_village(exe: Path, d: Path) -> str:
    wb = Path(ENV["SCRATCH"]) / "单位.xlsx"
    run(exe, "registry", "export", "--kind", "units", "--out", wb, "--data-dir", d)
    return _xlsx_column(wb, "单位名称", lambda row: row.get("类型") == "行政村")


def _a_person(d: Path) -> str:
    """A person's ID, read from the installed program's database with the stdlib sqlite3 (read-only)."""
    import sqlite3

    con = sqlite3.connect(f"file:{d / 'qingfeng.db'}?mode=ro", uri=True)
    try:
        return con.execute("SELECT id FROM person ORDER BY name LIMIT 1").fetchone()[0]
    finally:
        con.close()


def _xlsx_column(path: Path, column: str, where) -> str:
    """The first value of `column` in rows matching `where`, read with the stdlib (no openpyxl here)."""
    import re
    import xml.etree.ElementTree as ET

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
                shared.append("".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")))
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for r in sheet.iter(f"{{{ns['m']}}}row"):
        cells = {}
        for c in r.findall("m:c", ns):
            col = re.match(r"[A-Z]+", c.get("r")).group(0)
            v = c.find("m:v", ns)
            is_ = c.find("m:is", ns)
            text = (shared[int(v.text)] if c.get("t") == "s" else v.text) if v is not None else \
                "".join(t.text or "" for t in is_.iter(f"{{{ns['m']}}}t")) if is_ is not None else ""
            cells[col] = text
        rows.append(cells)
    head = {v: k for k, v in rows[0].items()}
    for cells in rows[1:]:
        row = {name: cells.get(col, "") for name, col in head.items()}
        if where(row):
            return row[column]
    raise Failed(f"{path.name} 中没有符合条件的行")


def test_registry_import(exe: Path, d: Path, out: Path) -> None:
    wb = out / "人员.xlsx"
    run(exe, "registry", "export", "--kind", "people", "--out", wb, "--data-dir", d)
    res = run_json(exe, "registry", "import", wb, "--kind", "people", "--data-dir", d)
    check(res["written"] and res["result"]["不变"] >= 50, f"名册 xlsx 导入：{res['result']}")


def test_sync(exe: Path, town: Path, work: Path) -> None:
    district = work / "区县 数据"
    run(exe, "init", "--role", "district", "--site-code", "330226", "--site-name", "宁海县", "--data-dir", district)
    pw = work / "口令.txt"
    pw.write_text(PASSPHRASE + "\n", encoding="utf-8")
    run(exe, "sync", "keys", "--init-district", "--passphrase-file", pw, "--data-dir", district)
    run(exe, "sync", "enrolment", "--out", work / "区县.qfkey", "--data-dir", district)
    town_key = {"QINGFENG_PASSPHRASE": "乡镇密钥口令-installed-2026"}  # the township's own keys are encrypted too
    run(exe, "sync", "enrol", work / "区县.qfkey", "--data-dir", town, env=town_key)
    run(exe, "sync", "enrolment", "--out", work / "乡镇.qfkey", "--data-dir", town, env=town_key)
    run(exe, "sync", "enrol", work / "乡镇.qfkey", "--passphrase-file", pw, "--data-dir", district)
    usb = work / "U盘"
    exported = run_json(exe, "sync", "export", "--out", usb, "--data-dir", town, env=town_key)
    check(exported["verified"], f"数据包导出并校验：{Path(exported['file']).name}")
    imported = run_json(exe, "sync", "import", exported["file"], "--data-dir", district,
                        env={"QINGFENG_PASSPHRASE": PASSPHRASE})
    check(imported[0]["status"] not in ("预览", "重复") and "problem" in json.dumps(imported, ensure_ascii=False),
          f"区县导入数据包：{imported[0]['status']}")


def test_backup_restore(exe: Path, d: Path, work: Path) -> None:
    backup = run_json(exe, "backup", "--out", work / "备份", "--data-dir", d)
    check(Path(backup["backup"]).is_file(), f"备份：{Path(backup['backup']).name}")
    before = data_counts(exe, d)
    run(exe, "doc", "issue", "--kind", "廉洁提醒函", "--unit", _first_village(exe, d), "--data-dir", d)
    check(data_counts(exe, d)["document"] == before["document"] + 1, "备份后又制发一份")
    run(exe, "restore", backup["backup"], "--data-dir", d)
    check(data_counts(exe, d) == before, "恢复备份后数据与备份时相同")


def test_update(exe: Path, root: Path, d: Path, work: Path, key: Path, repo: Path) -> None:
    """N is installed; N+1 is the same bundle repackaged with a bumped VERSION (one PyInstaller build)."""
    current = run(exe, "--version").stdout.split()[-1]
    nxt = ".".join(current.split(".")[:-1] + [str(int(current.split(".")[-1]) + 1)])
    pack = [sys.executable, repo / "installer/make_update.py", "pack", root / "opt/qingfeng", "--key", key]
    packages = work / "升级包"
    good = Path(subprocess.run([*map(str, pack), "--out", str(packages), "--version", nxt],
                               capture_output=True, text=True, check=True).stdout.strip())
    same = Path(subprocess.run([*map(str, pack), "--out", str(work / "同版本"), "--version", current],
                               capture_output=True, text=True, check=True).stdout.strip())
    other = Path(subprocess.run([*map(str, pack), "--out", str(work / "别的平台"), "--version", nxt,
                                 "--platform", "windows-amd64"], capture_output=True, text=True, check=True
                                ).stdout.strip())
    tampered = work / "被改动.qfupd"
    shutil.copyfile(good, tampered)
    with open(tampered, "r+b") as fh:  # flip a byte inside the payload
        fh.seek(os.path.getsize(tampered) // 2)
        byte = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([byte[0] ^ 0xFF]))
    for bad, message in ((tampered, "被改动过"), (same, "不高于当前版本"), (other, "适用于 windows-amd64")):
        done = run(exe, "update", "apply", bad, "--data-dir", d, ok=False)
        lines = done.stderr.strip().splitlines()
        check(done.returncode == 1 and len(lines) == 1 and message in lines[0], f"拒绝：{lines[0] if lines else ''}")
    check(run(exe, "--version").stdout.split()[-1] == current, f"被拒绝后仍是 {current}")
    before = data_counts(exe, d)
    res = run_json(exe, "update", "apply", good, "--data-dir", d, timeout=900)
    check(res["version"] == nxt and Path(res["backup"]).is_file(), f"已升级 {current} → {nxt}，升级前备份已校验")
    check(run(exe, "--version").stdout.split()[-1] == nxt, f"重新启动后是 {nxt}")
    check(data_counts(exe, d) == before, "升级后数据不变")
    smoke = run(exe, "--data-dir", d, "--smoke-test", env={"QT_QPA_PLATFORM": "offscreen"}).stdout
    check("shown_ms=" in smoke, "升级后界面能启动")
    done = run(exe, "update", "apply", good, "--data-dir", d, ok=False)
    check(done.returncode == 1 and "不高于当前版本" in done.stderr, "同一个升级包不能再装一次")
    # N+2 whose first start fails: everything must come back as it was (version N+1 and the data)
    broken_ver = ".".join(nxt.split(".")[:-1] + [str(int(nxt.split(".")[-1]) + 1)])
    broken_bundle = work / "坏的新版本" / "qingfeng"
    shutil.copytree(root / "opt/qingfeng", broken_bundle, symlinks=True)
    shutil.rmtree(broken_bundle / "_internal" / "db" / "migrations")
    (broken_bundle / "_internal" / "db" / "migrations").mkdir()
    broken = Path(subprocess.run([sys.executable, str(repo / "installer/make_update.py"), "pack", str(broken_bundle),
                                  "--key", str(key), "--out", str(work / "坏升级包"), "--version", broken_ver],
                                 capture_output=True, text=True, check=True).stdout.strip())
    done = run(exe, "update", "apply", broken, "--data-dir", d, ok=False, timeout=900)
    check(done.returncode == 1 and "已恢复原版本" in done.stderr, f"新版本起不来：{done.stderr.strip().splitlines()[-1][-90:]}")
    check(run(exe, "--version").stdout.split()[-1] == nxt, f"仍是 {nxt}")
    check(data_counts(exe, d) == before, "数据已恢复，与升级前相同")
    back = run_json(exe, "update", "rollback", "--data-dir", d)
    check(back["previous_version"] == current and run(exe, "--version").stdout.split()[-1] == current,
          f"撤销升级：回到 {current}")


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--deb", required=True, type=Path)
    p.add_argument("--update-key", type=Path, help="private key the test build trusts (enables the update test)")
    p.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = p.parse_args(argv)
    repo = Path(__file__).resolve().parents[1]
    scratch = Path(tempfile.mkdtemp(prefix="qingfeng-installed-"))
    home = scratch / "home"
    home.mkdir()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QINGFENG_", "VIRTUAL_ENV"))}
    base.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local/share"), QT_QPA_PLATFORM="offscreen",
                LANG="C.UTF-8")
    ENV.update(SCRATCH=str(scratch), BASE=base)
    started = time.monotonic()
    try:
        print(f"安装版测试：{args.deb.name}（解包到 {scratch}）")
        root = scratch / "root"
        exe = test_package(args.deb, root)
        work = scratch / "work"
        work.mkdir()
        d = test_basics(exe, work)
        test_documents(exe, d, work)
        test_registry_import(exe, d, work)
        test_sync(exe, d, work)
        test_backup_restore(exe, d, work)
        if args.update_key:
            test_update(exe, root, d, work, args.update_key, repo)
    except Failed as exc:
        print(f"失败：{exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"安装版测试全部通过（{time.monotonic() - started:.0f} 秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
