"""Writers' articles over HTTP, against the real Neo4j: stored, tagged, linked, suggested, drafted, and
every bad input refused with a clear error and nothing written."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb.articles.store import (
    ArticleInvalid,
    body_from_text,
    body_from_upload,
    create_article,
    delete_article,
    get_article,
    prepare,
    prepare_revision,
    replace_article,
)
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.keys import Neo4jKeyStore, Role
from kb.writing.loader import load_paths
from tests.conftest import ROOT, api_client, derive

SHARED = ROOT / "tests" / "articles" / "ambivalence-codependence-mother-daughter.txt"
ARTICLE_ID = "ambivalence-codependence-mother-daughter"
TITLE = "Ambivalence and Codependency in Mother-Daughter Relationships"
VOCAB = load_vocabulary()
MAX_BODY = 1_000_000


@pytest.fixture(scope="module")
def api(settings: Settings, db: Database) -> Iterator[tuple[TestClient, dict[str, dict[str, str]], Database]]:
    from tests.conftest import CYPHER

    db.write(CYPHER["admin_wipe_all"])
    load_paths(db, [ROOT / "vignettes"], VOCAB)
    store = Neo4jKeyStore(db)
    headers = {
        role.value: {"Authorization": f"Bearer {store.add(role.value, role, Actor.command_line())[1]}"} for role in Role
    }
    with api_client(create_app(derive(settings, kb_api_max_body_bytes=MAX_BODY))) as client:
        yield client, headers, db


def articles_in_graph(db: Database) -> int:
    return db.read("article_total")[0]["total"]


def post_shared(client: TestClient, h: dict[str, dict[str, str]]) -> dict:
    r = client.post(
        "/articles",
        json={"id": ARTICLE_ID, "title": TITLE, "author": "J. F., LCSW", "text": SHARED.read_text()},
        headers=h["editor"],
    )
    assert r.status_code in (201, 409), r.text
    return r.json()


def test_create_get_list_replace_delete_with_versions_and_audit(api) -> None:
    client, h, _db = api
    text = "# Mira and the Silent House\n\nMira was not codependent, but she was parentified early.\n"
    created = client.post("/articles", json={"text": text, "format": "markdown"}, headers=h["editor"])
    assert created.status_code == 201, created.text
    aid = created.json()["id"]
    assert aid == "mira-and-the-silent-house"  # from the Markdown's own heading
    assert created.headers["Location"] == f"/api/v1/articles/{aid}"
    got = client.get(f"/articles/{aid}", headers=h["reader"])
    assert got.status_code == 200 and got.headers["ETag"] == created.headers["ETag"]
    body = got.json()
    assert body["title"] == "Mira and the Silent House" and body["format"] == "markdown"
    assert body["text"].startswith("Mira and the Silent House\n\nMira was not codependent")
    listed = client.get("/articles", headers=h["reader"]).json()
    mine = next(a for a in listed["items"] if a["id"] == aid)
    assert [c["id"] for c in mine["top_concepts"]] == ["parentification"]  # codependency is negated here

    again = client.post("/articles", json={"text": text, "format": "markdown"}, headers=h["editor"])
    assert again.status_code == 409 and again.json()["error"]["code"] == "version_conflict"

    no_version = client.put(f"/articles/{aid}", json={"title": "x", "text": "y"}, headers=h["editor"])
    assert no_version.status_code == 428
    stale = client.put(f"/articles/{aid}", json={"title": "x", "text": "y"}, headers={**h["editor"], "If-Match": '"0"'})
    assert stale.status_code == 409
    new_text = "Mira was enmeshed with her mother."
    replaced = client.put(
        f"/articles/{aid}",
        json={"title": "Mira, revised", "text": new_text},
        headers={**h["editor"], "If-Match": got.headers["ETag"]},
    )
    assert replaced.status_code == 200 and replaced.json()["status"] == "replaced"
    assert client.get(f"/articles/{aid}", headers=h["reader"]).json()["text"] == new_text

    assert client.post("/articles", json={"text": "x", "title": "t"}, headers=h["reader"]).status_code == 403
    assert client.delete(f"/articles/{aid}", headers=h["reader"]).status_code == 403
    assert client.delete(f"/articles/{aid}", headers=h["editor"]).status_code == 204
    assert client.get(f"/articles/{aid}", headers=h["reader"]).status_code == 404
    assert client.delete(f"/articles/{aid}", headers=h["editor"]).status_code == 404

    trail = client.get("/audit", params={"entity_id": aid}, headers=h["admin"]).json()["items"]
    assert [e["action"] for e in trail] == ["remove", "replace", "create"]
    assert {e["entity"] for e in trail} == {"article"}


def test_a_file_upload_of_html_drops_scripts_and_styles(api) -> None:
    client, h, _db = api
    html = (
        "<html><head><title>Tom and his father</title><style>p{color:red}</style>"
        "<script>document.write('enmeshment')</script></head><body><nav>Home | codependency</nav>"
        "<article><h1>Tom and his father</h1><p>Tom became a <b>parentified child</b>.</p>"
        "<script>var x = 'triangulation';</script><p>He was never enmeshed.</p></article></body></html>"
    )
    r = client.post(
        "/articles",
        files={"file": ("tom.html", html.encode(), "text/html")},
        data={"author": "A. Writer"},
        headers=h["editor"],
    )
    assert r.status_code == 201, r.text
    detail = client.get(f"/articles/{r.json()['id']}", headers=h["reader"]).json()
    assert detail["title"] == "Tom and his father" and detail["format"] == "html" and detail["author"] == "A. Writer"
    assert "document.write" not in detail["text"] and "color:red" not in detail["text"]
    assert "Home" not in detail["text"]  # the navigation is not the article
    assert detail["text"] == "Tom and his father\n\nTom became a parentified child.\n\nHe was never enmeshed."
    tags = client.get(f"/articles/{detail['id']}/concepts", headers=h["reader"]).json()
    found = {(m["concept"]["id"], m["status"]) for m in tags["mentions"]}
    assert found == {("parentified-child", "affirmed"), ("enmeshment", "negated")}  # nothing from the scripts
    client.delete(f"/articles/{detail['id']}", headers=h["editor"])


@pytest.mark.parametrize(
    ("kwargs", "status", "words"),
    [
        ({"json": {"title": "Empty", "text": ""}}, 422, "no text"),
        ({"json": {"title": "Blank", "text": "   \n\n  "}}, 422, "no text"),
        ({"json": {"title": "Only markup", "text": "<script>x()</script>", "format": "html"}}, 422, "no text"),
        ({"files": {"file": ("a.txt", b"\x00\x01\x02binary\x00" * 50, "application/octet-stream")}}, 422, "binary"),
        ({"files": {"file": ("a.txt", "caf\u00e9".encode("latin-1") * 10, "text/plain")}}, 422, "UTF-8"),
        ({"json": {"title": "x", "text": "y", "url": "not a url"}}, 422, "url"),
        ({"json": {"title": "x", "text": "y", "id": "Not A Slug"}}, 422, "id"),
        ({"json": {"text": "no title here"}}, 422, "title"),
        ({"content": b"plain words", "headers": {"Content-Type": "text/csv"}}, 415, "multipart/form-data"),
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 422, "not valid JSON"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_written(api, kwargs: dict, status: int, words: str) -> None:
    client, h, db = api
    before = articles_in_graph(db)
    headers = {**h["editor"], **kwargs.pop("headers", {})}
    r = client.post("/articles", headers=headers, **kwargs)
    assert r.status_code == status, r.text
    assert words in r.json()["error"]["message"]
    assert articles_in_graph(db) == before


def test_a_text_of_several_megabytes_is_refused_with_413(api) -> None:
    client, h, db = api
    before = articles_in_graph(db)
    big = SHARED.read_text() * 300  # about 3.4 MB
    r = client.post("/articles", json={"title": "Big", "text": big}, headers=h["editor"])
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
    upload = client.post("/articles", files={"file": ("big.txt", big.encode(), "text/plain")}, headers=h["editor"])
    assert upload.status_code == 413
    assert articles_in_graph(db) == before


def test_a_text_under_the_limit_is_stored_and_tagged(api) -> None:
    client, h, _db = api
    text = SHARED.read_text() * 80  # about 900 kB: under the 1 MB limit
    r = client.post("/articles", json={"id": "long-one", "title": "Long", "text": text}, headers=h["editor"])
    assert r.status_code == 201, r.text
    tags = client.get("/articles/long-one/concepts", headers=h["reader"]).json()
    counts = {t["concept"]["id"]: t for t in tags["concepts"]}
    assert tags["chars"] == len(text.strip())
    assert counts["parentified-child"]["affirmed"] == 80
    client.delete("/articles/long-one", headers=h["editor"])


def test_tags_of_the_shared_article(api) -> None:
    client, h, _db = api
    post_shared(client, h)
    r = client.get(f"/articles/{ARTICLE_ID}/concepts", headers=h["reader"])
    assert r.status_code == 200
    body = r.json()
    ranked = [t["concept"]["id"] for t in body["concepts"]]
    assert ranked[-1] in {"parent", "therapist", "client"}  # person words last
    assert ranked.index("codependency") < ranked.index("parent")
    parent = next(t for t in body["concepts"] if t["concept"]["id"] == "parent")
    assert parent["affirmed"] == 0 and parent["person_words"] > 50
    assert all(not m["person_word"] for m in body["mentions"])
    with_persons = client.get(f"/articles/{ARTICLE_ID}/concepts?person_words=true", headers=h["reader"]).json()
    assert any(m["person_word"] for m in with_persons["mentions"])
    text = SHARED.read_text()
    for m in body["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
        assert m["sentence"] == text[m["sentence_start"] : m["sentence_end"]]
    psychotherapy = [m for m in body["mentions"] if m["concept"]["id"] == "psychotherapy"]
    assert psychotherapy[0]["status"] == "hypothetical" and psychotherapy[0]["cue"] == "could benefit"


def test_suggestions_rank_donna_first_with_an_explanation(api) -> None:
    client, h, _db = api
    post_shared(client, h)
    r = client.get(f"/articles/{ARTICLE_ID}/suggestions?k=5", headers=h["reader"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["items"][0]["vignette"]["id"] == "donna"
    assert body["items"][0]["links"] == ["source"]  # donna.yaml names this article as its source
    shared = {s["match"]["id"] for s in body["items"][0]["shared"]}
    assert {"parentified-child", "only-child"} <= shared
    assert set(body["items"][0]["by_kind"]) <= {"pattern", "role", "behavior"}
    assert [s["score"] for s in body["items"]] == sorted((s["score"] for s in body["items"]), reverse=True)
    assert client.get("/articles/no-such-article/suggestions", headers=h["reader"]).status_code == 404


def test_links_backlinks_and_their_errors(api) -> None:
    client, h, _db = api
    post_shared(client, h)
    url = f"/articles/{ARTICLE_ID}/links"
    r = client.post(url, json={"vignette": "mia-and-her-widowed-father", "type": "illustrated-by"}, headers=h["editor"])
    assert r.status_code == 201, r.text
    assert r.json()["link"]["title"]
    assert client.post(url, json={"concept": "enmeshed families"}, headers=h["editor"]).status_code == 201

    def links() -> list:
        return client.get(f"/articles/{ARTICLE_ID}", headers=h["reader"]).json()["links"]

    before = links()
    assert {(x["type"], x["id"]) for x in before} == {
        ("illustrated-by", "mia-and-her-widowed-father"),
        ("about", "enmeshment"),
    }
    dup = client.post(
        url, json={"vignette": "mia-and-her-widowed-father", "type": "illustrated-by"}, headers=h["editor"]
    )
    assert dup.status_code == 409 and dup.json()["error"]["code"] == "duplicate_link"
    unknown = client.post(url, json={"vignette": "no-such-vignette"}, headers=h["editor"])
    assert unknown.status_code == 422 and "no vignette 'no-such-vignette'" in unknown.json()["error"]["message"]
    concept = client.post(url, json={"concept": "enmeshmnetzzz"}, headers=h["editor"])
    assert concept.status_code == 422 and concept.json()["error"]["code"] == "unknown_link_target"
    wrong_type = client.post(url, json={"concept": "enmeshment", "type": "cites"}, headers=h["editor"])
    assert wrong_type.status_code == 422
    both = client.post(url, json={"concept": "enmeshment", "vignette": "donna"}, headers=h["editor"])
    assert both.status_code == 422
    assert client.post("/articles/nope/links", json={"vignette": "donna"}, headers=h["editor"]).status_code == 404
    assert client.post(url, json={"vignette": "donna"}, headers=h["reader"]).status_code == 403
    assert links() == before  # nothing written by the refused ones

    backlinks = client.get("/vignettes/donna/articles", headers=h["reader"]).json()
    assert {(i["article"]["id"], i["via"]) for i in backlinks["items"]} == {(ARTICLE_ID, "vignette-source")}
    mia = client.get("/vignettes/mia-and-her-widowed-father/articles", headers=h["reader"]).json()
    assert [(i["article"]["id"], i["type"], i["via"]) for i in mia["items"]] == [
        (ARTICLE_ID, "illustrated-by", "article-link")
    ]
    assert client.get("/vignettes/no-such/articles", headers=h["reader"]).status_code == 404

    enmeshment = client.get("/concepts/enmeshment/articles", headers=h["reader"]).json()
    assert [a["id"] for a in enmeshment["linked"]] == [ARTICLE_ID]
    tagged = {t["article"]["id"]: t for t in enmeshment["tagged"]}
    assert tagged[ARTICLE_ID]["affirmed"] >= 1
    codependency = client.get("/concepts/codependence/articles", headers=h["reader"]).json()
    assert codependency["linked"] == [] and codependency["tagged"][0]["article"]["id"] == ARTICLE_ID
    assert client.get("/concepts/nothing-like-this/articles", headers=h["reader"]).status_code == 404

    gone = client.delete(
        url, params={"vignette": "mia-and-her-widowed-father", "type": "illustrated-by"}, headers=h["editor"]
    )
    assert gone.status_code == 204
    assert (
        client.delete(
            url, params={"vignette": "mia-and-her-widowed-father", "type": "illustrated-by"}, headers=h["editor"]
        ).status_code
        == 404
    )
    assert client.delete(url, params={"concept": "enmeshment"}, headers=h["editor"]).status_code == 204
    assert links() == []
    trail = client.get("/audit", params={"entity_id": ARTICLE_ID}, headers=h["admin"]).json()["items"]
    assert [e["action"] for e in trail[:4]] == ["unlink", "unlink", "link", "link"]


def test_deleting_an_article_a_vignette_cites_keeps_the_citation(api) -> None:
    client, h, _db = api
    post_shared(client, h)
    assert client.delete(f"/articles/{ARTICLE_ID}", headers=h["editor"]).status_code == 204
    assert client.get(f"/articles/{ARTICLE_ID}", headers=h["reader"]).status_code == 404
    backlinks = client.get("/vignettes/donna/articles", headers=h["reader"]).json()["items"]
    assert [(b["article"]["id"], b["article"]["stored"], b["type"], b["via"]) for b in backlinks] == [
        (ARTICLE_ID, False, "source-of", "vignette-source")
    ]
    assert backlinks[0]["article"]["title"] == TITLE
    post_shared(client, h)  # the citation is filled in again
    assert client.get(f"/articles/{ARTICLE_ID}", headers=h["reader"]).json()["author"] == "J. F., LCSW"


def test_draft_of_the_shared_article_is_a_valid_vignette(api) -> None:
    client, h, _db = api
    post_shared(client, h)
    r = client.post(f"/articles/{ARTICLE_ID}/draft", headers=h["reader"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["valid"] and body["problems"] == [] and body["vignette_id"] == "donna-draft"
    assert "source:\n  article_id: ambivalence-codependence-mother-daughter" in body["yaml"]
    assert body["counts"]["persons"] >= 6 and body["counts"]["interventions"] >= 4
    text = SHARED.read_text()
    assert text[body["passage_start"] :].startswith("when donna began therapy")
    assert client.post("/articles/nope/draft", headers=h["reader"]).status_code == 404


def test_pasted_text_is_read_in_the_format_it_shows() -> None:
    markdown = (ROOT / "tests" / "articles" / "the-peacemaker-child.md").read_text()
    assert body_from_text(markdown, {}).format == "markdown"  # its "# heading" and **strong** words
    assert body_from_text("<p>Tom was <b>parentified</b>.</p>", {}).format == "html"
    assert body_from_text(SHARED.read_text(), {}).format == "text"
    assert body_from_text("3 * 4 is not #1, and [sic] (twice).", {}).format == "text"  # nothing Markdown's own
    assert body_from_text(markdown, {"format": "text"}).format == "text"  # the writer's choice wins
    with pytest.raises(ArticleInvalid, match="a web address that starts with https://"):
        prepare(body_from_text("Tom was parentified.", {"title": "Tom", "url": "www.example.org"}))


def test_an_edited_article_keeps_the_form_it_came_in_and_the_same_text_is_unchanged(api) -> None:
    _client, _h, db = api
    path = ROOT / "tests" / "articles" / "after-her-fathers-death.html"
    created = create_article(
        db,
        VOCAB,
        prepare(body_from_upload(path.read_bytes(), path.name, None, {"id": "grief-html"}), path.name),
        Actor("web", "editor"),
    )
    stored = get_article(db, VOCAB, "grief-html")
    fields = {"title": stored.title, "author": stored.author, "url": stored.url}
    # the stored plain text sent back as a browser sends a textarea (CRLF line ends): nothing changed
    same = prepare_revision("grief-html", stored.format, stored.text.replace("\n", "\r\n"), fields)
    assert same.version == created.version
    assert replace_article(db, VOCAB, "grief-html", same, Actor("web", "editor"), created.version).status == "unchanged"
    # a changed word: a new version, still HTML as it came in, its paragraphs kept (not re-read as HTML)
    edited = prepare_revision("grief-html", stored.format, stored.text.replace("Grief", "Mourning", 1), fields)
    saved = replace_article(db, VOCAB, "grief-html", edited, Actor("web", "editor"), created.version)
    after = get_article(db, VOCAB, "grief-html")
    assert saved.status == "replaced" and after.format == "html" and after.version == saved.version
    assert after.text.count("\n\n") == stored.text.count("\n\n") and "Mourning" in after.text
    with pytest.raises(ArticleInvalid, match="title"):
        prepare_revision("grief-html", stored.format, stored.text, {"title": ""})
    delete_article(db, "grief-html", Actor("web", "editor"))
