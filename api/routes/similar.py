"""POST /similar: the vignettes most like a partial case (lists of patterns, roles, behaviors)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field, StringConstraints, model_validator

from api.deps import DB, Vocab
from api.errors import BAD_INPUT, NOT_FOUND, UNAVAILABLE
from kb.answers import SimilarAnswer
from kb.queries.similarity import similar_to_terms

router = APIRouter(tags=["similar"])
Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class PartialCase(BaseModel):
    model_config = {
        "extra": "forbid",
        "json_schema_extra": {
            "examples": [
                {
                    "patterns": ["codependency"],
                    "roles": ["parentified child", "alcoholic mother"],
                    "behaviors": [],
                    "k": 5,
                }
            ]
        },
    }

    patterns: list[Term] = Field(default=[], max_length=20)
    roles: list[Term] = Field(default=[], max_length=20)
    behaviors: list[Term] = Field(default=[], max_length=20)
    k: int = Field(default=5, ge=1, le=50)

    @model_validator(mode="after")
    def not_empty(self) -> PartialCase:
        if not (self.patterns or self.roles or self.behaviors):
            raise ValueError("give at least one pattern, role or behavior")
        return self


@router.post("/similar", response_model=SimilarAnswer, responses={**NOT_FOUND, **BAD_INPUT, **UNAVAILABLE})
def similar(db: DB, vocab: Vocab, case: PartialCase) -> SimilarAnswer:
    """Case-based retrieval for a client's case given as concepts."""
    terms = {"pattern": case.patterns, "role": case.roles, "behavior": case.behaviors}
    return similar_to_terms(db, vocab, terms, case.k)
