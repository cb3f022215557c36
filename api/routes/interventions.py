"""GET /interventions?for=: what was done for a pattern, behavior or role, ranked by its evidence; and the reverse,
GET /interventions/{id}/targets (what an intervention was used for), and GET /interventions/{id}/outcomes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import DB, Limit, Offset, Vocab
from api.errors import BAD_INPUT, NOT_FOUND, UNAVAILABLE
from kb.answers import InterventionsAnswer, InterventionTargets, OutcomesAnswer
from kb.queries.interventions import MAX_SUPPORT, interventions_for, outcomes_after
from kb.queries.targets import intervention_targets

router = APIRouter(tags=["interventions"])


@router.get("/interventions", response_model=InterventionsAnswer, responses={**NOT_FOUND, **BAD_INPUT, **UNAVAILABLE})
def interventions(
    db: DB,
    vocab: Vocab,
    term: Annotated[
        str,
        Query(
            alias="for",
            min_length=1,
            max_length=120,
            description="a pattern, behavior or role: any synonym, singular or plural",
            examples=["enmeshment", "codependence", "parentified child"],
        ),
    ],
    limit: Limit = 20,
    offset: Offset = 0,
    support: Annotated[int, Query(ge=1, le=MAX_SUPPORT, description="uses shown with evidence per intervention")] = 5,
) -> InterventionsAnswer:
    """The interventions used for a concept or a narrower one, with the vignettes, quotes and paths behind each.

    An intervention aimed at a pattern counts for the roles and behaviors that show it (inner child work for
    Donna's parentification counts for the parentified child). Words naming an intervention answer 404
    `is_an_intervention`, with what that intervention was used for."""
    return interventions_for(db, vocab, term, limit, offset, support)


InterventionPath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=120,
        examples=["family-therapy"],
        description="an intervention: its id or any term that names it (family therapy, CBT, setting boundaries)",
    ),
]


@router.get(
    "/interventions/{intervention}/targets",
    response_model=InterventionTargets,
    responses={**NOT_FOUND, **BAD_INPUT, **UNAVAILABLE},
)
def targets(
    db: DB,
    vocab: Vocab,
    intervention: InterventionPath,
    limit: Annotated[int, Query(ge=1, le=100, description="targets listed per kind")] = 20,
    support: Annotated[int, Query(ge=1, le=MAX_SUPPORT, description="uses shown with evidence per target")] = 3,
) -> InterventionTargets:
    """What an intervention was used for: the patterns, behaviors and roles it targeted, most vignettes first, with
    counts, the outcomes after those uses, and the first uses with their quotes (the reverse of `/interventions`)."""
    return intervention_targets(db, vocab, intervention, limit, support)


@router.get(
    "/interventions/{intervention}/outcomes",
    response_model=OutcomesAnswer,
    responses={**NOT_FOUND, **BAD_INPUT, **UNAVAILABLE},
)
def outcomes(
    db: DB,
    vocab: Vocab,
    intervention: InterventionPath,
    support: Annotated[int, Query(ge=1, le=MAX_SUPPORT, description="uses shown with evidence")] = 5,
) -> OutcomesAnswer:
    """The uses of an intervention (narrower ones included) and the outcomes reported after each, with quotes."""
    return outcomes_after(db, vocab, intervention, support)
