"""A vignette's narrative cut into passages, each knowing which facts its words are evidence for."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from kb.answers import FactOut


@dataclass(frozen=True)
class Passage:
    text: str
    facts: tuple[str, ...]  # ids of the facts whose evidence covers these words (none: plain text)
    start: int


def passages(narrative: str, facts: list[FactOut]) -> list[Passage]:
    """The narrative as consecutive passages, cut wherever a fact's evidence starts or ends."""
    spans = [
        (q.start, q.end, f.id) for f in facts for q in f.evidence if 0 <= q.start < q.end <= len(narrative)
    ]  # offsets come from the validator; anything out of range is left unmarked rather than misplaced
    cuts = sorted({0, len(narrative), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for a, b in pairwise(cuts):
        covering = tuple(dict.fromkeys(fid for s, e, fid in spans if s <= a and b <= e))
        out.append(Passage(narrative[a:b], covering, a))
    return out
