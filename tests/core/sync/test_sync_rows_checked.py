"""Issue 11 §5: a signed package with broken lines or rows that break local entry's rules is refused whole,
with a Chinese message naming the user's file, the township and the first bad row; nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.sync.test_sync_bad_input import refused, repack, resign, setup  # noqa: F401 - the fixture
from tests.sync_helpers import *  # noqa: F403


def _edit_table(setup, table: str, change) -> dict:
    e = dict(setup["entries"])
    lines = e[f"data/{table}.jsonl"].decode().splitlines()
    lines = change(lines)
    e[f"data/{table}.jsonl"] = ("\n".join(lines) + "\n").encode()
    return e


def test_malformed_json_line_in_a_signed_package(setup, tmp_path):
    e = _edit_table(setup, "problem", lambda lines: [lines[0], '{"id": "x", "no": ', *lines[1:]])
    bad = repack(resign(e, setup["signer"]), setup["recipient"], tmp_path / "清溪镇_坏行.qfpkg")
    err = refused(setup, bad, "格式不正确")
    assert "清溪镇_坏行.qfpkg" in str(err) and "第 2 行" in str(err) and "incoming" not in str(err)


def test_a_line_that_is_not_an_object(setup, tmp_path):
    e = _edit_table(setup, "unit", lambda lines: [*lines, "[1, 2, 3]"])
    bad = repack(resign(e, setup["signer"]), setup["recipient"], tmp_path / "数组.qfpkg")
    refused(setup, bad, "格式不正确")


def _problem_edit(n: int, **changes):
    def change(lines):
        row = json.loads(lines[n])
        for k, v in changes.items():
            if v is KeyError:
                row.pop(k)
            else:
                row[k] = v
        return [*lines[:n], json.dumps(row, ensure_ascii=False), *lines[n + 1:]]
    return change


@pytest.mark.parametrize("changes,match", [
    ({"status": "黑客状态", "found_date": "不是日期"}, "不符合录入规则：(状态“黑客状态”|发现日期“不是日期”)"),
    ({"status": "黑客状态"}, "状态“黑客状态”不正确"),
    ({"found_date": "不是日期"}, "发现日期“不是日期”不是有效日期"),
    ({"severity": "极其严重"}, "严重程度“极其严重”不正确"),
    ({"handling": ""}, "缺少必填项“处置方式”"),
    ({"description": None}, "缺少必填项“问题描述”"),
    ({"year": "二〇二五"}, "year“二〇二五”应为整数"),
    ({"amount_involved": "一百元"}, "amount_involved“一百元”应为数字"),
])
def test_rows_breaking_local_rules_refuse_the_whole_package(setup, tmp_path, changes, match):
    e = _edit_table(setup, "problem", _problem_edit(3, **changes))
    bad = repack(resign(e, setup["signer"]), setup["recipient"], tmp_path / "改过的包.qfpkg")
    err = refused(setup, bad, match)
    no = json.loads(setup["entries"]["data/problem.jsonl"].decode().splitlines()[3])["no"]
    text = str(err)
    assert "“清溪镇”（330226101）的数据包“改过的包.qfpkg”" in text
    assert f"第 4 条“问题”记录（{no}）" in text and "已拒绝整个数据包" in text


def test_bad_rows_in_other_tables(setup, tmp_path):
    def change(lines):
        row = json.loads(lines[0])
        row["type"] = "黑客村"
        return [json.dumps(row, ensure_ascii=False), *lines[1:]]
    e = _edit_table(setup, "unit", change)
    bad = repack(resign(e, setup["signer"]), setup["recipient"], tmp_path / "单位.qfpkg")
    refused(setup, bad, "第 1 条“单位”记录.*类型“黑客村”不正确")


def test_dry_run_refuses_too(setup, tmp_path):
    e = _edit_table(setup, "problem", _problem_edit(0, status="黑客状态"))
    bad = repack(resign(e, setup["signer"]), setup["recipient"], tmp_path / "预览.qfpkg")
    refused(setup, bad, "状态“黑客状态”不正确", dry_run=True)


def test_messages_name_the_users_file_not_the_working_copy(setup, tmp_path):
    bad = tmp_path / "我的数据包.qfpkg"
    data = bytearray(setup["pkg"].read_bytes())
    data[len(data) // 2] ^= 0x01
    bad.write_bytes(bytes(data))
    err = refused(setup, bad, "已损坏或不完整")
    assert "我的数据包.qfpkg" in str(err) and "incoming" not in str(err)


def test_a_good_package_still_imports(setup):
    res = import_one(setup["world"].district, setup["pkg"], setup["keys"])  # noqa: F405
    assert res.status == "已导入" and res.rows_changed > 0
    assert Path(res.file).name == setup["pkg"].name
