"""A pattern's profile counts what the vignette files say: every pattern of the vocabulary, through the API, against
a count made here in plain Python from the repository's vignettes (the files as `kb validate` reads them)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kb.authoring.validate import CheckedVignette, check_files
from kb.models import FACT_LISTS
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.loader import load_paths
from tests.conftest import CYPHER, ROOT

VOCAB = load_vocabulary()
KIND_LIST = {"role": "roles", "behavior": "behaviors", "intervention": "interventions", "outcome": "outcomes"}


@pytest.fixture(scope="module", autouse=True)
def loaded(db: Database) -> None:
    db.write(CYPHER["admin_wipe_all"])
    load_paths(db, [ROOT / "vignettes"], VOCAB)


@pytest.fixture(scope="module")
def vignettes() -> list[CheckedVignette]:
    checked = [c for _, c, problems in check_files([ROOT / "vignettes"], VOCAB) if c is not None and not problems]
    assert len(checked) >= 20
    return checked


def facts_of(c: CheckedVignette) -> list[tuple[str, str, str, Any]]:
    """(kind, local id, concept id, the fact as written) for every fact of the vignette."""
    return [
        (kind, c.fact_ids[(name, i)], c.concepts[(name, i)], fact)
        for name, kind in FACT_LISTS.items()
        for i, fact in enumerate(getattr(c.vignette, name))
    ]


def reference(vignettes: list[CheckedVignette], pattern: str) -> tuple[int, dict[tuple[str, str], dict[str, int]]]:
    """The profile by its definition: in each vignette with a fact of the pattern or a narrower one, every other
    fact counts for its concept; it is linked when a pattern fact is shown by it (role, behavior), when it targets
    a pattern fact or a role or behavior showing one (intervention), or when it came after such an intervention."""
    wanted = set(VOCAB.descendants(pattern))
    rows: dict[tuple[str, str], dict[str, int]] = defaultdict(Counter)
    n = 0
    for c in vignettes:
        facts = facts_of(c)
        own = {fid for kind, fid, cid, _ in facts if kind == "pattern" and cid in wanted}
        if not own:
            continue
        n += 1
        shown = {s for kind, fid, _, f in facts if fid in own for s in f.shown_by}
        aimed = {fid for kind, fid, _, f in facts if kind == "intervention" and set(f.targets) & (own | shown)}
        after = {fid for kind, fid, _, f in facts if kind == "outcome" and set(f.after) & aimed}
        linked = {"role": shown, "behavior": shown, "intervention": aimed, "outcome": after, "pattern": set()}
        for kind, fid, cid, f in facts:
            if fid in own:
                continue
            row = rows[(kind, cid)]
            row["linked"] += fid in linked[kind]
            if kind == "outcome":
                row[f.result.value] += 1
        for key in {(kind, cid) for kind, fid, cid, _ in facts if fid not in own}:
            rows[key]["vignettes"] += 1
    return n, rows


def answered(profile: dict[str, Any]) -> dict[tuple[str, str], dict[str, int]]:
    out: dict[tuple[str, str], dict[str, int]] = {}
    for kind in ("role", "behavior", "intervention", "outcome", "pattern"):
        for e in profile[KIND_LIST.get(kind, "patterns")]:
            row = Counter({"vignettes": e["vignettes"], "linked": e["linked"]})
            if kind == "outcome":
                row.update({k: v for k, v in e["results"].items() if v})
            out[(kind, e["concept"]["id"])] = row
    return out


def test_every_pattern_profile_counts_what_the_files_say(client: TestClient, vignettes: list[CheckedVignette]) -> None:
    patterns = [c.id for c in VOCAB.of_kind("pattern")]
    shown = with_narrower = with_links = 0
    for pattern in patterns:
        n, want = reference(vignettes, pattern)
        r = client.get(f"/patterns/{pattern}/profile")
        assert r.status_code == 200, pattern
        body = r.json()
        assert body["vignettes"] == n, pattern
        have = answered(body)
        assert have == {k: Counter({x: y for x, y in v.items() if y}) for k, v in want.items()}, pattern
        shown += n > 0
        with_narrower += n > sum(
            any(k == "pattern" and cid == pattern for k, _, cid, _ in facts_of(c)) for c in vignettes
        )
        with_links += any(v["linked"] for v in want.values())
    # not a vacuous comparison: many patterns occur, some with vignettes that show only a narrower one (emotional
    # incest for enmeshment), many with linked facts
    assert shown >= 10 and with_narrower >= 2 and with_links >= 5


def test_compare_reads_the_same_profiles(client: TestClient) -> None:
    both = client.get("/compare", params={"a": "enmeshment", "b": "codependency"}).json()
    for side, pattern in ((both["a"], "enmeshment"), (both["b"], "codependency")):
        alone = client.get(f"/patterns/{pattern}/profile").json()
        assert side["profile"]["vignettes"] == alone["vignettes"]
        assert answered(side["profile"]) == answered(alone)
