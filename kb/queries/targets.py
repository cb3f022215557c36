"""'What was family therapy used for': the patterns, behaviors and roles an intervention targeted.

The reverse of `interventions_for`, read from the same aggregates (kb/store/stats.py):
each (concept, intervention) stat says in how many vignettes the intervention was
used for that concept or a narrower one (directly, or through a pattern a targeted
role or behavior shows, or a role or behavior showing a targeted pattern). So the
counts here are exactly those of `/interventions?for=<concept>`, and the work is a
few index reads at any size: the intervention's stats, then the uses shown.
"""

from __future__ import annotations

from typing import Any

from kb.answers import InterventionTargets, InterventionUse, ResultCounts, TargetEntry
from kb.queries.interventions import read_uses
from kb.queries.interventions import use as use_of
from kb.store.db import Database
from kb.store.stats import fact_keys
from kb.vocab.resolve import concept_ref, resolve_term
from kb.vocab.vocabulary import Vocabulary

SUPPORT = 3  # uses shown per target; the counts cover all of them
KINDS = {"pattern": "patterns", "behavior": "behaviors", "role": "roles"}


def intervention_targets(
    db: Database, vocab: Vocabulary, term: str, limit: int = 20, support: int = SUPPORT
) -> InterventionTargets:
    """What the intervention `term` names was used for, per kind, most vignettes first, with the first uses."""
    resolved = resolve_term(vocab, term, ("intervention",))
    iid = resolved.concept.id
    narrower, resolved.includes = resolved.includes, []  # each intervention's aggregates are its own
    rows = db.read("stats_by_intervention", intervention_id=iid)
    own = next((r for r in rows if r["concept"] == iid), None)
    groups: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for r in rows:
        c = vocab.concepts.get(r["concept"])
        if r["concept"] != iid and c is not None and c.kind.value in groups:
            groups[c.kind.value].append(r)
    for kind, found in groups.items():
        found.sort(key=lambda r: (-r["vignettes"], -r["uses"], vocab.concepts[r["concept"]].label.lower()))
        groups[kind] = found[:limit]
    shown = [r for entries in groups.values() for r in entries]
    keys = [fact_keys(r["sample"][:support]) for r in shown]
    reach = sorted({d for r in shown for d in vocab.descendants(r["concept"])})
    it = iter(read_uses(db, [k for ks in keys for k in ks], reach))  # one read; each entry keeps its own paths
    listed = {r["concept"] for r in shown}
    lists: dict[str, list[TargetEntry]] = {}
    for kind, rows_ in groups.items():
        lists[KINDS[kind]] = []
        for r in rows_:
            ks = fact_keys(r["sample"][:support])
            lists[KINDS[kind]].append(
                TargetEntry(
                    concept=concept_ref(vocab, r["concept"]),
                    vignettes=r["vignettes"],
                    uses=r["uses"],
                    outcomes=ResultCounts(
                        improved=r["improved"], mixed=r["mixed"], unchanged=r["unchanged"], worse=r["worse"]
                    ),
                    counts_narrower=[concept_ref(vocab, d) for d in vocab.descendants(r["concept"])[1:] if d in listed],
                    support=[_own_paths(use_of(next(it), vocab), vocab.descendants(r["concept"])) for _ in ks],
                )
            )
    return InterventionTargets(
        resolved=resolved,
        vignettes=own["vignettes"] if own else 0,
        uses=own["uses"] if own else 0,
        narrower=narrower,
        **lists,
    )


def _own_paths(u: InterventionUse, concepts: list[str]) -> InterventionUse:
    """A use with only the paths that reach these concepts (the entry it supports)."""
    u.paths = [p for p in u.paths if p.matched.id in concepts]
    return u
