"""Teaching cases against the real Neo4j: draft, create, edit, conflicting edit, versions and restore, delete, a
vignette change flagging a case stale, a vignette removal needing confirmation, and bad input writing nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.keys import Neo4jKeyStore, Role
from kb.writing.loader import load_paths
from tests.conftest import CYPHER, ROOT, api_client, derive

VOCAB = load_vocabulary()
USED = ["donna", "carla-and-her-brother", "mei-the-second-mother"]
ROLE_QUESTION = "What role did Donna take with her mother as a child, and what in the text shows it?"
DRAFT = {"concepts": ["parentification", "codependence"], "vignettes": 2, "include": ["donna"]}
YAML = {"Content-Type": "application/yaml"}


@pytest.fixture()
def api(settings: Settings, clean_db: Database) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    load_paths(clean_db, [ROOT / "vignettes" / f"{vid}.yaml" for vid in USED], VOCAB)
    store = Neo4jKeyStore(clean_db)
    headers = {
        role.value: {"Authorization": f"Bearer {store.add(role.value, role, Actor.command_line())[1]}"} for role in Role
    }
    with api_client(create_app(derive(settings, kb_api_anonymous_reads=True))) as client:
        yield client, headers


def drafted(client: TestClient, h: dict[str, dict[str, str]], **changes: object) -> dict:
    r = client.post("/teaching-cases/draft", json={**DRAFT, **changes}, headers=h["reader"])
    assert r.status_code == 200, r.text
    return r.json()


def created(client: TestClient, h: dict[str, dict[str, str]]) -> tuple[dict, str]:
    case = drafted(client, h)["case"]
    r = client.post("/teaching-cases", json=case, headers=h["editor"])
    assert r.status_code == 201, r.text
    return case, r.headers["ETag"]


def questions(case: dict) -> list[dict]:
    return [q for s in case["sections"] for q in s["questions"]]


def cases_stored(db: Database) -> int:
    labels = db.read(CYPHER["admin_snapshot"])[0]["labels"]
    return sum(int(x.split(":")[1]) for x in labels if x.startswith("TeachingCase"))


def test_draft_chooses_explains_cuts_and_answers_from_the_facts(api, db: Database) -> None:
    client, h = api
    result = drafted(client, h)
    assert [r["concept"]["id"] for r in result["resolved"]] == ["parentification", "codependency"]  # a synonym
    first, second = result["choices"]
    assert first["vignette"] == "donna" and "evidence quote" in first["why"]
    assert second["vignette"] in USED and second["similarity"] > 0 and "Similar to" in second["why"]
    case = result["case"]
    assert [s["kind"] for s in case["sections"]] == [
        "presenting-problem",
        "history",
        "family-dynamics",
        "intervention",
        "outcome",
    ]
    narratives = {vid: yaml.safe_load((ROOT / "vignettes" / f"{vid}.yaml").read_text())["narrative"] for vid in USED}
    for s in case["sections"]:  # cut from the narrative, never written anew
        assert s["passages"]
        for p in s["passages"]:
            assert narratives[p["vignette"]][p["start"] : p["end"]] == p["text"]
    history = next(s for s in case["sections"] if s["kind"] == "history")
    donna_history = " ".join(p["text"] for p in history["passages"] if p["vignette"] == "donna")
    assert "switched roles" in donna_history and "began therapy" not in donna_history
    role = next(q for q in questions(case) if q["text"] == ROLE_QUESTION)
    assert role["kind"] == "recognition" and role["answer"]["text"].startswith("Parentified child")
    cited = {(f["vignette"], f["fact"]) for f in role["answer"]["facts"]}
    assert ("donna", "r-parentified") in cited
    facts = {f["id"]: f for v in case["vignettes"] if v["id"] == "donna" for f in v["snapshot"]["facts"]}
    assert "donna and her mother switched roles" in facts["r-parentified"]["evidence"][0]["text"]
    assert {q["kind"] for q in questions(case)} == {"recognition", "evidence", "mechanism", "what-next", "what-if"}
    assert all(o.split()[0] in {"Identify", "Explain", "Distinguish", "Evaluate", "Plan"} for o in case["objectives"])
    assert drafted(client, h) == result  # deterministic
    assert cases_stored(db) == 0  # a draft writes nothing
    beginners = drafted(client, h, audience="first-year trainees")["case"]
    assert len(questions(beginners)) < len(questions(case))


def test_create_edit_conflict_versions_restore_delete_with_audit(api) -> None:
    client, h = api
    case, etag = created(client, h)
    cid = case["id"]
    assert client.post("/teaching-cases", json=case, headers=h["reader"]).status_code == 403
    assert client.post("/teaching-cases", json=case, headers=h["editor"]).status_code == 409  # the id is taken
    got = client.get(f"/teaching-cases/{cid}", headers=h["reader"])
    assert got.status_code == 200 and got.headers["ETag"] == etag and got.json()["stale"] == []
    assert got.json()["revision"] == 1 and got.json()["case"] == case

    edited = {**case, "title": "Parentified daughters: Donna and a second case"}
    no_version = client.put(f"/teaching-cases/{cid}", json=edited, headers=h["editor"])
    assert no_version.status_code == 428 and "If-Match" in no_version.json()["error"]["message"]
    saved = client.put(f"/teaching-cases/{cid}", json=edited, headers={**h["editor"], "If-Match": etag})
    assert saved.status_code == 200 and saved.json()["revision"] == 2 and saved.headers["ETag"] != etag
    late = {**case, "audience": "supervisors"}  # someone else, still holding the first version
    conflict = client.put(f"/teaching-cases/{cid}", json=late, headers={**h["editor"], "If-Match": etag})
    assert conflict.status_code == 409
    assert conflict.json()["error"]["current_version"] == saved.headers["ETag"].strip('"')
    assert client.get(f"/teaching-cases/{cid}", headers=h["reader"]).json()["case"]["audience"] == case["audience"]

    history = client.get(f"/teaching-cases/{cid}/versions", headers=h["reader"]).json()
    assert [(v["revision"], v["action"]) for v in history["items"]] == [(2, "replace"), (1, "create")]
    old = client.get(f"/teaching-cases/{cid}/versions/1", headers=h["reader"]).json()
    assert old["case"]["title"] == case["title"]
    restored = client.post(
        f"/teaching-cases/{cid}/versions/1/restore", headers={**h["editor"], "If-Match": saved.headers["ETag"]}
    )
    assert restored.status_code == 200 and restored.json()["revision"] == 3 and restored.json()["status"] == "restored"
    now = client.get(f"/teaching-cases/{cid}", headers=h["reader"]).json()
    assert now["case"]["title"] == case["title"] and now["version"] == etag.strip('"')
    listed = client.get("/teaching-cases", params={"concept": "emotional parentification", "vignette": "donna"})
    assert [c["id"] for c in listed.json()["items"]] == [cid]
    assert client.get("/teaching-cases", params={"vignette": "mei-the-second-mother"}).json()["total"] in (0, 1)

    assert client.delete(f"/teaching-cases/{cid}", headers=h["reader"]).status_code == 403
    assert client.delete(f"/teaching-cases/{cid}", headers=h["editor"]).status_code == 204
    assert client.get(f"/teaching-cases/{cid}", headers=h["reader"]).status_code == 404
    trail = client.get("/audit", params={"entity_id": cid}, headers=h["admin"]).json()["items"]
    assert [e["action"] for e in trail] == ["remove", "restore", "replace", "create"]
    assert trail[1]["change"]["restored_from"] == 1 and {e["entity"] for e in trail} == {"teaching-case"}


def test_a_changed_or_removed_vignette_flags_the_case_and_removal_needs_confirming(api, tmp_path: Path) -> None:
    client, h = api
    case, etag = created(client, h)
    cid = case["id"]
    donna = yaml.safe_load((ROOT / "vignettes" / "donna.yaml").read_text())
    vignette = client.get("/vignettes/donna", headers=h["reader"])
    donna["summary"] = donna["summary"] + " Her therapist saw her for about two years."
    changed = client.put("/vignettes/donna", json=donna, headers={**h["editor"], "If-Match": vignette.headers["ETag"]})
    assert changed.status_code == 200, changed.text

    stale = client.get(f"/teaching-cases/{cid}", headers=h["reader"]).json()
    assert stale["case"] == case  # never changed silently
    [flag] = stale["stale"]
    assert flag["vignette"] == "donna" and flag["reason"] == "changed" and flag["sections"] == [0, 1, 2, 3, 4]
    assert flag["current_version"] == changed.json()["version"]
    assert client.get("/teaching-cases", params={"vignette": "donna"}).json()["items"][0]["stale"] is True
    html = client.get(f"/teaching-cases/{cid}/export", params={"format": "html", "edition": "instructor"}).text
    assert "Check before teaching" in html
    edited = {**case, "title": "Edited while stale"}  # other edits still save; the old cut is kept, flagged
    kept = client.put(f"/teaching-cases/{cid}", json=edited, headers={**h["editor"], "If-Match": etag})
    assert kept.status_code == 200 and client.get(f"/teaching-cases/{cid}").json()["stale"] != []
    refreshed = client.post(f"/teaching-cases/{cid}/refresh", headers={**h["editor"], "If-Match": kept.headers["ETag"]})
    assert refreshed.status_code == 200 and refreshed.json()["status"] == "refreshed"
    assert client.get(f"/teaching-cases/{cid}").json()["stale"] == []

    refused = client.delete("/vignettes/donna", headers=h["editor"])
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "vignette_in_use"
    assert refused.json()["error"]["teaching_cases"][0]["id"] == cid
    assert client.get("/vignettes/donna", headers=h["reader"]).status_code == 200
    assert client.delete("/vignettes/donna", params={"confirm": True}, headers=h["editor"]).status_code == 204
    gone = client.get(f"/teaching-cases/{cid}").json()
    assert gone["stale"][0]["reason"] == "removed" and gone["stale"][0]["current_version"] is None
    pdf = client.get(f"/teaching-cases/{cid}/export", params={"format": "md", "edition": "instructor"})
    assert pdf.status_code == 200 and "was removed" in pdf.text


def test_bad_input_is_refused_clearly_and_writes_nothing(api, db: Database) -> None:
    client, h = api
    case = drafted(client, h)["case"]
    before = db.read(CYPHER["admin_snapshot"])[0]

    def refused(body: dict, path: str, words: str) -> None:
        r = client.post("/teaching-cases", json=body, headers=h["editor"])
        assert r.status_code == 422, r.text
        problems = {p["path"]: p["message"] for p in r.json()["error"]["problems"]}
        assert path in problems and words in problems[path], problems

    unknown = {**case, "vignettes": [*case["vignettes"], {"id": "no-such-vignette"}]}
    refused(unknown, "vignettes.2.id", "No vignette 'no-such-vignette'")
    refused({**case, "concepts": ["parentificashun zzz"]}, "concepts.0", "matches")
    refused({**case, "title": "  "}, "title", "must not be empty")
    sections = [dict(s) for s in case["sections"]]
    sections[1] = {**sections[1], "cuts": [{"vignette": "donna", "phases": ["retirement"]}], "passages": []}
    refused({**case, "sections": sections}, "sections.1.cuts.0.phases.0", "has no phase 'retirement'")
    rewritten = [dict(s) for s in case["sections"]]
    first = dict(rewritten[0]["passages"][0])
    first["text"] = "Donna was a happy child who never worried about anyone."
    rewritten[0] = {**rewritten[0], "passages": [first, *rewritten[0]["passages"][1:]]}
    refused({**case, "sections": rewritten}, "sections.0.passages.0.text", "never rewritten")
    as_yaml = client.post("/teaching-cases", content="id: x\ntitle: [unclosed\n", headers={**h["editor"], **YAML})
    assert as_yaml.status_code == 422 and "malformed YAML" in as_yaml.json()["error"]["problems"][0]["message"]
    unknown_concept = client.post("/teaching-cases/draft", json={"concepts": ["zzqx"]}, headers=h["reader"])
    assert unknown_concept.status_code == 404 and unknown_concept.json()["error"]["code"] == "unknown_term"
    no_vignette = client.post("/teaching-cases/draft", json={**DRAFT, "include": ["nobody"]}, headers=h["reader"])
    assert no_vignette.status_code == 404 and "nobody" in no_vignette.json()["error"]["message"]
    assert db.read(CYPHER["admin_snapshot"])[0] == before and cases_stored(db) == 0

    created(client, h)
    for params, word in (({"format": "docx"}, "format"), ({"edition": "trainee"}, "edition")):
        r = client.get(f"/teaching-cases/{case['id']}/export", params=params)
        assert r.status_code == 422 and word in r.json()["error"]["message"]
    assert client.get("/teaching-cases/no-such-case/export").status_code == 404
