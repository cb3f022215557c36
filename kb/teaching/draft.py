"""Draft a teaching case from the graph: choose the vignettes, cut the stages, write objectives and questions.

Deterministic (the same graph and request give the same draft) and local: no language model. The draft is
a complete, valid case that a trainer edits and then saves; nothing is written here.
"""

from __future__ import annotations

import re

from kb.answers import TermResolution
from kb.errors import InvalidInput
from kb.models import CaseVignette, Cut, Section, SectionKind, TeachingCase
from kb.queries.vignettes import get_vignette
from kb.store.db import Database
from kb.teaching.answers import Draft
from kb.teaching.checking import Mode, prepare, snapshot
from kb.teaching.cutting import cut, story_of
from kb.teaching.questions import NOTES, Reading, comparison, level_of, objectives, questions
from kb.teaching.selection import choose
from kb.vocab.resolve import concept_ids, resolve_term
from kb.vocab.vocabulary import Vocabulary

DEFAULT_AUDIENCE = "graduate trainees in psychotherapy"
MAX_VIGNETTES = 4
TITLES = {
    SectionKind.presenting_problem: "Presenting problem",
    SectionKind.history: "History",
    SectionKind.family_dynamics: "Family dynamics",
    SectionKind.intervention: "Intervention",
    SectionKind.outcome: "Outcome",
}


def draft_case(
    db: Database,
    vocab: Vocabulary,
    terms: list[str],
    audience: str | None = None,
    count: int = 1,
    include: list[str] | None = None,
) -> Draft:
    """A draft case on the concepts `terms` name (any synonym), from the `count` vignettes that show them best
    (those in `include` first), for `audience`."""
    terms = [t for t in (t.strip() for t in terms) if t]
    if not terms:
        raise InvalidInput("concept: name at least one pattern or concept, e.g. parentification")
    include = list(dict.fromkeys(include or []))
    count = max(count, len(include))
    if not 1 <= count <= MAX_VIGNETTES:
        raise InvalidInput(f"vignettes: a case uses 1 to {MAX_VIGNETTES} vignettes, not {count}")
    audience = (audience or "").strip() or DEFAULT_AUDIENCE
    resolved = _resolved(vocab, terms)
    choices, considered = choose(db, vocab, resolved, count, include)
    focus = {cid for r in resolved for cid in concept_ids(r)}
    readings = []
    for choice in choices:
        detail = get_vignette(db, vocab, choice.vignette)
        readings.append(Reading(detail, snapshot(detail), focus, vocab))
    labels = [r.concept.label for r in resolved]
    level = level_of(audience)
    sections = _sections(readings, level)
    shared = [s.query.label.lower() for c in choices[1:] for s in c.shared if s.relation == "same"][:4]
    compare = comparison(readings, labels, shared)
    if compare is not None:
        sections[-1].questions.append(compare)
    names = [r.name for r in readings]
    case = TeachingCase(
        id=_slug("-".join([resolved[0].concept.id, *(c.vignette for c in choices)])),
        title=f"{' and '.join(labels)}: {' and '.join(names)}"[:500],
        audience=audience[:500],
        summary=(
            f"{_count(len(readings))} composite case{'s' if len(readings) > 1 else ''} on "
            f"{' and '.join(labels).lower()}, revealed in {len(sections)} stages. Read each stage, discuss its "
            "questions, then turn the page."
        ),
        concepts=[r.concept.id for r in resolved],
        objectives=objectives(readings, labels),
        vignettes=[CaseVignette(id=r.detail.id, snapshot=r.snap) for r in readings],
        sections=sections,
        instructor_notes="Why these vignettes: " + " ".join(f"{c.title}: {c.why}" for c in choices),
    )
    case = prepare(db, vocab, case, "draft", Mode())  # the draft is a valid case, exactly as it would be saved
    return Draft(resolved=resolved, audience=audience, choices=choices, considered=considered, case=case)


def _resolved(vocab: Vocabulary, terms: list[str]) -> list[TermResolution]:
    out: list[TermResolution] = []
    for term in terms:
        r = resolve_term(vocab, term)
        if r.concept.id not in {x.concept.id for x in out}:
            out.append(r)
    return out


def _sections(readings: list[Reading], level: str) -> list[Section]:
    sections = []
    for kind in SectionKind:
        cuts, passages = [], []
        for r in readings:
            found = cut(story_of(r.detail), kind)
            if found:
                cuts.append(Cut(vignette=r.detail.id))
                passages += found
        if not cuts:
            continue
        with_text = [r for r in readings if any(c.vignette == r.detail.id for c in cuts)]
        sections.append(
            Section(
                kind=kind,
                title=TITLES[kind],
                cuts=cuts,
                passages=passages,
                questions=questions(kind, with_text, level),
                instructor_notes=NOTES[kind],
            )
        )
    return sections


def _slug(text: str) -> str:
    slug = re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", text.lower())).strip("-")
    return slug[:100].rstrip("-") or "teaching-case"


def _count(n: int) -> str:
    return {1: "One", 2: "Two", 3: "Three", 4: "Four"}.get(n, str(n))
