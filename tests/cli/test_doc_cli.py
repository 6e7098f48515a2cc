"""CLI: qingfeng doc issue / render / batch / list."""

from __future__ import annotations

import json
import subprocess

from desktop.cli import main
from desktop.core.services.org.context import open_context
from tests.conftest import db_snapshot, fixed_clock
from tests.doc_helpers import seed


def _seed(site_dir):
    ctx = open_context(site_dir, clock=fixed_clock())
    try:
        return seed(ctx)
    finally:
        ctx.close()


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def test_issue_a_signed_notice_from_problems_by_number(site_dir, tmp_path, capsys):
    w = _seed(site_dir)
    d, out = str(site_dir), tmp_path / "out"
    args = ["doc", "issue", "--kind", "整改通知书", "--problems", f"{w['p1']['no']},{w['p2']['no']}", "--sign",
            "--signer", "李明", "--out", str(out), "--json", "--data-dir", d]
    assert main(args) == 0
    res = _json(capsys)
    assert res["doc_no"].startswith("清纪改〔") and res["doc_no"].endswith("〕1号") and res["status"] == "已签发"
    assert sorted(p.rsplit(".", 1)[1] for p in res["files"]) == ["docx", "pdf"]
    text = subprocess.run(["pdftotext", res["files"][1], "-"], capture_output=True, text=True).stdout
    text = text.replace("\n", "")
    assert res["doc_no"] in text and "村集体鱼塘发包未经村民代表会议表决" in text


def test_issue_a_letter_to_a_unit_by_name_as_a_draft(site_dir, capsys):
    _seed(site_dir)
    assert main(["doc", "issue", "--kind", "工作提醒", "--unit", "西坡村", "--data-dir", str(site_dir)]) == 0
    out = capsys.readouterr().out
    assert "（未编号）  工作提示函  [草稿]" in out


def test_bad_issue_gets_one_chinese_line_and_changes_nothing(site_dir, capsys):
    w = _seed(site_dir)
    d = str(site_dir)
    before = db_snapshot(site_dir / "qingfeng.db")
    cases = [
        (["--kind", "公函", "--unit", "东岭村"], "没有“公函”这种文书"),
        (["--kind", "整改通知书", "--problems", f"{w['p1']['no']},{w['p3']['no']}"], "分属不同单位"),
        (["--kind", "廉洁提醒函", "--unit", "不存在村"], "找不到单位“不存在村”"),
        (["--kind", "廉洁提醒函", "--unit", "东岭村", "--sign"], "签发前请填写：签发人"),
    ]
    for extra, message in cases:
        assert main(["doc", "issue", *extra, "--data-dir", d]) == 1
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_batch_render_and_list(site_dir, tmp_path, capsys):
    _seed(site_dir)
    d = str(site_dir)
    assert main(["doc", "batch", "--kind", "廉洁提醒函", "--units", "all", "--sign", "--signer", "李明",
                 "--reason", "元旦、春节", "--out", str(tmp_path / "b"), "--json", "--data-dir", d]) == 0
    res = _json(capsys)
    assert res["count"] == 2 and [r["doc_no"][-3:] for r in res["documents"]] == ["〕1号", "〕2号"]
    assert len(list((tmp_path / "b").glob("*.pdf"))) == 2
    first = res["documents"][0]
    assert main(["doc", "render", "--doc", first["doc_no"], "--out", str(tmp_path / "r"), "--format", "pdf",
                 "--json", "--data-dir", d]) == 0
    rendered = _json(capsys)
    assert [p.rsplit(".", 1)[1] for p in rendered["files"]] == ["pdf"]
    again = subprocess.run(["pdftotext", rendered["files"][0], "-"], capture_output=True, text=True).stdout
    original = subprocess.run(["pdftotext", first["files"][1], "-"], capture_output=True, text=True).stdout
    assert again == original and "元旦、春节将至" in again
    assert main(["doc", "list", "--json", "--data-dir", d]) == 0
    listed = _json(capsys)
    assert {x["doc_no"] for x in listed} == {r["doc_no"] for r in res["documents"]}
    assert main(["doc", "list", "--kind", "整改通知书", "--data-dir", d]) == 0
    assert "登记簿为空" in capsys.readouterr().out
    assert main(["doc", "render", "--doc", "x", "--out", str(tmp_path), "--data-dir", d]) == 1
    assert "找不到文书“x”" in capsys.readouterr().err


def test_render_into_an_unwritable_folder_is_one_chinese_line(site_dir, tmp_path, capsys):
    w = _seed(site_dir)
    d = str(site_dir)
    assert main(["doc", "issue", "--kind", "廉洁提醒函", "--unit", w["east"]["id"], "--sign", "--signer", "李明",
                 "--json", "--data-dir", d]) == 0
    doc_id = _json(capsys)["id"]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["doc", "render", "--doc", doc_id, "--out", str(blocker / "sub"), "--data-dir", d]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：无法创建输出文件夹") and "Traceback" not in err
    assert main(["doc", "render", "--doc", doc_id, "--out", str(tmp_path), "--format", "odt", "--data-dir", d]) == 1
    assert "文件格式只能是 docx、pdf" in capsys.readouterr().err


def test_signing_with_a_character_no_font_has_needs_the_flag(site_dir, tmp_path, capsys):
    """Issue 16: one Chinese line naming the character, exit 1, nothing written; --allow-missing-chars signs."""
    w = _seed(site_dir)
    d, rare = str(site_dir), "\U0003134a"
    before = db_snapshot(site_dir / "qingfeng.db")
    args = ["doc", "issue", "--kind", "廉洁提醒函", "--unit", w["east"]["id"], "--sign", "--signer", "李明",
            "--reason", f"{rare}节", "--data-dir", d]
    assert main(args) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "U+3134A" in err[0] and "--allow-missing-chars" in err[0]
    assert db_snapshot(site_dir / "qingfeng.db") == before
    assert main([*args, "--allow-missing-chars", "--json"]) == 0
    res = _json(capsys)
    assert res["status"] == "已签发" and res["notes"] == []


def test_doc_fonts_lists_the_faces_and_the_substitutes(site_dir, capsys):
    assert main(["doc", "fonts", "--json", "--data-dir", str(site_dir)]) == 0
    res = _json(capsys)
    assert any(x.startswith("仿宋：") for x in res["faces"]) and isinstance(res["notes"], list)
