"""The FastAPI app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

import kb
from api import errors, openapi
from api.auth import require
from api.limits import BodyLimit
from api.routes import ask, audit, concepts, health, interventions, search, similar, vignette_edits, vignettes
from kb.settings import Settings, get_settings
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary, load_vocabulary
from kb.writing.keys import Role, key_store

READ_ROUTERS = (interventions, concepts, vignettes, similar, search, ask)


def create_app(settings: Settings | None = None, vocab: Vocabulary | None = None) -> FastAPI:
    """The app over one Neo4j (the settings') and one vocabulary (the project's, unless another is given)."""
    settings = settings or get_settings()
    db = Database(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()

    app = FastAPI(
        title="Case-vignette knowledge base",
        version=kb.__version__,
        description="Clinical case vignettes as a graph: patterns, roles, behaviors, interventions and outcomes, "
        "with the evidence behind each. Send an API key as `Authorization: Bearer <key>`.",
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.settings = settings
    app.state.vocab = vocab or load_vocabulary()
    app.state.keys = key_store(settings, db)
    errors.install(app)
    openapi.install(app)
    app.include_router(health.router)  # open: says only whether the service and Neo4j are up
    for module in READ_ROUTERS:
        app.include_router(module.router, dependencies=[Depends(require(Role.reader))])
    app.include_router(vignette_edits.router)
    app.include_router(audit.router)
    app.add_middleware(BodyLimit, max_bytes=settings.kb_api_max_body_bytes)
    if settings.kb_api_cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.kb_api_cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "If-Match"],
            expose_headers=["ETag", "Location"],
        )
    return app
