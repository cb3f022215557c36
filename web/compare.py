"""A comparison as rows to show: per kind, what only the first has, what both have, what only the second has, each
with how many of its side's vignettes have it (from the side's profile, or what the intervention was used for)."""

from __future__ import annotations

from dataclasses import dataclass

from kb.answers import CompareAnswer, CompareSide, ConceptRef

KIND_TITLES = {
    "roles": "Roles",
    "behaviors": "Behaviors",
    "interventions": "Interventions",
    "outcomes": "Outcomes",
    "patterns": "Patterns",
}


@dataclass(frozen=True)
class Entry:
    concept: ConceptRef
    a: int | None  # vignettes of the first side that have it (None: not among its most frequent)
    b: int | None


@dataclass(frozen=True)
class Row:
    kind: str
    title: str
    only_a: list[Entry]
    shared: list[Entry]
    only_b: list[Entry]


def side_total(side: CompareSide) -> int:
    """The vignettes the side's counts are out of: those showing the pattern, or using the intervention."""
    if side.profile:
        return side.profile.vignettes
    if side.targets:
        return side.targets.vignettes
    return side.concept.vignettes


def _counts(side: CompareSide, kind: str) -> dict[str, int]:
    source = side.profile if side.profile else side.targets
    return {e.concept.id: e.vignettes for e in getattr(source, kind, None) or []}


def rows(answer: CompareAnswer) -> list[Row]:
    out = []
    for d in answer.differences:
        ca, cb = _counts(answer.a, d.kind), _counts(answer.b, d.kind)

        def entries(refs: list[ConceptRef], ca: dict[str, int] = ca, cb: dict[str, int] = cb) -> list[Entry]:
            return [Entry(c, ca.get(c.id), cb.get(c.id)) for c in refs]

        out.append(
            Row(
                d.kind, KIND_TITLES.get(d.kind, d.kind.title()), entries(d.only_a), entries(d.shared), entries(d.only_b)
            )
        )
    return out
