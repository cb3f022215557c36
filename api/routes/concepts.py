"""GET /concepts, /concepts/{id}, /patterns/{id}/profile, /compare: the vocabulary, what goes with a pattern, and two
concepts side by side."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.deps import DB, Limit, Offset, Vocab
from api.errors import BAD_INPUT, NOT_FOUND, UNAVAILABLE
from kb.answers import CompareAnswer, ConceptDetail, ConceptSummary, Page, PatternProfile
from kb.models import CodeSystem, ConceptKind
from kb.queries.compare import compare_concepts
from kb.queries.concepts import get_concept, list_concepts, pattern_profile

router = APIRouter(tags=["concepts"])
TermPath = Annotated[
    str,
    Path(min_length=1, max_length=120, examples=["enmeshment"], description="a concept id, or any term that names it"),
]


@router.get("/concepts", response_model=Page[ConceptSummary], responses={**BAD_INPUT, **UNAVAILABLE})
def concepts(
    db: DB,
    vocab: Vocab,
    kind: Annotated[ConceptKind | None, Query(description="only concepts of this kind")] = None,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=120, examples=["incest"], description="words in the id, label or a synonym"),
    ] = None,
    code: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=12,
            pattern=r"^[A-Za-z0-9.]+$",
            examples=["Z62.820"],
            description="a code of ICD-10-CM, ICD-10 or ICD-11 (with or without its dot): the concepts mapped to it",
        ),
    ] = None,
    system: Annotated[CodeSystem | None, Query(description="with `code`: only mappings into this code set")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ConceptSummary]:
    """The vocabulary's concepts, with how many vignettes use each; `code` finds those mapped to a code."""
    return list_concepts(db, vocab, kind, q, limit, offset, code=code, system=system)


@router.get("/concepts/{concept_id}", response_model=ConceptDetail, responses={**NOT_FOUND, **UNAVAILABLE})
def concept(db: DB, vocab: Vocab, concept_id: TermPath) -> ConceptDetail:
    """Definition, synonyms, broader and narrower concepts, the codes it maps to (ICD-10-CM, ICD-10, ICD-11, each
    with its official title and how it matches), and how many vignettes use it."""
    return get_concept(db, vocab, concept_id)


@router.get(
    "/patterns/{pattern_id}/profile", response_model=PatternProfile, responses={**NOT_FOUND, **BAD_INPUT, **UNAVAILABLE}
)
def profile(
    db: DB,
    vocab: Vocab,
    pattern_id: TermPath,
    focus: Annotated[
        Literal["roles", "behaviors", "interventions", "outcomes", "patterns"] | None,
        Query(description="the kind asked for: `order` lists it first"),
    ] = None,
) -> PatternProfile:
    """The roles, behaviors, interventions, outcomes and other patterns that go with a pattern, with counts."""
    return pattern_profile(db, vocab, pattern_id, focus)


Term = Annotated[str, Query(min_length=1, max_length=120, description="a concept: its id or any term that names it")]


@router.get("/compare", response_model=CompareAnswer, responses={**NOT_FOUND, **BAD_INPUT, **UNAVAILABLE})
def compare(db: DB, vocab: Vocab, a: Term, b: Term) -> CompareAnswer:
    """Two concepts side by side: definitions; for patterns their profiles, for interventions what each was used
    for; per kind what both share and what only one has; and how many vignettes have both."""
    return compare_concepts(db, vocab, a, b)
