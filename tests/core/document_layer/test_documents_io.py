"""Fonts per role, atomic output and its errors, wording templates (load/save/reset/validate) and every kind."""

from __future__ import annotations

import os

import pytest

from desktop.core import documents
from desktop.core.documents import fonts, samples, templates
from desktop.core.documents.content import Document, Paragraph
from desktop.core.documents.templates import KINDS, TemplateError
from desktop.core.errors import OutputError, QingfengError
from tests.core.documents_helpers import bundled_fonts, norm, pdf_text


def tiny() -> Document:
    return Document(kind="工作提示函", layout="letter", issuer="中共清溪镇纪律检查委员会", title=["工作提示函"],
                    body=[Paragraph("请注意。")])


# ------------------------------------------------------------------------------------------------ fonts

def test_bundled_fallbacks_cover_every_role_and_are_reported():
    report = bundled_fonts()
    assert {"fangsong", "title", "song", "hei", "kai"} <= set(report.choices)
    assert all(c.source == "bundled" for c in report.choices.values())
    assert "仿宋 未安装，已用 Fandol仿宋（随软件附带） 代替" in report.notes
    assert "小标宋 未安装，标题已用 Fandol宋体粗体（随软件附带） 代替" in report.notes
    assert any(n.startswith("黑体 未安装") for n in report.notes)
    # the .docx names the standard 公文 faces, whatever this machine used
    assert report.docx_name("fangsong") == "仿宋_GB2312" and report.docx_name("hei") == "黑体"
    assert report.docx_name("title") == "方正小标宋简体" and report.docx_name("kai") == "楷体_GB2312"
    for name in ("gbsn00lp", "gkai00mp", "wqy-microhei", "hanazono"):
        assert (fonts.bundled_dir() / f"{name}.copyright.txt").is_file()
    assert (fonts.bundled_dir() / "fandol.README.txt").is_file()


def test_windows_faces_win_over_system_and_bundled(tmp_path):
    win = tmp_path / "Fonts"
    win.mkdir()
    src = fonts.bundled_dir()
    # stand-ins with the Windows file names (a real glyf font under the Windows name)
    (win / "simhei.ttf").write_bytes((src / "gkai00mp.ttf").read_bytes())
    report = fonts.resolve_in([win], [], src)
    assert report.choices["hei"].source == "windows" and report.choices["hei"].label == "黑体"
    assert not any(n.startswith("黑体") for n in report.notes)
    assert report.docx_name("hei") == "黑体"


def test_cff_font_is_rejected_with_a_reason(tmp_path):
    from fontTools.fontBuilder import FontBuilder

    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef"])
    fb.setupCharacterMap({})
    fb.setupCFF("X", {}, {".notdef": _empty_charstring()}, {})
    fb.setupHorizontalMetrics({".notdef": (500, 0)})
    fb.setupHorizontalHeader()
    fb.setupNameTable({"familyName": "X", "styleName": "R"})
    fb.setupOS2()
    fb.setupPost()
    path = tmp_path / "simfang.ttf"
    fb.save(str(path))
    assert "CFF" in fonts.check_font(str(path))
    report = fonts.resolve_in([tmp_path], [], fonts.bundled_dir())
    assert report.choices["fangsong"].source == "bundled"
    assert any("simfang.ttf" in r for r in report.rejected)


def _empty_charstring():
    from fontTools.misc.psCharStrings import T2CharString

    cs = T2CharString()
    cs.program = ["endchar"]
    return cs


def test_no_font_for_a_role_is_a_clear_chinese_error(tmp_path):
    with pytest.raises(fonts.FontMissing) as e:
        fonts.resolve_in([], [], tmp_path)
    assert isinstance(e.value, QingfengError)
    assert "找不到可用的仿宋字体" in e.value.message


# ------------------------------------------------------------------------------------------------ output

def test_render_writes_both_files_atomically(tmp_path):
    paths = documents.render(tiny(), tmp_path, "提示函/2026:1", fonts=bundled_fonts())
    assert set(paths) == {"docx", "pdf"}
    assert paths["pdf"].name == "提示函_2026_1.pdf"
    assert paths["docx"].read_bytes()[:2] == b"PK" and paths["pdf"].read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["提示函_2026_1.docx", "提示函_2026_1.pdf"]


def test_rendering_twice_gives_the_same_pdf(tmp_path):
    a = documents.render(tiny(), tmp_path / "a", "x", formats=("pdf",), fonts=bundled_fonts())["pdf"]
    b = documents.render(tiny(), tmp_path / "b", "x", formats=("pdf",), fonts=bundled_fonts())["pdf"]
    assert a.read_bytes() == b.read_bytes()


def test_output_folder_that_is_a_file_is_refused(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("x")
    with pytest.raises(OutputError) as e:
        documents.render(tiny(), blocker, "x", fonts=bundled_fonts())
    assert "无法创建输出文件夹" in e.value.message


def test_unwritable_folder_is_refused_and_leaves_nothing(tmp_path, monkeypatch):
    import tempfile

    def deny(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", deny)
    with pytest.raises(OutputError) as e:
        documents.render(tiny(), tmp_path, "x", fonts=bundled_fonts())
    assert "输出文件夹不可写入" in e.value.message
    assert list(tmp_path.iterdir()) == []


def test_target_open_in_another_program_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError) as e:
        documents.render(tiny(), tmp_path, "x", formats=("pdf",), fonts=bundled_fonts())
    assert "正被其他程序打开" in e.value.message and "x.pdf" in e.value.message
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.pdf"]


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(OutputError):
        documents.render(tiny(), tmp_path, "x", formats=("odt",))


# ------------------------------------------------------------------------------------------------ templates

def test_every_kind_builds_and_renders_with_its_sample(tmp_path):
    for kind in KINDS:
        doc = documents.build_document(kind, samples.values(kind))
        assert doc.title and doc.kind == kind
        text = "".join(doc.plain_text())
        assert "${" not in text
        paths = documents.render(doc, tmp_path, kind, fonts=bundled_fonts())
        assert norm(doc.title[0]) in norm(pdf_text(paths["pdf"]))


def test_rectification_notice_is_prefilled_from_the_problems():
    doc = documents.build_document("整改通知书", samples.values("整改通知书"))
    assert doc.layout == "red" and doc.number == "清纪改〔2026〕5号" and not doc.draft
    assert doc.addressee == "中共东岭村支部委员会、东岭村村民委员会："
    heads = [b for b in doc.body if getattr(b, "level", 0) == 2][:3]
    assert [h.number for h in heads] == ["（一）", "（二）", "（三）"]
    assert heads[0].text == "村级财务报销手续不规范。" and heads[0].run_on.startswith("2026年3月至6月")
    text = "".join(doc.plain_text())
    assert "2026年12月24日前完成整改" in text and "王晓燕" in text and "0574-65123456" in text
    assert doc.attachment_note == ["问题整改清单", "整改情况反馈表"]
    table = doc.attachments[0].blocks[0]
    assert [c.title for c in table.columns] == ["序号", "问题描述", "整改要求", "措施", "责任单位", "责任人",
                                                "整改时限", "完成情况", "备注"]
    assert len(table.rows) == 3 and table.rows[1][5].text == "陈海涛"
    assert doc.signature == "中共清溪镇纪律检查委员会" and doc.date == "2026年11月24日"


def test_draft_has_blank_number_from_prefix_and_letter_layout():
    values = samples.values("廉洁提醒函", number=None)
    values["number_prefix"] = "清纪提"
    doc = documents.build_document("廉洁提醒函", values)
    assert doc.draft and doc.number == "清纪提〔2026〕　号" and doc.layout == "letter"
    assert doc.attachment_note == ["回执"]
    person = documents.build_document("廉洁提醒函", {**values, "unit": None, "person": {"name": "李建国"}})
    assert person.addressee == "李建国同志："


def test_override_save_load_reset(tmp_path):
    kind = "廉洁提醒函"
    default = templates.load(kind, tmp_path)
    text = default.replace("@标题 廉洁提醒函", "@标题 节前廉洁提醒函")
    path = templates.save_override(kind, text, tmp_path)
    assert path.parent == tmp_path / "templates" and templates.has_override(kind, tmp_path)
    assert templates.load(kind, tmp_path) == text
    assert documents.build_document(kind, samples.values(kind), data_dir=tmp_path).title == ["节前廉洁提醒函"]
    templates.reset(kind, tmp_path)
    assert templates.load(kind, tmp_path) == default
    # live preview of unsaved text
    assert templates.build(kind, samples.values(kind), text=text).title == ["节前廉洁提醒函"]


@pytest.mark.parametrize("text, expected", [
    ("@标题 通知\n请${单 位}注意。", "第2行：未知的占位符 ${单 位}"),
    ("@标题 通知\n@如果 联系人\n联系人：${联系人}", "第2行：“@如果 联系人”没有对应的“@结束”"),
    ("@标题 通知\n@结束", "第2行：多余的“@结束”"),
    ("@标题 通知\n@签名 张三", "第2行：不认识的指令“@签名”"),
    ("@标题 通知\n${问题.事实}", "第2行：${问题.事实} 只能写在“@循环 问题”和“@结束”之间"),
    ("@标题 通知\n@循环 问题\n${问题.金钱}\n@结束", "第3行：“问题”没有“金钱”这一项"),
    ("@标题 通知\n@循环 单位\n@结束", "第2行：不能循环“单位”"),
    ("@标题 通知\n费用${金额", "第2行：占位符写法不对"),
    ("@版式 红头\n正文", "缺少标题"),
    ("@版式 彩色\n@标题 通知", "第1行：版式只能是"),
    ("@标题 通知\n@表 花名册", "第2行：没有“花名册”这种表格"),
])
def test_template_errors_name_the_line(text, expected):
    with pytest.raises(TemplateError) as e:
        templates.validate(text, "整改通知书")
    assert expected in e.value.message
    assert e.value.message.startswith("文书模板“整改通知书”")


def test_invalid_override_is_not_saved(tmp_path):
    with pytest.raises(TemplateError):
        templates.save_override("督办函", "@标题 督办\n${不存在}", tmp_path)
    assert not templates.has_override("督办函", tmp_path)
    assert not (tmp_path / "templates").exists() or not list((tmp_path / "templates").iterdir())


def test_default_templates_are_valid_and_dollar_escapes():
    for kind in KINDS:
        templates.validate(templates.default_text(kind), kind)
    doc = templates.build("回执", {}, text="@标题 回执\n金额$$100元")
    assert doc.body[0].text == "金额$100元"


def test_unknown_kind_is_a_chinese_error():
    with pytest.raises(QingfengError) as e:
        documents.build_document("会议纪要", {})  # (通报 became a kind with the cases package)
    assert "没有“会议纪要”这种文书" in e.value.message


def test_override_accepts_a_context(ctx):
    templates.save_override("回执", "@标题 回执单\n@表 回执", ctx)
    assert (ctx.data.root / "templates" / "huizhi.txt").is_file()
    assert documents.build_document("回执", {}, data_dir=ctx).title == ["回执单"]
