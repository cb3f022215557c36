"""A concept the vignettes use but the vocabulary no longer holds is shown as retired, never a 500.

The graph is loaded with the full vocabulary; the app then runs on a copy of it
from which a pattern and an intervention that Donna's vignette uses are removed
(with every link to them), as after an editor's change to vocabulary.yaml. Every
read endpoint answers, and the references it gives to those concepts say retired.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb.models import Concept
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary, load_vocabulary
from kb.writing.loader import load_paths
from tests.conftest import CYPHER, ROOT, api_client, derive

GONE = {"overidentification", "inner-child-work"}  # a pattern and an intervention of Donna's


def without(vocab: Vocabulary, gone: set[str]) -> Vocabulary:
    def keep(c: Concept) -> Concept:
        return c.model_copy(
            update={
                "broader": [b for b in c.broader if b not in gone],
                "related": [r for r in c.related if r not in gone],
            }
        )

    return Vocabulary([keep(c) for c in vocab.concepts.values() if c.id not in gone], "a copy without " + str(gone))


@pytest.fixture(scope="module")
def client(settings: Settings, db: Database) -> Iterator[TestClient]:
    db.write(CYPHER["admin_wipe_all"])
    load_paths(db, [ROOT / "vignettes"], load_vocabulary())
    app = create_app(derive(settings, kb_api_anonymous_reads=True), vocab=without(load_vocabulary(), GONE))
    with api_client(app) as c:
        yield c


def refs(body: Any) -> list[dict[str, Any]]:
    """Every concept reference in an answer (a mapping with id, label, kind and retired)."""
    found = []
    if isinstance(body, dict):
        if {"id", "label", "kind", "retired"} <= body.keys():
            found.append(body)
        for value in body.values():
            found += refs(value)
    elif isinstance(body, list):
        for value in body:
            found += refs(value)
    return found


READS = [
    ("/vignettes/donna", {}),
    ("/vignettes/donna/graph", {}),
    ("/vignettes/donna/similar", {}),
    ("/vignettes", {"pattern": "codependency"}),
    ("/vignettes", {"q": "mother"}),
    ("/interventions", {"for": "enmeshment"}),
    ("/interventions", {"for": "parentification"}),
    ("/interventions", {"for": "overidentification"}),
    ("/patterns/codependency/profile", {}),
    ("/concepts", {}),
    ("/concepts", {"q": "identification"}),
    ("/concepts/overidentification", {}),
    ("/concepts/inner-child-work", {}),
    ("/concepts/codependency", {}),
    ("/search", {"q": "overidentification"}),
    ("/ask", {"q": "interventions for codependency"}),
    ("/ask", {"q": "what outcomes followed boundary setting"}),
    ("/ask", {"q": "cases like donna"}),
    ("/ask", {"q": "what is overidentification"}),
]


@pytest.mark.parametrize(("path", "params"), READS)
def test_every_read_answers_with_retired_concepts(client: TestClient, path: str, params: dict[str, str]) -> None:
    r = client.get(path, params=params)
    assert r.status_code < 500, r.text[:500]
    for ref in refs(r.json()):
        assert ref["retired"] is (ref["id"] in GONE), ref


def test_retired_concepts_are_marked_where_they_are_shown(client: TestClient) -> None:
    donna = client.get("/vignettes/donna").json()
    pattern = next(f["concept"] for f in donna["patterns"] if f["concept"]["id"] == "overidentification")
    assert pattern == {"id": "overidentification", "label": "Overidentification", "kind": "pattern", "retired": True}
    helped = client.get("/interventions", params={"for": "parentification"}).json()
    assert {"id": "inner-child-work", "retired": True} in [
        {"id": i["intervention"]["id"], "retired": i["intervention"]["retired"]} for i in helped["items"]
    ]
    detail = client.get("/concepts/overidentification").json()
    assert detail["retired"] is True and detail["label"] == "Overidentification"
    unknown = client.get("/interventions", params={"for": "overidentification"})  # no longer a term one can ask by
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_term"
    partial = {"patterns": ["codependency"], "roles": ["parentified child"]}
    assert client.post("/similar", json=partial).status_code == 200
