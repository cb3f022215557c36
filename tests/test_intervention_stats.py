"""The intervention aggregates stay equal to a computation from the facts through loads, changes, removals and a
new concept hierarchy; bounded listings give the same pages as the exhaustive query."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.queries import vignettes as vignette_queries
from kb.queries.interventions import interventions_for, outcomes_after
from kb.queries.kin import IMPLIED_GENDER
from kb.queries.vignettes import filtered_page
from kb.settings import Settings
from kb.store import stats
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary, load_vocabulary
from kb.writing.loader import load_paths, remove_vignette
from tests.conftest import ROOT, kb_env, run_kb

VOCAB = load_vocabulary()


def copy_vignettes(tmp_path: Path) -> Path:
    folder = tmp_path / "vignettes"
    shutil.copytree(ROOT / "vignettes", folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def flat_incest(vocab: Vocabulary) -> Vocabulary:
    """The vocabulary with emotional incest no longer narrower than enmeshment."""
    return Vocabulary(
        c.model_copy(update={"broader": []}) if c.id == "emotional-incest" else c for c in vocab.concepts.values()
    )


@pytest.mark.parametrize("sample", [stats.SAMPLE, 2])  # 2: removals leave samples short, so refills run
def test_stats_match_the_facts_through_changes(
    clean_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample: int
) -> None:
    monkeypatch.setattr(stats, "SAMPLE", sample)
    folder = copy_vignettes(tmp_path)
    load_paths(clean_db, [folder], VOCAB)
    assert stats.check(clean_db, VOCAB) == []
    before = interventions_for(clean_db, VOCAB, "enmeshment", support=sample)
    assert before.total >= 3 and all(len(i.support) == min(sample, i.uses) for i in before.items)

    # a changed vignette: an outcome's result and an intervention's targets
    donna = folder / "donna.yaml"
    text = donna.read_text()
    assert "result: mixed" in text and "targets: [p-donna-depression, p-separation, b-isolation]" in text
    donna.write_text(
        text.replace("result: mixed", "result: worse", 1).replace(
            "targets: [p-donna-depression, p-separation, b-isolation]", "targets: [p-donna-depression]"
        )
    )
    assert load_paths(clean_db, [folder], VOCAB).changed == ["donna"]
    assert stats.check(clean_db, VOCAB) == []

    # removals, the first vignette in id order among them (it heads many samples)
    first = sorted(p.stem for p in folder.glob("*.yaml"))[0]
    for vid in (first, "donna"):
        assert remove_vignette(clean_db, vid) > 0
        assert stats.check(clean_db, VOCAB) == []
    after = interventions_for(clean_db, VOCAB, "enmeshment", support=sample)
    assert all(u.vignette_id not in (first, "donna") for i in after.items for u in i.support)

    # a new hierarchy rebuilds everything: enmeshment no longer counts emotional incest
    flat = flat_incest(VOCAB)
    load_paths(clean_db, [folder], flat)
    assert stats.check(clean_db, flat) == []
    narrow = interventions_for(clean_db, flat, "enmeshment", support=sample)
    assert narrow.resolved.includes == []
    assert all(p.matched.id == "enmeshment" for i in narrow.items for u in i.support for p in u.paths)
    load_paths(clean_db, [folder], VOCAB)
    assert stats.check(clean_db, VOCAB) == []


def test_outcomes_after_read_the_interventions_own_stats(clean_db: Database) -> None:
    load_paths(clean_db, [ROOT / "vignettes"], VOCAB)
    answer = outcomes_after(clean_db, VOCAB, "boundary setting")
    resolved, items = answer.resolved, answer.items
    assert resolved.concept.id == "boundary-setting" and items
    scratch = {
        r["intervention"]: r
        for c in [resolved.concept.id, *(x.id for x in resolved.includes)]
        for r in clean_db.read("stats_scratch_own", concept_id=c, sample=stats.SAMPLE)
    }
    for item in items:
        want = scratch[item.intervention.id]
        assert (item.vignettes, item.uses, item.outcomes.improved, item.outcomes.worse) == (
            want["vignettes"],
            want["uses"],
            want["improved"],
            want["worse"],
        )
        assert [f"{u.vignette_id} {u.fact_id}" for u in item.support] == want["sample"][:5]
        assert all(p.matched.id == item.intervention.id for u in item.support for p in u.paths)


def test_kb_stats_check_finds_a_wrong_stat_and_rebuild_fixes_it(clean_db: Database, settings: Settings) -> None:
    load_paths(clean_db, [ROOT / "vignettes"], VOCAB)
    env = kb_env(settings)
    assert run_kb("stats", "check", env=env).returncode == 0
    clean_db.write_steps([stats.add_step(["donna"])])  # counts donna twice
    bad = run_kb("stats", "check", env=env)
    assert bad.returncode == 1 and "differ from the facts" in bad.stderr
    assert run_kb("stats", "rebuild", env=env).returncode == 0
    assert run_kb("stats", "check", env=env).returncode == 0


NONE = {"kin": [], "without": [], "implied": IMPLIED_GENDER}  # no family relation, no exclusion


def test_bounded_listing_pages_equal_the_exhaustive_ones(clean_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    load_paths(clean_db, [ROOT / "vignettes"], VOCAB)
    client, patterns = VOCAB.descendants("client"), ["boundary-problems", "enmeshment", "codependency"]
    walked = 0
    for p in patterns:
        filters = [client, VOCAB.descendants(p)]
        for limit, offset in ((2, 0), (3, 2), (20, 0)):
            exhaustive = clean_db.read("vignettes_by_concepts", filters=filters, limit=limit, offset=offset, **NONE)[0]
            walk = clean_db.read(
                "vignettes_by_concepts_walk", filters=filters, limit=limit, offset=offset, examine=10_000, **NONE
            )
            walked += len(walk)
            assert walk == exhaustive["items"]
            assert filtered_page(clean_db, filters, limit, offset) == (exhaustive["total"], False, exhaustive["items"])
    assert walked > 0
    monkeypatch.setattr(vignette_queries, "CAP", 3)
    total, capped, items = filtered_page(clean_db, [client, VOCAB.descendants("boundary-problems")], 2, 0)
    assert (total, capped, len(items)) == (3, True, 2)
