"""The OpenAPI document, with the vignette format (kb.models.Vignette) among its schemas for the write bodies."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from kb.models import Vignette


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                servers=app.servers,  # FastAPI adds the mount's root path (/api/v1) when serving the document
            )
            vignette = Vignette.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, definition in vignette.pop("$defs", {}).items():
                schemas.setdefault(name, definition)
            schemas["Vignette"] = vignette
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
