"""Every error leaves the API as JSON `{"error": {"code", "message", ...}}`, never as a stack trace.

The library's errors are one family (kb.errors): each kind carries its HTTP status
and a stable code, so one handler maps them all. The handlers below it cover what
FastAPI and Starlette raise themselves: a bad parameter, an unknown path, a
request body that is not JSON, and anything unexpected (logged, answered 500).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from kb.errors import Failed, KbError

log = logging.getLogger("kb.api")


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


Responses = dict[int | str, dict[str, Any]]  # FastAPI's `responses=`: the error answers a route declares


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


NOT_FOUND: Responses = {404: _doc("unknown term or id; the body lists the closest concepts")}
BAD_INPUT: Responses = {422: _doc("a parameter is missing or wrong; the body names it")}
UNAVAILABLE: Responses = {503: _doc("Neo4j is unreachable")}
AUTH: Responses = {
    401: _doc("no API key, or one that is not valid"),
    403: _doc("the API key's role does not allow this"),
}
CONFLICT: Responses = {409: _doc("the vignette changed since the version you sent (or exists already)")}


class ApiError(KbError):
    """An error a route raises on purpose, with its own status (415, 428...); a message saying what would be right."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message, code=code)
        self.status = status  # type: ignore[misc]  # per instance: the HTTP-only statuses have no kind of their own
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, **extra: object) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message, **extra}})


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app answers at this path (routes of one path may be declared apart)."""
    methods = {"OPTIONS"}
    for method in METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            methods.add(method)
    return sorted(methods)


def _not_allowed(request: Request) -> Response:
    """405 with every method the path answers in Allow; OPTIONS itself is answered 204 with that list."""
    allow = ", ".join(allowed_methods(request))
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={"Allow": allow})
    response = error_response(405, "method_not_allowed", f"{request.method} is not allowed here; use {allow}")
    response.headers["Allow"] = allow
    return response


def install(app: FastAPI) -> None:
    @app.exception_handler(KbError)
    async def kb_error(request: Request, exc: KbError) -> JSONResponse:
        message = exc.message
        if exc.status >= 500:
            log.error("%s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc.message)
            if isinstance(exc, Failed):  # a fault of ours: the details are in the log, not in the answer
                message = "The request could not be completed; it has been logged."
        response = error_response(exc.status, exc.code, message, **exc.details())
        response.headers.update(getattr(exc, "headers", {}))
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {
                "parameter": ".".join(str(p) for p in e["loc"] if p not in ("query", "path", "body")) or "body",
                "in": str(e["loc"][0]) if e["loc"] else "request",
                "message": e["msg"],
            }
            for e in exc.errors()
        ]
        first = details[0] if details else {"parameter": "request", "message": "invalid request"}
        return error_response(422, "bad_parameter", f"{first['parameter']}: {first['message']}", details=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400:  # FastAPI could not parse the JSON body
            return error_response(
                422,
                "bad_parameter",
                "body: not valid JSON (send a UTF-8 JSON document)",
                details=[{"parameter": "body", "in": "body", "message": str(exc.detail)}],
            )
        if exc.status_code == 405:
            return _not_allowed(request)
        code = {404: "not_found"}.get(exc.status_code, "http_error")
        response = error_response(exc.status_code, code, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return error_response(500, "internal_error", "An unexpected error occurred; it has been logged.")
