"""Every error leaves the API as JSON `{"error": {"code", "message", ...}}`, never as a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from kb.db import Neo4jUnavailable

log = logging.getLogger("kb.api")


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def error_response(status: int, code: str, message: str, **extra: object) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message, **extra}})


def install(app: FastAPI) -> None:
    @app.exception_handler(Neo4jUnavailable)
    async def neo4j_unavailable(_: Request, exc: Neo4jUnavailable) -> JSONResponse:
        return error_response(503, "neo4j_unavailable", str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return error_response(500, "internal_error", "An unexpected error occurred; it has been logged.")
