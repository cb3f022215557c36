"""Cypher injection: hostile strings through every text parameter of the API change neither the database nor a query.

Every query the app runs is observed on its way to Neo4j: its text must be a
catalogued query's text, word for word, with the hostile string only ever in
its parameters; and a fingerprint of the whole database is the same after.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb.settings import Settings
from kb.store.catalogue import PRODUCT, Query
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.keys import Neo4jKeyStore, Role
from kb.writing.loader import load_paths
from tests.conftest import CYPHER, ROOT, api_client, derive
from tests.vignette_texts import MINIMAL

INJECTIONS = [
    "' OR 1=1 //",
    "enmeshment' }) MATCH (n) DETACH DELETE n //",
    'x") DETACH DELETE v RETURN ("',
    "donna'}) SET v.title = 'pwned' WITH v MATCH (n) RETURN n //",
    "' UNION MATCH (n) DETACH DELETE n RETURN 1 AS x //",
    "$concept_ids",
    "`Vignette`",
    "*/ MATCH (n) SET n.hacked = true /*",
    "CALL dbms.security.createUser('eve', 'secret123', false)",
    "'; DROP CONSTRAINT vignette_id; //",
    "CALL apoc.cypher.runWrite('MATCH (n) DETACH DELETE n', {})",
    "title:* OR narrative:*",  # Lucene syntax through the full-text search
    '\\"}) RETURN 1 //',
]


@pytest.fixture(scope="module")
def setup(
    settings: Settings, db: Database
) -> Iterator[tuple[TestClient, Database, list[tuple[Query, dict[str, Any]]]]]:
    db.write(CYPHER["admin_wipe_all"])
    load_paths(db, [ROOT / "vignettes"], load_vocabulary())
    admin = Neo4jKeyStore(db).add("injection test", Role.admin, Actor.command_line())[1]
    app = create_app(derive(settings, kb_api_anonymous_reads=True))
    seen: list[tuple[Query, dict[str, Any]]] = []
    app.state.db.observers.append(lambda q, params: seen.append((q, params)))
    with api_client(app, headers={"Authorization": f"Bearer {admin}"}) as client:  # admin: /audit's filters too
        yield client, db, seen


def text_parameters(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(path template, location, name) of every string parameter of every GET operation."""
    found = []
    for path, ops in doc["paths"].items():
        op = ops.get("get")
        for p in (op or {}).get("parameters", []):
            schema = p.get("schema", {})
            types = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
            items = schema.get("items", {}).get("type")
            if "string" in types or items == "string":
                found.append((path, p["in"], p["name"]))
    return found


def test_injection_strings_change_nothing(setup) -> None:
    client, db, seen = setup
    params = text_parameters(client.get("/openapi.json").json())
    assert len(params) >= 18  # for, q, pattern, role, behavior, intervention, outcome, ids, audit filters...
    before = db.read(CYPHER["admin_snapshot"])
    texts = {q.text for q in PRODUCT.queries.values()}
    statuses: dict[int, int] = {}
    for path, where, name in params:
        for hostile in INJECTIONS:
            seen.clear()
            if where == "path":
                url, query = path.replace("{" + name + "}", hostile.replace("/", "%2F")), {}
            else:
                url, query = path, {name: hostile}
            url = url.replace("{vignette_id}", "donna").replace("{concept_id}", "enmeshment")
            r = client.get(url, params=query)
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            assert r.status_code < 500, (path, name, hostile, r.text[:300])
            for q, _values in seen:
                assert q.text in texts, f"{path} {name}: a query that is not in the catalogue ran"
                assert hostile not in q.text
    assert db.read(CYPHER["admin_snapshot"]) == before
    assert statuses.get(200, 0) > 0  # some hostile strings are legitimate text to search for, and answered


def test_hostile_strings_reach_neo4j_only_as_parameters(setup) -> None:
    client, _, seen = setup
    seen.clear()
    hostile = INJECTIONS[1]
    client.get("/search", params={"q": hostile})
    assert seen, "the search ran queries"
    assert all(hostile not in q.text for q, _ in seen)
    assert any(hostile.split("'")[0] in json.dumps(p) for _, p in seen)


def test_hostile_text_in_a_vignette_is_stored_as_text(setup, settings: Settings) -> None:
    client, db, _ = setup
    key = Neo4jKeyStore(db).add("injector", Role.editor, Actor.command_line())[1]
    before = db.read(CYPHER["admin_snapshot"])[0]
    title = "Mira'}) MATCH (n) DETACH DELETE n //"
    body = MINIMAL.replace("title: Mira and her brother", f'title: "{title}"')
    r = client.post(
        "/vignettes", content=body, headers={"Authorization": f"Bearer {key}", "Content-Type": "application/yaml"}
    )
    assert r.status_code == 201, r.text
    assert client.get("/vignettes/test-mira").json()["title"] == title
    after = db.read(CYPHER["admin_snapshot"])[0]
    assert len(after["vignettes"]) == len(before["vignettes"]) + 1
    assert client.delete("/vignettes/test-mira", headers={"Authorization": f"Bearer {key}"}).status_code == 204
