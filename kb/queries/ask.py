"""'/ask': a plain-English question, parsed deterministically (kb.queries.ask_parse), answered by the endpoints."""

from __future__ import annotations

from pydantic import BaseModel, Field

from kb.answers import (
    ConceptDetail,
    InterventionsAnswer,
    PatternProfile,
    RankedIntervention,
    SimilarAnswer,
    TermResolution,
    VignetteList,
)
from kb.errors import UnknownVignette
from kb.queries.ask_parse import FORMS, Intent, ParsedQuestion, QuestionNotUnderstood, UnknownTerms, parse_question
from kb.queries.concepts import get_concept, pattern_profile
from kb.queries.interventions import interventions_for, outcomes_after
from kb.queries.similarity import similar_to_vignette
from kb.queries.vignettes import list_vignettes
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary

__all__ = ["FORMS", "AskAnswer", "QuestionNotUnderstood", "UnknownTerms", "ask", "find_vignette"]


class OutcomesAnswer(BaseModel):
    resolved: TermResolution
    items: list[RankedIntervention] = Field(description="each use of the intervention, with the outcomes after it")


Answer = InterventionsAnswer | VignetteList | PatternProfile | OutcomesAnswer | SimilarAnswer | ConceptDetail


class AskAnswer(BaseModel):
    question: str
    interpretation: ParsedQuestion
    answer: Answer


def find_vignette(db: Database, ref: str) -> str:
    """The vignette a name refers to: its id, the start of its id, its title, or a person in it."""
    rows = db.read("vignette_find", ref=ref.strip().lower())
    if not rows:
        raise UnknownVignette(ref)
    return rows[0]["id"]


def ask(db: Database, vocab: Vocabulary, question: str, limit: int = 20) -> AskAnswer:
    parsed = parse_question(question, vocab)
    first = parsed.terms[0].concept_id if parsed.terms else ""
    answer: Answer
    if parsed.intent == Intent.interventions:
        answer = interventions_for(db, vocab, first, limit=limit)
    elif parsed.intent == Intent.vignettes:
        answer = list_vignettes(db, vocab, [(t.kind, t.concept_id) for t in parsed.terms], limit=limit)
    elif parsed.intent == Intent.profile:
        answer = pattern_profile(db, vocab, first)
    elif parsed.intent == Intent.outcomes_after:
        resolved, items = outcomes_after(db, vocab, first)
        answer = OutcomesAnswer(resolved=resolved, items=items)
    elif parsed.intent == Intent.similar:
        answer = similar_to_vignette(db, vocab, find_vignette(db, parsed.vignette_ref or ""), k=min(limit, 10))
    else:
        answer = get_concept(db, vocab, first)
    return AskAnswer(question=question, interpretation=parsed, answer=answer)
