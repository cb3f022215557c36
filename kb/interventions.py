"""'Interventions for enmeshment': what was done for a concept, ranked by its evidence."""

from __future__ import annotations

from typing import Any

from kb.answers import (
    EvidencePath, FactRef, InterventionsAnswer, InterventionUse, OutcomeAfter, RankedIntervention, ResultCounts,
    TermResolution, quotes,
)
from kb.db import Database
from kb.resolve import concept_ids, ref, resolve_term
from kb.stats import SAMPLE
from kb.vocabulary import Vocabulary

TARGET_KINDS = ("pattern", "behavior", "role")


SUPPORT = 5  # uses shown per intervention; the counts cover all of them
MAX_SUPPORT = SAMPLE  # the stats keep this many use keys per intervention


def interventions_for(db: Database, vocab: Vocabulary, term: str, limit: int = 20, offset: int = 0,
                      support: int = SUPPORT) -> InterventionsAnswer:
    """Read the resolved concept's stats (its narrower concepts are folded in), rank, then fetch the page's uses."""
    resolved = resolve_term(vocab, term, TARGET_KINDS)
    ranked = rank(db.read("stats_for", concept_ids=[resolved.concept.id]), vocab)
    items = _with_support(db, vocab, ranked[offset:offset + limit], support, concept_ids(resolved))
    return InterventionsAnswer(resolved=resolved, total=len(ranked), limit=limit, offset=offset, items=items)


def outcomes_after(db: Database, vocab: Vocabulary, term: str,
                   support: int = SUPPORT) -> tuple[TermResolution, list[RankedIntervention]]:
    """The uses of an intervention (or a narrower one) and the outcomes that followed."""
    resolved = resolve_term(vocab, term, ("intervention",))
    ranked = rank(db.read("stats_for", concept_ids=concept_ids(resolved)), vocab)
    return resolved, _with_support(db, vocab, ranked, support, None)


def _with_support(db: Database, vocab: Vocabulary, rows: list[dict[str, Any]], support: int,
                  paths_to: list[str] | None) -> list[RankedIntervention]:
    """Each ranked stat with its first `support` uses: paths to `paths_to` (None: every target), evidence, outcomes."""
    keys = [[k.replace(" ", "/", 1) for k in r["sample"][:min(support, MAX_SUPPORT)]] for r in rows]
    flat = [k for ks in keys for k in ks]
    uses = iter(db.read("intervention_uses", keys=flat, concept_ids=paths_to) if flat else [])
    return [
        RankedIntervention(
            intervention=_concept(vocab, r["intervention"]), vignettes=r["vignettes"], uses=r["uses"],
            outcomes=ResultCounts(improved=r["improved"], mixed=r["mixed"], unchanged=r["unchanged"], worse=r["worse"]),
            support=[_use(next(uses), vocab) for _ in ks],
        )
        for r, ks in zip(rows, keys, strict=True)
    ]


def _concept(vocab: Vocabulary, cid: str):
    return ref(vocab.concepts[cid]) if cid in vocab.concepts else None


def _use(row: dict[str, Any], vocab: Vocabulary) -> InterventionUse:
    paths = []
    for p in row.get("paths") or []:
        target = FactRef(fact_id=p["target"], kind=p["target_kind"], concept=_concept(vocab, p["target_concept"]))
        shows = (FactRef(fact_id=p["shows"], kind=p["shows_kind"], concept=_concept(vocab, p["shows_concept"]))
                 if p.get("shows") else None)
        paths.append(EvidencePath(targeted=target, shows=shows, matched=_concept(vocab, p["matched"])))
    outcomes = [
        OutcomeAfter(fact_id=o["fact_id"], outcome=_concept(vocab, o["concept"]), result=o["result"],
                     description=o["description"], person=o["person"],
                     evidence=quotes(o["evidence"], o["evidence_start"], o["evidence_end"]))
        for o in row["outcomes"]
    ]
    return InterventionUse(
        vignette_id=row["vignette_id"], vignette_title=row["vignette_title"], fact_id=row["fact_id"],
        description=row["description"], phase=row["phase"],
        evidence=quotes(row["evidence"], row["evidence_start"], row["evidence_end"]),
        paths=paths, outcomes=sorted(outcomes, key=lambda o: o.fact_id),
    )


def rank(rows: list[dict[str, Any]], vocab: Vocabulary) -> list[dict[str, Any]]:
    """The stats of known interventions: most vignettes first, then the best outcomes, then by name."""
    def key(r: dict[str, Any]) -> tuple:
        n = r["improved"] + r["mixed"] + r["unchanged"] + r["worse"]
        share = (r["improved"] + 0.5 * r["mixed"] - r["worse"]) / n if n else 0.0
        return (-r["vignettes"], -share, vocab.concepts[r["intervention"]].label.lower())

    return sorted((r for r in rows if r["intervention"] in vocab.concepts), key=key)
