"""The FastAPI app factory."""

from __future__ import annotations

import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.routing import Mount
from starlette.types import ASGIApp

import kb
import web
from api import errors, logs, openapi
from api.auth import require
from api.limits import BodyLimit
from api.routes import (
    articles,
    ask,
    audit,
    concepts,
    health,
    interventions,
    search,
    similar,
    teaching_cases,
    vignette_edits,
    vignettes,
)
from api.routes import vocabulary as vocabulary_routes
from kb.settings import Settings, get_settings
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary, load_vocabulary
from kb.writing.keys import Role, key_store

READ_ROUTERS = (interventions, concepts, vignettes, similar, search, ask, vocabulary_routes)


API_PREFIX = "/api/v1"  # the JSON API; its OpenAPI document and docs are there too (/api/v1/docs)


def create_api(settings: Settings, db: Database, vocab: Vocabulary) -> FastAPI:
    """The JSON API, its routes at its own root; `create_app` mounts it under API_PREFIX."""
    api = FastAPI(
        title="Case-vignette knowledge base",
        version=kb.__version__,
        description="Clinical case vignettes as a graph: patterns, roles, behaviors, interventions and outcomes, "
        "with the evidence behind each. Send an API key as `Authorization: Bearer <key>`.",
    )
    api.state.db = db
    api.state.settings = settings
    api.state.vocab = vocab
    api.state.keys = key_store(settings, db)
    errors.install(api)
    openapi.install(api)
    api.include_router(health.router)  # open: says only whether the service and Neo4j are up
    for module in READ_ROUTERS:
        api.include_router(module.router, dependencies=[Depends(require(Role.reader))])
    api.include_router(vignette_edits.router)
    api.include_router(audit.router)
    api.include_router(teaching_cases.router)  # its routes say their roles: readers read and draft, editors write
    api.include_router(articles.router)  # each route says its role: reads need reader, writes editor
    if settings.kb_api_cors_origins:
        api.add_middleware(
            CORSMiddleware,
            allow_origins=settings.kb_api_cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "If-Match"],
            expose_headers=["ETag", "Location"],
        )
    return api


class WholePathMount(Mount):
    """A mount whose pattern also takes a path with a line break in it (Starlette's `.*` does not), so that such a
    path under /api/v1 reaches the API and gets its JSON error, instead of falling through to the pages."""

    def __init__(self, path: str, app: ASGIApp) -> None:
        super().__init__(path, app)
        self.path_regex = re.compile(self.path_regex.pattern, re.DOTALL)


SWITCH_INTERVAL_S = 0.001


def create_app(settings: Settings | None = None, vocab: Vocabulary | None = None) -> FastAPI:
    """What `kb serve` serves: the JSON API under API_PREFIX, over one Neo4j (the settings') and one vocabulary
    (the project's, unless another is given)."""
    settings = settings or get_settings()
    db = Database(settings, retry_seconds=settings.kb_api_neo4j_retry_seconds)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        logs.install()  # after uvicorn has set its loggers up
        # A request that works the CPU (checking a large body) holds the interpreter in 5 ms turns by default, and
        # a short request waits a turn at each step: 1 ms turns halved /health's p95 under hostile bodies
        # (109 -> 50-54 ms, `python -m bench.hostile`) and left the bodies' own times as they were.
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        yield
        db.close()

    app = FastAPI(
        title="Case-vignette knowledge base",
        version=kb.__version__,
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    api = create_api(settings, db, vocab or load_vocabulary())
    app.state.db, app.state.settings, app.state.vocab, app.state.api = db, settings, api.state.vocab, api
    app.routes.append(WholePathMount(API_PREFIX, api))
    web.install(app)  # the pages, at / (after the API's mount, which keeps /api/v1)
    app.add_middleware(BodyLimit, max_bytes=settings.kb_api_max_body_bytes)
    return app
