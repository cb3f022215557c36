"""Access control: API keys with roles, stored only as hashes; anonymous reads as a setting; CORS as a setting."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb.settings import Settings
from kb.store.db import Database
from kb.writing.audit import Actor
from kb.writing.keys import FileKeyStore, Neo4jKeyStore, Role
from tests.conftest import ROOT, api_client, derive, kb_env, run_kb
from tests.vignette_texts import MINIMAL

ADMIN = Actor.command_line()


@pytest.fixture()
def keys(clean_db: Database) -> dict[str, str]:
    """One key per role (the database is emptied first, so no other key exists)."""
    store = Neo4jKeyStore(clean_db)
    return {role.value: store.add(f"test {role.value}", role, ADMIN)[1] for role in Role}


@pytest.fixture()
def secure(settings: Settings, local_server) -> Iterator[TestClient]:
    """The app with the default settings: no anonymous reads."""
    with api_client(create_app(derive(settings, kb_api_anonymous_reads=False))) as c:
        yield c


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_reads_need_a_key_by_default(secure: TestClient, keys: dict[str, str]) -> None:
    r = secure.get("/concepts")
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "missing_key" and "kb keys add" in r.json()["error"]["message"]
    assert r.headers["WWW-Authenticate"] == "Bearer"
    for role in ("reader", "editor", "admin"):
        assert secure.get("/concepts", headers=auth(keys[role])).status_code == 200, role
    assert secure.get("/concepts", headers={"X-API-Key": keys["reader"]}).status_code == 200
    assert secure.get("/health").status_code == 200  # says only whether the service is up


def test_wrong_role_is_403_and_a_bad_key_401(secure: TestClient, keys: dict[str, str]) -> None:
    r = secure.post("/vignettes", content=MINIMAL, headers={**auth(keys["reader"]), "Content-Type": "application/yaml"})
    assert r.status_code == 403 and "editor" in r.json()["error"]["message"]
    assert secure.get("/audit", headers=auth(keys["editor"])).status_code == 403
    assert secure.get("/audit", headers=auth(keys["admin"])).status_code == 200
    forged = keys["admin"][:-4] + "AAAA"
    r = secure.get("/concepts", headers=auth(forged))
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_key"
    assert forged not in r.text and keys["admin"] not in r.text
    assert secure.get("/concepts", headers=auth("not-a-key")).status_code == 401


def test_anonymous_reads_when_turned_on(settings: Settings, keys: dict[str, str]) -> None:
    with api_client(create_app(derive(settings, kb_api_anonymous_reads=True))) as open_app:
        assert open_app.get("/concepts").status_code == 200
        r = open_app.post("/vignettes", content=MINIMAL, headers={"Content-Type": "application/yaml"})
        assert r.status_code == 401  # writes always need a key
        assert open_app.get("/audit").status_code == 401


def test_keys_are_stored_only_as_hashes(clean_db: Database) -> None:
    record, key = Neo4jKeyStore(clean_db).add("someone", Role.editor, ADMIN)
    stored = clean_db.read("key_get", id=record.id)[0]
    assert key not in json.dumps(stored, default=str)
    assert stored["hash"] != key and len(stored["hash"]) == 64
    assert Neo4jKeyStore(clean_db).verify(key).role is Role.editor


def test_key_file_store(clean_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    store = FileKeyStore(path, clean_db)
    record, key = store.add("file user", Role.reader, ADMIN)
    assert key not in path.read_text() and record.id in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.verify(key).id == record.id
    store.revoke(record.id, ADMIN)
    assert store.verify(key) is None
    assert [k.id for k in store.list()] == [record.id] and store.list()[0].revoked_at is not None


def test_cli_keys_add_list_revoke(secure: TestClient, clean_db: Database, settings: Settings) -> None:
    env = kb_env(settings)
    added = run_kb("keys", "add", "Dana (trainer)", "--role", "editor", env=env)
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip().splitlines()[-1]
    assert key.startswith("kbk_")
    key_id = key.split("_")[1]
    listed = run_kb("keys", "list", env=env)
    assert key_id in listed.stdout and "Dana (trainer)" in listed.stdout and "editor" in listed.stdout
    assert key not in listed.stdout
    assert secure.get("/concepts", headers=auth(key)).status_code == 200
    revoked = run_kb("keys", "revoke", key_id, env=env)
    assert revoked.returncode == 0, revoked.stderr
    assert secure.get("/concepts", headers=auth(key)).status_code == 401
    unknown = run_kb("keys", "revoke", "000000000000", env=env)
    assert unknown.returncode == 1 and "no API key" in unknown.stderr and "Traceback" not in unknown.stderr
    audit = run_kb("audit", "--json", env=env)
    actions = [(e["action"], e["entity_id"]) for e in json.loads(audit.stdout)["items"]]
    assert ("key-add", key_id) in actions and ("key-revoke", key_id) in actions
    assert key not in audit.stdout


def test_cors_off_unless_configured(settings: Settings, local_server) -> None:
    preflight = {"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    with api_client(create_app(derive(settings, kb_api_anonymous_reads=True))) as plain:
        r = plain.get("/concepts", headers={"Origin": "https://example.org"})
        assert "access-control-allow-origin" not in r.headers
        assert "access-control-allow-origin" not in plain.options("/concepts", headers=preflight).headers
    with api_client(
        create_app(derive(settings, kb_api_anonymous_reads=True, kb_api_cors_origins=["https://example.org"]))
    ) as cors:
        r = cors.options("/concepts", headers=preflight)
        assert r.headers["access-control-allow-origin"] == "https://example.org"
        other = cors.options("/concepts", headers={**preflight, "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_openapi_documents_the_key(secure: TestClient) -> None:
    doc = secure.get("/openapi.json").json()
    assert {"HTTPBearer", "APIKeyHeader"} <= set(doc["components"]["securitySchemes"])
    assert "Vignette" in doc["components"]["schemas"]


def test_load_from_the_command_line_is_audited(clean_db: Database, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(MINIMAL)
    load = run_kb("load", str(tmp_path), env=kb_env(settings))
    assert load.returncode == 0, load.stderr
    audit = json.loads(run_kb("audit", "--json", "--id", "test-mira", env=kb_env(settings)).stdout)
    assert [(e["action"], e["key_id"].startswith("cli:")) for e in audit["items"]] == [("create", True)]
    assert audit["items"][0]["change"]["before"] is None and audit["items"][0]["change"]["facts"] == 6


def test_make_run_turns_anonymous_reads_on_and_says_how_to_get_a_key() -> None:
    makefile = (ROOT / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:")[1].split("\n\n")[0]
    assert "KB_API_ANONYMOUS_READS=1" in run_recipe and "kb keys add" in run_recipe
