"""The written report (.docx/.pdf, GB/T 9704 通用格式) from the editable wording template 统计报告
(templates/tongji_baogao.txt, overridable in the data dir like every document template).

Before the template is built, each body line is read sentence by sentence: a clause (between "，"/"；") whose
statistics placeholder is zero or has no data is left out; a sentence left with no figures is dropped; a heading
with no text left under it is dropped. Then the tables and charts follow as attachments.
"""

from __future__ import annotations

import re
from datetime import date

from desktop.core.documents import content as C
from desktop.core.documents import report_words
from desktop.core.services.stats import charts
from desktop.core.services.stats.figures import registry
from desktop.core.services.stats.report import ReportData

KIND = "统计报告"
PLACEHOLDER = re.compile(r"\$\{([^{}$]*)\}")
_CLAUSE = re.compile(r"[^，；]*[，；]?")


def figure_words(data: ReportData) -> dict[str, str]:
    """Placeholder → text for every figure placeholder; "" when zero or without data."""
    out = {}
    for name, (code, _) in report_words.FIGURES.items():
        try:
            f = data.result.figure(code)
        except StopIteration:
            out[name] = ""
            continue
        v = f.value
        share = code.startswith("F1_") and code.endswith("S")   # a form's share of the four forms
        if v is None or (v == 0 and (f.unit != "%" or share)):
            out[name] = ""
        elif f.unit == "万元":
            out[name] = f"{v:.2f}"
        elif f.unit == "%":
            out[name] = f"{v:.1f}%"
        else:
            out[name] = str(v)
    return out


def _sentence(sentence: str, words: dict[str, str]) -> str:
    end = "。" if sentence.endswith("。") else ""
    body = sentence[:-1] if end else sentence
    kept, had_figure, kept_figure = [], False, False
    for clause in (c for c in _CLAUSE.findall(body) if c):
        names = [m.group(1).strip() for m in PLACEHOLDER.finditer(clause)]
        figs = [n for n in names if n in words]
        if figs:
            had_figure = True
            if any(not words[n] for n in figs):
                if clause.endswith("；") and kept and kept[-1].endswith("，"):
                    kept[-1] = kept[-1][:-1] + "；"  # the stronger break of the clause left out stays
                continue
            kept_figure = True
        kept.append(PLACEHOLDER.sub(lambda m: words.get(m.group(1).strip(), m.group(0)), clause))
    if had_figure and not kept_figure:
        return ""
    text = "".join(kept).rstrip("，；")
    return text + end if text else ""


def narrative(template: str, words: dict[str, str]) -> str:
    """The template text with the figures set in and the empty clauses, sentences and headings left out."""
    lines = []
    for line in template.splitlines():
        if not line.strip() or line.lstrip().startswith(("#", "@")) and not line.startswith("@段"):
            lines.append(line)
            continue
        prefix, rest = ("@段 ", line[3:]) if line.startswith("@段") else ("", line)
        sentences = re.findall(r"[^。]*。|[^。]+$", rest)
        text = "".join(_sentence(s, words) for s in sentences)
        if text:
            lines.append(prefix + text)
    out = []
    for i, line in enumerate(lines):
        if re.match(r"@(一|（一）|1|（1）)\s", line):
            nxt = next((x for x in lines[i + 1:] if x.strip() and not x.lstrip().startswith("#")), "")
            if not nxt or re.match(r"@(一|（一）|1|（1）|署名|抄送|附注|印发)\s", nxt):
                continue
        out.append(line)
    return "\n".join(out) + "\n"


def _wrap(name: str, width: int = 4) -> str:
    """A column title broken into lines of `width` characters (narrow numeric columns on an A4 page)."""
    name = name.replace("（", "(").replace("）", ")")
    return "\n".join(name[i:i + width] for i in range(0, len(name), width))


def _cn(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def _table(headers: list[str], rows: list[list[str]], weights: list[float]) -> C.Table:
    return C.Table(columns=[C.Column(h, w) for h, w in zip(headers, weights, strict=True)],
                   rows=[[C.Cell(str(v)) for v in r] for r in rows], font_size=10.5)


def _txt(v, unit: str = "") -> str:
    if v is None:
        return "—"
    if unit == "万元" or isinstance(v, float) and unit != "%":
        return f"{v:.2f}"
    if unit == "%" or isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def tables(data: ReportData) -> list[C.Attachment]:
    reg = registry()
    out = []
    rows = [[f.name, f.unit, _txt(f.value, f.unit), _txt(f.mom, "%"), _txt(f.yoy, "%"), f.rule]
            for f in data.result.figures if not f.pending]
    out.append(("主要指标统计表", [_table(["指标", "单位", "本期", "环比(%)", "同比(%)", "统计口径"], rows,
                                         [3.0, 0.8, 1.3, 1.4, 1.4, 5.1])]))
    titles = {"village": "分村（社区）统计表", "category": "分类别统计表", "topic": "分专题统计表",
              "township": "分乡镇（街道）统计表"}
    for by, bd in data.breakdowns.items():
        codes = bd.codes[:6]
        if not codes or not bd.keys:
            continue
        heads = [bd.label] + [_wrap(reg[c].name) for c in codes] + (["报送情况"] if by == "township" else [])
        body = [[label] + [_txt(bd.cells[c].get(key, None if reg[c].agg == "ratio" else 0), reg[c].unit)
                           for c in codes] + ([data.submissions.get(key, "")] if by == "township" else [])
                for key, label in bd.keys]
        body.append(["合计"] + [_txt(data.result.figure(c).value, reg[c].unit) for c in codes]
                    + ([""] if by == "township" else []))
        out.append((titles[by], [_table(heads, body, [2.4] + [1.2] * len(codes) + ([2.4] if by == "township"
                                                                                 else []))]))
    return out


def build(ctx, data: ReportData) -> C.Document:
    from desktop.core.documents import templates

    words = figure_words(data)
    org = data.org
    values = {"org": org, "date": date.fromisoformat(data.report_date),
              "extra": {"上级纪委": org.get("district_name") or "区（县）纪委监委", "统计期间": data.result.label, "本期": _period_noun(data), "统计范围": data.scope_label,
                        "起止日期": f"{_cn(data.result.start)}至{_cn(data.result.end)}", **words}}
    text = narrative(templates.load(KIND, ctx.data), words)
    doc = templates.build(KIND, values, data_dir=ctx.data, text=text)
    parts = tables(data)
    pics = [c for c in data.charts if not c.empty]
    if pics:
        blocks: list = []
        for i, ch in enumerate(pics, 1):
            blocks.append(C.Image(charts.png_bytes(ch, width=7.2, height=3.6, dpi=120), 150, f"图{i}　{ch.title}"))
        parts.append(("统计图", blocks))
    many = len(parts) > 1
    doc.attachments = [C.Attachment(f"附件{i}" if many else "附件", title, blocks)
                       for i, (title, blocks) in enumerate(parts, 1)]
    doc.attachment_note = [title for title, _ in parts]
    return doc


def _period_noun(data: ReportData) -> str:
    from desktop.core.services.stats import periods

    return periods.parse(data.result.period).noun
