"""Property-based fuzzing of the whole API from its own OpenAPI document (schemathesis, fixed seed).

Every operation gets generated requests, valid and invalid, sent with an admin
key (so that the routes behind access control are reached too). No answer may be
a 5xx, and every answer must match the schema the document promises for it. The
number of cases run and the failures go to var/test-reports/fuzz.json.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.keys import Neo4jKeyStore, Role
from kb.writing.loader import load_paths
from tests.conftest import CYPHER, ROOT, derive

EXAMPLES = 30  # per operation
REPORT = ROOT / "var" / "test-reports" / "fuzz.json"
CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)
counts: Counter[str] = Counter()


class LateApp:
    """An ASGI app that forwards to the real one, known only once the session's Neo4j is up.

    The schema is read at import from an app built with default settings (the
    OpenAPI document needs no database); the calls go to the fixture's app.
    """

    def __init__(self) -> None:
        self.app: FastAPI = create_app(Settings(_env_file=None))

    async def __call__(self, scope, receive, send) -> None:
        await self.app(scope, receive, send)


late = LateApp()
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", late)


@pytest.fixture(scope="module")
def admin_key(settings: Settings, db: Database) -> Iterator[str]:
    db.write(CYPHER["admin_wipe_all"])
    load_paths(db, [ROOT / "vignettes"], load_vocabulary())
    key = Neo4jKeyStore(db).add("fuzzer", Role.admin, Actor.command_line())[1]
    late.app = create_app(derive(settings, kb_api_anonymous_reads=False))
    yield key
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        json.dumps(
            {
                "cases": counts["cases"],
                "failures": counts["failures"],
                "by_status": {k[7:]: v for k, v in sorted(counts.items()) if k.startswith("status:")},
            },
            indent=2,
        )
    )


@schema.parametrize()
@seed(20261127)
@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
def test_fuzz(case, admin_key: str) -> None:
    counts["cases"] += 1
    response = case.call(headers={"Authorization": f"Bearer {admin_key}"})
    counts[f"status:{response.status_code}"] += 1
    try:
        case.validate_response(response, checks=CHECKS)
    except Exception:
        counts["failures"] += 1
        raise
