"""'Interventions for enmeshment': what was done for a concept, ranked by its evidence."""

from __future__ import annotations

from typing import Any

from kb.answers import (
    EvidencePath, FactRef, InterventionsAnswer, InterventionUse, OutcomeAfter, RankedIntervention, ResultCounts,
    TermResolution, quotes,
)
from kb.db import Database
from kb.resolve import concept_ids, ref, resolve_term
from kb.vocabulary import Vocabulary

TARGET_KINDS = ("pattern", "behavior", "role")


SUPPORT = 5  # uses shown per intervention; the counts cover all of them


def interventions_for(db: Database, vocab: Vocabulary, term: str, limit: int = 20, offset: int = 0,
                      support: int = SUPPORT) -> InterventionsAnswer:
    resolved = resolve_term(vocab, term, TARGET_KINDS)
    rows = db.read("interventions_for", concept_ids=concept_ids(resolved), support=support)
    ranked = rank(rows, vocab)
    return InterventionsAnswer(resolved=resolved, total=len(ranked), limit=limit, offset=offset,
                               items=ranked[offset:offset + limit])


def outcomes_after(db: Database, vocab: Vocabulary, term: str,
                   support: int = SUPPORT) -> tuple[TermResolution, list[RankedIntervention]]:
    """The uses of an intervention (or a narrower one) and the outcomes that followed."""
    resolved = resolve_term(vocab, term, ("intervention",))
    rows = db.read("outcomes_after_interventions", concept_ids=concept_ids(resolved), support=support)
    return resolved, rank(rows, vocab)


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


def rank(rows: list[dict[str, Any]], vocab: Vocabulary) -> list[RankedIntervention]:
    """One entry per intervention concept: most vignettes first, then the best outcomes, then by name."""
    ranked = [
        RankedIntervention(
            intervention=_concept(vocab, r["intervention"]), vignettes=r["vignettes"], uses=r["uses"],
            outcomes=ResultCounts(improved=r["improved"], mixed=r["mixed"], unchanged=r["unchanged"], worse=r["worse"]),
            support=[_use(u, vocab) for u in r["support"]],
        )
        for r in rows if r["intervention"] in vocab.concepts
    ]

    def key(r: RankedIntervention) -> tuple:
        o = r.outcomes
        n = o.improved + o.mixed + o.unchanged + o.worse
        share = (o.improved + 0.5 * o.mixed - o.worse) / n if n else 0.0
        return (-r.vignettes, -share, r.intervention.label.lower())

    return sorted(ranked, key=key)
