"""`kb generate`: synthetic vignettes that pass the validator, are marked synthetic and repeat for a seed."""

from __future__ import annotations

import statistics
from pathlib import Path

from kb.authoring.generate import generate
from kb.authoring.validate import check_data, check_files
from kb.vocab.vocabulary import load_vocabulary
from tests.conftest import ROOT, run_kb

VOCAB = load_vocabulary()


def test_generated_vignettes_are_valid_realistic_and_marked() -> None:
    docs = list(generate(VOCAB, 300, seed=4))
    for doc in docs:
        checked = check_data(doc, doc["id"], VOCAB)  # raises on any problem, evidence included
        assert checked.vignette.synthetic and checked.vignette.composite
        assert doc["id"].startswith("syn-")
        assert 4 <= len(doc["persons"]) <= 12
        assert 3 <= len(doc["behaviors"]) <= 15
        assert 1 <= len(doc["interventions"]) <= 5 and len(doc["outcomes"]) == len(doc["interventions"])
    # skewed: the most common pattern is far more common than the median one
    counts: dict[str, int] = {}
    for doc in docs:
        for p in doc["patterns"]:
            counts[p["pattern"]] = counts.get(p["pattern"], 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    assert ranked[0] >= 5 * statistics.median(ranked)


def test_same_seed_same_vignettes() -> None:
    assert list(generate(VOCAB, 20, seed=9)) == list(generate(VOCAB, 20, seed=9))
    assert list(generate(VOCAB, 20, seed=9)) != list(generate(VOCAB, 20, seed=10))


def test_cli_writes_files_and_never_into_vignettes(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin"}
    ok = run_kb("generate", "25", "--seed", "3", "--out", str(tmp_path / "syn"), env=env)
    assert ok.returncode == 0, ok.stderr
    results = list(check_files([tmp_path / "syn"], VOCAB))
    assert len(results) == 25 and all(not problems for _, _, problems in results)
    refused = run_kb("generate", "5", "--out", str(ROOT / "vignettes" / "synthetic"), env=env)
    assert refused.returncode == 1 and "never go into" in refused.stderr
    assert not (ROOT / "vignettes" / "synthetic").exists()


def test_the_project_vignettes_are_not_synthetic() -> None:
    for _, checked, _ in check_files([ROOT / "vignettes"], VOCAB):
        assert checked is not None and not checked.vignette.synthetic
