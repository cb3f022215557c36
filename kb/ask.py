"""'/ask': a plain-English question, parsed deterministically (kb.ask_parse) and answered by the same queries as the endpoints."""

from __future__ import annotations

from typing import Union

from pydantic import BaseModel, Field

from kb.answers import (
    ConceptDetail, PatternProfile, RankedIntervention, SimilarAnswer, TermResolution, InterventionsAnswer, VignetteList,
)
from kb.ask_parse import FORMS, Intent, ParsedQuestion, QuestionNotUnderstood, UnknownTerms, parse_question
from kb.concepts import get_concept, pattern_profile
from kb.db import Database
from kb.interventions import interventions_for, outcomes_after
from kb.similarity import similar_to_vignette
from kb.vignette_queries import UnknownVignette, list_vignettes
from kb.vocabulary import Vocabulary

__all__ = ["FORMS", "AskAnswer", "QuestionNotUnderstood", "UnknownTerms", "ask", "find_vignette"]


class OutcomesAnswer(BaseModel):
    resolved: TermResolution
    items: list[RankedIntervention] = Field(description="each use of the intervention, with the outcomes after it")


Answer = Union[InterventionsAnswer, VignetteList, PatternProfile, OutcomesAnswer, SimilarAnswer, ConceptDetail]


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
    first = parsed.terms[0] if parsed.terms else None
    answer: Answer
    if parsed.intent == Intent.interventions:
        answer = interventions_for(db, vocab, first.concept_id, limit=limit)
    elif parsed.intent == Intent.vignettes:
        answer = list_vignettes(db, vocab, [(t.kind, t.concept_id) for t in parsed.terms], limit=limit)
    elif parsed.intent == Intent.profile:
        answer = pattern_profile(db, vocab, first.concept_id)
    elif parsed.intent == Intent.outcomes_after:
        resolved, items = outcomes_after(db, vocab, first.concept_id)
        answer = OutcomesAnswer(resolved=resolved, items=items)
    elif parsed.intent == Intent.similar:
        answer = similar_to_vignette(db, vocab, find_vignette(db, parsed.vignette_ref or ""), k=min(limit, 10))
    else:
        answer = get_concept(db, vocab, first.concept_id)
    return AskAnswer(question=question, interpretation=parsed, answer=answer)
