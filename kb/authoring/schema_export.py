"""JSON Schemas of the authoring formats, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from kb.models import ArticleFile, TeachingCase, Vignette, VocabularyFile
from kb.settings import HOME

SCHEMA_DIR = HOME / "schema"


def json_schemas() -> dict[str, str]:
    """File name -> JSON text, as committed under schema/."""
    return {
        "vignette.schema.json": _dump(Vignette.model_json_schema(by_alias=True)),
        "vocabulary.schema.json": _dump(VocabularyFile.model_json_schema(by_alias=True)),
        "teaching-case.schema.json": _dump(TeachingCase.model_json_schema(by_alias=True)),
        "article.schema.json": _dump(ArticleFile.model_json_schema(by_alias=True)),
    }


def _dump(schema: dict) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def stale_schemas(directory: Path = SCHEMA_DIR) -> list[str]:
    """The schema files that differ from what the models generate."""
    out = []
    for name, text in json_schemas().items():
        path = directory / name
        if not path.exists() or path.read_text() != text:
            out.append(name)
    return out


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    written = []
    for name, text in json_schemas().items():
        path = directory / name
        path.write_text(text)
        written.append(path)
    return written
