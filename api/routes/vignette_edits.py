"""POST /vignettes, PUT and DELETE /vignettes/{id}: editors' writes, checked as `kb validate` checks a file.

The body is a vignette in YAML (`Content-Type: application/yaml`) or JSON. The
version (ETag) of GET /vignettes/{id} goes back in `If-Match` when replacing:
if someone saved in between, the answer is 409 and nothing is written.

Each write may carry an `Idempotency-Key` (any string the client chooses, new for
each write): sent again with the same key after a lost answer, the write is not
done twice; the first answer comes back, with `Idempotent-Replayed: true`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.auth import Editor
from api.deps import DB, Vocab
from api.errors import AUTH, BAD_INPUT, CONFLICT, NOT_FOUND, UNAVAILABLE, ApiError, ErrorBody
from api.routes.vignettes import VignetteId
from api.versions import PRECONDITION, etag, expected_version, given_version
from kb.answers import Saved
from kb.authoring.validate import CheckedVignette, Problem, VignetteInvalid, check_json, check_text
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor
from kb.writing.editing import NEW, delete_vignette, save_vignette
from kb.writing.idempotency import IdempotencyKey, Replayed

router = APIRouter(tags=["vignettes"])
BODY = "request body"
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
IdempotencyHeader = Annotated[
    str | None,
    Header(
        min_length=1,
        max_length=200,
        description="a key of your choosing, new for each write: the same request sent again with it (after an "
        "answer was lost) is not done twice, and gets the first answer back",
    ),
]
AllowIdentifiers = Annotated[
    bool,
    Query(
        description="store a composite vignette even though the identifier check "
        "found something; the override is recorded in the audit trail"
    ),
]
WRITE_ERRORS = {
    **AUTH,
    **BAD_INPUT,
    **UNAVAILABLE,
    413: {"model": ErrorBody, "description": "the body is larger than the server accepts"},
    415: {"model": ErrorBody, "description": "the body is neither YAML nor JSON"},
}
REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Vignette"}},
            "application/yaml": {
                "schema": {"type": "string", "description": "a vignette file, as in vignettes/*.yaml"}
            },
        },
    }
}


async def _idempotency(
    request: Request, who: Actor, key: str | None, version: str | None = None
) -> IdempotencyKey | None:
    if key is None:
        return None
    body = await request.body()
    return IdempotencyKey.of(key, who.key_id, request.method, request.url.path, body, version)


def _replay(replayed: Replayed, location: str | None = None) -> Response:
    """The answer a first request with the same Idempotency-Key got."""
    headers = {"Idempotent-Replayed": "true"}
    if replayed.answer is None:
        return Response(status_code=replayed.status, headers=headers)
    headers["ETag"] = etag(replayed.answer["version"])
    if location:
        headers["Location"] = location
    return JSONResponse(status_code=replayed.status, content=replayed.answer, headers=headers)


async def _checked(request: Request, vocab: Vocabulary, allow_identifiers: bool) -> CheckedVignette:
    """Parse and check the body exactly as `kb validate` checks a file; VignetteInvalid lists every problem."""
    raw = await request.body()
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise VignetteInvalid([Problem(BODY, 1, "(body)", "the body is not UTF-8 text")]) from None
    if media in YAML_TYPES:
        check = check_text
    elif media == "application/json":
        check = check_json
    else:
        raise ApiError(
            415, "unsupported_media_type", f"send the vignette as application/yaml or application/json, not {media}"
        )
    return await run_in_threadpool(check, text, BODY, vocab, allow_identifiers=allow_identifiers)


@router.post(
    "/vignettes",
    status_code=201,
    response_model=Saved,
    openapi_extra=REQUEST_BODY,
    responses={**WRITE_ERRORS, **CONFLICT},
)
async def create(
    request: Request,
    response: Response,
    db: DB,
    vocab: Vocab,
    who: Editor,
    allow_identifiers: AllowIdentifiers = False,
    idempotency_key: IdempotencyHeader = None,
) -> Saved | Response:
    """Create a vignette. 409 if its id is taken (replace it with PUT instead)."""
    checked = await _checked(request, vocab, allow_identifiers)
    key = await _idempotency(request, who, idempotency_key)
    location = f"{request.scope.get('root_path', '')}/vignettes/{checked.vignette.id}"
    try:
        saved = await run_in_threadpool(save_vignette, db, vocab, checked, who, NEW, allow_identifiers, key)
    except Replayed as replayed:
        return _replay(replayed, location)
    response.headers["ETag"] = etag(saved.version)
    response.headers["Location"] = location
    return saved


@router.put(
    "/vignettes/{vignette_id}",
    response_model=Saved,
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
    vignette_id: VignetteId,
    if_match: Annotated[
        str | None, Header(description="the ETag (version) of the vignette you edited", max_length=100)
    ] = None,
    allow_identifiers: AllowIdentifiers = False,
    idempotency_key: IdempotencyHeader = None,
) -> Saved | Response:
    """Replace a vignette whole, if it is still at the version in If-Match (else 409: someone saved before you)."""
    expected = expected_version(if_match, "the vignette", "/vignettes/{id}")
    checked = await _checked(request, vocab, allow_identifiers)
    if checked.vignette.id != vignette_id:
        raise VignetteInvalid(
            [
                Problem(
                    BODY,
                    1,
                    "id",
                    f"the body's id {checked.vignette.id!r} differs from the "
                    f"path's {vignette_id!r}; an id cannot be changed (create a new vignette)",
                )
            ]
        )
    key = await _idempotency(request, who, idempotency_key, expected)
    try:
        saved = await run_in_threadpool(save_vignette, db, vocab, checked, who, expected, allow_identifiers, key)
    except Replayed as replayed:
        return _replay(replayed)
    response.headers["ETag"] = etag(saved.version)
    return saved


@router.delete(
    "/vignettes/{vignette_id}",
    status_code=204,
    response_class=Response,
    responses={**AUTH, **NOT_FOUND, **CONFLICT, **UNAVAILABLE},
)
async def remove(
    request: Request,
    db: DB,
    who: Editor,
    vignette_id: VignetteId,
    if_match: Annotated[str | None, Header(description="remove only if still at this version", max_length=100)] = None,
    confirm: Annotated[
        bool, Query(description="remove it although teaching cases use it (they are flagged stale); else 409")
    ] = False,
    idempotency_key: IdempotencyHeader = None,
) -> Response:
    """Remove a vignette with its persons and facts."""
    expected = given_version(if_match)
    key = await _idempotency(request, who, idempotency_key, expected)
    try:
        await run_in_threadpool(delete_vignette, db, vignette_id, who, expected, key, confirm)
    except Replayed as replayed:
        return _replay(replayed)
    return Response(status_code=204)
