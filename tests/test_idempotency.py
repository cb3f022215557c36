"""A write sent again with its Idempotency-Key (its answer was lost) is done once; the first answer comes back.

Before: a POST committed whole but answered 503 (Neo4j went away at that moment) could
only be sent again, to get 409 about itself; a PUT sent again got 409, a DELETE 404.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from kb.settings import Settings
from kb.store.db import Database
from kb.writing.audit import Actor, list_audit
from kb.writing.keys import Neo4jKeyStore, Role
from tests.conftest import api_client, derive
from tests.vignette_texts import MINIMAL

YAML = {"Content-Type": "application/yaml"}
VID = "test-mira"


@pytest.fixture()
def api(settings: Settings, clean_db: Database) -> Iterator[tuple[TestClient, dict[str, str], Database]]:
    key = Neo4jKeyStore(clean_db).add("retrier", Role.editor, Actor.command_line())[1]
    with api_client(create_app(derive(settings, kb_api_anonymous_reads=True))) as client:
        yield client, {"Authorization": f"Bearer {key}"}, clean_db


def actions(db: Database) -> list[str]:
    return [e.action for e in reversed(list_audit(db, entity_id=VID).items)]


def test_a_write_sent_again_with_its_key_is_done_once(api) -> None:
    client, editor, db = api
    post = {**editor, **YAML, "Idempotency-Key": "create-1"}
    first = client.post("/vignettes", content=MINIMAL, headers=post)
    again = client.post("/vignettes", content=MINIMAL, headers=post)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert again.headers["Location"] == first.headers["Location"]
    without = client.post("/vignettes", content=MINIMAL, headers={**editor, **YAML})
    assert without.status_code == 409  # without the key, a second create is a conflict, as before

    other = client.post("/vignettes", content=MINIMAL.replace("Mira and her brother", "Other"), headers=post)
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"

    body = {**yaml.safe_load(MINIMAL), "title": "Mira and her younger brother"}
    put = {**editor, "If-Match": first.headers["ETag"], "Idempotency-Key": "edit-1"}
    replaced = client.put(f"/vignettes/{VID}", json=body, headers=put)
    replaced_again = client.put(f"/vignettes/{VID}", json=body, headers=put)
    assert replaced.status_code == replaced_again.status_code == 200
    assert replaced_again.json() == replaced.json() and replaced_again.headers["Idempotent-Replayed"] == "true"

    delete = {**editor, "Idempotency-Key": "remove-1"}
    assert client.delete(f"/vignettes/{VID}", headers=delete).status_code == 204
    removed_again = client.delete(f"/vignettes/{VID}", headers=delete)
    assert removed_again.status_code == 204 and removed_again.headers["Idempotent-Replayed"] == "true"
    assert client.delete(f"/vignettes/{VID}", headers=editor).status_code == 404

    assert actions(db) == ["create", "replace", "remove"]


def test_the_same_key_sent_twice_at_once_writes_once(api) -> None:
    client, editor, db = api
    post = {**editor, **YAML, "Idempotency-Key": "twice-at-once"}
    start = threading.Barrier(2)
    statuses: list[int] = []

    def send() -> None:
        start.wait()
        statuses.append(client.post("/vignettes", content=MINIMAL, headers=post).status_code)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [201, 201]
    assert actions(db) == ["create"]
