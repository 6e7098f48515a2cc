"""Text that is right (issue 16): 抄送 without repeated words, one deadline per problem, 联合行文, full addressee
names, 谈话记录 fields, the standalone 回执's 来函文号, file names, characters no font has before 签发."""

from __future__ import annotations

import re

import pytest

from desktop.core.errors import GateRefused
from desktop.core.services.documents import filenames, glyph_check
from desktop.core.services.documents import records as documents
from desktop.core.services.org import site as org
from desktop.core.services.problems import records as problems
from desktop.core.services.talks import records as talks
from tests.conftest import db_snapshot
from tests.core.documents_helpers import norm, pdf_text
from tests.doc_helpers import seed

NOWHERE = "\U0003134a"          # CJK Extension G: no installed or bundled face has it


@pytest.fixture
def world(ctx):
    return seed(ctx)


def _content_text(ctx, doc_id) -> str:
    return "".join(documents.content_of(ctx, doc_id).plain_text())


@pytest.mark.parametrize("district", ["宁海县", "宁海县纪委监委", "宁海县纪委"])
def test_cc_never_repeats_the_district_suffix(ctx, world, district):
    org.update_profile(ctx, {"district_name": district})
    doc = documents.create_draft(ctx, "整改通知书", problem_ids=[world["p1"]["id"]], fields={"signer": "李明"})
    assert "宁海县纪委监委党风政风监督室" in doc["cc"]
    assert "纪委监委纪委" not in doc["cc"] and "纪委纪委" not in doc["cc"]
    signed = documents.sign(ctx, doc["id"])
    text = _content_text(ctx, signed["id"])
    assert text.count("纪委监委纪委监委") == 0 and "宁海县纪委监委党风政风监督室" in text


def _set_deadline(ctx, pid: str, deadline: str) -> None:
    from desktop.core.models.problems import Problem
    from desktop.core.services import rows

    with ctx.session() as s:
        rows.update(s, ctx, Problem, pid, {"deadline": deadline}, reason="测试")


def test_one_deadline_per_problem_everywhere(ctx, world):
    """p1 has its own deadline later than the notice's, p2 a deadline already past: the list and the body agree,
    and 签发 hands the problems over with the same dates."""
    _set_deadline(ctx, world["p1"]["id"], "2027-03-01")
    _set_deadline(ctx, world["p2"]["id"], "2026-10-30")             # already past on 2026-11-24
    ids = [world["p1"]["id"], world["p2"]["id"]]
    doc = documents.create_draft(ctx, "整改通知书", problem_ids=ids,
                                 fields={"signer": "李明", "deadline": "2027-01-03"})
    values = documents.build_values(ctx, documents.get_document(ctx, doc["id"]))
    for p in values["problems"]:
        p_deadline = p["deadline"]
        assert p_deadline >= "2026-11-24"                       # never a date already past
    assert values["deadline"] == max(p["deadline"] for p in values["problems"])
    signed = documents.sign(ctx, doc["id"])
    text = _content_text(ctx, signed["id"])
    body = re.search(r"于(\d{4}年\d{1,2}月\d{1,2}日)前完成整改", text).group(1)
    listed = re.findall(r"(\d{4}年\d{1,2}月\d{1,2}日)", text.split("问题整改清单")[-1])
    assert body == max(listed, key=lambda d: tuple(map(int, re.findall(r"\d+", d))))
    for pid in ids:
        handed = problems.get_problem(ctx, pid)
        shown = next(p["deadline"] for p in values["problems"] if p["id"] == pid)
        assert handed["deadline"] == shown


def test_joint_proposal_names_both_organs_in_header_and_signature(ctx, world, tmp_path):
    doc = documents.create_draft(ctx, "纪检监察建议书", problem_ids=[world["p1"]["id"]], fields={"signer": "李明"})
    signed = documents.sign(ctx, doc["id"])
    content = documents.content_of(ctx, signed["id"])
    assert len(content.issuers()) == 2 and content.issuers()[1].endswith("监察办公室")
    assert content.signatures() == content.issuers()
    pdf = documents.render_to(ctx, signed["id"], tmp_path, ("pdf",))[0]
    text = norm(pdf_text(pdf))
    first, second = content.issuers()
    assert text.startswith(first + second)                       # the red header: both organs
    assert text.count(second) >= 2                               # and the signature


def test_township_office_is_addressed_by_its_full_name(ctx, world):
    doc = documents.create_draft(ctx, "廉洁提醒函", unit_id=world["station"]["id"], fields={"signer": "李明"})
    site = ctx.site_name
    assert doc["addressee"] == f"{site}农业农村办"
    village = documents.create_draft(ctx, "廉洁提醒函", unit_id=world["east"]["id"], fields={"signer": "李明"})
    assert village["addressee"] == "中共东岭村支部委员会、东岭村村民委员会"


def test_talk_record_prints_type_talker_and_unit_with_post(ctx, world):
    talks.create(ctx, {"kind": "谈话提醒", "person_id": world["person"]["id"], "talk_date": "2026-11-20",
                       "place": "镇纪委谈话室", "talker": "王晓燕", "recorder": "赵敏", "reason": "村务公开不及时"})
    res = documents.issue(ctx, "谈话记录", person_id=world["person"]["id"], sign=True, fields={"signer": "李明"})
    content = documents.content_of(ctx, res["id"])
    cells = [c.text for row in content.body[0].rows for c in row]
    row = dict(zip(cells[::2], cells[1::2], strict=False))
    assert "谈话提醒" in cells and "王晓燕" in cells and "赵敏" in cells and "镇纪委谈话室" in cells
    assert "东岭村党组织书记、村（居）委会主任" in cells
    assert "一肩挑" not in cells and row.get("谈话类型") != ""
    assert not res["doc_no"] and not filenames.file_stem(documents.get_document(ctx, res["id"])).startswith("草稿")


def test_standalone_receipt_carries_the_letter_number(ctx, world):
    letter = documents.issue(ctx, "廉洁提醒函", unit_id=world["east"]["id"], sign=True, fields={"signer": "李明"})
    receipt = documents.issue(ctx, "回执", unit_id=world["east"]["id"], sign=True, fields={"signer": "李明"})
    cells = [c.text for row in documents.content_of(ctx, receipt["id"]).body[0].rows for c in row]
    assert cells[cells.index("来函文号") + 1] == letter["doc_no"]
    stem = filenames.file_stem(documents.get_document(ctx, receipt["id"]))
    assert not stem.startswith("草稿") and "回执" in stem


def test_file_names_carry_number_unit_title_and_are_safe_on_windows(ctx, world, tmp_path):
    from desktop.core.progress import drain

    job = documents.batch_job(ctx, "廉洁提醒函", unit_ids=[world["east"]["id"], world["west"]["id"]], sign=True,
                              fields={"signer": "李明"}, out_dir=tmp_path)
    results = drain(job)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert f"{results[0]['doc_no']} 东岭村 廉洁提醒函.pdf" in names
    assert f"{results[1]['doc_no']} 西坡村 廉洁提醒函.pdf" in names
    draft = {"status": "草稿", "title": "关于" + "很长的事由" * 40 + "的督办函", "unit_name": 'A:B/C*?"<>|'}
    stem = filenames.file_stem(draft)
    assert stem.startswith("草稿 A_B_C_") and len(stem) + len(".docx") <= 120
    assert not re.search(r'[\\/:*?"<>|]', stem)
    assert filenames.safe("CON") == "_CON" and filenames.safe("lpt1.txt") == "_lpt1.txt"
    assert filenames.safe("  名称. ") == "名称"


def test_signing_refuses_characters_no_font_has_until_confirmed(ctx, world):
    doc = documents.create_draft(ctx, "廉洁提醒函", unit_id=world["east"]["id"],
                                 fields={"signer": "李明", "addressee": f"{NOWHERE}村委会"})
    assert glyph_check.missing_chars(ctx, doc["id"]) == [NOWHERE]
    before = db_snapshot(ctx.db.path)
    with pytest.raises(glyph_check.MissingGlyphs) as err:
        documents.sign(ctx, doc["id"])
    assert isinstance(err.value, GateRefused) and err.value.chars == [NOWHERE]
    assert "U+3134A" in err.value.message
    assert db_snapshot(ctx.db.path) == before                             # no number used, nothing written
    signed = documents.sign(ctx, doc["id"], allow_missing_chars=True)
    assert signed["doc_no"] and signed["notes"] == []            # no font note after 签发


def test_rare_but_printable_characters_sign_without_asking(ctx, world):
    doc = documents.create_draft(ctx, "廉洁提醒函", unit_id=world["east"]["id"],
                                 fields={"signer": "李明", "addressee": "犇堃村𠮷喆同志"})
    assert glyph_check.missing_chars(ctx, doc["id"]) == []
    assert documents.sign(ctx, doc["id"])["doc_no"]
