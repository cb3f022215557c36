"""GET /vocabulary.ttl, /vocabulary.jsonld: the vocabulary as a SKOS concept scheme (kb.vocab.skos)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from api.deps import Vocab
from kb.vocab.skos import MEDIA_TYPES, RdfFormat, serialize

router = APIRouter(tags=["concepts"])


def _rdf(vocab: Vocab, fmt: RdfFormat) -> Response:
    return Response(
        serialize(vocab, fmt),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'inline; filename="vocabulary.{fmt.value}"'},
    )


@router.get(
    "/vocabulary.ttl",
    response_class=Response,
    responses={200: {"content": {"text/turtle": {}}, "description": "the SKOS concept scheme in Turtle"}},
)
def vocabulary_turtle(vocab: Vocab) -> Response:
    """The whole vocabulary as a SKOS concept scheme, in Turtle: labels, synonyms, definitions, broader, narrower
    and related concepts, and the ICD codes each concept matches (exactMatch, closeMatch, broadMatch, ...)."""
    return _rdf(vocab, RdfFormat.ttl)


@router.get(
    "/vocabulary.jsonld",
    response_class=Response,
    responses={200: {"content": {"application/ld+json": {}}, "description": "the SKOS concept scheme in JSON-LD"}},
)
def vocabulary_jsonld(vocab: Vocab) -> Response:
    """The same SKOS concept scheme as /vocabulary.ttl, in JSON-LD."""
    return _rdf(vocab, RdfFormat.jsonld)
