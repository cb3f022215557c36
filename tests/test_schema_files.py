"""The committed JSON Schemas are what the pydantic models generate, and every catalogued query is described."""

from __future__ import annotations

import json
import re

from kb.authoring.schema_export import SCHEMA_DIR, json_schemas, stale_schemas
from kb.models import Vignette
from kb.store.catalogue import PRODUCT, Catalogue
from tests.conftest import CYPHER, ROOT

BENCH = Catalogue(ROOT / "bench" / "cypher")


def test_committed_json_schemas_are_current() -> None:
    assert stale_schemas() == [], "run `kb schema export` and commit schema/*.schema.json"


def test_vignette_schema_describes_the_format() -> None:
    schema = json.loads(json_schemas()["vignette.schema.json"])
    assert set(schema["required"]) >= {"id", "title", "summary", "composite", "narrative", "persons"}
    assert "for" in json.dumps(schema["$defs"]["InterventionFact"]["properties"])
    assert (SCHEMA_DIR / "vignette.schema.json").exists()
    assert Vignette.model_json_schema()["title"] == "Vignette"


def test_every_query_says_what_it_answers() -> None:
    queries = PRODUCT.queries
    assert len(queries) >= 10
    for q in [*queries.values(), *CYPHER.queries.values(), *BENCH.queries.values()]:
        assert len(q.answers) > 15, q.name
        assert q.touches, q.name


def test_the_product_ships_only_its_own_queries() -> None:
    """Benchmark and test Cypher live with bench/ and tests/: a delete-everything query is no part of the product."""
    assert CYPHER.queries and BENCH.queries
    assert not set(PRODUCT.queries) & (set(CYPHER.queries) | set(BENCH.queries))
    unscoped = re.compile(r"MATCH \(n\)\s+DETACH DELETE n")  # every node, whatever its label
    assert [name for name, q in CYPHER.queries.items() if unscoped.search(q.text)] == ["admin_wipe_all"]
    assert not [name for name, q in PRODUCT.queries.items() if unscoped.search(q.text)]
