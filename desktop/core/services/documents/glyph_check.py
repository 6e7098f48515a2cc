"""Characters no font can print, checked before 签发 (the PDF would show a blank where they are).

The document layer falls back glyph by glyph through every installed and bundled face (desktop.core.documents
.glyphs); what is left here has no glyph anywhere — a character of CJK Extension C–G, a private-use code. 签发
refuses with MissingGlyphs (which names them) unless the caller confirms (`allow_missing_chars=True`): the GUI
asks the user, the CLI wants --allow-missing-chars.
"""

from __future__ import annotations

from desktop.core.errors import GateRefused


class MissingGlyphs(GateRefused):
    """签发 would print characters no font has; `chars` lists them."""

    def __init__(self, chars: list[str]):
        from desktop.core.documents.glyphs import describe

        self.chars = list(chars)
        super().__init__(f"以下字符没有任何字体能打印，PDF 中会显示为空白：{describe(self.chars)}。",
                         hint="请改用常用写法，或确认后仍然签发（命令行加 --allow-missing-chars）")


def missing_in(content) -> list[str]:
    """Characters of a content.Document that no font has (in order of appearance)."""
    from desktop.core.documents.glyphs import document_missing

    return document_missing(content)


def refuse_missing(content) -> None:
    """Raise MissingGlyphs when the document holds characters no font has."""
    chars = missing_in(content)
    if chars:
        raise MissingGlyphs(chars)


def missing_chars(ctx, doc_id: str) -> list[str]:
    """Characters of a document (as it would be signed now, or as it was signed) that no font has."""
    from desktop.core.services.documents.content import content_of

    return missing_in(content_of(ctx, doc_id))
