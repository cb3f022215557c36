"""GET /ask?q=: a question in plain English, with how it was understood and the answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import DB, Vocab
from api.errors import BAD_INPUT, NOT_FOUND, UNAVAILABLE
from kb.queries.ask import AskAnswer
from kb.queries.ask import ask as answer_question

router = APIRouter(tags=["ask"])


@router.get("/ask", response_model=AskAnswer, responses={**NOT_FOUND, **BAD_INPUT, **UNAVAILABLE})
def ask(
    db: DB,
    vocab: Vocab,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=300,
            examples=["interventions for enmeshment", "cases like donna", "what is triangulation"],
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> AskAnswer:
    """Understands: interventions for X, what helps with X, how is X treated, vignettes with X and Y, roles in X,
    what outcomes followed X, cases like NAME, what is X. A question it cannot parse answers 422 with these forms."""
    return answer_question(db, vocab, q, limit)
