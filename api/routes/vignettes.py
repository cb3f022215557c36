"""GET /vignettes (filtered), /vignettes/{id}, /vignettes/{id}/graph, /vignettes/{id}/similar."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.deps import DB, Limit, Offset, Vocab
from api.errors import BAD_INPUT, NOT_FOUND, UNAVAILABLE
from kb.answers import SimilarAnswer, VignetteDetail, VignetteGraph, VignetteList
from kb.queries.similarity import similar_to_vignette
from kb.queries.vignettes import get_vignette, list_vignettes, vignette_graph

router = APIRouter(tags=["vignettes"])
Terms = Annotated[list[str], Query(max_length=10)]
VignetteId = Annotated[str, Path(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100, examples=["donna"])]


@router.get("/vignettes", response_model=VignetteList, responses={**NOT_FOUND, **BAD_INPUT, **UNAVAILABLE})
def vignettes(
    db: DB,
    vocab: Vocab,
    pattern: Annotated[
        list[str], Query(max_length=10, examples=[["enmeshment"]], description="repeatable; all must hold")
    ] = [],  # noqa: B006
    role: Annotated[list[str], Query(max_length=10, examples=[["parentified child"]])] = [],  # noqa: B006
    behavior: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006
    intervention: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006
    outcome: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006
    q: Annotated[str | None, Query(min_length=1, max_length=200, description="full text", examples=["rehab"])] = None,
    kin: Annotated[
        list[str],
        Query(
            max_length=5,
            examples=[["father and daughter"]],
            description="repeatable: a family relation the vignette must have: one family word (son, mother, "
            "sister...) or two joined by 'and' (father and daughter, mother and son, husband and wife)",
        ),
    ] = [],  # noqa: B006
    without: Annotated[
        list[str], Query(max_length=10, description="repeatable: a concept (any kind) the vignette must not have")
    ] = [],  # noqa: B006
    limit: Limit = 20,
    offset: Offset = 0,
) -> VignetteList:
    """Vignettes having every concept given (narrower ones count), every family relation of `kin` and none of the
    concepts of `without`, optionally matching a full-text query."""
    filters = [
        (kind, term)
        for kind, terms in (
            ("pattern", pattern),
            ("role", role),
            ("behavior", behavior),
            ("intervention", intervention),
            ("outcome", outcome),
        )
        for term in terms
    ]
    return list_vignettes(db, vocab, filters, q, limit, offset, kin=kin, without=without)


@router.get("/vignettes/{vignette_id}", response_model=VignetteDetail, responses={**NOT_FOUND, **UNAVAILABLE})
def vignette(db: DB, vocab: Vocab, vignette_id: VignetteId, response: Response) -> VignetteDetail:
    """The whole vignette: persons, relations, roles, behaviors, patterns, interventions, outcomes, evidence.

    Its version is also the ETag, to send back in If-Match when replacing it."""
    detail = get_vignette(db, vocab, vignette_id)
    response.headers["ETag"] = f'"{detail.version}"'
    return detail


@router.get("/vignettes/{vignette_id}/graph", response_model=VignetteGraph, responses={**NOT_FOUND, **UNAVAILABLE})
def graph(db: DB, vocab: Vocab, vignette_id: VignetteId) -> VignetteGraph:
    """The vignette as nodes and edges, ready to draw."""
    return vignette_graph(db, vocab, vignette_id)


@router.get(
    "/vignettes/{vignette_id}/similar",
    response_model=SimilarAnswer,
    responses={**NOT_FOUND, **BAD_INPUT, **UNAVAILABLE},
)
def similar(
    db: DB, vocab: Vocab, vignette_id: VignetteId, k: Annotated[int, Query(ge=1, le=50, description="how many")] = 5
) -> SimilarAnswer:
    """The most similar vignettes by the patterns, roles and behaviors they share, with what they share."""
    return similar_to_vignette(db, vocab, vignette_id, k)
