"""The FastAPI app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import kb
from api import errors
from api.routes import ask, concepts, health, interventions, search, similar, vignettes
from kb.db import Database
from kb.settings import Settings, get_settings
from kb.vocabulary import load_vocabulary


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    db = Database(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()

    app = FastAPI(
        title="Case-vignette knowledge base",
        version=kb.__version__,
        description="Clinical case vignettes as a graph: patterns, roles, behaviors, interventions and outcomes, with the evidence behind each.",
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.settings = settings
    app.state.vocab = load_vocabulary()
    errors.install(app)
    for module in (health, interventions, concepts, vignettes, similar, search, ask):
        app.include_router(module.router)
    return app
