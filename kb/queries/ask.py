"""'/ask': a plain-English question, read by kb.queries.ask_parse, answered by the same core functions as the API.

Each reading maps to one endpoint, and the answer is exactly that endpoint's:

    interventions   interventions_for        GET /interventions?for=X
    used_for        intervention_targets     GET /interventions/{X}/targets
    outcomes_after  outcomes_after           GET /interventions/{X}/outcomes
    vignettes       list_vignettes           GET /vignettes?pattern=&role=&...&kin=&without=
    profile         pattern_profile          GET /patterns/{X}/profile?focus=
    define          get_concept              GET /concepts/{X}
    similar         similar_to_vignette      GET /vignettes/{id}/similar?k=
    compare         compare_concepts         GET /compare?a=X&b=Y

`interpretation` says how the question was understood: the reading, the words that
named each concept and how, the family relations, what was left out, and the
other readings (`also`), each as a question that gives it.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from kb.answers import (
    CompareAnswer,
    ConceptDetail,
    InterventionsAnswer,
    InterventionTargets,
    OutcomesAnswer,
    PatternProfile,
    SimilarAnswer,
    VignetteList,
)
from kb.errors import UnknownVignette
from kb.queries.ask_parse import FORMS, Intent, ParsedQuestion, QuestionNotUnderstood, UnknownTerms, parse_question
from kb.queries.compare import compare_concepts
from kb.queries.concepts import get_concept, pattern_profile
from kb.queries.fulltext import title_phrase
from kb.queries.interventions import interventions_for, outcomes_after
from kb.queries.similarity import similar_to_vignette
from kb.queries.targets import intervention_targets
from kb.queries.vignettes import list_vignettes
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary

__all__ = [
    "FORMS",
    "AskAnswer",
    "OutcomesAnswer",
    "QuestionNotUnderstood",
    "UnknownTerms",
    "answer_reading",
    "ask",
    "find_vignette",
]

Answer = (
    InterventionsAnswer
    | VignetteList
    | PatternProfile
    | OutcomesAnswer
    | SimilarAnswer
    | ConceptDetail
    | InterventionTargets
    | CompareAnswer
)


class AskAnswer(BaseModel):
    question: str
    interpretation: ParsedQuestion
    answer: Answer


SIMILAR_K = 10  # at most this many similar vignettes for a question
FILTER_ORDER = ("pattern", "role", "behavior", "intervention", "outcome")  # as GET /vignettes lists its filters


def find_vignette(db: Database, ref: str) -> str:
    """The vignette a name refers to: its id (or its words: 'julian and his mother'), the start of its id, its
    title ('The Daughter Who Could Not Leave Home'), a person in it ('donna'), or the first word of a person's name."""
    ref = " ".join(ref.lower().split())
    slug = re.sub(r"[^a-z0-9]+", "-", ref).strip("-")
    if not slug:
        raise UnknownVignette(ref)
    rows = db.read("vignette_find", ref=ref, slug=slug, first=ref.split()[0], title=title_phrase(ref))
    best = None
    for r in rows:
        rank = r["rank"]
        if rank == 4:  # a title phrase hit: the whole title (without a leading article) is best after the id
            title = re.sub(r"^(?:the|a|an)\s+", "", " ".join(re.findall(r"[\w']+", r["title"].lower())))
            wanted = re.sub(r"^(?:the|a|an)\s+", "", " ".join(re.findall(r"[\w']+", ref)))
            rank = 1 if title == wanted else 4 if len(wanted.split()) >= 3 else 9
        if rank < 9 and (best is None or (rank, r["id"]) < best):
            best = (rank, r["id"])
    if best is None:
        raise UnknownVignette(ref)
    return best[1]


def answer_reading(db: Database, vocab: Vocabulary, p: ParsedQuestion, limit: int = 20) -> Answer:
    """The answer of one reading, from the core function of its endpoint."""
    first = p.terms[0].query if p.terms else ""
    if p.intent is Intent.interventions:
        return interventions_for(db, vocab, first, limit=limit)
    if p.intent is Intent.used_for:
        return intervention_targets(db, vocab, first, limit=limit)
    if p.intent is Intent.outcomes_after:
        return outcomes_after(db, vocab, first)
    if p.intent is Intent.vignettes:
        filters = [(t.kind, t.query) for t in sorted(p.terms, key=lambda t: FILTER_ORDER.index(t.kind))]
        return list_vignettes(
            db, vocab, filters, limit=limit, kin=p.kin or None, without=[t.query for t in p.without] or None
        )
    if p.intent is Intent.profile:
        return pattern_profile(db, vocab, first, focus=p.focus)
    if p.intent is Intent.similar:
        return similar_to_vignette(db, vocab, find_vignette(db, p.vignette_ref or ""), k=min(limit, SIMILAR_K))
    if p.intent is Intent.compare:
        return compare_concepts(db, vocab, p.terms[0].query, p.terms[1].query)
    return get_concept(db, vocab, first)


def ask(db: Database, vocab: Vocabulary, question: str, limit: int = 20) -> AskAnswer:
    """The answer to a question, with how it was understood. 'Cases like X' where X names no vignette is answered
    by the next reading, when there is one ('cases like codependency': vignettes with codependency)."""
    parsed = parse_question(question, vocab)
    try:
        answer = answer_reading(db, vocab, parsed, limit)
    except UnknownVignette:
        if parsed.intent is not Intent.similar or not parsed.also:
            raise
        other = parse_question(parsed.also[0].question, vocab)
        rest = list(parsed.also[1:])
        note = f"no vignette is named {parsed.vignette_ref!r}: read as {other.form!r} instead"
        parsed = other.model_copy(update={"question": parsed.question, "notes": [note, *other.notes], "also": rest})
        answer = answer_reading(db, vocab, parsed, limit)
    return AskAnswer(question=question, interpretation=parsed, answer=answer)
