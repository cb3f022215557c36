"""The HTTP edges: Allow on OPTIONS and 405, which routes are open, a chunked body past the limit, keys in the log.

Before: `OPTIONS /vignettes` answered `Allow: GET`; a chunked body past the limit was
answered 413 but read to its end (all 50 MB); `?api_key=` was written whole to
uvicorn's access log.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.app import API_PREFIX, create_app
from kb.local.server import free_port
from kb.settings import Settings
from kb.store.db import Database
from kb.writing.audit import Actor
from kb.writing.keys import Neo4jKeyStore, Role
from tests.conftest import api_client, derive

LIMIT = 10_000


def test_allow_lists_every_method_of_a_path(client: TestClient) -> None:
    options = client.options("/vignettes")
    assert options.status_code == 204 and options.headers["Allow"] == "GET, OPTIONS, POST"
    one = client.options("/vignettes/donna")
    assert one.status_code == 204 and one.headers["Allow"] == "DELETE, GET, OPTIONS, PUT"
    patch = client.patch("/vignettes/donna", content=b"{}")
    assert patch.status_code == 405 and patch.headers["Allow"] == "DELETE, GET, OPTIONS, PUT"
    assert patch.json()["error"]["code"] == "method_not_allowed"
    assert client.options("/no-such-path").status_code == 404


def test_only_health_and_the_api_description_are_open(settings: Settings, local_server) -> None:
    """The README says so: every route needs a key but /health and the API's own description (no data in it)."""
    app = create_app(derive(settings, kb_api_anonymous_reads=False))
    with api_client(app) as c:
        paths = c.get("/openapi.json").json()["paths"]
        for template, operations in paths.items():
            path = template.replace("{vignette_id}", "donna").replace("{concept_id}", "enmeshment")
            path = path.replace("{pattern_id}", "enmeshment")
            for method in operations:
                r = c.request(method.upper(), path, params={"q": "x", "for": "enmeshment"})
                assert r.status_code == (200 if template == "/health" else 401), (method, path, r.status_code)
        for path in ("/openapi.json", "/docs", "/redoc"):
            assert c.get(path).status_code == 200, path


@pytest.fixture(scope="module")
def served(settings: Settings, db: Database) -> Iterator[tuple[int, list[str], str]]:
    """A real uvicorn serving the app on a free port (a small body limit), its access log, and an editor key."""
    key = Neo4jKeyStore(db).add("edges", Role.editor, Actor.command_line())[1]
    app = create_app(derive(settings, kb_api_max_body_bytes=LIMIT, kb_api_anonymous_reads=True))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="info"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    access = logging.getLogger("uvicorn.access")
    keep = Keep()
    access.addHandler(keep)
    yield port, lines, key
    access.removeHandler(keep)
    server.should_exit = True
    thread.join(30)


def _request(port: int, head: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(head)
    return sock


def test_a_chunked_body_past_the_limit_is_not_read_on(served) -> None:
    port, _, key = served
    sock = _request(
        port,
        f"POST {API_PREFIX}/vignettes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n"
        "Content-Type: application/yaml\r\nTransfer-Encoding: chunked\r\n\r\n".encode(),
    )
    chunk = b"%x\r\n%s\r\n" % (4096, b"a" * 4096)
    sent = 0
    answer = b""
    with sock:
        try:
            while sent < 50_000_000:  # the client would send 50 MB
                sock.sendall(chunk)
                sent += 4096
                sock.settimeout(0.001)
                try:
                    answer += sock.recv(65536)
                except TimeoutError:
                    pass
                sock.settimeout(10)
                if b"\r\n\r\n" in answer:
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.settimeout(10)
        try:
            while data := sock.recv(65536):  # the rest of the answer, then the server closes
                answer += data
        except ConnectionResetError:
            pass
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"connection: close" in answer.lower()
    assert sent < 1_000_000, f"the server read {sent:,} bytes before answering"


def test_a_declared_length_past_the_limit_is_refused_before_reading(served) -> None:
    port, _, _ = served
    sock = _request(
        port, f"POST {API_PREFIX}/vignettes HTTP/1.1\r\nHost: x\r\nContent-Length: {10**8}\r\n\r\n".encode()
    )
    with sock:
        answer = b""
        while data := sock.recv(65536):
            answer += data
    assert answer.startswith(b"HTTP/1.1 413") and b"connection: close" in answer.lower()


def test_keys_in_the_address_are_not_logged(served) -> None:
    port, lines, _ = served
    secret = "kbk_0123456789ab_" + "S" * 43
    for query in (f"api_key={secret}", f"x=1&token=abc123&key={secret}", f"q={secret}"):
        sock = _request(
            port, f"GET {API_PREFIX}/search?{query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
        )
        with sock:
            while sock.recv(65536):
                pass
    time.sleep(0.2)
    logged = [line for line in lines if "/search" in line]
    assert len(logged) == 3, lines
    assert all(secret not in line and "abc123" not in line for line in logged), logged
    assert all("[redacted]" in line for line in logged), logged
