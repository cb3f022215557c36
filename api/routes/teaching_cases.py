"""/teaching-cases: draft a case from the graph, save it (every save a version), list, restore, delete, export.

Readers read and draft (a draft writes nothing); editors create, change, restore, refresh and delete. A change
sends the case's version (the ETag of GET /teaching-cases/{id}) in If-Match: if someone saved in between, the
answer is 409 and nothing is written; without If-Match, 428.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api.auth import Editor, require
from api.deps import DB, Limit, Offset, Vocab
from api.errors import AUTH, BAD_INPUT, CONFLICT, NOT_FOUND, UNAVAILABLE, ApiError
from api.versions import PRECONDITION, etag, expected_version, given_version
from kb.models import TeachingCase
from kb.teaching.answers import CaseList, CaseVersions, Draft, SavedCase, StoredCase
from kb.teaching.checking import parse_case
from kb.teaching.draft import MAX_VIGNETTES, draft_case
from kb.teaching.render import render_case
from kb.teaching.store import (
    NEW,
    case_versions,
    delete_case,
    get_case,
    list_cases,
    refresh_case,
    restore_case,
    save_case,
)
from kb.writing.keys import Role

router = APIRouter(tags=["teaching cases"])
reader = [Depends(require(Role.reader))]
CaseId = Annotated[str, Path(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100, description="the case's id")]
Revision = Annotated[int, Path(ge=1, le=1_000_000, description="a version number, as GET .../versions lists them")]
IfMatch = Annotated[str | None, Header(description="the ETag (version) of the case you edited", max_length=100)]
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/TeachingCase"}},
            "application/yaml": {"schema": {"type": "string", "description": "a teaching case in YAML"}},
        },
    }
}


class DraftRequest(BaseModel):
    concepts: list[Annotated[str, Field(min_length=1, max_length=120)]] = Field(
        min_length=1, max_length=5, description="the patterns or concepts to teach: any id, label or synonym"
    )
    audience: str | None = Field(default=None, max_length=200, description="e.g. first-year trainees, supervisors")
    vignettes: int = Field(default=1, ge=1, le=MAX_VIGNETTES, description="how many vignettes the case uses")
    include: list[Annotated[str, Field(max_length=100)]] = Field(
        default=[], max_length=MAX_VIGNETTES, description="vignette ids the case must use, first"
    )


def _version(if_match: str | None) -> str:
    return expected_version(if_match, "the case", "/teaching-cases/{id}")


async def _case(request: Request) -> TeachingCase:
    raw = await request.body()
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media not in (*YAML_TYPES, "application/json"):
        raise ApiError(
            415, "unsupported_media_type", f"send the case as application/yaml or application/json, not {media}"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(422, "invalid_teaching_case", "the body is not UTF-8 text") from None
    return await run_in_threadpool(parse_case, text, "request body", "json" if media == "application/json" else "yaml")


@router.post(
    "/teaching-cases/draft", response_model=Draft, dependencies=reader, responses={**AUTH, **BAD_INPUT, **NOT_FOUND}
)
def draft(body: DraftRequest, db: DB, vocab: Vocab) -> Draft:
    """A draft case on the concepts: the vignettes that show them best (and why), its stages cut from their
    narratives, objectives, questions and the answer key from the facts. Nothing is saved: edit it, then POST it."""
    return draft_case(db, vocab, body.concepts, body.audience, body.vignettes, body.include)


@router.get("/teaching-cases", response_model=CaseList, dependencies=reader, responses={**AUTH, **NOT_FOUND})
def listing(
    db: DB,
    vocab: Vocab,
    concept: Annotated[
        str | None, Query(max_length=120, description="cases teaching this concept (any synonym)")
    ] = None,
    vignette: Annotated[str | None, Query(max_length=100, description="cases using this vignette")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> CaseList:
    """The teaching cases, by id; each says whether a vignette it uses changed since it was cut (stale)."""
    return list_cases(db, vocab, concept, vignette, limit, offset)


@router.post(
    "/teaching-cases",
    status_code=201,
    response_model=SavedCase,
    openapi_extra=BODY,
    responses={**AUTH, **BAD_INPUT, **CONFLICT, **UNAVAILABLE},
)
async def create(request: Request, response: Response, db: DB, vocab: Vocab, who: Editor) -> SavedCase:
    """Save a new case (YAML or JSON; a draft as POST /teaching-cases/draft gave it, edited). 409 if its id is taken."""
    case = await _case(request)
    saved = await run_in_threadpool(save_case, db, vocab, case, who, NEW)
    response.headers["ETag"] = etag(saved.version)
    response.headers["Location"] = f"{request.scope.get('root_path', '')}/teaching-cases/{saved.id}"
    return saved


@router.get(
    "/teaching-cases/{case_id}", response_model=StoredCase, dependencies=reader, responses={**AUTH, **NOT_FOUND}
)
def one(case_id: CaseId, response: Response, db: DB) -> StoredCase:
    """The case as stored now, its version in ETag; `stale` lists the vignettes that changed since it was cut."""
    stored = get_case(db, case_id)
    response.headers["ETag"] = etag(stored.version)
    return stored


@router.put(
    "/teaching-cases/{case_id}",
    response_model=SavedCase,
    openapi_extra=BODY,
    responses={**AUTH, **BAD_INPUT, **CONFLICT, **NOT_FOUND, **UNAVAILABLE, **PRECONDITION},
)
async def replace(
    case_id: CaseId, request: Request, response: Response, db: DB, vocab: Vocab, who: Editor, if_match: IfMatch = None
) -> SavedCase:
    """Save a changed case as its new version, if it is still at the version in If-Match (else 409)."""
    expected = _version(if_match)
    case = await _case(request)
    saved = await run_in_threadpool(save_case, db, vocab, case, who, expected, case_id=case_id)
    response.headers["ETag"] = etag(saved.version)
    return saved


@router.delete(
    "/teaching-cases/{case_id}",
    status_code=204,
    response_class=Response,
    responses={**AUTH, **NOT_FOUND, **CONFLICT, **UNAVAILABLE},
)
def remove(case_id: CaseId, db: DB, who: Editor, if_match: IfMatch = None) -> Response:
    """Remove a case with all its versions (with If-Match: only if still at that version)."""
    delete_case(db, case_id, who, given_version(if_match))
    return Response(status_code=204)


@router.get(
    "/teaching-cases/{case_id}/versions",
    response_model=CaseVersions,
    dependencies=reader,
    responses={**AUTH, **NOT_FOUND},
)
def versions(case_id: CaseId, db: DB) -> CaseVersions:
    """Every saved version of the case, newest first: who, when, how (create, replace, restore, refresh, import)."""
    return case_versions(db, case_id)


@router.get(
    "/teaching-cases/{case_id}/versions/{revision}",
    response_model=StoredCase,
    dependencies=reader,
    responses={**AUTH, **NOT_FOUND},
)
def old_version(case_id: CaseId, revision: Revision, db: DB) -> StoredCase:
    """One earlier version of the case, whole."""
    return get_case(db, case_id, revision)


@router.post(
    "/teaching-cases/{case_id}/versions/{revision}/restore",
    response_model=SavedCase,
    responses={**AUTH, **CONFLICT, **NOT_FOUND, **UNAVAILABLE, **PRECONDITION},
)
def restore(
    case_id: CaseId, revision: Revision, response: Response, db: DB, who: Editor, if_match: IfMatch = None
) -> SavedCase:
    """Make an earlier version current again (saved as a new version), if the case is still at If-Match."""
    saved = restore_case(db, case_id, revision, who, _version(if_match))
    response.headers["ETag"] = etag(saved.version)
    return saved


@router.post(
    "/teaching-cases/{case_id}/refresh",
    response_model=SavedCase,
    responses={**AUTH, **BAD_INPUT, **CONFLICT, **NOT_FOUND, **UNAVAILABLE, **PRECONDITION},
)
def refresh(
    case_id: CaseId, response: Response, db: DB, vocab: Vocab, who: Editor, if_match: IfMatch = None
) -> SavedCase:
    """Cut the case again from its vignettes as they are now (after one changed), as a new version."""
    saved = refresh_case(db, vocab, case_id, who, _version(if_match))
    response.headers["ETag"] = etag(saved.version)
    return saved


@router.get(
    "/teaching-cases/{case_id}/export",
    response_class=Response,
    dependencies=reader,
    responses={
        **AUTH,
        **NOT_FOUND,
        **BAD_INPUT,
        200: {
            "content": {"text/markdown": {}, "text/html": {}, "application/pdf": {}},
            "description": "the case as a file",
        },
    },
)
def export(
    case_id: CaseId,
    db: DB,
    vocab: Vocab,
    format: Annotated[Literal["md", "html", "pdf"], Query(description="md, html or pdf")] = "html",
    edition: Annotated[
        Literal["student", "instructor"],
        Query(description="student: passages and questions; instructor: with the answer key, notes and facts"),
    ] = "student",
    revision: Annotated[int | None, Query(ge=1, le=1_000_000, description="an earlier version")] = None,
) -> Response:
    """The case as a handout: Markdown, a printable HTML page (each stage on its own page in print) or a PDF."""
    rendered = render_case(db, vocab, case_id, format, edition, revision)
    return Response(
        rendered.content,
        media_type=rendered.media_type,
        headers={"Content-Disposition": f'inline; filename="{rendered.filename}"'},
    )
