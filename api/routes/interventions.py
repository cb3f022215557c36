"""GET /interventions?for=: what was done for a pattern, behavior or role, ranked by its evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import DB, Limit, Offset, Vocab
from api.errors import BAD_INPUT, NOT_FOUND, UNAVAILABLE
from kb.answers import InterventionsAnswer
from kb.queries.interventions import MAX_SUPPORT, interventions_for

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
    """The interventions used for a concept or a narrower one, with the vignettes, quotes and paths behind each."""
    return interventions_for(db, vocab, term, limit, offset, support)
