"""What the concepts-first /ask reads lead to, against the real Neo4j loaded with vignettes/: the wrong answers of
issue 13 made right, and the new endpoints (what an intervention was used for, outcomes after it, compare,
family relations and exclusions, profiles with the asked-for kind first, vignettes by title)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.loader import load_paths
from tests.conftest import CYPHER, ROOT, kb_env, run_kb


@pytest.fixture(scope="module", autouse=True)
def loaded(db: Database) -> None:
    db.write(CYPHER["admin_wipe_all"])
    load_paths(db, [ROOT / "vignettes"], load_vocabulary())


def ask(client: TestClient, q: str) -> dict:
    r = client.get("/ask", params={"q": q})
    assert r.status_code == 200, r.text
    return r.json()


def narrative(client: TestClient, vid: str) -> str:
    return client.get(f"/vignettes/{vid}").json()["narrative"]


def test_what_helps_a_parentified_son_counts_interventions_aimed_at_the_pattern_the_role_shows(
    client: TestClient,
) -> None:
    body = ask(client, "what helps a parentified son")
    term, resolved = body["interpretation"]["terms"][0], body["answer"]["resolved"]
    # the interpretation and the answer say the same: the words, and how they were matched
    assert (term["text"], term["how"]) == (resolved["term"], resolved["how"]) == ("parentified son", "synonym")
    items = {i["intervention"]["id"]: i for i in body["answer"]["items"]}
    assert "inner-child-work" in items  # aimed at Donna's parentification, which her role shows
    path = next(p for u in items["inner-child-work"]["support"] if u["vignette_id"] == "donna" for p in u["paths"])
    assert path["targeted"]["concept"]["id"] in ("parentification", "role-reversal")
    assert path["shown_by"]["concept"]["id"] == "parentified-child" and path["shows"] is None


def test_interventions_for_an_alcoholic_dad_are_found(client: TestClient) -> None:
    body = ask(client, "interventions for an alcoholic dad")
    assert body["answer"]["resolved"]["concept"]["id"] == "alcoholic-parent"
    assert body["answer"]["total"] >= 1
    son = ask(client, "what helps the son of an alcoholic father")
    assert son["answer"]["resolved"]["concept"]["id"] == "adult-children-of-alcoholics" and son["answer"]["items"]


def test_interventions_for_an_intervention_say_so_and_offer_what_it_was_used_for(client: TestClient) -> None:
    r = client.get("/interventions", params={"for": "family therapy"})
    assert r.status_code == 404
    error = r.json()["error"]
    assert error["code"] == "is_an_intervention"
    assert "is an intervention (Family therapy)" in error["message"] and "used for" in error["message"]
    assert error["is"]["id"] == "family-therapy" and error["suggestions"] == []
    used = {u["id"]: u["vignettes"] for u in error["used_for"]}
    assert used and all(n >= 1 for n in used.values())


def test_what_an_intervention_was_used_for_is_the_reverse_of_interventions_for(client: TestClient) -> None:
    body = client.get("/interventions/family therapy/targets").json()
    assert body["resolved"]["concept"]["id"] == "family-therapy" and body["vignettes"] >= 1
    assert "structural-family-therapy" in [c["id"] for c in body["narrower"]]
    entries = body["patterns"] + body["behaviors"] + body["roles"]
    assert entries and body["patterns"][0]["vignettes"] >= body["patterns"][-1]["vignettes"]
    for entry in entries[:8]:
        forward = client.get("/interventions", params={"for": entry["concept"]["id"], "limit": 100}).json()
        mine = next(i for i in forward["items"] if i["intervention"]["id"] == "family-therapy")
        assert (mine["vignettes"], mine["uses"], mine["outcomes"]) == (
            entry["vignettes"],
            entry["uses"],
            entry["outcomes"],
        )
        for use in entry["support"]:
            text = narrative(client, use["vignette_id"])
            assert all(text[q["start"] : q["end"]] == q["text"] for q in use["evidence"])
            assert use["paths"] and all(p["matched"]["id"] in _below(entry["concept"]["id"]) for p in use["paths"])
    assert client.get("/interventions/xylophone/targets").status_code == 404
    assert client.get("/interventions/enmeshment/targets").status_code == 404  # a pattern, not an intervention


def _below(cid: str) -> list[str]:
    return load_vocabulary().descendants(cid)


def test_outcomes_after_an_intervention(client: TestClient) -> None:
    body = client.get("/interventions/boundary setting/outcomes").json()
    assert body["resolved"]["concept"]["id"] == "boundary-setting"
    outcomes = [o for i in body["items"] for u in i["support"] for o in u["outcomes"]]
    assert outcomes and all(o["result"] in ("improved", "mixed", "unchanged", "worse") for o in outcomes)


def test_family_relations_and_exclusions_filter_vignettes(client: TestClient) -> None:
    mia = client.get("/vignettes", params={"pattern": "emotional dependence", "kin": "father and daughter"}).json()
    assert [v["id"] for v in mia["items"]] == ["mia-and-her-widowed-father"]
    assert mia["kin"] == [{"words": "father and daughter", "relation": "parent-child", "a": "male", "b": "female"}]
    sons = client.get("/vignettes", params={"kin": "mother and son", "limit": 100}).json()
    daughters = client.get("/vignettes", params={"kin": "mother and daughter", "limit": 100}).json()
    assert sons["total"] and daughters["total"]
    assert "julian-and-his-mother" in [v["id"] for v in sons["items"]]
    assert "julian-and-his-mother" not in [v["id"] for v in daughters["items"]]
    without = client.get("/vignettes", params={"pattern": "enmeshment", "without": "codependency"}).json()
    assert "donna" not in [v["id"] for v in without["items"]]
    assert without["without"][0]["concept"]["id"] == "codependency"
    bad = client.get("/vignettes", params={"kin": "uncle"})
    assert bad.status_code == 422 and bad.json()["error"]["parameter"] == "kin"
    assert "uncle" in bad.json()["error"]["message"]


def test_compare_two_patterns(client: TestClient) -> None:
    body = client.get("/compare", params={"a": "enmeshment", "b": "codependency"}).json()
    assert body["a"]["concept"]["id"] == "enmeshment" and body["b"]["profile"]["resolved"]["concept"]["id"]
    assert body["vignettes_with_both"] == 1  # donna
    roles = next(d for d in body["differences"] if d["kind"] == "roles")
    assert roles["shared"] and (roles["only_a"] or roles["only_b"])
    assert ask(client, "what is the difference between enmeshment and codependency")["answer"] == body
    same = client.get("/compare", params={"a": "enmeshment", "b": "enmeshed"})
    assert same.status_code == 422


def test_profile_lists_the_asked_for_kind_first(client: TestClient) -> None:
    body = client.get("/patterns/enmeshment/profile", params={"focus": "behaviors"}).json()
    assert body["order"][0] == "behaviors" and body["focus"] == "behaviors"
    assert client.get("/patterns/enmeshment/profile").json()["order"][0] == "roles"
    assert client.get("/patterns/enmeshment/profile", params={"focus": "x"}).status_code == 422


def test_cases_like_an_id_in_words_or_a_title(client: TestClient) -> None:
    assert ask(client, "cases like julian and his mother")["answer"]["query"] == "julian-and-his-mother"
    assert ask(client, "cases like The Daughter Who Could Not Leave Home")["answer"]["query"] == "donna"
    assert ask(client, "cases like the daughter who stayed")["answer"]["query"] == "greta-the-daughter-who-stayed"
    concept = ask(client, "cases like codependency")
    assert concept["interpretation"]["intent"] == "vignettes" and concept["answer"]["total"] >= 1
    assert client.get("/ask", params={"q": "cases like nobody-we-know"}).status_code == 404


def test_similar_items_carry_no_stray_score(client: TestClient) -> None:
    body = client.get("/vignettes/donna/similar").json()
    assert body["items"] and all("score" not in item["vignette"] for item in body["items"])
    shared = body["items"][0]["shared"]
    # among equally close concepts, patterns come first
    same = [s["kind"] for s in shared if s["weight"] == 1.0]
    assert same[0] == "pattern" and same == sorted(same, key=lambda k: k != "pattern")


def test_search_phrases_and_typos(client: TestClient) -> None:
    phrase = client.get("/search", params={"q": '"switched roles"'}).json()
    assert [i["id"] for i in phrase["items"]] == ["donna"]
    assert "[[switched roles]]" in phrase["items"][0]["snippet"]
    loose = client.get("/search", params={"q": "switched roles"}).json()
    assert "donna" in [i["id"] for i in loose["items"][:3]]  # the words side by side rank high
    typo = client.get("/search", params={"q": "parentifed"}).json()
    assert {"parentification", "parentified-child"} <= {i["id"] for i in typo["items"]}
    assert any("[[Parentified]]" in i["snippet"] or "[[parentified]]" in i["snippet"] for i in typo["items"])
    for nasty in ('"', '""', '"unclosed phrase', "a~2", 'title:"x"'):
        assert client.get("/search", params={"q": nasty}).status_code in (200, 422)


def test_kb_similar_shows_the_shared_patterns(settings) -> None:
    out = run_kb("similar", "donna", env=kb_env(settings))
    assert out.returncode == 0, out.stderr
    assert "patterns:" in out.stdout and "behaviors:" in out.stdout


def test_kb_ask_shows_the_reading_and_the_other_readings(settings) -> None:
    out = run_kb("ask", "what is triangulation", env=kb_env(settings))
    assert out.returncode == 0, out.stderr
    assert "Understood as what is X" in out.stdout and "Also understood as" in out.stdout
    used = run_kb("ask", "what was family therapy used for", "--json", env=kb_env(settings))
    assert json.loads(used.stdout)["answer"]["resolved"]["concept"]["id"] == "family-therapy"
