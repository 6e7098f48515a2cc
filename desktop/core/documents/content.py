"""The content model of a formal document: a plain dataclass tree, independent of Word or PDF.

Both writers (docx_writer, pdf_writer) render the same tree, so the two files carry the same text. Build one with
`documents.build_document(kind, values)` (from a wording template) or by hand, e.g. a check sheet:

    Document(kind="检查记录表", layout="plain", title=["村级小微权力检查记录表"],
             body=[Table(columns=[Column("项目", 3), Column("内容", 9)],
                         rows=[[Cell("被检查单位", label=True), Cell("东岭村")], ...])])

Layouts: "red" = 红头 (通用格式: red issuing-body mark and red separator), "letter" = 信函格式 (red name, red
武文线/文武线, 文号 flush right, no page number on page 1), "plain" = no 版头 (forms, records).
"""

from __future__ import annotations

from dataclasses import dataclass, field

LAYOUTS = ("red", "letter", "plain")
HEADING_MARKS = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}
CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (n < 100)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def heading_number(level: int, n: int) -> str:
    """The numbering mark of the n-th heading of a level: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


@dataclass
class Paragraph:
    """A body paragraph. align: "indent" (first line 2 chars), "left", "center", "right"."""

    text: str
    align: str = "indent"
    role: str = "fangsong"      # font role, see fonts.ROLES
    bold: bool = False


@dataclass
class Heading:
    """A numbered heading: level 1 "一、" (黑体), 2 "（一）" (楷体), 3 "1." and 4 "（1）" (仿宋).
    `run_on` is body text continuing in the same paragraph, in 仿宋."""

    level: int
    number: str
    text: str
    run_on: str = ""

    @property
    def role(self) -> str:
        return {1: "hei", 2: "kai"}.get(self.level, "fangsong")

    @property
    def full_text(self) -> str:
        return self.number + self.text + self.run_on


@dataclass
class Cell:
    """A table cell. `label` cells are the captions of a form (bold-free, centred); `lines` is the minimum height in
    text lines (blank space to write in); `colspan` merges cells to the right."""

    text: str = ""
    colspan: int = 1
    label: bool = False
    align: str = ""            # "", "left", "center", "right" ("" = centre for labels/short text, left otherwise)
    lines: int = 1


def cell_align(cell: Cell, header: bool) -> str:
    """Alignment of a cell: explicit, else centred for headers, labels and short values, left for long text."""
    if cell.align:
        return cell.align
    if header or cell.label:
        return "center"
    return "center" if len(cell.text) <= 6 and "\n" not in cell.text else "left"


@dataclass
class Column:
    title: str
    weight: float = 1.0        # relative width


@dataclass
class Table:
    """A table: header rows repeat on every page; rows split across pages. A "form" is a table without header rows
    whose rows mix label and value cells (colspan for wide values)."""

    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: list[list[Cell]] | None = None     # None: one header row from the column titles; []: none
    font_size: float = 12.0                         # 小四 by default; 10.5 (五号) for wide tables
    caption: str = ""                               # optional line under the table (e.g. 填表说明)

    def headers(self) -> list[list[Cell]]:
        if self.header_rows is None:
            return [[Cell(c.title, label=True) for c in self.columns]]
        return self.header_rows


@dataclass
class PageBreak:
    pass


@dataclass
class Image:
    """A picture (PNG bytes), centred, `width_mm` wide (height from the picture's aspect), with an optional caption
    line under it (e.g. the charts of a statistics report)."""

    png: bytes
    width_mm: float = 150.0
    caption: str = ""

    def size_px(self) -> tuple[int, int]:
        """(width, height) in pixels from the PNG header."""
        return int.from_bytes(self.png[16:20], "big"), int.from_bytes(self.png[20:24], "big")

    def height_mm(self) -> float:
        w, h = self.size_px()
        return self.width_mm * h / w if w else self.width_mm * 0.5


Block = Paragraph | Heading | Table | PageBreak | Image


@dataclass
class Attachment:
    """An appended part, always on a new page: "附件1" top left in 黑体, the title centred (2号 小标宋)."""

    label: str                       # "附件" or "附件1"
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    kind: str
    layout: str = "red"                                  # red | letter | plain
    issuer: str = ""                                     # 发文机关标志 (red name)
    co_issuers: list[str] = field(default_factory=list)  # 联合行文: the other issuing organs, under the first
    number: str = ""                                     # 发文字号, "" = none (draft without prefix)
    copy_no: str = ""                                    # 份号
    title: list[str] = field(default_factory=list)       # title lines (broken by meaning)
    addressee: str = ""                                  # 主送, ends with "："
    body: list[Block] = field(default_factory=list)
    attachment_note: list[str] = field(default_factory=list)   # 附件说明 items (without the numbers)
    signature: str = ""                                  # 署名
    co_signatures: list[str] = field(default_factory=list)   # 联合行文: the other organs' 署名, in the same order
    date: str = ""                                       # 成文日期 "2026年11月24日"
    note: str = ""                                       # 附注 (printed in brackets)
    cc: list[str] = field(default_factory=list)          # 抄送
    printer: str = ""                                    # 印发机关 (版记, 通用格式 only)
    print_date: str = ""                                 # 印发日期 "2026年11月24日" (printed with "印发")
    attachments: list[Attachment] = field(default_factory=list)
    draft: bool = False                                  # not yet signed (文号 not assigned)
    page_numbers: bool = True
    colophon_own_page: bool = False                      # 版记 alone on a new page (set by the PDF writer so that
                                                         # it falls on an even page; both writers obey it)
    colophon_blank_before: bool = False                  # and a blank page before that one (content ending on an
                                                         # even, full page); neither page is numbered

    def issuers(self) -> list[str]:
        return [x for x in (self.issuer, *self.co_issuers) if x]

    def signatures(self) -> list[str]:
        return [x for x in (self.signature, *self.co_signatures) if x]

    def has_colophon(self) -> bool:
        return bool(self.cc or (self.layout == "red" and self.printer))

    def attachment_note_lines(self) -> list[str]:
        """'附件：1. …' then aligned continuation lines; one item: '附件：…'."""
        items = self.attachment_note
        if not items:
            return []
        if len(items) == 1:
            return [f"附件：{items[0]}"]
        return [("附件：" if i == 0 else "　　　") + f"{i + 1}. {t}" for i, t in enumerate(items)]

    def cc_line(self) -> str:
        return "抄送：" + "，".join(self.cc) + "。" if self.cc else ""

    def imprint(self) -> tuple[str, str]:
        """(印发机关, "2026年11月24日印发") of the 版记; empty in the letter format, which has no 印发 line."""
        if self.layout != "red" or not self.printer:
            return "", ""
        return self.printer, f"{self.print_date}印发" if self.print_date else "印发"

    def plain_text(self) -> list[str]:
        """Every printed text line-ish piece in reading order (tests compare it with the writers' output)."""
        out: list[str] = []
        if self.layout != "plain":
            out += [self.copy_no, *self.issuers(), self.number]
        out += list(self.title) + [self.addressee]
        out += _blocks_text(self.body)
        out += self.attachment_note_lines()
        out += [*self.signatures(), self.date]
        if self.note:
            out.append(f"（{self.note}）")
        for a in self.attachments:
            out += [a.label, a.title] + _blocks_text(a.blocks)
        out += [self.cc_line(), *self.imprint()]          # 版记: on the last page, after the attachments
        return [t for t in out if t]


def _blocks_text(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, Heading):
            out.append(b.full_text)
        elif isinstance(b, Table):
            for row in b.headers() + b.rows:
                out += [c.text for c in row]
            out.append(b.caption)
        elif isinstance(b, Image):
            out.append(b.caption)
    return out
