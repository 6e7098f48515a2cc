"""Talk records: validation (诫勉 needs approval), first-form counting, filters, export headers."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from desktop.core.errors import ValidationError
from desktop.core.services.registry import people, units
from desktop.core.services.talks import records as talks
from tests.conftest import db_snapshot


@pytest.fixture
def person(ctx):
    v = units.create(ctx, {"name": "青石村", "type": "行政村"})
    return people.create(ctx, {"name": "张伟", "unit_id": v["id"], "position": "一肩挑"})


def _values(person, **over):
    base = {"kind": "约谈", "person_id": person["id"], "talk_date": "2026-11-20", "place": "镇纪委谈话室",
            "talker": "王晓燕", "recorder": "陈海燕", "reason": "村务公开不及时", "response": "立即整改"}
    return {**base, **over}


def test_talks_create_reads_person_and_form(ctx, person):
    t = talks.create(ctx, _values(person))
    assert t["person_label"] == "张伟/青石村/一肩挑"
    assert t["form"] == 1 and t["form_name"] == "第一种形态"
    assert [x["id"] for x in talks.list_talks(ctx, text="张伟")] == [t["id"]]
    assert talks.list_talks(ctx, kind="诫勉") == []


@pytest.mark.parametrize("over, message", [
    ({"kind": "谈心"}, "谈话类型只能是"),
    ({"person_id": None}, "请选择谈话对象"),
    ({"talk_date": ""}, "请填写谈话日期"),
    ({"talk_date": "2026-12-01"}, "谈话日期不能晚于今天"),
    ({"talker": ""}, "请填写谈话人"),
    ({"reason": " "}, "请填写谈话事由"),
    ({"kind": "诫勉"}, "诫勉须经审批，请填写审批人"),
    ({"kind": "诫勉", "approver": "赵德华", "approval_date": "2026-11-22"}, "审批日期不能晚于谈话日期"),
])
def test_talks_bad_input_is_refused_and_nothing_written(ctx, site_dir, person, over, message):
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match=message):
        talks.create(ctx, _values(person, **over))
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_talks_admonition_with_approver_counts_as_first_form(ctx, person):
    talks.create(ctx, _values(person, kind="诫勉", approver="镇党委书记 赵德华", approval_date="2026-11-18"))
    talks.create(ctx, _values(person, kind="谈话提醒", talk_date="2026-03-01"))
    assert talks.first_form_count(ctx) == {"诫勉": 1, "谈话提醒": 1, "合计": 2}
    assert talks.first_form_count(ctx, date_from="2026-06-01")["合计"] == 1


def test_talks_update_and_delete(ctx, person):
    t = talks.create(ctx, _values(person))
    t2 = talks.update(ctx, t["id"], {"follow_up": "一个月后回访"})
    assert t2["follow_up"] == "一个月后回访" and t2["rev"] == 2
    talks.delete(ctx, t["id"])
    assert talks.list_talks(ctx) == []


def test_talks_export_has_ledger_headers(ctx, person, tmp_path):
    talks.create(ctx, _values(person))
    out = tmp_path / "谈话记录.xlsx"
    assert talks.export_xlsx(ctx, out) == 1
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == ["序号", "日期", "对象（姓名/单位/职务）", "谈话类型", "事由", "谈话人",
                                        "记录人", "表态", "后续", "形态"]
    assert ws.cell(row=2, column=2).value.day == 20
    assert ws.cell(row=2, column=10).value == "第一种形态"


def test_talks_are_in_the_shared_search_index_and_take_attachments(ctx, person, tmp_path):
    from desktop.core.errors import ImportFileError
    from desktop.core.store import fts

    t = talks.create(ctx, _values(person, reason="集体资产租金拖欠未催收"))
    with ctx.reader() as s:
        total, hits, _mode = fts.search(s, "租金拖欠", entities=["talk_record"])
        assert total == 1 and hits[0]["id"] == t["id"]
        assert fts.search(s, "张伟", entities=["talk_record"])[0] == 1  # 2-character name
    scan = tmp_path / "谈话笔录.pdf"
    scan.write_bytes(b"%PDF-1.4 test")
    talks.add_attachment(ctx, t["id"], scan)
    assert [a["file_name"] for a in talks.get_talk(ctx, t["id"])["attachments"]] == ["谈话笔录.pdf"]
    with pytest.raises(ImportFileError, match="无法读取"):
        talks.add_attachment(ctx, t["id"], tmp_path / "missing.jpg")
    talks.delete(ctx, t["id"])
    with ctx.reader() as s:
        assert fts.search(s, "租金拖欠", entities=["talk_record"])[0] == 0
