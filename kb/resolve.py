"""Resolve a user's word to a vocabulary concept, for every query.

Any synonym, any case, singular or plural, or a small typo; a query then counts
the concept's narrower concepts too. The result says how the word was understood.
"""

from __future__ import annotations

from kb.answers import ConceptRef, TermResolution
from kb.models import Concept
from kb.vocabulary import Vocabulary


class UnknownConcept(LookupError):
    def __init__(self, term: str, kinds: tuple[str, ...], suggestions: list[Concept]) -> None:
        self.term, self.kinds, self.suggestions = term, kinds, suggestions
        what = " or ".join(kinds) if kinds else "concept"
        hint = f"; closest: {', '.join(c.id for c in suggestions)}" if suggestions else ""
        super().__init__(f"no {what} matches {term!r}{hint}")


def ref(c: Concept) -> ConceptRef:
    return ConceptRef(id=c.id, label=c.label, kind=c.kind.value)


def resolve_term(vocab: Vocabulary, term: str, kinds: tuple[str, ...] = ()) -> TermResolution:
    """The concept `term` names (restricted to `kinds` when given), with the narrower concepts it includes."""
    hit = None
    for kind in kinds or (None,):
        hit = vocab.resolve(term, kind) or hit
    if hit is None:
        hit = next((h for k in (kinds or (None,)) if (h := vocab.resolve(term, k, fuzzy=True))), None)
    if hit is None:
        suggestions = [c for k in (kinds or (None,)) for c in vocab.suggest(term, k)]
        raise UnknownConcept(term, kinds, suggestions[:5])
    narrower = [vocab.concepts[cid] for cid in vocab.descendants(hit.concept.id)[1:]]
    return TermResolution(
        term=term, concept=ref(hit.concept), how=hit.how, matched=hit.matched, includes=[ref(c) for c in narrower]
    )


def concept_ids(resolution: TermResolution) -> list[str]:
    """The concept and its narrower concepts: what a query counts."""
    return [resolution.concept.id, *(c.id for c in resolution.includes)]
