"""'Interventions for enmeshment': what was done for a concept, ranked by its evidence."""

from __future__ import annotations

from typing import Any

from kb.answers import (
    EvidencePath,
    FactRef,
    InterventionsAnswer,
    InterventionUse,
    OutcomeAfter,
    OutcomesAnswer,
    RankedIntervention,
    ResultCounts,
    quotes,
)
from kb.errors import NotFound
from kb.models import Concept
from kb.store.db import Database
from kb.store.stats import SAMPLE, fact_keys
from kb.vocab.resolve import UnknownConcept, concept_ids, concept_ref, resolve_term
from kb.vocab.vocabulary import Vocabulary

TARGET_KINDS = ("pattern", "behavior", "role")


SUPPORT = 5  # uses shown per intervention; the counts cover all of them
MAX_SUPPORT = SAMPLE  # the stats keep this many use keys per intervention


def interventions_for(
    db: Database, vocab: Vocabulary, term: str, limit: int = 20, offset: int = 0, support: int = SUPPORT
) -> InterventionsAnswer:
    """Read the resolved concept's stats (its narrower concepts are folded in), rank, then fetch the page's uses.

    Words naming an intervention raise `IsAnIntervention`, which says so and offers what it was used for."""
    try:
        resolved = resolve_term(vocab, term, TARGET_KINDS)
    except UnknownConcept as exc:
        if exc.other is not None and exc.other.kind.value == "intervention":
            raise IsAnIntervention(exc.term, exc.kinds, exc.other, used_for(db, vocab, exc.other.id)) from None
        raise
    ranked = ranked_stats(db, vocab, [resolved.concept.id])
    items = _with_support(db, vocab, ranked[offset : offset + limit], support, concept_ids(resolved))
    return InterventionsAnswer(resolved=resolved, total=len(ranked), limit=limit, offset=offset, items=items)


def outcomes_after(db: Database, vocab: Vocabulary, term: str, support: int = SUPPORT) -> OutcomesAnswer:
    """The uses of an intervention (or a narrower one) and the outcomes that followed."""
    resolved = resolve_term(vocab, term, ("intervention",))
    items = _with_support(db, vocab, ranked_stats(db, vocab, concept_ids(resolved)), support, None)
    return OutcomesAnswer(resolved=resolved, items=items)


class IsAnIntervention(UnknownConcept):
    """'Interventions for family therapy': the words name an intervention; what it was used for is offered."""

    code = "is_an_intervention"

    def __init__(self, term: str, kinds: tuple[str, ...], intervention: Concept, targets: list[dict[str, Any]]) -> None:
        self.term, self.kinds, self.suggestions, self.other = term, kinds, [], intervention
        self.targets = targets
        used = ", ".join(f"{t['label']} ({t['vignettes']})" for t in targets[:5])
        offer = f"; it was used for: {used} (vignettes)" if used else "; no vignette uses it yet"
        NotFound.__init__(
            self,
            f"{term!r} is an intervention ({intervention.label}), not a pattern, behavior or role: "
            f"ask what it was used for instead{offer}",
        )

    def details(self) -> dict[str, Any]:
        return {**super().details(), "used_for": self.targets}


def used_for(db: Database, vocab: Vocabulary, intervention_id: str, n: int = 5) -> list[dict[str, Any]]:
    """The concepts an intervention was most used for (vignettes, most first), from its aggregates: a short list of
    the most specific ones (a broader concept whose narrower ones are listed is left out)."""
    rows = [
        r for r in db.read("stats_by_intervention", intervention_id=intervention_id) if r["concept"] != intervention_id
    ]
    rows = [r for r in rows if vocab.concepts.get(r["concept"]) is not None]
    listed = {r["concept"] for r in rows}  # the most specific only: "boundary problems" folds in what is listed
    rows = [r for r in rows if not listed & set(vocab.descendants(r["concept"])[1:])]
    rows.sort(key=lambda r: (-r["vignettes"], -r["uses"], vocab.concepts[r["concept"]].label.lower()))
    return [
        {**concept_ref(vocab, r["concept"]).model_dump(), "vignettes": r["vignettes"], "uses": r["uses"]}
        for r in rows[:n]
    ]


def ranked_stats(db: Database, vocab: Vocabulary, concept_ids: list[str]) -> list[dict[str, Any]]:
    """The stored aggregates of these concepts (each folds its narrower concepts in), ranked by `rank`."""
    return rank(db.read("stats_for", concept_ids=concept_ids), vocab)


def read_uses(db: Database, keys: list[str], paths_to: list[str] | None) -> list[dict[str, Any]]:
    """The intervention uses of these fact keys, in order, with their evidence, outcomes and paths to `paths_to`."""
    return db.read("intervention_uses", keys=keys, concept_ids=paths_to) if keys else []


def _with_support(
    db: Database, vocab: Vocabulary, rows: list[dict[str, Any]], support: int, paths_to: list[str] | None
) -> list[RankedIntervention]:
    """Each ranked stat with its first `support` uses: paths to `paths_to` (None: every target), evidence, outcomes."""
    keys = [fact_keys(r["sample"][: min(support, MAX_SUPPORT)]) for r in rows]
    uses = iter(read_uses(db, [k for ks in keys for k in ks], paths_to))
    return [
        RankedIntervention(
            intervention=concept_ref(vocab, r["intervention"]),
            vignettes=r["vignettes"],
            uses=r["uses"],
            outcomes=ResultCounts(improved=r["improved"], mixed=r["mixed"], unchanged=r["unchanged"], worse=r["worse"]),
            support=[use(next(uses), vocab) for _ in ks],
        )
        for r, ks in zip(rows, keys, strict=True)
    ]


def use(row: dict[str, Any], vocab: Vocabulary) -> InterventionUse:
    """One intervention use as an answer shows it: vignette, evidence, paths, outcomes after it."""
    paths = []
    for p in row.get("paths") or []:
        target = FactRef(fact_id=p["target"], kind=p["target_kind"], concept=concept_ref(vocab, p["target_concept"]))
        via = (
            FactRef(fact_id=p["shows"], kind=p["shows_kind"], concept=concept_ref(vocab, p["shows_concept"]))
            if p.get("shows")
            else None
        )
        shows, shown_by = (via, None) if via is None or via.kind == "pattern" else (None, via)
        paths.append(
            EvidencePath(targeted=target, shows=shows, shown_by=shown_by, matched=concept_ref(vocab, p["matched"]))
        )
    outcomes = [
        OutcomeAfter(
            fact_id=o["fact_id"],
            outcome=concept_ref(vocab, o["concept"]),
            result=o["result"],
            description=o["description"],
            person=o["person"],
            evidence=quotes(o["evidence"], o["evidence_start"], o["evidence_end"]),
        )
        for o in row["outcomes"]
    ]
    return InterventionUse(
        vignette_id=row["vignette_id"],
        vignette_title=row["vignette_title"],
        fact_id=row["fact_id"],
        description=row["description"],
        phase=row["phase"],
        evidence=quotes(row["evidence"], row["evidence_start"], row["evidence_end"]),
        paths=paths,
        outcomes=sorted(outcomes, key=lambda o: o.fact_id),
    )


def rank(rows: list[dict[str, Any]], vocab: Vocabulary) -> list[dict[str, Any]]:
    """The stats: most vignettes first, then the best outcomes, then by name (a retired intervention by its id)."""

    def key(r: dict[str, Any]) -> tuple:
        n = r["improved"] + r["mixed"] + r["unchanged"] + r["worse"]
        share = (r["improved"] + 0.5 * r["mixed"] - r["worse"]) / n if n else 0.0
        return (-r["vignettes"], -share, concept_ref(vocab, r["intervention"]).label.lower(), r["intervention"])

    return sorted(rows, key=key)
