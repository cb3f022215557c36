"""Intervention aggregates kept up to date at load time, so 'interventions for X' reads a few rows, not every use.

An `InterventionStat` per (concept A, intervention I) holds, over the uses of I
that target a fact of A or of a narrower concept (directly, through a pattern
the targeted role or behavior shows, or, for a role or behavior, through a
targeted pattern it shows: inner child work aimed at Donna's parentification
counts for her role, the parentified child), what `interventions_for` ranks by: in how
many vignettes, how many uses, the results of the outcomes after them, and the
first SAMPLE use keys ("vignette_id local_id", in that order). A stat with
A = I holds all the uses of I (for 'outcomes after I').

The loader subtracts a changed vignette's contributions before clearing its
facts and adds them after writing, in the batch's own transaction; removing a
vignette subtracts first too. When the concept hierarchy (BROADER links)
changes, every stat is rebuilt from the facts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from kb.store.db import Database, Step
from kb.vocab.vocabulary import Vocabulary

SAMPLE = 50  # use keys kept per stat: the most `support` an answer may show
REBUILD_BATCH = 1000
# Bump when the meaning of a stat changes: every stored stat is then rebuilt.
# 2: a use aimed at a pattern counts for the roles and behaviors that show it.
VERSION = 2


def fact_keys(sample: list[str]) -> list[str]:
    """A stat's use keys ("vignette_id local_id": a space sorts before any id character, so the vignettes' order
    is kept) as the keys of their intervention facts ("vignette_id/local_id")."""
    return [k.replace(" ", "/", 1) for k in sample]


def subtract_step(ids: list[str]) -> Step:
    """Take these vignettes' current facts out of the stats (before the facts are cleared)."""
    return ("stats_apply", {"ids": ids, "sample": SAMPLE, "sign": -1})


def add_step(ids: list[str]) -> Step:
    """Add these vignettes' facts to the stats (after they are written)."""
    return ("stats_apply", {"ids": ids, "sample": SAMPLE, "sign": 1})


def refill_step() -> Step:
    """Refill the samples a subtraction left short (last: an add may have filled them already)."""
    return ("stats_refill", {"sample": SAMPLE})


def hierarchy_hash(vocab: Vocabulary) -> str:
    """What the stats depend on besides the facts: the BROADER links, the sample size, the stats' version."""
    links = sorted((c.id, b) for c in vocab.concepts.values() for b in c.broader)
    return hashlib.sha256(json.dumps([VERSION, SAMPLE, links]).encode()).hexdigest()


def rebuild(db: Database, hierarchy: str, on_vignettes: Callable[[int], None] | None = None) -> None:
    """Recompute every stat from the facts, REBUILD_BATCH vignettes per transaction.

    The hierarchy hash is cleared first and recorded last, so an interrupted rebuild is redone."""
    db.write("stats_clear")
    after = ""
    while ids := [r["id"] for r in db.read("vignette_ids_after", after=after, limit=REBUILD_BATCH)]:
        db.write_steps([add_step(ids)])
        after = ids[-1]
        if on_vignettes:
            on_vignettes(len(ids))
    db.write("stats_meta_set", hierarchy=hierarchy)


def is_current(db: Database, vocab: Vocabulary) -> bool:
    """Whether the stored stats were computed for this vocabulary's hierarchy."""
    return bool(db.read("stats_meta_get")[0]["hierarchy"] == hierarchy_hash(vocab))


def ensure_current(db: Database, vocab: Vocabulary) -> bool:
    """Rebuild the stats if they were computed for another hierarchy (or never); True if it rebuilt."""
    if is_current(db, vocab):
        return False
    rebuild(db, hierarchy_hash(vocab))
    return True


def check(db: Database, vocab: Vocabulary) -> list[str]:
    """The differences between the stored stats and a computation from the facts alone ([]: none)."""
    problems: list[str] = []
    for c in vocab.concepts.values():
        if c.kind.value == "intervention":
            expected = db.read("stats_scratch_own", concept_id=c.id, sample=SAMPLE)
        elif c.kind.value in ("pattern", "behavior", "role"):
            expected = db.read("stats_scratch_targets", concept_ids=vocab.descendants(c.id), sample=SAMPLE)
        else:
            continue
        want = {r["intervention"]: r for r in expected}
        have = {r["intervention"]: r for r in db.read("stats_for", concept_ids=[c.id])}
        for iid in sorted(want.keys() | have.keys()):
            if want.get(iid) != have.get(iid):
                problems.append(
                    f"{c.id} | {iid}: stored {_brief(have.get(iid))}, from the facts {_brief(want.get(iid))}"
                )
    return problems


def _brief(row: dict[str, Any] | None) -> str:
    if row is None:
        return "nothing"
    counts = ", ".join(f"{k} {row[k]}" for k in ("vignettes", "uses", "improved", "mixed", "unchanged", "worse"))
    return f"{counts}, first uses {row['sample'][:3]}{'...' if len(row['sample']) > 3 else ''}"
