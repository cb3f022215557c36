"""The committed JSON Schemas are what the pydantic models generate, and every catalogued query is described."""

from __future__ import annotations

import json

from kb.catalogue import catalogue
from kb.models import Vignette
from kb.schema_export import SCHEMA_DIR, json_schemas, stale_schemas


def test_committed_json_schemas_are_current() -> None:
    assert stale_schemas() == [], "run `kb schema export` and commit schema/*.schema.json"


def test_vignette_schema_describes_the_format() -> None:
    schema = json.loads(json_schemas()["vignette.schema.json"])
    assert set(schema["required"]) >= {"id", "title", "summary", "composite", "narrative", "persons"}
    assert "for" in json.dumps(schema["$defs"]["InterventionFact"]["properties"])
    assert (SCHEMA_DIR / "vignette.schema.json").exists()
    assert Vignette.model_json_schema()["title"] == "Vignette"


def test_every_query_says_what_it_answers() -> None:
    queries = catalogue()
    assert len(queries) >= 10
    for q in queries.values():
        assert len(q.answers) > 15, q.name
        assert q.touches, q.name
