"""The writers' pages without a browser, over the real Neo4j: who may write, CSRF, what a refused form says and
where, link errors said on the page, the draft as a file, reads closed where the settings close them."""

from __future__ import annotations

import html
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kb.authoring.validate import check_text
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor, list_audit
from kb.writing.keys import Neo4jKeyStore, Role
from kb.writing.loader import load_paths
from tests.conftest import CYPHER, ROOT
from tests.web.test_articles import SHARED_ID, SHARED_TITLE, store_shared
from tests.web.test_pages import csrf_of, pages, sign_in

VOCAB = load_vocabulary()


@pytest.fixture(scope="module")
def keys(db: Database) -> dict[str, str]:
    db.write(CYPHER["admin_wipe_all"])
    load_paths(db, [ROOT / "vignettes"], VOCAB)
    store_shared(db)
    store = Neo4jKeyStore(db)
    return {role.value: store.add(role.value, role, Actor.command_line())[1] for role in Role}


@pytest.fixture(scope="module")
def site(settings: Settings, keys: dict[str, str]) -> Iterator[TestClient]:
    with pages(settings, kb_api_anonymous_reads=True) as client:
        yield client


@pytest.fixture()
def editor(site: TestClient, keys: dict[str, str]) -> Iterator[TestClient]:
    site.cookies.clear()
    sign_in(site, keys["editor"])
    yield site
    site.cookies.clear()


def text_of(r) -> str:
    return html.unescape(r.text)


def links_written(db: Database) -> int:
    return sum(1 for e in list_audit(db, entity_id=SHARED_ID, limit=200).items if e.action in ("link", "unlink"))


def test_writes_need_an_editor_this_sessions_token_and_this_site(site: TestClient, keys, db: Database) -> None:
    site.cookies.clear()
    before = links_written(db)
    link = {"vignette": "donna", "type": "cites"}
    r = site.post(f"/articles/{SHARED_ID}/links", data={**link, "csrf": csrf_of(site)})
    assert r.status_code == 303 and r.headers["location"].startswith("/signin?next=")  # anonymous: sign in first
    sign_in(site, keys["reader"])
    r = site.post(f"/articles/{SHARED_ID}/links", data={**link, "csrf": csrf_of(site)})
    assert r.status_code == 403 and "needs an editor's key" in text_of(r)
    site.cookies.clear()
    sign_in(site, keys["editor"])
    r = site.post(f"/articles/{SHARED_ID}/links", data=link)
    assert r.status_code == 403 and "This form has expired" in text_of(r)
    token = csrf_of(site)
    r = site.post(
        f"/articles/{SHARED_ID}/links", data={**link, "csrf": token}, headers={"Origin": "https://evil.example"}
    )
    assert r.status_code == 403 and "another site" in text_of(r)
    r = site.post(f"/articles/{SHARED_ID}/delete", data={"csrf": "wrong"})
    assert r.status_code == 403
    assert links_written(db) == before and db.read("article_get", id=SHARED_ID)  # nothing written
    # a new article sent after the sign-in ended is refused with the writer's text kept
    site.cookies.clear()
    r = site.post("/articles/new", data={"text": "my unsaved words", "title": "Mine", "csrf": token})
    assert r.status_code == 403 and "Your sign-in has ended" in text_of(r) and "my unsaved words" in r.text


@pytest.mark.parametrize(
    ("form", "files", "status", "field", "says"),
    [
        ({"text": "", "title": "Empty"}, None, 422, "text", "Paste the article's text here"),
        (
            {"text": "Some words.", "title": "Both"},
            {"file": ("a.txt", b"Other words.", "text/plain")},
            422,
            "text",
            "not both",
        ),
        (
            {"text": "Tom was parentified.", "title": "Tom", "url": "www.example.org"},
            None,
            422,
            "url",
            "starts with https://",
        ),
        ({"text": "Tom was parentified.", "title": "Tom", "id": "Not A Slug"}, None, 422, "id", "hyphens"),
        ({"text": "Tom was parentified."}, None, 422, "title", "give the article a title"),
        ({}, {"file": ("a.txt", b"\x00\x01binary\x00" * 40, "application/octet-stream")}, 422, "file", "binary"),
        ({"text": "Tom was parentified.", "title": "Again", "id": SHARED_ID}, None, 409, "id", "short id is taken"),
    ],
)
def test_a_refused_article_is_said_at_its_field_with_the_text_kept(
    editor: TestClient, db: Database, form: dict, files: dict | None, status: int, field: str, says: str
) -> None:
    before = db.read("article_total")[0]["total"]
    r = editor.post("/articles/new", data={**form, "csrf": csrf_of(editor)}, files=files)
    assert r.status_code == status, r.text
    page = text_of(r)
    assert f'id="{field}-error"' in page and says in page
    assert f'id="article-{field}"' not in page or 'aria-invalid="true"' in page  # the field is marked
    if form.get("text"):
        assert form["text"] in page  # kept in the box
    assert db.read("article_total")[0]["total"] == before  # nothing written


def test_link_errors_are_said_on_the_article_page(editor: TestClient) -> None:
    token = csrf_of(editor)
    r = editor.post(f"/articles/{SHARED_ID}/links", data={"vignette": "no-such-case", "type": "cites", "csrf": token})
    assert r.status_code == 303 and r.headers["location"] == f"/articles/{SHARED_ID}#links"
    assert "Not linked: vignette: no vignette 'no-such-case'" in text_of(editor.get(f"/articles/{SHARED_ID}"))
    for expected in ("Linked: the article cites", "Not linked: article"):  # the second time: a duplicate
        editor.post(f"/articles/{SHARED_ID}/links", data={"vignette": "donna", "type": "cites", "csrf": token})
        assert expected in text_of(editor.get(f"/articles/{SHARED_ID}"))
    r = editor.post(f"/articles/{SHARED_ID}/links", data={"concept": "enmeshmnet", "type": "about", "csrf": token})
    assert "Linked: the article is about “Enmeshment”" in text_of(editor.get(f"/articles/{SHARED_ID}"))
    concept_page = text_of(editor.get("/concepts/enmeshment"))
    assert "Linked as being about it" in concept_page and SHARED_TITLE in concept_page
    for target in ({"vignette": "donna", "type": "cites"}, {"concept": "enmeshment", "type": "about"}):
        editor.post(f"/articles/{SHARED_ID}/unlink", data={**target, "csrf": token})
    r = editor.post(f"/articles/{SHARED_ID}/unlink", data={"vignette": "donna", "type": "cites", "csrf": token})
    assert "was already gone" in text_of(editor.get(f"/articles/{SHARED_ID}"))
    r = editor.post(f"/articles/{SHARED_ID}/links", data={"vignette": "donna", "type": "about", "csrf": token})
    assert "Not linked: type: 'about' links a concept" in text_of(editor.get(f"/articles/{SHARED_ID}"))


def test_the_draft_downloads_as_a_vignette_file(site: TestClient) -> None:
    site.cookies.clear()
    r = site.get(f"/articles/{SHARED_ID}/draft.yaml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/yaml")
    assert r.headers["content-disposition"] == 'attachment; filename="donna-draft.yaml"'
    assert check_text(r.text, "donna-draft.yaml", VOCAB).vignette.source.article_id == SHARED_ID
    fragment = site.get(f"/articles/{SHARED_ID}/draft", headers={"HX-Request": "true"})
    assert "Passes the checker" in fragment.text and "<html" not in fragment.text
    assert "Open it in the vignette editor" not in fragment.text  # for editors only
    assert site.get("/articles/no-such-article/draft.yaml").status_code == 404


def test_without_anonymous_reads_the_articles_ask_to_sign_in(settings: Settings, keys) -> None:
    with pages(settings, kb_api_anonymous_reads=False) as closed:
        for path in ("/articles", f"/articles/{SHARED_ID}", f"/articles/{SHARED_ID}/draft.yaml"):
            r = closed.get(path)
            assert r.status_code == 303 and r.headers["location"].startswith("/signin?next="), path
