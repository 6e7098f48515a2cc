"""Wording templates: one plain-text file per kind in templates/, overridable in <data dir>/templates/.

Syntax (one element per line; see the head of every template file):

    # comment                      ignored
    @版式 红头 | 信函 | 无           layout (通用格式 with red header, 信函格式, no 版头)
    @版头 ${机关全称}               issuing-body mark
    @标题 text                     a title line (repeat for a title broken over lines)
    @主送 text                     addressee (the "：" is added when missing)
    plain line                     a body paragraph (first line indented two characters)
    @一 text / @（一） text / @1 text / @（1） text
                                   headings, numbered automatically (一、 （一） 1. （1））; in a heading the text
                                   after the first "。" continues as body text in the same paragraph
    @表 名称                        a table in the body: 问题整改清单 | 整改情况反馈表 | 回执 | 谈话记录
    @附件 名称                      attachment note; a known table name is also appended on a new page
    @署名 text   @抄送 a、b   @附注 text
    @印发 ${机关全称}               印发机关 of the 版记 (通用格式 only), printed with the 成文日期 + "印发"
    @循环 问题 … @结束              repeat for each problem; inside, ${问题.事实} etc.
    @如果 名称 … [@否则 …] @结束    only when the value is not empty
    ${名称}                        a placeholder (see PLACEHOLDERS); "$$" is a literal "$"
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path

from desktop.core.documents import content as C
from desktop.core.documents import forms, report_words, titles
from desktop.core.errors import NotFound, OutputError, ValidationError
from desktop.core.paths import DataDir, templates_dir


class TemplateError(ValidationError):
    """A wording template is wrong; `line` is the 1-based line number (0 = the whole file)."""

    def __init__(self, message: str, *, line: int = 0, kind: str = ""):
        prefix = f"文书模板“{kind}”" if kind else "文书模板"
        where = f"第{line}行：" if line else ""
        super().__init__(f"{prefix}{where}{message}", field=str(line) if line else "",
                         hint="请修改模板，或恢复默认模板")
        self.line = line


@dataclass(frozen=True)
class KindInfo:
    name: str
    file: str                 # template file name
    layout: str               # red | letter | plain
    code: str                 # usual 机关代字 suffix, e.g. 纪提 (the number prefix is configured by issue 6b)
    capacities: tuple[str, ...] = ()   # issuing capacities required (org.CAPACITIES)
    group: str = ""


KINDS: dict[str, KindInfo] = {k.name: k for k in (
    KindInfo("廉洁提醒函", "lianjie_tixinghan.txt", "letter", "纪提", group="提醒函"),
    KindInfo("履责提醒函", "lvze_tixinghan.txt", "letter", "纪提", group="提醒函"),
    KindInfo("工作提示函", "gongzuo_tishihan.txt", "letter", "纪提", group="提醒函"),
    KindInfo("整改通知书", "zhenggai_tongzhishu.txt", "red", "纪改", group="整改"),
    KindInfo("督办函", "duban_han.txt", "letter", "纪函", group="整改"),
    KindInfo("纪律检查建议书", "jilvjiancha_jianyishu.txt", "red", "纪建", ("纪律检查",), group="建议书"),
    KindInfo("监察建议书", "jiancha_jianyishu.txt", "red", "监建", ("监察",), group="建议书"),
    KindInfo("纪检监察建议书", "jijianjiancha_jianyishu.txt", "red", "纪监建", ("纪律检查", "监察"),
             group="建议书"),
    KindInfo("回执", "huizhi.txt", "plain", "", group="表单"),
    KindInfo("谈话记录", "tanhua_jilu.txt", "plain", "", group="表单"),
    KindInfo("统计报告", "tongji_baogao.txt", "red", "", group="报表"),
    KindInfo("通报", "tongbao.txt", "red", "", group="通报"),  # built by services/cases/bulletins.py
)}

# placeholder -> meaning (shown in the template editor)
PLACEHOLDERS: dict[str, str] = {
    "机关全称": "本纪委全称，如 中共清溪镇纪律检查委员会",
    "机关简称": "本纪委简称，如 清溪镇纪委",
    "监察机关": "以监察名义发文时的机关名称，如 清溪镇监察办公室",
    "乡镇": "本乡镇（街道）名称",
    "上级纪委": "区（县）纪委监委名称",
    "单位": "被监督单位名称",
    "主送": "主送机关或“某某同志”",
    "主送对象": "收文单位或个人（回执用）",
    "人员": "被提醒、谈话的人员姓名",
    "职务": "人员职务",
    "文号": "发文字号；草稿为空",
    "来函文号": "回执所答复来函的文号（单独制发回执时自动查找）",
    "成文日期": "成文日期，如 2026年11月24日",
    "年度": "成文年度，如 2026",
    "整改期限": "整改完成期限（日期）",
    "回复天数": "收到后多少日内回复",
    "回复期限": "书面回复的截止日期",
    "联系人": "联系人姓名",
    "联系电话": "联系电话",
    "来源": "问题来源，如 2026年10月村级财务专项检查",
    "事由": "事由、主题",
    "节日": "节日名称，如 元旦、春节",
    "问题数": "问题条数",
    "抄送": "抄送单位（用“、”分隔）",
    "依据": "提出建议的依据",
    "原因分析": "问题产生的原因",
    "谈话类型": "谈话提醒 / 批评教育 / 责令检查 / 诫勉",
    "谈话人": "谈话人", "记录人": "记录人", "谈话时间": "谈话时间", "谈话地点": "谈话地点",
    "谈话内容": "谈话内容",
}
PLACEHOLDERS.update(report_words.PLACEHOLDERS)  # 统计报告: figures, period and scope
PROBLEM_FIELDS: dict[str, str] = {
    "序号": "1, 2, 3 …", "中文序号": "一、二、三 …", "标题": "问题简述", "事实": "问题事实（时间、金额等）",
    "依据": "违反的规定", "整改要求": "整改要求", "措施": "整改措施", "责任单位": "责任单位",
    "责任人": "责任人", "整改时限": "整改时限", "完成情况": "完成情况", "备注": "备注", "金额": "涉及金额",
}
LISTS = {"问题": PROBLEM_FIELDS}
LAYOUT_WORDS = {"红头": "red", "信函": "letter", "无": "plain"}
HEADINGS = {"一": 1, "（一）": 2, "1": 3, "（1）": 4}
LINE_DIRECTIVES = {"版式", "版头", "标题", "主送", "段", "表", "附件", "署名", "抄送", "附注", "印发", *HEADINGS}
BLOCK_OPEN = {"循环", "如果"}
PLACEHOLDER = re.compile(r"\$\{([^{}$]*)\}")
BLANK = "＿＿＿＿"


# ------------------------------------------------------------------------------------------------ files

def _root(data_dir) -> Path | None:
    """Accepts a DataDir, a Context (ctx.data_dir) or a path."""
    if data_dir is None:
        return None
    if isinstance(data_dir, str | os.PathLike):
        return Path(data_dir)
    if isinstance(data_dir, DataDir):
        return data_dir.root
    inner = getattr(data_dir, "data", None)        # services.org.context.Context
    if isinstance(inner, DataDir):
        return inner.root
    raise TypeError(f"data_dir must be a path, DataDir or Context, not {type(data_dir).__name__}")


def kind_info(kind: str) -> KindInfo:
    info = KINDS.get(kind)
    if info is None:
        raise NotFound(f"没有“{kind}”这种文书", hint="可选：" + "、".join(KINDS))
    return info


def default_path(kind: str) -> Path:
    return templates_dir() / kind_info(kind).file


def override_path(kind: str, data_dir) -> Path:
    return _root(data_dir) / "templates" / kind_info(kind).file


def default_text(kind: str) -> str:
    return default_path(kind).read_text(encoding="utf-8")


def has_override(kind: str, data_dir) -> bool:
    return data_dir is not None and override_path(kind, data_dir).is_file()


def load(kind: str, data_dir=None) -> str:
    """The wording template of a kind: the user's override in <data dir>/templates when present, else the default."""
    if has_override(kind, data_dir):
        return override_path(kind, data_dir).read_text(encoding="utf-8")
    return default_text(kind)


def save_override(kind: str, text: str, data_dir) -> Path:
    """Validate and save the user's version (atomic). Raises TemplateError before writing anything."""
    validate(text, kind)
    target = override_path(kind, data_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tpl.", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text if text.endswith("\n") else text + "\n")
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise OutputError(f"无法保存文书模板：{target}", hint="请检查数据目录是否可写") from exc
    return target


def reset(kind: str, data_dir) -> None:
    """Drop the user's override: the default template applies again."""
    path = override_path(kind, data_dir)
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"无法删除自定义模板：{path}") from exc


# ------------------------------------------------------------------------------------------------ parsing

@dataclass
class _Line:
    no: int
    directive: str        # "" for a plain paragraph
    arg: str


@dataclass
class _Block:
    no: int
    kind: str             # 循环 | 如果
    name: str
    body: list = field(default_factory=list)
    other: list = field(default_factory=list)   # @否则 branch


def parse(text: str, kind: str = "") -> list:
    """Parse and validate a template into a node tree. Raises TemplateError naming the line."""
    root: list = []
    stack: list[tuple[_Block, list]] = []
    target = root
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            name, arg = _split_directive(line[1:])
            if name in BLOCK_OPEN:
                if not arg:
                    raise TemplateError(f"“@{name}”后面缺少名称", line=no, kind=kind)
                if name == "循环" and arg not in LISTS:
                    raise TemplateError(f"不能循环“{arg}”，只能循环：{'、'.join(LISTS)}", line=no, kind=kind)
                if name == "如果" and not _known(arg, stack):
                    raise TemplateError(f"未知的名称“{arg}”", line=no, kind=kind)
                block = _Block(no, name, arg)
                target.append(block)
                stack.append((block, target))
                target = block.body
                continue
            if name == "否则":
                if not stack or stack[-1][0].kind != "如果" or target is stack[-1][0].other:
                    raise TemplateError("“@否则”前面没有对应的“@如果”", line=no, kind=kind)
                target = stack[-1][0].other
                continue
            if name == "结束":
                if not stack:
                    raise TemplateError("多余的“@结束”：前面没有“@循环”或“@如果”", line=no, kind=kind)
                _, target = stack.pop()
                continue
            if name not in LINE_DIRECTIVES:
                raise TemplateError(f"不认识的指令“@{name}”", line=no, kind=kind)
            _check_arg(name, arg, no, kind)
            _check_placeholders(arg, no, kind, stack)
            target.append(_Line(no, name, arg))
        else:
            _check_placeholders(line, no, kind, stack)
            target.append(_Line(no, "", line))
    if stack:
        block = stack[-1][0]
        raise TemplateError(f"“@{block.kind} {block.name}”没有对应的“@结束”", line=block.no, kind=kind)
    if not any(isinstance(n, _Line) and n.directive == "标题" for n in _walk(root)):
        raise TemplateError("缺少标题（@标题）", kind=kind)
    return root


HEADING_SHAPES = ((re.compile(r"^（[一二三四五六七八九十]+）"), "（一）"), (re.compile(r"^（\d+）"), "（1）"),
                  (re.compile(r"^[一二三四五六七八九十]+(?=$|[\s、])"), "一"), (re.compile(r"^\d+(?=$|[\s.．、])"), "1"))


def _split_directive(rest: str) -> tuple[str, str]:
    """'（二）标题' / '一 标题' / '3. 标题' / '标题 text' -> (directive, argument). Heading numbers written in the
    template are only a shape: the writer numbers headings itself."""
    for rx, key in HEADING_SHAPES:
        m = rx.match(rest)
        if m:
            return key, rest[m.end():].lstrip("、．. 　").strip()
    name, _, arg = rest.partition(" ")
    return name.strip(), arg.strip()


def _walk(nodes):
    for n in nodes:
        if isinstance(n, _Block):
            yield from _walk(n.body)
            yield from _walk(n.other)
        else:
            yield n


def _known(name: str, stack) -> bool:
    if name in PLACEHOLDERS or name in LISTS:
        return True
    head, _, tail = name.partition(".")
    return bool(tail) and head in LISTS and tail in LISTS[head] and any(
        b.kind == "循环" and b.name == head for b, _ in stack)


def _check_arg(name: str, arg: str, no: int, kind: str) -> None:
    if name == "版式" and arg not in LAYOUT_WORDS:
        raise TemplateError(f"版式只能是：{'、'.join(LAYOUT_WORDS)}", line=no, kind=kind)
    if name == "表" and arg not in forms.TABLES:
        raise TemplateError(f"没有“{arg}”这种表格，可选：{'、'.join(forms.TABLES)}", line=no, kind=kind)
    if name not in ("段",) and name not in HEADINGS and not arg and name != "版式":
        raise TemplateError(f"“@{name}”后面缺少内容", line=no, kind=kind)


def _check_placeholders(text: str, no: int, kind: str, stack) -> None:
    stripped = PLACEHOLDER.sub("", text.replace("$$", ""))
    if "${" in stripped or "$" in stripped:
        raise TemplateError("占位符写法不对：应写成 ${名称}（“$”本身请写成“$$”）", line=no, kind=kind)
    for m in PLACEHOLDER.finditer(text.replace("$$", "")):
        name = m.group(1).strip()
        if _known(name, stack) and name not in LISTS:
            continue
        head, _, tail = name.partition(".")
        if head in LISTS and tail:
            if tail not in LISTS[head]:
                raise TemplateError(f"“{head}”没有“{tail}”这一项，可用：{'、'.join(LISTS[head])}", line=no,
                                    kind=kind)
            raise TemplateError(f"${{{name}}} 只能写在“@循环 {head}”和“@结束”之间", line=no, kind=kind)
        raise TemplateError(f"未知的占位符 ${{{name}}}", line=no, kind=kind)


def validate(text: str, kind: str = "") -> None:
    """Raise TemplateError (Chinese, naming the line) when the template cannot be used."""
    parse(text, kind)


# ------------------------------------------------------------------------------------------------ values

def fmt_date(d) -> str:
    """2026-03-05 / date -> 2026年3月5日 (no zero padding); other strings unchanged."""
    if isinstance(d, _date):
        return f"{d.year}年{d.month}月{d.day}日"
    if isinstance(d, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
        y, m, dd = (int(x) for x in d.split("-"))
        return f"{y}年{m}月{dd}日"
    return "" if d is None else str(d)


def _get(obj, *names, default=""):
    for n in names:
        if obj is None:
            return default
        v = obj.get(n) if isinstance(obj, dict) else getattr(obj, n, None)
        if v not in (None, ""):
            return v
    return default


def default_addressee(unit_name: str) -> str:
    if unit_name.endswith("村"):
        return f"中共{unit_name}支部委员会、{unit_name}村民委员会"
    if unit_name.endswith("社区"):
        return f"中共{unit_name}委员会、{unit_name}居民委员会"
    return unit_name


def context(values: dict) -> dict:
    """Template context (Chinese keys) from the values issue 6b passes:

    org (OrgProfile or dict: full_name, short_name, office_name, site_name, district_name, contact_person,
    contact_phone), unit (dict/obj: name, short_name) or str, person (dict/obj: name, position) or str,
    problems (list of dicts: title, description, basis, requirement, measures, responsible_unit,
    responsible_person, deadline, status, remark, amount), deadline, reply_days, reply_deadline,
    contact ({person, phone}), number (None = draft), number_prefix (for a draft's blank number), date,
    source, subject, holiday, cc (list), addressee, basis, causes, talk ({type, talker, recorder, time, place,
    content}), and `extra` (Chinese placeholder -> value, overrides everything).
    """
    org = values.get("org")
    unit = values.get("unit")
    person = values.get("person")
    unit_name = unit if isinstance(unit, str) else _get(unit, "name")
    person_name = person if isinstance(person, str) else _get(person, "name")
    contact = values.get("contact") or {}
    doc_date = values.get("date")
    year = doc_date.year if isinstance(doc_date, _date) else (str(doc_date)[:4] if doc_date else "")
    number = values.get("number")
    if not number and values.get("number_prefix"):
        number = f"{values['number_prefix']}〔{year or '　　'}〕　号"
    addressee = values.get("addressee") or (f"{person_name}同志" if person_name and not unit_name else
                                            default_addressee(unit_name) if unit_name else "")
    site = _get(org, "site_name")
    talk = values.get("talk") or {}
    cc = values.get("cc") or []
    ctx = {
        "机关全称": _get(org, "full_name"), "机关简称": _get(org, "short_name"),
        "监察机关": values.get("supervision_name") or (f"{site}监察办公室" if site else _get(org, "office_name")),
        "乡镇": site, "上级纪委": _get(org, "district_name"),
        "单位": unit_name, "主送": addressee,
        "主送对象": unit_name or person_name, "人员": person_name,
        "职务": "" if isinstance(person, str) else _get(person, "position", "post"),
        "人员单位": "" if isinstance(person, str) else _get(person, "unit_name"),
        "文号": number or "", "来函文号": values.get("source_number") or number or "",
        "成文日期": fmt_date(doc_date) if doc_date else "　　年　月　日", "年度": str(year),
        "整改期限": fmt_date(values.get("deadline")), "回复天数": str(values.get("reply_days") or ""),
        "回复期限": fmt_date(values.get("reply_deadline")),
        "联系人": _get(contact, "person", "name") or _get(org, "contact_person"),
        "联系电话": _get(contact, "phone") or _get(org, "contact_phone"),
        "来源": values.get("source", ""), "事由": values.get("subject", ""), "节日": values.get("holiday", ""),
        "抄送": "、".join(cc) if isinstance(cc, list | tuple) else str(cc),
        "依据": values.get("basis", ""), "原因分析": values.get("causes", ""),
        "谈话类型": _get(talk, "type"), "谈话人": _get(talk, "talker"), "记录人": _get(talk, "recorder"),
        "谈话时间": _get(talk, "time"), "谈话地点": _get(talk, "place"), "谈话内容": _get(talk, "content"),
    }
    problems = []
    for i, p in enumerate(values.get("problems") or [], 1):
        title = str(_get(p, "title", "标题")).strip().rstrip("。；;，,")
        facts = str(_get(p, "description", "事实")).strip()
        if not title and facts:
            first, sep, rest = facts.partition("。")
            title, facts = (first, rest.strip()) if sep and rest.strip() else (first.rstrip("。"), "")
        problems.append({
            "序号": str(i), "中文序号": C.cn_number(i), "标题": title,
            "事实": facts, "依据": _get(p, "basis", "依据"),
            "整改要求": str(_get(p, "requirement", "整改要求")).rstrip("。；;"),
            "措施": str(_get(p, "measures", "措施")).rstrip("。；;"),
            "责任单位": _get(p, "responsible_unit", "责任单位") or unit_name,
            "责任人": _get(p, "responsible_person", "责任人"),
            "整改时限": fmt_date(_get(p, "deadline", "整改时限") or values.get("deadline")),
            "完成情况": _get(p, "status", "完成情况"), "备注": _get(p, "remark", "备注"),
            "金额": str(_get(p, "amount", "金额")),
        })
    ctx["问题"] = problems
    ctx["_draft"] = not values.get("number")
    ctx["问题数"] = str(len(problems))
    ctx.update(values.get("extra") or {})
    return ctx


# ------------------------------------------------------------------------------------------------ build

def _subst(text: str, ctx: dict, item: dict | None = None) -> str:
    def one(m):
        name = m.group(1).strip()
        head, _, tail = name.partition(".")
        if tail and item is not None and head in LISTS:
            v = item.get(tail, "")
        else:
            v = ctx.get(name, "")
        return str(v) if v not in (None, "") else BLANK

    return PLACEHOLDER.sub(one, text.replace("$$", "\0")).replace("\0", "$")


def _truthy(name: str, ctx: dict, item: dict | None) -> bool:
    head, _, tail = name.partition(".")
    v = item.get(tail) if tail and item is not None else ctx.get(name)
    return bool(v)


class _Builder:
    def __init__(self, kind: str, ctx: dict):
        self.ctx = ctx
        info = KINDS.get(kind)
        self.doc = C.Document(kind=kind, layout=info.layout if info else "red")
        self.counters = [0, 0, 0, 0, 0]
        self.attach: list[str] = []

    def run(self, nodes, item=None) -> None:
        for n in nodes:
            if isinstance(n, _Block):
                if n.kind == "循环":
                    for it in self.ctx.get(n.name, []):
                        self.run(n.body, it)
                else:
                    self.run(n.body if _truthy(n.name, self.ctx, item) else n.other, item)
            else:
                self.line(n, item)

    def line(self, n: _Line, item) -> None:
        d, arg = self.doc, _subst(n.arg, self.ctx, item)
        if n.directive == "":
            d.body.append(C.Paragraph(arg))
        elif n.directive == "段":
            d.body.append(C.Paragraph(arg))
        elif n.directive in HEADINGS:
            self.heading(HEADINGS[n.directive], arg)
        elif n.directive == "版式":
            d.layout = LAYOUT_WORDS[n.arg]
        elif n.directive == "版头":            # a second @版头: 联合行文
            if d.issuer and arg:
                d.co_issuers.append(arg)
            else:
                d.issuer = arg
        elif n.directive == "标题":
            d.title.append(arg)
        elif n.directive == "主送":
            d.addressee = arg if arg.endswith(("：", ":")) else arg + "："
        elif n.directive == "表":
            d.body.append(forms.TABLES[n.arg](self.ctx))
        elif n.directive == "附件":
            self.attach.append(arg)
        elif n.directive == "署名":
            if d.signature and arg:
                d.co_signatures.append(arg)
            else:
                d.signature = arg
            d.date = self.ctx.get("成文日期", "")
        elif n.directive == "抄送":
            d.cc = [x.strip() for x in re.split(r"[、，,]", arg) if x.strip() and x.strip() != BLANK]
        elif n.directive == "附注":
            d.note = arg
        elif n.directive == "印发":
            d.printer = arg
            d.print_date = self.ctx.get("成文日期", "")

    def heading(self, level: int, text: str) -> None:
        self.counters[level] += 1
        for k in range(level + 1, len(self.counters)):
            self.counters[k] = 0
        number = C.heading_number(level, self.counters[level])
        head, run_on = text, ""
        if level >= 1:
            cut = text.find("。")
            if 0 <= cut < len(text) - 1:
                head, run_on = text[:cut + 1], text[cut + 1:]
        self.doc.body.append(C.Heading(level, number, head, run_on))

    def finish(self) -> C.Document:
        d = self.doc
        d.attachment_note = list(self.attach)
        many = len(self.attach) > 1
        for i, name in enumerate(self.attach, 1):
            builder = forms.TABLES.get(name)
            if builder:
                d.attachments.append(C.Attachment(f"附件{i}" if many else "附件", name, [builder(self.ctx)]))
        d.number = self.ctx.get("文号", "")
        d.draft = bool(self.ctx.get("_draft", True))
        d.title = titles.break_title(d.title)
        return d


def build(kind: str, values: dict, *, data_dir=None, text: str | None = None) -> C.Document:
    """Content model for `kind` from its template (the override in data_dir if any, or `text` for a live preview
    of unsaved edits) and `values` (see `context`)."""
    kind_info(kind)
    src = load(kind, data_dir) if text is None else text
    nodes = parse(src, kind)
    ctx = context(values)
    b = _Builder(kind, ctx)
    b.run(nodes)
    return b.finish()
