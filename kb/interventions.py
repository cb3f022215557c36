"""'Interventions for enmeshment': what was done for a concept, ranked by its evidence."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kb.answers import (
    EvidencePath, FactRef, InterventionsAnswer, InterventionUse, OutcomeAfter, RankedIntervention, ResultCounts,
    TermResolution, quotes,
)
from kb.db import Database
from kb.resolve import concept_ids, ref, resolve_term
from kb.vocabulary import Vocabulary

TARGET_KINDS = ("pattern", "behavior", "role")


def interventions_for(db: Database, vocab: Vocabulary, term: str, limit: int = 20, offset: int = 0) -> InterventionsAnswer:
    resolved = resolve_term(vocab, term, TARGET_KINDS)
    rows = db.read("interventions_for", concept_ids=concept_ids(resolved))
    ranked = rank(rows, vocab)
    return InterventionsAnswer(resolved=resolved, total=len(ranked), limit=limit, offset=offset,
                               items=ranked[offset:offset + limit])


def outcomes_after(db: Database, vocab: Vocabulary, term: str) -> tuple[TermResolution, list[RankedIntervention]]:
    """The uses of an intervention (or a narrower one) and the outcomes that followed, by vignette."""
    resolved = resolve_term(vocab, term, ("intervention",))
    rows = db.read("outcomes_after_interventions", concept_ids=concept_ids(resolved))
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
    """Group uses by intervention concept; most vignettes first, then the best outcomes."""
    uses: dict[str, list[InterventionUse]] = defaultdict(list)
    for row in rows:
        uses[row["intervention"]].append(_use(row, vocab))
    ranked = []
    for cid, group in uses.items():
        counts = ResultCounts()
        for use in group:
            for o in use.outcomes:
                setattr(counts, o.result, getattr(counts, o.result) + 1)
        ranked.append(RankedIntervention(
            intervention=_concept(vocab, cid), vignettes=len({u.vignette_id for u in group}), uses=len(group),
            outcomes=counts, support=group,
        ))

    def key(r: RankedIntervention) -> tuple:
        n = r.outcomes.improved + r.outcomes.mixed + r.outcomes.unchanged + r.outcomes.worse
        share = (r.outcomes.improved + 0.5 * r.outcomes.mixed - r.outcomes.worse) / n if n else 0.0
        return (-r.vignettes, -share, r.intervention.label.lower())

    return sorted(ranked, key=key)
