"""Chinese line breaking and page splitting of the PDF writer."""

from __future__ import annotations

from desktop.core.documents import layout as L
from desktop.core.documents import linebreak
from desktop.core.documents.pdf_writer import TextLines
from tests.core.documents_helpers import bundled_fonts

FONT_SIZE = 10.0


def _font():
    from desktop.core.documents import fonts

    return fonts.register(bundled_fonts(), ("fangsong",))["fangsong"]


def lines_of(text: str, chars: int) -> list[str]:
    font = _font()
    width = chars * FONT_SIZE
    return ["".join(t[0] for t in ln) for ln in linebreak.break_lines([(text, font, FONT_SIZE)], width, width)]


def test_closing_punctuation_never_starts_a_line_and_the_previous_char_comes_along():
    got = lines_of("一二三四五六七八，九十", 8)
    assert got == ["一二三四五六七", "八，九十"]
    got = lines_of("一二三四五六“七八”，九十", 8)
    assert all(ln[0] not in linebreak.CANNOT_START for ln in got[1:]), got
    assert "".join(got) == "一二三四五六“七八”，九十"


def test_opening_mark_never_ends_a_line():
    got = lines_of("一二三四五六七《八九》十", 8)
    assert got[0] == "一二三四五六七" and got[1].startswith("《")


def test_numbers_are_not_split():
    got = lines_of("金额共计8,460元和0574-65123456", 10)
    assert any("8,460" in ln for ln in got) and any("0574-65123456" in ln for ln in got)
    assert "".join(got) == "金额共计8,460元和0574-65123456"


def test_28_full_width_characters_fit_a_body_line():
    font = _font()
    text = "一" * 60
    lines = linebreak.break_lines([(text, font, L.CHAR_PITCH - 0.01)], L.TEXT_W, L.TEXT_W)
    assert [len(ln) for ln in lines] == [28, 28, 4]


def test_split_keeps_two_lines_together_at_page_ends():
    from reportlab.lib.styles import ParagraphStyle

    st = ParagraphStyle("t", fontName=_font(), fontSize=16, leading=10)
    para = TextLines([[("x", st.fontName, 8)]] * 5, st, 100)
    assert para.split(100, 10) == []                       # one line left on the page: move it all
    head, tail = para.split(100, 40)                          # 4 fit, but the last line would be alone
    assert len(head.lines) == 3 and len(tail.lines) == 2 and head.continues and not tail.first
    head, tail = para.split(100, 20)
    assert len(head.lines) == 2 and len(tail.lines) == 3
    assert para.split(100, 60) == [para]
