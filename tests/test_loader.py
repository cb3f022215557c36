"""`kb load` into the real Neo4j: idempotent, replacing, all-or-nothing; Donna's graph holds her story."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.authoring.validate import VignetteInvalid
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.loader import load_paths, remove_vignette
from tests.conftest import ROOT, kb_env, run_kb
from tests.vignette_texts import MINIMAL

VIGNETTES = ROOT / "vignettes"
VOCAB = load_vocabulary()


def counts(db: Database) -> dict[str, int]:
    return db.read("graph_counts")[0]


@pytest.fixture()
def loaded(clean_db: Database) -> Database:
    load_paths(clean_db, [VIGNETTES], VOCAB)
    return clean_db


def test_load_all_vignettes_then_reload_changes_no_counts(clean_db: Database) -> None:
    first = load_paths(clean_db, [VIGNETTES], VOCAB, batch_size=5)
    assert len(first.created) >= 21 and not first.changed
    after_first = counts(clean_db)
    assert after_first["vignettes"] == len(first.created)
    assert after_first["concepts"] == len(VOCAB)
    second = load_paths(clean_db, [VIGNETTES], VOCAB)
    assert sorted(second.unchanged) == sorted(first.created)
    assert not second.created and not second.changed
    assert counts(clean_db) == after_first


def test_changed_vignette_replaces_its_facts(clean_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "test-mira.yaml"
    path.write_text(MINIMAL)
    load_paths(clean_db, [path], VOCAB)
    before = {f["id"] for f in clean_db.read("vignette_facts", id="test-mira")}
    assert "b-drink" in before
    edited = MINIMAL.replace(
        "  - {id: b-drink, person: brother, behavior: heavy drinking, phase: adulthood, "
        'evidence: "He drinks most nights"}\n',
        "",
    ).replace("result: improved", "result: mixed")
    path.write_text(edited)
    summary = load_paths(clean_db, [path], VOCAB)
    assert summary.changed == ["test-mira"]
    assert summary.facts_removed == len(before)
    facts = {f["id"]: f for f in clean_db.read("vignette_facts", id="test-mira")}
    assert set(facts) == before - {"b-drink"}
    assert facts["o-boundaries"]["result"] == "mixed"
    c = counts(clean_db)
    assert c["facts"] == len(facts) and c["persons"] == 2


def test_a_bad_file_writes_nothing(clean_db: Database, tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(MINIMAL)
    (tmp_path / "zbad.yaml").write_text(
        MINIMAL.replace("test-mira", "test-bad").replace("pattern: codependence", "pattern: codependance")
    )
    before = counts(clean_db)
    with pytest.raises(VignetteInvalid) as err:
        load_paths(clean_db, [tmp_path], VOCAB)
    assert [p.path for p in err.value.problems] == ["patterns.0.pattern"]
    assert counts(clean_db) == before


def test_remove_takes_one_vignette_out(loaded: Database) -> None:
    before = counts(loaded)
    persons = len(loaded.read("vignette_persons", id="donna"))
    facts = len(loaded.read("vignette_facts", id="donna"))
    assert remove_vignette(loaded, "donna") == 1 + persons + facts
    after = counts(loaded)
    assert after["vignettes"] == before["vignettes"] - 1
    assert after["facts"] == before["facts"] - facts
    assert after["persons"] == before["persons"] - persons
    assert loaded.read("vignette_facts", id="donna") == []
    assert remove_vignette(loaded, "donna") == 0


def test_cli_load_and_remove(clean_db: Database, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "test-mira.yaml").write_text(MINIMAL)
    env = kb_env(settings)
    run = lambda *a: run_kb(*a, env=env)  # noqa: E731
    first = run("load", str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert "created" in first.stdout and " 1 " in first.stdout.split("created")[1].splitlines()[0] + " "
    again = run("load", str(tmp_path))
    assert "unchanged" in again.stdout
    gone = run("remove", "test-mira")
    assert gone.returncode == 0 and "Removed vignette 'test-mira'" in gone.stdout
    missing = run("remove", "test-mira")
    assert missing.returncode == 1 and "No vignette 'test-mira'" in missing.stderr


# --------------------------------------------------------------------------- Donna


def _facts(db: Database) -> list[dict]:
    return db.read("vignette_facts", id="donna")


def _find(facts: list[dict], kind: str, concept: str, person: str | None = None) -> list[dict]:
    return [
        f
        for f in facts
        if f["kind"] == kind
        and f["concept"] == concept
        and (person is None or any(p["person"] == person for p in f["persons"]))
    ]


def test_donna_persons_and_relations(loaded: Database) -> None:
    persons = {p["id"]: p for p in loaded.read("vignette_persons", id="donna")}
    assert {"donna", "mother", "father", "boyfriend", "teacher", "counselor", "therapist"} <= set(persons)
    rel = {(p, r["type"], r["to"]) for p, person in persons.items() for r in person["relations"]}
    assert ("mother", "mother_of", "donna") in rel
    assert ("father", "father_of", "donna") in rel
    assert ("therapist", "therapist_of", "donna") in rel
    assert any(t == "partner_of" and {p, to} == {"donna", "boyfriend"} for p, t, to in rel)
    assert any(p == "teacher" and t == "teacher_of" for p, t, _ in rel)
    assert any(p == "counselor" and t == "counselor_of" for p, t, _ in rel)


def test_donna_facts_hold_with_their_evidence(loaded: Database) -> None:
    facts = _facts(loaded)
    narrative = load_vignette_narrative(loaded)
    expected = [
        ("role", "only-child", "donna"),
        ("role", "parentified-child", "donna"),
        ("role", "client", "donna"),
        ("role", "single-parent", "mother"),
        ("role", "alcoholic-parent", "mother"),
        ("behavior", "heavy-drinking", "mother"),
        ("behavior", "excessive-contact", "donna"),
        ("behavior", "relationship-sabotage", "donna"),
        ("behavior", "silent-treatment", "mother"),
        ("pattern", "role-reversal", None),
        ("pattern", "codependency", None),
        ("pattern", "ambivalence", None),
        ("pattern", "depression", "mother"),
        ("intervention", "inner-child-work", "donna"),
        ("intervention", "boundary-setting", "donna"),
        ("intervention", "substance-use-treatment", "mother"),
        ("outcome", "healthier-contact", "donna"),
        ("outcome", "reconciliation", "donna"),
    ]
    for kind, concept, person in expected:
        found = _find(facts, kind, concept, person)
        assert found, (kind, concept, person)
        for f in found:
            assert f["evidence"], (kind, concept)
            for quote, start, end in zip(f["evidence"], f["evidence_start"], f["evidence_end"], strict=True):
                assert narrative[start:end] == quote


def test_donna_story_details(loaded: Database) -> None:
    facts = _facts(loaded)
    calls = _find(facts, "behavior", "excessive-contact", "donna")[0]
    assert "several times a day" in " ".join(calls["evidence"])
    contact = _find(facts, "outcome", "healthier-contact", "donna")[0]
    assert "once a week" in " ".join(contact["evidence"]) and contact["result"] == "improved"
    refusal = _find(facts, "behavior", "silent-treatment", "mother")[0]
    assert "refused to talk" in " ".join(refusal["evidence"])
    inner = _find(facts, "intervention", "inner-child-work")[0]
    assert any(p["type"] == "BY" and p["person"] == "therapist" for p in inner["persons"])
    rehab = _find(facts, "intervention", "substance-use-treatment")[0]
    assert "day rehab" in " ".join(rehab["evidence"])
    reconciliations = _find(facts, "outcome", "reconciliation")
    text = " ".join(q for f in reconciliations for q in f["evidence"])
    assert "father" in text and "reconcile" in text
    role_reversal = _find(facts, "pattern", "role-reversal")[0]
    assert "switched roles" in " ".join(role_reversal["evidence"])
    assert any(link["type"] == "SHOWN_BY" for link in role_reversal["links"])
    phases = {f["phase"] for f in facts if f["phase"]}
    assert {"childhood", "adolescence", "college", "adulthood", "therapy", "follow-up"} <= phases


def load_vignette_narrative(db: Database) -> str:
    return db.read("vignette_get", id="donna")[0]["narrative"]
