"""Dev-only stand-in for the issue6 layer (not committed)."""
import sys, types, dataclasses, json
from dataclasses import dataclass, field
from pathlib import Path

@dataclass
class Paragraph:
    text: str
@dataclass
class Document:
    kind: str
    number: str = ""
    title: list = field(default_factory=list)
    body: list = field(default_factory=list)
    date: str = ""
    def plain_text(self):
        return [self.number] + self.title + [b.text for b in self.body] + [self.date]

content = types.ModuleType("desktop.core.documents.content")
content.Paragraph = Paragraph; content.Document = Document
pkg = types.ModuleType("desktop.core.documents")
pkg.__path__ = []
def build_document(kind, values):
    body = [Paragraph(f"{p['seq']}. {p['description']}") for p in values.get("problems", [])]
    body.append(Paragraph(values.get("addressee", "")))
    return Document(kind=kind, number=values.get("doc_no", ""), title=[values["title"]], body=body, date=values.get("sign_date", ""))
def render(c, out_dir, stem, formats):
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in formats:
        p = out_dir / f"{stem}.{f}"
        p.write_text(json.dumps(dataclasses.asdict(c), ensure_ascii=False))
        paths.append(p)
    return paths
pkg.build_document = build_document; pkg.render = render; pkg.content = content
def install():
    sys.modules["desktop.core.documents"] = pkg
    sys.modules["desktop.core.documents.content"] = content
