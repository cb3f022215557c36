"""Every error leaves the API as JSON `{"error": {"code", "message", ...}}`, never as a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.limits import BodyTooLarge
from kb.ask import QuestionNotUnderstood, UnknownTerms
from kb.db import Neo4jQueryError, Neo4jUnavailable
from kb.editing import VersionConflict
from kb.fulltext import BadQuery
from kb.keys import UnknownKey
from kb.resolve import UnknownConcept, ref
from kb.validate import VignetteInvalid
from kb.vignette_queries import UnknownVignette

log = logging.getLogger("kb.api")


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


NOT_FOUND = {404: {"model": ErrorBody, "description": "unknown term or id; the body lists the closest concepts"}}
BAD_INPUT = {422: {"model": ErrorBody, "description": "a parameter is missing or wrong; the body names it"}}
UNAVAILABLE = {503: {"model": ErrorBody, "description": "Neo4j is unreachable"}}
AUTH = {401: {"model": ErrorBody, "description": "no API key, or one that is not valid"},
        403: {"model": ErrorBody, "description": "the API key's role does not allow this"}}
CONFLICT = {409: {"model": ErrorBody, "description": "the vignette changed since the version you sent (or exists already)"}}


class ApiError(StarletteHTTPException):
    """An error a route raises on purpose: status, a stable code, and a message saying what would be right."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code


def error_response(status: int, code: str, message: str, **extra: object) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message, **extra}})


def install(app: FastAPI) -> None:
    @app.exception_handler(Neo4jUnavailable)
    async def neo4j_unavailable(_: Request, exc: Neo4jUnavailable) -> JSONResponse:
        return error_response(503, "neo4j_unavailable", str(exc))

    @app.exception_handler(Neo4jQueryError)
    async def neo4j_query_error(request: Request, exc: Neo4jQueryError) -> JSONResponse:
        log.error("Neo4j failed on %s %s: %s", request.method, request.url.path, exc)
        if exc.transient:
            return error_response(503, "neo4j_busy", "Neo4j could not complete the request now; try again.")
        return error_response(500, "database_error", "Neo4j could not complete the request; it has been logged.")

    @app.exception_handler(UnknownConcept)
    async def unknown_concept(_: Request, exc: UnknownConcept) -> JSONResponse:
        return error_response(404, "unknown_term", str(exc), term=exc.term, kinds=list(exc.kinds),
                              suggestions=[ref(c).model_dump() for c in exc.suggestions])

    @app.exception_handler(UnknownVignette)
    async def unknown_vignette(_: Request, exc: UnknownVignette) -> JSONResponse:
        return error_response(404, "unknown_vignette", str(exc), id=exc.vignette_id)

    @app.exception_handler(BadQuery)
    async def bad_query(_: Request, exc: BadQuery) -> JSONResponse:
        return error_response(422, "bad_parameter", str(exc), parameter="q")

    @app.exception_handler(QuestionNotUnderstood)
    async def not_understood(_: Request, exc: QuestionNotUnderstood) -> JSONResponse:
        return error_response(422, "question_not_understood", str(exc), forms=exc.forms)

    @app.exception_handler(UnknownTerms)
    async def unknown_terms(_: Request, exc: UnknownTerms) -> JSONResponse:
        return error_response(404, "unknown_term", str(exc),
                              unknown=[{"words": w, "suggestions": s} for w, s in exc.unknown])

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"parameter": ".".join(str(p) for p in e["loc"] if p not in ("query", "path", "body")) or "body",
                    "in": str(e["loc"][0]) if e["loc"] else "request", "message": e["msg"]} for e in exc.errors()]
        first = details[0] if details else {"parameter": "request", "message": "invalid request"}
        return error_response(422, "bad_parameter", f"{first['parameter']}: {first['message']}", details=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and not isinstance(exc, ApiError):  # FastAPI could not parse the JSON body
            return error_response(422, "bad_parameter", "body: not valid JSON (send a UTF-8 JSON document)",
                                  details=[{"parameter": "body", "in": "body", "message": str(exc.detail)}])
        code = getattr(exc, "code", None) or {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        response = error_response(exc.status_code, code, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(BodyTooLarge)
    async def too_large(_: Request, exc: BodyTooLarge) -> JSONResponse:
        return error_response(413, "body_too_large", str(exc))

    @app.exception_handler(VignetteInvalid)
    async def invalid_vignette(_: Request, exc: VignetteInvalid) -> JSONResponse:
        problems = [{"file": p.file, "line": p.line, "path": p.path, "message": p.message} for p in exc.problems]
        first = exc.problems[0] if exc.problems else None
        message = (f"{len(problems)} problem(s) in the vignette; first: {first.path}: {first.message}"
                   if first else "the vignette is not valid")
        return error_response(422, "invalid_vignette", message, problems=problems)

    @app.exception_handler(VersionConflict)
    async def conflict(_: Request, exc: VersionConflict) -> JSONResponse:
        return error_response(409, "version_conflict", str(exc), id=exc.vignette_id,
                              expected_version=exc.expected, current_version=exc.current)

    @app.exception_handler(UnknownKey)
    async def unknown_key(_: Request, exc: UnknownKey) -> JSONResponse:
        return error_response(404, "unknown_key", str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return error_response(500, "internal_error", "An unexpected error occurred; it has been logged.")
