"""The pages without a browser: access as the settings say, the session cookie and CSRF, headers, and errors that
are pages saying what to do (never a stack trace), over the real Neo4j."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb.local.server import free_port
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.keys import Neo4jKeyStore, Role
from kb.writing.loader import load_paths
from tests.conftest import CYPHER, ROOT, derive

SECRET = "pages-test-secret-" + "y" * 40


@pytest.fixture(scope="module")
def keys(db: Database) -> dict[str, str]:
    db.write(CYPHER["admin_wipe_all"])
    load_paths(db, [ROOT / "vignettes"], load_vocabulary())
    store = Neo4jKeyStore(db)
    return {role.value: store.add(role.value, role, Actor.command_line())[1] for role in Role}


def pages(settings: Settings, **changes: object) -> TestClient:
    app = create_app(derive(settings, kb_web_secret=SECRET, **changes))
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


@pytest.fixture(scope="module")
def open_site(settings: Settings, keys: dict[str, str]) -> Iterator[TestClient]:
    with pages(settings, kb_api_anonymous_reads=True) as client:
        yield client


@pytest.fixture(scope="module")
def closed_site(settings: Settings, keys: dict[str, str]) -> Iterator[TestClient]:
    with pages(settings, kb_api_anonymous_reads=False) as client:
        yield client


def csrf_of(client: TestClient, path: str = "/signin") -> str:
    html = client.get(path).text
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, key: str) -> None:
    r = client.post("/signin", data={"key": key, "csrf": csrf_of(client), "next": "/vignettes"})
    assert r.status_code == 303 and r.headers["location"] == "/vignettes"


def test_without_anonymous_reads_every_page_asks_to_sign_in_first(closed_site: TestClient, keys) -> None:
    closed_site.cookies.clear()
    for path in ("/", "/vignettes/donna", "/concepts/enmeshment", "/search?q=guilt"):
        r = closed_site.get(path)
        assert r.status_code == 303 and r.headers["location"].startswith("/signin?next="), path
    assert closed_site.get("/signin").status_code == 200
    sign_in(closed_site, keys["reader"])
    assert closed_site.get("/vignettes/donna").status_code == 200
    assert "Edit this vignette" not in closed_site.get("/vignettes/donna").text
    closed_site.cookies.clear()


def test_the_session_cookie_is_signed_secure_httponly_samesite_and_holds_no_key(open_site: TestClient, keys) -> None:
    open_site.cookies.clear()
    csrf = csrf_of(open_site)
    r = open_site.post("/signin", data={"key": keys["editor"], "csrf": csrf, "next": "/"})
    cookie = r.headers["set-cookie"]
    assert "kb_session=" in cookie and "httponly" in cookie.lower() and "secure" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    assert keys["editor"] not in cookie and keys["editor"].split("_")[2] not in cookie
    # a tampered cookie is no session
    value = open_site.cookies.get("kb_session")
    assert value
    tampered = value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB")
    open_site.cookies.clear()  # only the tampered cookie is sent (the jar would otherwise hold both)
    open_site.cookies.set("kb_session", tampered)
    assert "Sign out" not in open_site.get("/").text
    open_site.cookies.clear()


def test_a_wrong_key_is_refused_with_a_clear_message(open_site: TestClient) -> None:
    open_site.cookies.clear()
    r = open_site.post("/signin", data={"key": "kbk_000000000000_" + "x" * 43, "csrf": csrf_of(open_site)})
    assert r.status_code == 401 and "That key is not valid" in r.text


def test_forms_without_the_csrf_token_or_from_another_site_are_refused(open_site: TestClient, keys) -> None:
    open_site.cookies.clear()
    sign_in(open_site, keys["editor"])
    form = {"text": "id: x", "version": "v"}
    r = open_site.post("/vignettes/donna/edit", data=form)
    assert r.status_code == 403 and "gone stale" in r.text and "id: x" in r.text  # refused, the text kept
    token = csrf_of(open_site, "/vignettes/donna/edit")
    r = open_site.post(
        "/vignettes/donna/edit", data={**form, "csrf": token}, headers={"Origin": "https://evil.example"}
    )
    assert r.status_code == 403 and "another site" in r.text
    r = open_site.post("/signout", data={"csrf": "wrong"})
    assert r.status_code == 403
    open_site.cookies.clear()


def test_a_save_after_the_sign_in_ended_keeps_the_text(open_site: TestClient, keys) -> None:
    open_site.cookies.clear()
    sign_in(open_site, keys["editor"])
    token = csrf_of(open_site, "/vignettes/donna/edit")
    open_site.cookies.clear()  # the session ended (expired, or signed out in another tab)
    text = "id: donna\ntitle: my unsaved words\n"
    r = open_site.post("/vignettes/donna/edit", data={"text": text, "version": "v1", "csrf": token})
    assert r.status_code == 403 and "Your sign-in has ended" in r.text
    assert "my unsaved words" in r.text  # still in the editor


def test_pages_carry_security_headers(open_site: TestClient) -> None:
    r = open_site.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert open_site.get("/static/vendor/htmx-2.0.11/htmx.min.js").status_code == 200


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/vignettes/no-such-case", 404, "No vignette 'no-such-case'"),
        ("/concepts/zzzqqq", 404, "Search the knowledge base"),
        ("/concepts/enmeshmnet", 307, ""),  # a typo of a concept: to its page
        ("/vignettes?page=abc", 422, "page"),
        ("/vignettes?page=0", 422, "greater than or equal to 1"),
        ("/no/such/page", 404, "There is no page at this address"),
        ("/search?q=%20%2B%20", 422, "no words"),
    ],
)
def test_errors_are_pages_that_say_what_to_do(open_site: TestClient, path: str, status: int, says: str) -> None:
    r = open_site.get(path)
    assert r.status_code == status
    assert says in html.unescape(r.text)
    assert "Traceback" not in r.text and 'File "' not in r.text
    if status >= 400:
        assert "<main" in r.text and 'href="/"' in r.text  # a page of the site, with its navigation


def test_an_unknown_concept_page_lists_the_closest(open_site: TestClient) -> None:
    r = open_site.get("/concepts/enmeshment%20of%20gardens")
    assert r.status_code == 404 and "Closest concepts" in r.text and "/concepts/enmeshment" in r.text


def test_neo4j_down_is_a_page_that_says_what_to_do(settings: Settings, keys) -> None:
    with pages(settings, kb_api_anonymous_reads=True, neo4j_uri=f"bolt://127.0.0.1:{free_port()}") as client:
        r = client.get("/vignettes/donna")
    assert r.status_code == 503
    assert "cannot reach its database" in r.text and "kb db status" in r.text
    assert "Traceback" not in r.text
