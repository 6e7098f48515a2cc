"""Documents: 文号 at 签发 (format, yearly reset, never reused, concurrent), life (送达, 回复, 作废, 归档), problems
handed over and moved to 待审核, files stored with SHA-256, re-render identical, bad input leaves the DB unchanged."""

from __future__ import annotations

import hashlib
import threading
from datetime import date

import pytest

from desktop.core.clock import FixedClock
from desktop.core.errors import GateRefused, OutputError, PermissionDenied, ValidationError
from desktop.core.progress import drain
from desktop.core.services.documents import alerts as doc_alerts
from desktop.core.services.documents import kinds as doc_kinds
from desktop.core.services.documents import numbering
from desktop.core.services.documents import records as documents
from desktop.core.services.org import site as org
from desktop.core.services.org.context import open_context
from desktop.core.services.problems import records as problems
from desktop.core.store import blobs
from tests.conftest import db_snapshot, fixed_clock
from tests.doc_helpers import seed


@pytest.fixture
def world(ctx):
    return seed(ctx)


def _letter(ctx, world, **fields):
    return documents.create_draft(ctx, "廉洁提醒函", unit_id=world["east"]["id"], fields={"signer": "李明", **fields})


def _notice(ctx, world, sign=True):
    ids = [world["p1"]["id"], world["p2"]["id"]]
    doc = documents.create_draft(ctx, "整改通知书", problem_ids=ids, fields={"signer": "李明"})
    return documents.sign(ctx, doc["id"]) if sign else doc


def test_number_format_and_parse():
    assert numbering.format_number("X纪提", 2026, 3) == "X纪提〔2026〕3号"
    assert numbering.format_number("清纪改", 2026, 12) == "清纪改〔2026〕12号"
    assert numbering.parse_number("清纪监建〔2026〕10号") == ("清纪监建", 2026, 10)
    for bad in ("清纪提[2026]3号", "清纪提〔2026〕003号", "清纪提〔2026〕第3号", "清纪提（2026）3号"):
        with pytest.raises(ValidationError, match="格式不正确"):
            numbering.parse_number(bad)


def test_default_prefixes_come_from_the_site_name(ctx):
    p = numbering.prefixes(ctx)
    assert p["廉洁提醒函"] == "清纪提" and p["整改通知书"] == "清纪改" and p["监察建议书"] == "清监建"
    assert p["纪检监察建议书"] == "清纪监建" and numbering.prefix_for(ctx, "回执") is None


def test_number_is_assigned_only_at_signing(ctx, world):
    draft = _letter(ctx, world)
    assert draft["doc_no"] is None and draft["status"] == "草稿"
    assert numbering.peek_next(ctx, "廉洁提醒函") == "清纪提〔2026〕1号"
    signed = documents.sign(ctx, draft["id"])
    assert signed["doc_no"] == "清纪提〔2026〕1号" and signed["status"] == "已签发"
    assert signed["sign_date"] == "2026-11-24" and signed["signer"] == "李明"


def test_sequence_restarts_each_year_and_kinds_sharing_a_prefix_share_it(ctx, world):
    old = documents.sign(ctx, _letter(ctx, world)["id"], sign_date="2025-12-30")
    a = documents.sign(ctx, _letter(ctx, world)["id"])
    b = documents.sign(ctx, documents.create_draft(ctx, "工作提示函", unit_id=world["west"]["id"],
                                                   fields={"signer": "李明"})["id"])
    assert old["doc_no"] == "清纪提〔2025〕1号"
    assert (a["doc_no"], b["doc_no"]) == ("清纪提〔2026〕1号", "清纪提〔2026〕2号")


def test_voided_number_is_kept_and_never_reused(ctx, world):
    first = documents.sign(ctx, _letter(ctx, world)["id"])
    second = documents.sign(ctx, _letter(ctx, world)["id"])
    documents.void(ctx, second["id"], "主送单位写错")
    third = documents.sign(ctx, _letter(ctx, world)["id"])
    voided = documents.get_document(ctx, second["id"])
    assert voided["status"] == "作废" and voided["doc_no"] == "清纪提〔2026〕2号"
    assert voided["void_reason"] == "主送单位写错"
    assert [first["doc_no"], third["doc_no"]] == ["清纪提〔2026〕1号", "清纪提〔2026〕3号"]


def test_two_documents_signed_at_the_same_moment_get_distinct_numbers(ctx, world, site_dir):
    drafts = [_letter(ctx, world)["id"] for _ in range(4)]
    contexts = [open_context(site_dir, clock=fixed_clock(), lock=False) for _ in drafts]
    barrier = threading.Barrier(len(drafts))
    results, errors = {}, []

    def work(c, doc_id):
        barrier.wait()
        try:
            results[doc_id] = documents.sign(c, doc_id)["doc_no"]
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(c, d)) for c, d in zip(contexts, drafts, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in contexts:
        c.close()
    assert not errors
    assert sorted(results.values()) == sorted(f"清纪提〔2026〕{n}号" for n in range(1, 5))


def test_signing_with_an_empty_required_field_is_refused_and_changes_nothing(ctx, world):
    draft = documents.create_draft(ctx, "廉洁提醒函", unit_id=world["east"]["id"], fields={"signer": ""})
    documents.update_draft(ctx, draft["id"], {"addressee": "  "})
    before = db_snapshot(ctx.db.path)
    with pytest.raises(ValidationError, match="签发前请填写：主送、签发人"):
        documents.sign(ctx, draft["id"])
    assert db_snapshot(ctx.db.path) == before


def test_a_supervision_proposal_needs_the_supervision_capacity(ctx, world):
    draft = documents.create_draft(ctx, "监察建议书", problem_ids=[world["p3"]["id"]], fields={"signer": "李明"})
    org.update_profile(ctx, {"capacities": ["纪律检查"]})
    before = db_snapshot(ctx.db.path)
    with pytest.raises(PermissionDenied, match="没有“监察”发文权限，不能制发监察建议书"):
        documents.sign(ctx, draft["id"])
    with pytest.raises(PermissionDenied, match="不能制发纪检监察建议书"):
        documents.create_draft(ctx, "纪检监察建议书", problem_ids=[world["p3"]["id"]])
    assert db_snapshot(ctx.db.path) == before
    assert "监察建议书" not in doc_kinds.available_kinds(ctx)


def test_a_reply_to_a_voided_document_is_refused(ctx, world):
    doc = _notice(ctx, world)
    documents.void(ctx, doc["id"], "重复制发")
    before = db_snapshot(ctx.db.path)
    with pytest.raises(GateRefused, match="已作废（重复制发），不能登记回复"):
        documents.record_reply(ctx, doc["id"], reply_text="已整改")
    assert db_snapshot(ctx.db.path) == before


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "整改通知书"}, "至少要列入一个问题"),
    ({"kind": "整改通知书", "problems": ("p1", "p3")}, "分属不同单位"),
    ({"kind": "公函"}, "没有“公函”这种文书"),
    ({"kind": "廉洁提醒函", "unit": None}, "请选择廉洁提醒函发给哪个单位或哪位同志"),
])
def test_bad_drafts_are_refused_and_change_nothing(ctx, world, kwargs, message):
    before = db_snapshot(ctx.db.path)
    unit = kwargs.get("unit", "west")
    with pytest.raises(ValidationError, match=message):
        documents.create_draft(ctx, kwargs["kind"], unit_id=world[unit]["id"] if unit else None,
                               problem_ids=[world[p]["id"] for p in kwargs.get("problems", ())])
    assert db_snapshot(ctx.db.path) == before


def test_a_failed_render_uses_no_number(ctx, world, monkeypatch):
    draft = _letter(ctx, world)
    before = db_snapshot(ctx.db.path)

    def broken(*_a, **_k):
        raise OutputError("没有可用的仿宋字体。")

    monkeypatch.setattr(documents.doc_layer, "render", broken)
    with pytest.raises(OutputError, match="仿宋"):
        documents.sign(ctx, draft["id"])
    assert db_snapshot(ctx.db.path) == before
    monkeypatch.undo()
    assert documents.sign(ctx, draft["id"])["doc_no"] == "清纪提〔2026〕1号"


def test_notice_is_prefilled_from_the_problems_and_hands_them_over(ctx, world):
    doc = _notice(ctx, world)
    assert doc["title"] == "关于东岭村有关问题限期整改的通知"
    assert doc["addressee"] == "中共东岭村支部委员会、东岭村村民委员会" and doc["reply_required"]
    values = documents.build_values(ctx, doc)
    assert [p["no"] for p in values["problems"]] == [world["p1"]["no"], world["p2"]["no"]]
    assert values["problems"][0]["responsible"] == "陈建国"
    for p in documents.linked_problems(ctx, doc["id"]):
        assert (p["status"], p["doc_id"], p["doc_no"]) == ("已交办", doc["id"], "清纪改〔2026〕1号")
        assert p["deadline"] == doc["reply_due"]


def test_delivery_and_reply_move_the_problems_to_review(ctx, world, tmp_path):
    doc = _notice(ctx, world)
    documents.record_delivery(ctx, doc["id"], received_by="陈建国", received_date="2026-11-24")
    assert documents.get_document(ctx, doc["id"])["status"] == "待回复"
    photo = tmp_path / "公开栏照片.jpg"
    photo.write_bytes(b"\xff\xd8fake jpeg")
    reply = documents.record_reply(ctx, doc["id"], reply_text="已召开村民代表会议补正程序，公开栏已更新。",
                                   reply_doc_no="东岭村〔2026〕5号", evidence=[photo])
    assert reply["notes"] == [] and [e["file_name"] for e in documents.evidence_of(ctx, reply["id"])] == [photo.name]
    after = documents.get_document(ctx, doc["id"])
    assert after["status"] == "已回复" and after["reply_date"] == "2026-11-24"
    assert [r["kind"] for r in after["receipts"]] == ["签收", "整改反馈"]
    moved = documents.linked_problems(ctx, doc["id"])
    assert {p["status"] for p in moved} == {"待审核"}
    assert moved[0]["feedback"][-1]["attachments"], "evidence reaches the problem's feedback entry"
    documents.archive(ctx, doc["id"])
    assert documents.get_document(ctx, doc["id"])["status"] == "已归档"


def test_due_replies_and_overdue_status(ctx, world):
    doc = _notice(ctx, world)
    documents.record_delivery(ctx, doc["id"], received_by="陈建国")
    letter = documents.sign(ctx, _letter(ctx, world)["id"])
    due = doc_alerts.due_replies(ctx)
    assert [d["id"] for d in due] == [doc["id"]] and due[0]["days_left"] == 30 and not due[0]["overdue"]
    ctx.clock = FixedClock(date(2027, 1, 5))
    due = doc_alerts.due_replies(ctx)
    assert due[0]["overdue"] and due[0]["status"] == "逾期未复" and due[0]["days_left"] < 0
    listed = documents.list_documents(ctx, status="逾期未复")
    assert [d["id"] for d in listed] == [doc["id"]]
    assert letter["id"] not in [d["id"] for d in due]


def test_files_are_stored_with_their_sha256(ctx, world):
    doc = _notice(ctx, world)
    assert {f["format"] for f in doc["files"]} == {"docx", "pdf"}
    for f in doc["files"]:
        stored = blobs.find(ctx.data, f["sha256"], folder="documents")
        assert stored and hashlib.sha256(stored.read_bytes()).hexdigest() == f["sha256"]
        assert stored.stat().st_size == f["size"]
    assert documents.documents_of(ctx, world["p1"]["id"])[0]["id"] == doc["id"]


def test_rerendering_a_signed_document_gives_the_same_number_date_and_text(ctx, world, tmp_path):
    doc = _notice(ctx, world)
    first = documents.content_of(ctx, doc["id"])
    problems.update_problem(ctx, world["p1"]["id"], {"description": "改过的描述"}, reason="测试")
    org.update_profile(ctx, {"full_name": "中共清溪镇纪律检查委员会（改名）"})
    ctx.clock = FixedClock(date(2026, 12, 20))
    again = documents.content_of(ctx, doc["id"])
    assert again == first
    paths = documents.render_to(ctx, doc["id"], tmp_path / "again")
    assert [p.suffix for p in paths] == [".docx", ".pdf"]
    assert paths[0].name.startswith("清纪改〔2026〕1号")


def test_batch_job_issues_one_numbered_letter_per_unit_with_progress(ctx, world, tmp_path):
    ids = [world["east"]["id"], world["west"]["id"], world["station"]["id"]]
    steps = []
    results = drain(documents.batch_job(ctx, "廉洁提醒函", unit_ids=ids, sign=True, fields={"signer": "李明"},
                                        out_dir=tmp_path), steps.append)
    assert [r["doc_no"] for r in results] == [f"清纪提〔2026〕{n}号" for n in (1, 2, 3)]
    assert [(s.done, s.total) for s in steps] == [(1, 3), (2, 3), (3, 3)]
    assert len(list(tmp_path.glob("*.pdf"))) == 3
    assert len({documents.get_document(ctx, r["id"])["batch_id"] for r in results}) == 1


def test_batch_without_signer_is_refused_before_anything_is_written(ctx, world):
    before = db_snapshot(ctx.db.path)
    with pytest.raises(ValidationError, match="签发人"):
        drain(documents.batch_job(ctx, "廉洁提醒函", unit_ids=[world["east"]["id"]], sign=True))
    assert db_snapshot(ctx.db.path) == before


def test_configured_prefix_is_used_and_bad_prefixes_refused(ctx, world):
    numbering.set_prefixes(ctx, {"廉洁提醒函": "清纪廉"})
    assert documents.sign(ctx, _letter(ctx, world)["id"])["doc_no"] == "清纪廉〔2026〕1号"
    before = db_snapshot(ctx.db.path)
    for bad in ("", "清纪 提", "清纪〔提〕", "清纪2"):
        with pytest.raises(ValidationError, match="机关代字"):
            numbering.set_prefixes(ctx, {"整改通知书": bad})
    assert db_snapshot(ctx.db.path) == before


def test_reminder_letter_to_a_person_and_register_filters(ctx, world):
    doc = documents.create_draft(ctx, "履责提醒函", person_id=world["person"]["id"], fields={"signer": "李明"})
    assert doc["addressee"] == "陈建国同志" and doc["reply_required"]
    documents.sign(ctx, doc["id"])
    _letter(ctx, world)
    assert [d["kind"] for d in documents.list_documents(ctx, kind="履责提醒函")] == ["履责提醒函"]
    assert len(documents.list_documents(ctx, text="陈建国")) == 1
    assert [d["display_status"] for d in documents.list_documents(ctx, status="草稿")] == ["草稿"]


def test_issue_with_sign_that_fails_writes_nothing_not_even_a_deleted_draft(ctx, world, monkeypatch):
    """issue(sign=True) drafts and signs in one transaction: a failure leaves no row (no tombstone), no number."""
    before = db_snapshot(ctx.db.path)

    def broken(*_a, **_k):
        raise OutputError("没有可用的仿宋字体。")

    monkeypatch.setattr(documents.doc_layer, "render", broken)
    with pytest.raises(OutputError, match="仿宋"):
        documents.issue(ctx, "整改通知书", problem_ids=[world["p1"]["id"]], fields={"signer": "李明"}, sign=True)
    assert db_snapshot(ctx.db.path) == before
    t = documents.Document.__table__
    with ctx.reader() as s:
        assert s.execute(t.select()).first() is None          # not even a soft-deleted draft
    monkeypatch.undo()
    done = documents.issue(ctx, "整改通知书", problem_ids=[world["p1"]["id"]], fields={"signer": "李明"}, sign=True)
    assert done["doc_no"] == "清纪改〔2026〕1号"


def test_issue_with_sign_equals_draft_then_sign(ctx, world):
    """The one-transaction path gives the same document as create_draft + sign (number, text, links, problems)."""
    ids = [world["p1"]["id"], world["p2"]["id"]]
    one = documents.get_document(ctx, documents.issue(ctx, "整改通知书", problem_ids=ids,
                                                      fields={"signer": "李明"}, sign=True)["id"])
    two = _notice(ctx, world)
    assert one["doc_no"] == "清纪改〔2026〕1号" and two["doc_no"] == "清纪改〔2026〕2号"
    keys = ("kind", "title", "addressee", "cc", "signer", "sign_date", "reply_due", "reply_required", "status")
    assert {k: one[k] for k in keys} == {k: two[k] for k in keys}
    assert one["links"] == two["links"] and len(one["files"]) == len(two["files"]) == 2
    text_one = documents.doc_layer.plain_text(documents.doc_layer.from_json(one["content_json"]))
    text_two = documents.doc_layer.plain_text(documents.doc_layer.from_json(two["content_json"]))
    assert [t.replace("2号", "1号") for t in text_two] == text_one
