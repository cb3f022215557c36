"""Editors write vignettes over HTTP: checked like `kb validate`, versioned (If-Match), audited, never half-written."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from kb.settings import Settings
from kb.store.db import Database
from kb.writing.audit import Actor
from kb.writing.keys import Neo4jKeyStore, Role
from tests.conftest import api_client, derive, kb_env, run_kb
from tests.vignette_texts import MINIMAL

YAML = {"Content-Type": "application/yaml"}


@pytest.fixture()
def api(settings: Settings, clean_db: Database) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    store = Neo4jKeyStore(clean_db)
    headers = {
        role.value: {"Authorization": f"Bearer {store.add(role.value, role, Actor.command_line())[1]}"} for role in Role
    }
    with api_client(create_app(derive(settings, kb_api_max_body_bytes=200_000))) as client:
        yield client, headers


def changed(text: str = MINIMAL, **fields: object) -> dict:
    data = yaml.safe_load(text)
    data.update(fields)
    return data


def audit(client: TestClient, admin: dict[str, str], vid: str) -> list[dict]:
    return client.get("/audit", params={"entity_id": vid}, headers=admin).json()["items"]


def test_create_replace_remove_with_versions_and_audit(api) -> None:
    client, h = api
    created = client.post("/vignettes", content=MINIMAL, headers={**h["editor"], **YAML})
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "created" and created.headers["Location"] == "/api/v1/vignettes/test-mira"
    got = client.get("/vignettes/test-mira", headers=h["reader"])
    etag = got.headers["ETag"]
    assert etag == created.headers["ETag"] == f'"{got.json()["version"]}"'
    assert got.json()["outcomes"][0]["result"] == "improved"

    body = changed(title="Mira and her younger brother")
    replaced = client.put("/vignettes/test-mira", json=body, headers={**h["editor"], "If-Match": etag})
    assert replaced.status_code == 200 and replaced.json()["status"] == "replaced"
    assert replaced.headers["ETag"] != etag
    assert client.get("/vignettes/test-mira", headers=h["reader"]).json()["title"] == "Mira and her younger brother"
    same = client.put("/vignettes/test-mira", json=body, headers={**h["editor"], "If-Match": replaced.headers["ETag"]})
    assert same.json()["status"] == "unchanged"

    assert client.delete("/vignettes/test-mira", headers=h["editor"]).status_code == 204
    assert client.get("/vignettes/test-mira", headers=h["reader"]).status_code == 404
    assert client.delete("/vignettes/test-mira", headers=h["editor"]).status_code == 404

    trail = audit(client, h["admin"], "test-mira")
    assert [e["action"] for e in trail] == ["remove", "replace", "create"]  # newest first
    editor_id = h["editor"]["Authorization"].split("_")[1]
    assert {e["key_id"] for e in trail} == {editor_id} and {e["role"] for e in trail} == {"editor"}
    assert trail[2]["change"]["before"] is None and trail[2]["change"]["after"] == etag.strip('"')
    assert trail[1]["change"]["before"] == etag.strip('"')
    assert trail[0]["change"] == {"before": replaced.headers["ETag"].strip('"'), "after": None}


def test_invalid_body_is_refused_with_field_paths_and_nothing_is_written(api) -> None:
    client, h = api
    bad = MINIMAL.replace("behavior: rescuing", "behavior: rescuingg").replace("person: brother", "person: sister")
    r = client.post("/vignettes", content=bad, headers={**h["editor"], **YAML})
    assert r.status_code == 422
    problems = r.json()["error"]["problems"]
    assert {"behaviors.0.behavior", "behaviors.1.person"} <= {p["path"] for p in problems}
    shape = client.post(
        "/vignettes", content=MINIMAL.replace("result: improved", "result: great"), headers={**h["editor"], **YAML}
    )
    assert shape.status_code == 422 and shape.json()["error"]["problems"][0]["path"] == "outcomes.0.result"
    line = {p["path"]: p["line"] for p in problems}["behaviors.0.behavior"]
    assert bad.splitlines()[line - 1].strip() == "behavior: rescuingg"
    assert "rescuing" in {p["path"]: p["message"] for p in problems}["behaviors.0.behavior"]  # did you mean
    assert client.get("/vignettes/test-mira", headers=h["reader"]).status_code == 404
    as_json = client.post("/vignettes", json=changed(composite="maybe"), headers=h["editor"])
    assert as_json.status_code == 422 and as_json.json()["error"]["problems"][0]["path"] == "composite"
    broken = client.post(
        "/vignettes", content='{"id": "x",', headers={**h["editor"], "Content-Type": "application/json"}
    )
    assert broken.status_code == 422 and "not valid JSON" in broken.json()["error"]["message"]
    wrong_type = client.post("/vignettes", content="id: x", headers={**h["editor"], "Content-Type": "text/plain"})
    assert wrong_type.status_code == 415 and "application/yaml" in wrong_type.json()["error"]["message"]
    assert audit(client, h["admin"], "test-mira") == []


def test_versions_guard_against_lost_updates(api) -> None:
    client, h = api
    assert client.post("/vignettes", content=MINIMAL, headers={**h["editor"], **YAML}).status_code == 201
    again = client.post("/vignettes", content=MINIMAL, headers={**h["editor"], **YAML})
    assert again.status_code == 409 and "PUT" in again.json()["error"]["message"]
    no_version = client.put("/vignettes/test-mira", content=MINIMAL, headers={**h["editor"], **YAML})
    assert no_version.status_code == 428 and "If-Match" in no_version.json()["error"]["message"]
    stale = client.put("/vignettes/test-mira", json=changed(title="T"), headers={**h["editor"], "If-Match": '"0000"'})
    assert stale.status_code == 409
    assert (
        stale.json()["error"]["current_version"]
        == client.get("/vignettes/test-mira", headers=h["reader"]).json()["version"]
    )
    other_id = client.put(
        "/vignettes/test-mira", json=changed(id="someone-else"), headers={**h["editor"], "If-Match": '"0000"'}
    )
    assert other_id.status_code == 422 and other_id.json()["error"]["problems"][0]["path"] == "id"


def test_two_editors_saving_at_once_one_wins_one_gets_a_conflict(api, db: Database) -> None:
    client, h = api
    etag = client.post("/vignettes", content=MINIMAL, headers={**h["editor"], **YAML}).headers["ETag"]
    bodies = [changed(title=f"Edited by editor {n}") for n in (1, 2)]
    results: list[tuple[int, str]] = []
    start = threading.Barrier(2)

    def save(body: dict) -> None:
        start.wait()
        r = client.put("/vignettes/test-mira", json=body, headers={**h["editor"], "If-Match": etag})
        results.append((r.status_code, body["title"]))

    for _ in range(5):  # several rounds: the race must never let both through
        threads = [threading.Thread(target=save, args=(b,)) for b in bodies]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(s for s, _ in results)
        assert statuses == [200, 409], results
        winner = next(title for s, title in results if s == 200)
        stored = client.get("/vignettes/test-mira", headers=h["reader"]).json()
        assert stored["title"] == winner
        assert db.read("vignette_total")[0]  # the database still answers
        facts = db.read("vignette_facts", id="test-mira")
        assert len(facts) == 6  # replaced whole, never merged
        etag = f'"{stored["version"]}"'
        results.clear()
        bodies = [changed(title=f"{b['title']}+") for b in bodies]


def test_two_creators_of_one_id(api) -> None:
    client, h = api
    results: list[int] = []
    start = threading.Barrier(2)

    def create(title: str) -> None:
        start.wait()
        r = client.post("/vignettes", json=changed(title=title), headers=h["editor"])
        results.append(r.status_code)

    threads = [threading.Thread(target=create, args=(t,)) for t in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [201, 409]


def test_request_size_limit(api) -> None:
    client, h = api
    huge = changed(narrative="word " * 60_000)
    r = client.post("/vignettes", content=json.dumps(huge), headers={**h["editor"], "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"

    def chunks():
        yield b'{"id": "x", "narrative": "'
        for _ in range(300):
            yield b"a" * 1000
        yield b'"}'

    streamed = client.post("/vignettes", content=chunks(), headers={**h["editor"], "Content-Type": "application/json"})
    assert streamed.status_code == 413


def test_identifier_check_refuses_and_an_override_is_audited(api, settings: Settings, tmp_path) -> None:
    client, h = api
    body = MINIMAL.replace("He drinks most nights.", "He drinks most nights; write to mira.k@example.com.")
    refused = client.post("/vignettes", content=body, headers={**h["editor"], **YAML})
    assert refused.status_code == 422
    [problem] = refused.json()["error"]["problems"]
    assert (
        problem["path"] == "narrative" and "email" in problem["message"] and "allow_identifiers" in problem["message"]
    )
    assert body.splitlines()[problem["line"] - 1].strip().startswith("He drinks most nights; write to")
    assert client.get("/vignettes/test-mira", headers=h["reader"]).status_code == 404

    stored = client.post(
        "/vignettes", content=body, params={"allow_identifiers": "true"}, headers={**h["editor"], **YAML}
    )
    assert stored.status_code == 201
    [created] = audit(client, h["admin"], "test-mira")
    [override] = created["change"]["identifier_override"]
    assert override["kind"] == "email" and override["path"] == "narrative"
    narrative = client.get("/vignettes/test-mira", headers=h["reader"]).json()["narrative"]
    assert narrative[override["start"] : override["end"]] == "mira.k@example.com"
    assert "mira.k@example.com" not in json.dumps(created)  # the trail says where, not what

    (tmp_path / "v.yaml").write_text(body.replace("id: test-mira", "id: test-mira-2"))
    env = kb_env(settings)
    assert run_kb("load", str(tmp_path), env=env).returncode == 1
    loaded = run_kb("load", str(tmp_path), "--allow-identifiers", env=env)
    assert loaded.returncode == 0, loaded.stderr
    [entry] = audit(client, h["admin"], "test-mira-2")
    assert entry["key_id"].startswith("cli:") and entry["change"]["identifier_override"][0]["kind"] == "email"
