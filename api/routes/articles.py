"""Writers' articles: /articles (create, list, get, replace, delete), their concepts, suggested vignettes,
links and vignette drafts; the backlinks /vignettes/{id}/articles and /concepts/{id}/articles.

An article is sent as JSON (`{"title", "text", "format": "text|markdown|html", ...}`) or as a file upload
(`multipart/form-data` with a `file` of plain text, Markdown or HTML, and optional `title`, `author`,
`url`, `id`, `format` fields). Writes need an editor key; `GET /articles/{id}` gives the version as ETag,
which `PUT` needs back in If-Match (409 if someone saved in between).
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from api.auth import Editor, require
from api.deps import DB, Limit, Offset, Vocab
from api.errors import AUTH, BAD_INPUT, CONFLICT, NOT_FOUND, UNAVAILABLE, ApiError, ErrorBody
from api.routes.concepts import TermPath
from api.routes.vignettes import VignetteId
from api.versions import PRECONDITION, etag, expected_version, given_version
from kb.articles.draft import draft_article
from kb.articles.links import concept_backlinks, link, unlink, vignette_backlinks
from kb.articles.models import (
    ArticleConcepts,
    ArticleDetail,
    ArticlePage,
    ArticleSaved,
    ArticleSuggestions,
    ConceptArticles,
    DraftAnswer,
    LinkSaved,
    VignetteArticles,
)
from kb.articles.store import (
    ArticleBody,
    ArticleInvalid,
    PreparedArticle,
    article_text,
    body_from_upload,
    create_article,
    delete_article,
    get_article,
    list_articles,
    prepare,
    replace_article,
)
from kb.articles.suggest import suggest
from kb.articles.tagging import tag_text
from kb.models import ArticleLinkType
from kb.writing.keys import Role

router = APIRouter(tags=["articles"])
Reader = [Depends(require(Role.reader))]
ArticleId = VignetteId  # the same slug rule
UPLOAD_FIELDS = ("id", "title", "author", "url", "format")
WRITE_ERRORS = {
    **AUTH,
    **BAD_INPUT,
    **UNAVAILABLE,
    413: {"model": ErrorBody, "description": "the body is larger than the server accepts (KB_API_MAX_BODY_BYTES)"},
    415: {"model": ErrorBody, "description": "the body is neither JSON nor a multipart file upload"},
}
REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ArticleBody"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "plain text, Markdown or HTML"},
                        **{f: {"type": "string"} for f in UPLOAD_FIELDS},
                    },
                }
            },
        },
    }
}


class LinkBody(BaseModel):
    model_config = {
        "extra": "forbid",
        "json_schema_extra": {"examples": [{"vignette": "donna", "type": "illustrated-by"}, {"concept": "enmeshment"}]},
    }

    vignette: str | None = Field(default=None, max_length=100, description="a vignette id")
    concept: str | None = Field(default=None, max_length=120, description="a concept id or any of its words")
    type: ArticleLinkType | None = Field(
        default=None, description="cites (the default), illustrated-by or source-of for a vignette; about for a concept"
    )


async def _prepared(request: Request, article_id: str | None = None) -> PreparedArticle:
    """The article in the body (JSON, or a multipart file upload), converted and checked; without an id of its
    own it takes `article_id` (a replacement), else one made from its title."""
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        async with request.form(max_files=1, max_fields=len(UPLOAD_FIELDS) + 1) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise ArticleInvalid("file", "send the article as a form field named file (plain text, Markdown, HTML)")
            raw = await upload.read()
            fields = {f: str(form[f]) for f in UPLOAD_FIELDS if isinstance(form.get(f), str)}
            body = body_from_upload(raw, upload.filename, upload.content_type, fields)  # type: ignore[arg-type]
            return await run_in_threadpool(prepare, body, upload.filename or "upload.txt", article_id)
    if media != "application/json":
        raise ApiError(
            415,
            "unsupported_media_type",
            f"send the article as application/json or as a multipart/form-data file upload, not {media}",
        )
    raw = await request.body()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ArticleInvalid("body", "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ArticleInvalid("body", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    try:
        body = ArticleBody.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ArticleInvalid(".".join(str(p) for p in first["loc"]) or "body", first["msg"]) from None
    return await run_in_threadpool(prepare, body, None, article_id)


@router.post(
    "/articles",
    status_code=201,
    response_model=ArticleSaved,
    openapi_extra=REQUEST_BODY,
    responses={**WRITE_ERRORS, **CONFLICT},
)
async def create(request: Request, response: Response, db: DB, vocab: Vocab, who: Editor) -> ArticleSaved:
    """Store an article (its text is tagged with the vocabulary's concepts). 409 if its id is taken."""
    prepared = await _prepared(request)
    saved = await run_in_threadpool(create_article, db, vocab, prepared, who)
    response.headers["ETag"] = etag(saved.version)
    response.headers["Location"] = f"{request.scope.get('root_path', '')}/articles/{saved.id}"
    return saved


@router.get("/articles", response_model=ArticlePage, dependencies=Reader, responses={**BAD_INPUT, **UNAVAILABLE})
def articles(db: DB, vocab: Vocab, limit: Limit = 20, offset: Offset = 0) -> ArticlePage:
    """The stored articles, most recently changed first, each with the concepts it mentions most."""
    return list_articles(db, vocab, limit, offset)


@router.get(
    "/articles/{article_id}", response_model=ArticleDetail, dependencies=Reader, responses={**NOT_FOUND, **UNAVAILABLE}
)
def article(db: DB, vocab: Vocab, article_id: ArticleId, response: Response) -> ArticleDetail:
    """One article: fields, text, links, the vignettes whose source it is. Its version is also the ETag."""
    detail = get_article(db, vocab, article_id)
    response.headers["ETag"] = etag(detail.version)
    return detail


@router.put(
    "/articles/{article_id}",
    response_model=ArticleSaved,
    openapi_extra=REQUEST_BODY,
    responses={
        **WRITE_ERRORS,
        **CONFLICT,
        **NOT_FOUND,
        **PRECONDITION,
    },
)
async def replace(
    request: Request,
    response: Response,
    db: DB,
    vocab: Vocab,
    who: Editor,
    article_id: ArticleId,
    if_match: Annotated[
        str | None, Header(description="the ETag (version) of the article you edited", max_length=100)
    ] = None,
) -> ArticleSaved:
    """Replace an article whole, if it is still at the version in If-Match (else 409)."""
    expected = expected_version(if_match, "the article", "/articles/{id}")
    prepared = await _prepared(request, article_id)
    saved = await run_in_threadpool(replace_article, db, vocab, article_id, prepared, who, expected)
    response.headers["ETag"] = etag(saved.version)
    return saved


@router.delete(
    "/articles/{article_id}",
    status_code=204,
    response_class=Response,
    responses={**AUTH, **NOT_FOUND, **CONFLICT, **UNAVAILABLE},
)
def remove(
    db: DB,
    who: Editor,
    article_id: ArticleId,
    if_match: Annotated[str | None, Header(description="remove only if still at this version", max_length=100)] = None,
) -> Response:
    """Remove an article with its tags and links (a vignette that names it as its source keeps that citation)."""
    delete_article(db, article_id, who, given_version(if_match))
    return Response(status_code=204)


@router.get(
    "/articles/{article_id}/concepts",
    response_model=ArticleConcepts,
    dependencies=Reader,
    responses={**NOT_FOUND, **UNAVAILABLE},
)
def concepts(
    db: DB,
    vocab: Vocab,
    article_id: ArticleId,
    person_words: Annotated[
        bool, Query(description="also list the mentions that only name a person (mother, father, therapist)")
    ] = False,
) -> ArticleConcepts:
    """Every concept the article mentions: each mention with its span, sentence and status; counts per concept."""
    text, _ = article_text(db, article_id)
    return tag_text(vocab, text, article_id, person_words)


@router.get(
    "/articles/{article_id}/suggestions",
    response_model=ArticleSuggestions,
    dependencies=Reader,
    responses={**NOT_FOUND, **BAD_INPUT, **UNAVAILABLE},
)
def suggestions(
    db: DB, vocab: Vocab, article_id: ArticleId, k: Annotated[int, Query(ge=1, le=50, description="how many")] = 10
) -> ArticleSuggestions:
    """Vignettes ranked by what they share with the article's concepts (the similar-cases measure), explained."""
    return suggest(db, vocab, article_id, k)


@router.post(
    "/articles/{article_id}/links",
    status_code=201,
    response_model=LinkSaved,
    responses={
        **AUTH,
        **BAD_INPUT,
        **NOT_FOUND,
        **UNAVAILABLE,
        409: {"model": ErrorBody, "description": "the link exists"},
    },
)
def add_link(db: DB, vocab: Vocab, who: Editor, article_id: ArticleId, body: LinkBody) -> LinkSaved:
    """Link the article to a vignette (cites, illustrated-by, source-of) or a concept (about)."""
    return link(db, vocab, article_id, who, body.vignette, body.concept, body.type)


@router.delete(
    "/articles/{article_id}/links",
    status_code=204,
    response_class=Response,
    responses={**AUTH, **BAD_INPUT, **NOT_FOUND, **UNAVAILABLE},
)
def remove_link(
    db: DB,
    vocab: Vocab,
    who: Editor,
    article_id: ArticleId,
    vignette: Annotated[str | None, Query(max_length=100, description="the vignette id")] = None,
    concept: Annotated[str | None, Query(max_length=120, description="the concept (id or any word)")] = None,
    type: Annotated[ArticleLinkType | None, Query(description="the link's type (default cites / about)")] = None,
) -> Response:
    """Remove one link of the article."""
    unlink(db, vocab, article_id, who, vignette, concept, type)
    return Response(status_code=204)


@router.post(
    "/articles/{article_id}/draft",
    response_model=DraftAnswer,
    dependencies=Reader,
    responses={**NOT_FOUND, **UNAVAILABLE},
)
def draft(db: DB, vocab: Vocab, article_id: ArticleId) -> DraftAnswer:
    """A vignette drafted from the case story in the article, in the vignette file format (nothing is stored)."""
    text, fields = article_text(db, article_id)
    return draft_article(vocab, text, fields)


@router.get(
    "/vignettes/{vignette_id}/articles",
    response_model=VignetteArticles,
    dependencies=Reader,
    responses={**NOT_FOUND, **UNAVAILABLE},
)
def vignette_articles(db: DB, vignette_id: VignetteId) -> VignetteArticles:
    """The articles that link to the vignette, and the one its own source names."""
    return vignette_backlinks(db, vignette_id)


@router.get(
    "/concepts/{concept_id}/articles",
    response_model=ConceptArticles,
    dependencies=Reader,
    responses={**NOT_FOUND, **UNAVAILABLE},
)
def concept_articles(db: DB, vocab: Vocab, concept_id: TermPath) -> ConceptArticles:
    """Articles linked to the concept, and articles whose text mentions it or a narrower one (told apart)."""
    return concept_backlinks(db, vocab, concept_id)
