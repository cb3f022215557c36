"""GET /search?q=: full text over vignettes and concepts, with highlighted snippets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import DB, Limit, Offset
from api.errors import BAD_INPUT, UNAVAILABLE
from kb.answers import SearchAnswer
from kb.queries.search import search as search_text

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchAnswer, responses={**BAD_INPUT, **UNAVAILABLE})
def search(
    db: DB,
    q: Annotated[str, Query(min_length=1, max_length=200, examples=["day rehab"])],
    limit: Limit = 20,
    offset: Offset = 0,
) -> SearchAnswer:
    """Vignette titles, summaries and narratives and concept labels, synonyms and definitions; best first."""
    return search_text(db, q, limit, offset)
