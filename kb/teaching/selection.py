"""Which vignettes show a concept best, and why: the evidence behind it, then case similarity for the others.

The first vignette is the one with the strongest evidence for the concepts asked about: facts of them (or of
narrower concepts), the quotes behind those facts, the roles and behaviors the graph ties to them (SHOWN_BY),
every concept asked about covered, and a whole arc (a history before treatment, interventions, outcomes).
Each further vignette weighs its own evidence with its similarity to the first (kb.queries.similarity: the
same taxonomy-aware overlap as `kb similar`), so a second case shows the same pattern in another family,
with enough in common to compare; the concepts they share are the explanation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb.answers import TermResolution
from kb.errors import NotFound, UnknownVignette
from kb.queries.similarity import case_of, compare, rarity
from kb.store.db import Database
from kb.teaching.answers import Choice
from kb.vocab.resolve import concept_ids
from kb.vocab.vocabulary import Vocabulary

PER_CONCEPT = 2000  # facts read per concept: bounded work at any size
SHORTLIST = 12  # candidates compared by similarity for the second and later choices
LIKENESS = 0.4  # the share of a later choice's weight that its similarity to the first carries


@dataclass
class Candidate:
    id: str
    title: str
    phases: list[str]
    facts: int = 0
    quotes: int = 0
    shown_by: int = 0
    groups: set[str] = field(default_factory=set)
    interventions: int = 0
    outcomes: int = 0

    def evidence(self, wanted: int) -> float:
        """Facts, half a point per quote and per fact that shows them, and the arc; times the share of the concepts
        asked about that it shows (a case on two patterns wants vignettes that show both)."""
        arc = (
            (1.0 if self.interventions else 0.0)
            + (1.0 if self.outcomes else 0.0)
            + (0.5 if len(self.phases) > 3 else 0)
        )
        strength = self.facts + 0.5 * self.quotes + 0.5 * self.shown_by + arc
        return round(strength * len(self.groups) / wanted, 2)

    def why(self, resolved: list[TermResolution]) -> str:
        labels = [r.concept.label for r in resolved if r.concept.id in self.groups]
        arc = []
        if len(self.phases) > 3:
            arc.append("a history before treatment")
        if self.interventions:
            arc.append(f"{self.interventions} intervention(s)")
        if self.outcomes:
            arc.append(f"{self.outcomes} outcome(s)")
        return (
            f"{self.facts} fact(s) of {' and '.join(labels)} with {self.quotes} evidence quote(s), shown by "
            f"{self.shown_by} role and behavior link(s); the story has {', '.join(arc) or 'no treatment told'}"
        )


def candidates(db: Database, resolved: list[TermResolution]) -> list[Candidate]:
    groups = [{"concept": r.concept.id, "ids": concept_ids(r)} for r in resolved]
    out = []
    for row in db.read("teaching_candidates", groups=groups, per_concept=PER_CONCEPT):
        c = Candidate(
            row["id"], row["title"], row["phases"], interventions=row["interventions"], outcomes=row["outcomes"]
        )
        for f in row["facts"]:
            c.facts += 1
            c.quotes += f["quotes"]
            c.shown_by += f["shown_by"]
            c.groups.add(f["group"])
        out.append(c)
    return out


def choose(
    db: Database, vocab: Vocabulary, resolved: list[TermResolution], count: int, include: list[str]
) -> tuple[list[Choice], int]:
    """The `count` vignettes that show the concepts best (those in `include` first), each with why; and how many
    vignettes show them at all."""
    pool = candidates(db, resolved)
    by_id = {c.id: c for c in pool}
    for vid in include:
        if vid not in by_id:  # the trainer's choice, though it shows none of the concepts
            rows = db.read("vignette_get", id=vid)
            if not rows:
                raise UnknownVignette(vid)
            by_id[vid] = Candidate(vid, rows[0]["title"], rows[0]["phases"] or [])
    if not pool:
        raise NotFound(
            f"no vignette shows {' or '.join(r.concept.label for r in resolved)} yet; a case cannot be drafted from it"
        )
    wanted = len(resolved)
    ranked = sorted(pool, key=lambda c: (-c.evidence(wanted), c.id))
    top = max(c.evidence(wanted) for c in pool)
    chosen: list[Candidate] = [by_id[vid] for vid in include]
    if not chosen:
        chosen.append(ranked[0])
    choices = [_choice(chosen[0], wanted, resolved, None, [], chosen_by_trainer=bool(include))]
    idf: dict[str, float] | None = None
    first_case = case_of(db, vocab, chosen[0].id)
    for c in chosen[1:]:
        idf = idf or rarity(db, vocab)
        choices.append(_similar_choice(db, vocab, c, first_case, idf, wanted, resolved, chosen[0]))
    shortlist = [c for c in ranked if c not in chosen][:SHORTLIST]
    while len(choices) < count and shortlist:
        idf = idf or rarity(db, vocab)
        scored = []
        for c in shortlist:
            total, _by_kind, shared = compare(vocab, first_case, case_of(db, vocab, c.id), idf)
            weight = (c.evidence(wanted) / top) * (1 - LIKENESS + LIKENESS * total)
            scored.append((weight, c, total, shared))
        weight, best, total, shared = min(scored, key=lambda s: (-s[0], s[1].id))
        shortlist.remove(best)
        choices.append(_choice(best, wanted, resolved, total, shared, chosen[0]))
    return choices, len(pool)


def _similar_choice(
    db: Database,
    vocab: Vocabulary,
    c: Candidate,
    first_case: Any,
    idf: dict[str, float],
    wanted: int,
    resolved: list[TermResolution],
    first: Candidate,
) -> Choice:
    total, _by_kind, shared = compare(vocab, first_case, case_of(db, vocab, c.id), idf)
    return _choice(c, wanted, resolved, total, shared, first)


def _choice(
    c: Candidate,
    wanted: int,
    resolved: list[TermResolution],
    similarity: float | None,
    shared: list[Any],
    first: Candidate | None = None,
    chosen_by_trainer: bool = False,
) -> Choice:
    why = c.why(resolved)
    if first is None:
        why = ("Asked for: " if chosen_by_trainer else "The strongest evidence: ") + why + "."
    else:
        same = [s.query.label for s in shared if s.relation == "same"][:5]
        why = (
            f"{why}. Similar to {first.title!r} (similarity {similarity:.2f}"
            + (f"; both show {', '.join(same)}" if same else "")
            + "): the same pattern in another family, to compare."
        )
    return Choice(
        vignette=c.id,
        title=c.title,
        evidence=c.evidence(wanted),
        facts=c.facts,
        quotes=c.quotes,
        similarity=similarity,
        shared=shared,
        why=why,
    )
