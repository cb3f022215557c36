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
    """A question as clinicians write it: the concepts are found first (any synonym or inflection, lay words, small
    typos, negation), then what is asked from the words around them: interventions for X, what X was used for,
    vignettes with X and Y (and family relations: "a father and his daughter"), what goes with X, outcomes after X,
    what is X, cases like NAME or a vignette's title, compare X and Y. The answer is exactly the answer of the
    endpoint the reading maps to; `interpretation` says how the question was read, and other readings (`also`).
    Nothing to answer: 422 with example questions and the closest concepts; a clear question whose words name no
    concept of the kind it needs: 404 with suggestions."""
    return answer_question(db, vocab, q, limit)
