"""Hand a case out: the student handout (passages and questions only) or the instructor edition (the answer key
with its evidence quotes, the teaching notes, a facts table), as Markdown, HTML or PDF.

Jinja2 renders the Markdown and the HTML from `templates/`; the PDF is WeasyPrint's rendering of the same HTML,
so its print CSS (each stage on a page of its own) holds for both. A case cut from a vignette that changed
since says so on its first page, in the instructor edition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from kb.errors import InvalidInput
from kb.models import CaseFactRef, Passage, QuestionKind, SectionKind, SnapshotFact, TeachingCase, VignetteSnapshot
from kb.store.db import Database
from kb.teaching.answers import StaleVignette, StoredCase
from kb.teaching.store import get_case
from kb.vocab.resolve import concept_ref
from kb.vocab.vocabulary import Vocabulary

Format = Literal["md", "html", "pdf"]
Edition = Literal["student", "instructor"]
FORMATS: dict[str, str] = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
EDITIONS = ("student", "instructor")
KIND_NAMES = {
    QuestionKind.recognition: "Recognition",
    QuestionKind.evidence: "Evidence",
    QuestionKind.mechanism: "Mechanism",
    QuestionKind.what_next: "What next",
    QuestionKind.what_if: "What if",
}
STAGE_NAMES = {
    SectionKind.presenting_problem: "Presenting problem",
    SectionKind.history: "History",
    SectionKind.family_dynamics: "Family dynamics",
    SectionKind.intervention: "Intervention",
    SectionKind.outcome: "Outcome",
}
KIND_ORDER = ["role", "behavior", "pattern", "intervention", "outcome"]


@dataclass(frozen=True)
class Rendered:
    content: bytes
    media_type: str
    filename: str


@dataclass
class QuoteView:
    vignette: str
    label: str
    text: str


@dataclass
class QuestionView:
    number: str
    kind: str
    text: str
    answer: str | None
    quotes: list[QuoteView] = field(default_factory=list)


@dataclass
class Block:
    vignette: str
    paragraphs: list[str]


@dataclass
class SectionView:
    number: int
    title: str
    stage: str
    blocks: list[Block]
    questions: list[QuestionView]
    notes: str | None
    stale: bool


@dataclass
class FactRow:
    kind: str
    concept: str
    persons: str
    phase: str
    detail: str
    quote: str


@dataclass
class VignetteView:
    id: str
    label: str
    title: str
    facts: list[FactRow]


@dataclass
class CaseView:
    case: TeachingCase
    instructor: bool
    revision: int
    version: str
    saved_at: datetime
    vignettes: list[VignetteView]
    sections: list[SectionView]
    stale: list[StaleVignette]
    concepts: list[str]


def tidy(text: str, names: list[str]) -> str:
    """A passage as printed: its line breaks joined, the spacing of a tokenized text closed up ("donna 's" ->
    "donna's", " ," -> ","), the persons' names capitalized, its first letter too. Only spacing and case change."""
    text = " ".join(text.split())
    text = re.sub(r" (['\u2019](?:s|re|ve|ll|d|m)\b|n't\b)", r"\1", text)
    text = re.sub(r" ([,.;:!?)\]])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    for name in names:
        text = re.sub(rf"\b{re.escape(name.lower())}\b", name, text)
    return text[:1].upper() + text[1:]


def _names(snap: VignetteSnapshot | None) -> list[str]:
    if snap is None:
        return []
    return sorted({n for n in snap.persons.values() if " " not in n and "'" not in n}, key=len, reverse=True)


OMITTED = "[…]"


def _paragraphs(passages: list[Passage], names: list[str]) -> list[str]:
    """The passages of one vignette in a section; where text between two of them was left out (it belongs to
    another stage), an omission mark."""
    out: list[str] = []
    for i, p in enumerate(passages):
        if i and p.start - passages[i - 1].end > 4:  # more than a paragraph break between them
            out.append(OMITTED)
        out.append(tidy(p.text, names))
    return out


def handout(case: TeachingCase) -> TeachingCase:
    """What trainees may see of a case: the same case without its answer key and teaching notes."""
    return case.model_copy(
        update={
            "instructor_notes": None,
            "sections": [
                s.model_copy(
                    update={
                        "instructor_notes": None,
                        "questions": [q.model_copy(update={"answer": None}) for q in s.questions],
                    }
                )
                for s in case.sections
            ],
        }
    )


def view(stored: StoredCase, edition: Edition, vocab: Vocabulary | None = None) -> CaseView:
    """What the templates show of a stored case, for one edition (concepts by their labels when `vocab` is given).

    The student edition's view is made from the handout: it holds no answer, quote, note or facts table, so no
    template (the exports', the web pages' preview) can show one by mistake."""
    instructor = edition == "instructor"
    case = stored.case if instructor else handout(stored.case)
    snaps = {cv.id: cv.snapshot for cv in case.vignettes}
    names = {vid: _names(s) for vid, s in snaps.items()}
    labels = {vid: _label(vid, s) for vid, s in snaps.items()}
    stale_sections = {i for s in stored.stale for i in s.sections}
    sections = []
    for n, s in enumerate(case.sections, start=1):
        blocks: list[Block] = []
        for c in s.cuts:
            passages = [p for p in s.passages if p.vignette == c.vignette]
            if passages and not any(b.vignette == labels[c.vignette] for b in blocks):
                blocks.append(Block(labels[c.vignette], _paragraphs(passages, names[c.vignette])))
        questions = [
            QuestionView(
                number=f"{n}.{m}",
                kind=KIND_NAMES[q.kind],
                text=q.text,
                answer=q.answer.text if q.answer else None,
                quotes=_quotes(q.answer.facts if q.answer else [], snaps, labels),
            )
            for m, q in enumerate(s.questions, start=1)
        ]
        sections.append(
            SectionView(
                number=n,
                title=s.title or STAGE_NAMES[s.kind],
                stage=STAGE_NAMES[s.kind],
                blocks=blocks,
                questions=questions,
                notes=s.instructor_notes,
                stale=(n - 1) in stale_sections,
            )
        )
    vignettes = [
        VignetteView(cv.id, labels[cv.id], _title(cv.snapshot), _facts(cv.snapshot, cv.phases) if instructor else [])
        for cv in case.vignettes
    ]
    return CaseView(
        case=case,
        instructor=instructor,
        revision=stored.revision,
        version=stored.version,
        saved_at=stored.saved_at,
        vignettes=vignettes,
        sections=sections,
        stale=stored.stale,
        concepts=[concept_ref(vocab, c).label if vocab else c for c in case.concepts],
    )


def _label(vid: str, s: VignetteSnapshot | None) -> str:
    return s.client or s.title if s else vid


def _title(s: VignetteSnapshot | None) -> str:
    return s.title if s else ""


def _quotes(
    refs: list[CaseFactRef], snaps: dict[str, VignetteSnapshot | None], labels: dict[str, str]
) -> list[QuoteView]:
    out: list[QuoteView] = []
    for ref in refs:
        snap = snaps.get(ref.vignette)
        fact = next((f for f in snap.facts if f.id == ref.fact), None) if snap else None
        if fact is None:
            continue
        for q in fact.evidence:
            text = tidy(q.text, _names(snap))
            if not any(o.text == text for o in out):
                out.append(QuoteView(labels[ref.vignette], fact.label, text))
    return out


def _facts(s: VignetteSnapshot | None, phases: list[str]) -> list[FactRow]:
    if s is None:
        return []
    rows = []
    facts: list[SnapshotFact] = sorted(s.facts, key=lambda f: KIND_ORDER.index(f.kind.value))
    for f in facts:
        if phases and f.phase and f.phase not in phases:
            continue
        detail = f.description or ""
        if f.result:
            detail = f"{f.result.value}" + (f": {detail}" if detail else "")
        rows.append(
            FactRow(
                kind=f.kind.value,
                concept=f.label,
                persons=", ".join(s.persons.get(p, p) for p in f.persons),
                phase=f.phase or "",
                detail=detail,
                quote=tidy(f.evidence[0].text, _names(s)) if f.evidence else "",
            )
        )
    return rows


_ENV: Environment | None = None


def environment() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = Environment(
            loader=PackageLoader("kb.teaching", "templates"),
            autoescape=select_autoescape(["html", "html.j2"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        _ENV.filters["add1"] = lambda i: i + 1  # stages are numbered from 1 in print
    return _ENV


def render(stored: StoredCase, fmt: str, edition: str, vocab: Vocabulary | None = None) -> Rendered:
    """The case in `fmt` (md, html, pdf) as the `edition` (student, instructor)."""
    render_check(fmt, edition)
    v = view(stored, edition, vocab)  # type: ignore[arg-type]
    name = f"{stored.id}-{edition}.{fmt}"
    if fmt == "md":
        return Rendered(environment().get_template("case.md.j2").render(v=v).encode("utf-8"), FORMATS[fmt], name)
    html = environment().get_template("case.html.j2").render(v=v)
    if fmt == "html":
        return Rendered(html.encode("utf-8"), FORMATS[fmt], name)
    return Rendered(pdf(html), FORMATS[fmt], name)


def pdf(html: str) -> bytes:
    """The HTML as a PDF, by WeasyPrint (imported here: it loads Pango, which only the PDF needs)."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def render_case(
    db: Database, vocab: Vocabulary, case_id: str, fmt: str, edition: str, revision: int | None = None
) -> Rendered:
    """A stored case (or one of its versions) rendered; a bad format or edition is refused before anything is read."""
    render_check(fmt, edition)
    return render(get_case(db, case_id, revision), fmt, edition, vocab)


def render_check(fmt: str, edition: str) -> None:
    if fmt not in FORMATS:
        raise InvalidInput(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if edition not in EDITIONS:
        raise InvalidInput(f"edition: {edition!r} is not one of {', '.join(EDITIONS)}")
