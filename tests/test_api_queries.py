"""The query endpoints, against the real Neo4j loaded with vignettes/: answers, evidence and errors."""

from __future__ import annotations

import json

import pytest
import yaml
from fastapi.testclient import TestClient

from kb.queries.similarity import compare
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.loader import load_paths
from tests.conftest import CYPHER, ROOT, kb_env, run_kb


@pytest.fixture(scope="module", autouse=True)
def loaded(db: Database) -> None:
    db.write(CYPHER["admin_wipe_all"])
    load_paths(db, [ROOT / "vignettes"], load_vocabulary())


def narrative(client: TestClient, vid: str) -> str:
    return client.get(f"/vignettes/{vid}").json()["narrative"]


# --------------------------------------------------------------------------- /interventions


def test_interventions_for_enmeshment_with_evidence(client: TestClient) -> None:
    r = client.get("/interventions", params={"for": "enmeshment"})
    assert r.status_code == 200
    body = r.json()
    assert body["resolved"]["concept"]["id"] == "enmeshment"
    assert "emotional-incest" in [c["id"] for c in body["resolved"]["includes"]]
    assert body["total"] == len(body["items"]) >= 3
    # ranked by number of vignettes, most first
    counts = [i["vignettes"] for i in body["items"]]
    assert counts == sorted(counts, reverse=True)
    labels = [i["intervention"]["id"] for i in body["items"]]
    assert labels[0] == "boundary-setting"
    for item in body["items"]:
        for use in item["support"]:
            text = narrative(client, use["vignette_id"])
            for q in use["evidence"]:
                assert text[q["start"] : q["end"]] == q["text"]
            for path in use["paths"]:
                assert path["matched"]["id"] in ("enmeshment", "emotional-incest")
                if path["shows"] is None:
                    assert path["targeted"]["concept"]["id"] in ("enmeshment", "emotional-incest")
                else:
                    assert path["shows"]["concept"]["id"] in ("enmeshment", "emotional-incest")
    # emotional incest (narrower) vignettes are counted under enmeshment
    matched = {p["matched"]["id"] for i in body["items"] for u in i["support"] for p in u["paths"]}
    assert "emotional-incest" in matched


def test_interventions_term_forms_resolve(client: TestClient) -> None:
    base = client.get("/interventions", params={"for": "codependency"}).json()
    for term, how in (("codependence", "synonym"), ("CODEPENDENCY", "id"), ("codependncy", "fuzzy")):
        body = client.get("/interventions", params={"for": term}).json()
        assert body["resolved"]["how"] == how
        assert body["items"] == base["items"]
    plural = client.get("/interventions", params={"for": "parentified children"}).json()
    assert plural["resolved"]["concept"]["id"] == "parentified-child"


def test_interventions_errors(client: TestClient) -> None:
    r = client.get("/interventions", params={"for": "xylophone quantum"})
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "unknown_term"
    assert isinstance(r.json()["error"]["suggestions"], list)
    r = client.get("/interventions", params={"for": "enmeshmant"})
    assert r.status_code == 200  # small typo
    assert client.get("/interventions").status_code == 422
    r = client.get("/interventions", params={"for": "enmeshment", "limit": 0})
    assert r.status_code == 422 and r.json()["error"]["details"][0]["parameter"] == "limit"
    past = client.get("/interventions", params={"for": "enmeshment", "offset": 1000}).json()
    assert past["items"] == [] and past["total"] > 0
    # an intervention is not something interventions are "for"
    r = client.get("/interventions", params={"for": "family therapy"})
    assert r.status_code == 404


# --------------------------------------------------------------------------- /concepts, /patterns


def test_concepts_listing_and_detail(client: TestClient) -> None:
    r = client.get("/concepts", params={"kind": "pattern", "limit": 100}).json()
    assert r["total"] >= 30 and all(c["kind"] == "pattern" for c in r["items"])
    found = client.get("/concepts", params={"q": "incest"}).json()
    assert [c["id"] for c in found["items"]] == ["emotional-incest"]
    detail = client.get("/concepts/enmeshment").json()
    assert detail["definition"] and "enmeshed family" in detail["synonyms"]
    assert [c["id"] for c in detail["broader"]] == ["boundary-problems"]
    assert "emotional-incest" in [c["id"] for c in detail["narrower"]]
    assert detail["vignettes"] >= 3
    codep = client.get("/concepts/codependence").json()
    assert codep["id"] == "codependency" and codep["mappings"] == []  # no code set has it
    assert client.get("/concepts", params={"kind": "planet"}).status_code == 422
    assert client.get("/concepts/zzzqqq").status_code == 404
    empty = client.get("/concepts", params={"q": "zzzqqq"}).json()
    assert empty["total"] == 0 and empty["items"] == []


def test_concepts_by_code(client: TestClient) -> None:
    r = client.get("/concepts", params={"code": "Z62.820"}).json()
    assert [c["id"] for c in r["items"]] == ["parent-adolescent-conflict"]
    assert client.get("/concepts", params={"code": "z62820"}).json()["items"] == r["items"]
    both = client.get("/concepts", params={"code": "Z63.4"}).json()
    assert {c["id"] for c in both["items"]} == {"grief", "parental-death"}
    only_11 = client.get("/concepts", params={"code": "Z63.0", "system": "ICD-11"}).json()
    assert only_11["total"] == 0
    assert client.get("/concepts", params={"code": "Z99.99"}).json()["total"] == 0
    assert client.get("/concepts", params={"code": "Z62.820; DROP"}).status_code == 422
    detail = client.get("/concepts/divorce-and-separation").json()
    assert {(m["system"], m["code"], m["label"], m["match"]) for m in detail["mappings"]} == {
        ("ICD-10-CM", "Z63.5", "Disruption of family by separation and divorce", "exact"),
        ("ICD-10", "Z63.5", "Disruption of family by separation and divorce", "exact"),
        ("ICD-11", "QE70.1", "Disruption of family by separation or divorce", "exact"),
    }


def test_pattern_profile(client: TestClient) -> None:
    r = client.get("/patterns/enmeshment/profile")
    assert r.status_code == 200
    p = r.json()
    assert p["vignettes"] >= 3
    roles = {e["concept"]["id"]: e for e in p["roles"]}
    assert roles and all(e["vignettes"] <= p["vignettes"] for e in p["roles"])
    assert any(e["linked"] > 0 for e in p["roles"] + p["behaviors"])
    assert "boundary-setting" in [e["concept"]["id"] for e in p["interventions"]]
    assert all(e["results"] is not None for e in p["outcomes"])
    assert "enmeshment" not in [e["concept"]["id"] for e in p["patterns"]]
    assert client.get("/patterns/boundary%20setting/profile").status_code == 404  # not a pattern


# --------------------------------------------------------------------------- /vignettes


def test_vignette_filters_all_must_hold(client: TestClient) -> None:
    both = client.get("/vignettes", params=[("role", "parentified child"), ("role", "alcoholic mother")]).json()
    assert [v["id"] for v in both["items"]] == ["donna"]
    assert [f["concept"]["id"] for f in both["filters"]] == ["parentified-child", "alcoholic-parent"]
    one = client.get("/vignettes", params={"role": "parentified child"}).json()
    assert one["total"] >= both["total"]
    # narrower concepts count: boundary problems finds enmeshment and emotional incest vignettes
    broad = {
        v["id"] for v in client.get("/vignettes", params={"pattern": "boundary problems", "limit": 100}).json()["items"]
    }
    narrow = {v["id"] for v in client.get("/vignettes", params={"pattern": "emotional incest"}).json()["items"]}
    assert narrow and narrow <= broad
    text = client.get("/vignettes", params={"q": "rehab", "pattern": "codependency"}).json()
    assert "donna" in [v["id"] for v in text["items"]] and text["items"][0]["score"] > 0
    none = client.get("/vignettes", params=[("pattern", "emotional incest"), ("role", "alcoholic mother")]).json()
    assert none == {**none, "total": 0, "items": []}
    page = client.get("/vignettes", params={"limit": 5, "offset": 5}).json()
    assert len(page["items"]) == 5 and page["total"] >= 21
    past = client.get("/vignettes", params={"offset": 5000}).json()
    assert past["items"] == [] and past["total"] >= 21
    assert client.get("/vignettes", params={"role": "zzzqqq"}).status_code == 404
    assert client.get("/vignettes", params={"limit": 1000}).status_code == 422


def test_vignette_detail_and_graph(client: TestClient) -> None:
    d = client.get("/vignettes/donna").json()
    assert d["source"]["article_id"] == "ambivalence-codependence-mother-daughter"
    assert {p["id"] for p in d["persons"]} >= {"donna", "mother", "therapist"}
    calls = next(b for b in d["behaviors"] if b["concept"]["id"] == "excessive-contact")
    assert calls["persons"]["ABOUT"] == ["donna"]
    for q in calls["evidence"]:
        assert d["narrative"][q["start"] : q["end"]] == q["text"]
    g = client.get("/vignettes/donna/graph").json()
    ids = {n["id"] for n in g["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    assert {"person", "concept", "intervention", "outcome"} <= {n["type"] for n in g["nodes"]}
    assert client.get("/vignettes/no-such-case").status_code == 404
    assert client.get("/vignettes/Bad%20Id!").status_code == 422
    assert client.get("/vignettes/no-such-case/graph").status_code == 404


def test_a_vignette_lists_what_its_file_lists_in_the_file_s_order(client: TestClient) -> None:
    """Targets, 'after' and 'shown_by' links, the persons a fact is for and relations come back in the order the
    vignette's file writes them, every time (they came back in the store's order, which a restart may change)."""
    fields = {"targets": "TARGETS", "after": "AFTER", "shown_by": "SHOWN_BY", "for": "FOR", "persons": "INVOLVES"}
    for path in sorted((ROOT / "vignettes").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        got = client.get(f"/vignettes/{doc['id']}").json()
        for section in ("roles", "behaviors", "patterns", "interventions", "outcomes"):
            stored = {f["id"]: f for f in got[section]}
            for fact in doc.get(section) or []:
                for field, link in fields.items():
                    written = fact.get(field)
                    if not isinstance(written, list) or field not in fact:
                        continue
                    kept = stored[fact["id"]]["links" if link in ("TARGETS", "AFTER", "SHOWN_BY") else "persons"]
                    assert kept.get(link, []) == written, f"{path.name}: {fact['id']}.{field}"
        persons = {p["id"]: p for p in got["persons"]}
        for person in doc["persons"]:
            assert [r["to"] for r in persons[person["id"]]["relations"]] == [
                r["to"] for r in person.get("relations") or []
            ], f"{path.name}: {person['id']}.relations"


# --------------------------------------------------------------------------- similarity


def test_similar_to_a_vignette(client: TestClient) -> None:
    r = client.get("/vignettes/donna/similar", params={"k": 3}).json()
    assert len(r["items"]) == 3 and "donna" not in [s["vignette"]["id"] for s in r["items"]]
    scores = [s["score"] for s in r["items"]]
    assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] <= 1
    top = r["items"][0]
    assert top["shared"] and set(top["by_kind"]) <= {"pattern", "role", "behavior"}
    assert client.get("/vignettes/no-such-case/similar").status_code == 404
    assert client.get("/vignettes/donna/similar", params={"k": 0}).status_code == 422


def test_similar_partial_case_is_taxonomy_aware(client: TestClient) -> None:
    """Sharing the concept counts more than sharing a narrower one, which counts more than a sibling."""
    vocab = load_vocabulary()
    query = {"pattern": {"enmeshment"}}
    same, _, _ = compare(vocab, query, {"pattern": {"enmeshment"}}, {})
    narrower, _, shared = compare(vocab, query, {"pattern": {"emotional-incest"}}, {})
    sibling, _, _ = compare(vocab, query, {"pattern": {"disengagement"}}, {})
    unrelated, _, _ = compare(vocab, query, {"pattern": {"perfectionism"}}, {})
    assert same == 1.0 > narrower > sibling > unrelated == 0.0
    assert shared[0].relation == "narrower" and shared[0].match.id == "emotional-incest"

    broad = client.post("/similar", json={"patterns": ["boundary problems"], "k": 10}).json()
    relations = {x["relation"] for s in broad["items"] for x in s["shared"]}
    assert "narrower" in relations  # vignettes filed under enmeshment are found for boundary problems
    assert broad["resolved"][0]["concept"]["id"] == "boundary-problems"
    assert client.post("/similar", json={}).status_code == 422
    assert client.post("/similar", json={"roles": ["zzzqqq"]}).status_code == 404
    assert client.post("/similar", json={"roles": ["client"], "colour": "red"}).status_code == 422


# --------------------------------------------------------------------------- /search


def test_search_with_snippets(client: TestClient) -> None:
    r = client.get("/search", params={"q": "day rehab"}).json()
    assert r["total"] >= 1 and r["total_capped"] is False
    hit = r["items"][0]
    assert hit["type"] in ("vignette", "concept") and "[[" in hit["snippet"]
    assert any(i["type"] == "vignette" and i["id"] == "donna" for i in r["items"])
    concepts = client.get("/search", params={"q": "covert incest"}).json()
    assert any(i["type"] == "concept" and i["id"] == "emotional-incest" for i in concepts["items"])
    assert client.get("/search", params={"q": "zzzqqqxx"}).json()["items"] == []
    for nasty in ('"', "AND OR NOT", "*:*", "title:(x"):
        assert client.get("/search", params={"q": nasty}).status_code in (200, 422)
    assert client.get("/search", params={"q": '") OR (rehab'}).json()["total"] >= 1


# --------------------------------------------------------------------------- /ask


def test_ask_gives_the_same_answer_as_the_endpoint(client: TestClient) -> None:
    direct = client.get("/interventions", params={"for": "enmeshment"}).json()
    asked = client.get("/ask", params={"q": "interventions for enmeshment"}).json()
    assert asked["interpretation"]["intent"] == "interventions"
    assert asked["interpretation"]["terms"][0]["concept_id"] == "enmeshment"
    assert asked["answer"]["items"] == direct["items"]


@pytest.mark.parametrize(
    ("question", "intent", "check"),
    [
        ("what helps with codependency", "interventions", lambda a: a["resolved"]["concept"]["id"] == "codependency"),
        ("how is parentification treated", "interventions", lambda a: a["items"]),
        (
            "vignettes with a parentified child and an alcoholic mother",
            "vignettes",
            lambda a: [v["id"] for v in a["items"]] == ["donna"],
        ),
        ("roles in enmeshed families", "profile", lambda a: a["roles"]),
        (
            "what outcomes followed boundary setting",
            "outcomes_after",
            lambda a: a["items"] and a["items"][0]["support"][0]["outcomes"],
        ),
        ("cases like donna", "similar", lambda a: a["query"] == "donna" and a["items"]),
        ("what is triangulation", "define", lambda a: a["id"] == "triangulation" and a["definition"]),
    ],
)
def test_ask_forms(client: TestClient, question: str, intent: str, check) -> None:
    r = client.get("/ask", params={"q": question})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["interpretation"]["intent"] == intent
    assert check(body["answer"])


def test_ask_errors(client: TestClient) -> None:
    r = client.get("/ask", params={"q": "tell me a joke"})
    assert r.status_code == 422
    assert "interventions for enmeshment" in r.json()["error"]["forms"]
    r = client.get("/ask", params={"q": "interventions for xylophones"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_term"
    r = client.get("/ask", params={"q": "cases like nobody-we-know"})
    assert r.status_code == 404
    assert client.get("/ask", params={"q": "x" * 400}).status_code == 422


def test_openapi_documents_every_endpoint_with_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/interventions",
        "/concepts",
        "/concepts/{concept_id}",
        "/patterns/{pattern_id}/profile",
        "/vignettes",
        "/vignettes/{vignette_id}",
        "/vignettes/{vignette_id}/graph",
        "/vignettes/{vignette_id}/similar",
        "/similar",
        "/search",
        "/ask",
        "/health",
    ):
        assert path in spec["paths"], path
    params = spec["paths"]["/interventions"]["get"]["parameters"]
    assert any((p["name"] == "for" and p["schema"].get("examples")) or p.get("examples") for p in params)


# --------------------------------------------------------------------------- the CLI mirrors the API


def _kb(settings, *args: str):
    return run_kb(*args, env=kb_env(settings))


def test_kb_ask_gives_the_api_answer(client: TestClient, settings) -> None:
    result = _kb(settings, "ask", "interventions for enmeshment", "--json")
    assert result.returncode == 0, result.stderr
    cli = json.loads(result.stdout)
    api = client.get("/ask", params={"q": "interventions for enmeshment"}).json()
    assert cli["answer"]["items"] == api["answer"]["items"]
    table = _kb(settings, "ask", "interventions for enmeshment")
    assert "Boundary setting" in table.stdout and "Understood as interventions for X" in table.stdout
    same = _kb(settings, "interventions", "enmeshment", "--json")
    assert json.loads(same.stdout)["items"] == api["answer"]["items"]


def test_kb_vignettes_similar_and_errors(settings) -> None:
    listed = _kb(settings, "vignettes", "--role", "parentified child", "--role", "alcoholic mother", "--json")
    assert [v["id"] for v in json.loads(listed.stdout)["items"]] == ["donna"]
    similar = _kb(settings, "similar", "donna", "--json")
    assert json.loads(similar.stdout)["items"]
    unknown = _kb(settings, "interventions", "xylophone quantum")
    assert unknown.returncode == 1 and "no pattern or behavior or role matches" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    puzzled = _kb(settings, "ask", "tell me a joke")
    assert puzzled.returncode == 2 and "interventions for enmeshment" in puzzled.stderr


def test_interventions_support_is_capped_but_counts_are_whole(client: TestClient) -> None:
    full = client.get("/interventions", params={"for": "codependency", "support": 50}).json()
    capped = client.get("/interventions", params={"for": "codependency", "support": 1}).json()
    assert [i["uses"] for i in capped["items"]] == [i["uses"] for i in full["items"]]
    assert all(len(i["support"]) == min(1, i["uses"]) for i in capped["items"])
    assert any(len(i["support"]) > 1 for i in full["items"])
    assert client.get("/interventions", params={"for": "codependency", "support": 0}).status_code == 422
