"""GET /health: 200 with the Neo4j version when it is up, 503 with a JSON body when it is down, then recovery."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from kb.local.server import LocalNeo4j
from kb.settings import Settings
from tests.conftest import api_client, derive, free_port, needs_local


def test_health_reports_neo4j_version(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["neo4j"]["version"].startswith("5.26.")
    assert body["neo4j"]["edition"] == "community"


def test_health_503_when_nothing_listens(settings: Settings) -> None:
    nowhere = derive(settings, **{"neo4j_uri": f"bolt://127.0.0.1:{free_port()}"})
    with api_client(create_app(nowhere)) as c:
        r = c.get("/health")
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "neo4j_unavailable"
    assert "unreachable" in r.json()["error"]["message"]


def test_health_503_on_wrong_password_without_leaking_it(settings: Settings, local_server) -> None:
    wrong = derive(settings, **{"neo4j_uri": settings.bolt_uri(), "neo4j_password": "wrong-password-xyz"})
    with api_client(create_app(wrong)) as c:
        r = c.get("/health")
    assert r.status_code == 503
    assert "refused the credentials" in r.json()["error"]["message"]
    assert "wrong-password-xyz" not in r.text


@needs_local
def test_health_503_while_neo4j_is_down_then_recovers(client: TestClient, local_server: LocalNeo4j) -> None:
    assert client.get("/health").status_code == 200
    local_server.stop()
    try:
        down = client.get("/health")
        assert down.status_code == 503
        assert down.json()["error"]["code"] == "neo4j_unavailable"
    finally:
        local_server.start()
    # the same app, without restart, answers again
    up = client.get("/health")
    assert up.status_code == 200
    assert up.json()["neo4j"]["version"].startswith("5.26.")
