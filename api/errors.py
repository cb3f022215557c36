"""Every error leaves the API as JSON `{"error": {"code", "message", ...}}`, never as a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from kb.ask import QuestionNotUnderstood, UnknownTerms
from kb.db import Neo4jQueryError, Neo4jUnavailable
from kb.fulltext import BadQuery
from kb.resolve import UnknownConcept, ref
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
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return error_response(500, "internal_error", "An unexpected error occurred; it has been logged.")
