"""The one resolver of a user's words to vocabulary concepts, used by every face and query.

A word names a concept by its id, label or a synonym, in any case and spacing,
singular or plural ("enmeshed families"), or with a small typo ("enmeshmnet").
A typo counts only when the words are close to a WHOLE term of the concept, so
"treatment for boundary setting" is not read as "boundary setting". The same
rules hold for `/interventions`, `/vignettes`, `/ask`, the validator and the CLI,
so a word means the same concept everywhere.

`find` answers None or a `Match`; `resolve` raises `UnknownConcept` (a NotFound
that says when the word names a concept of another kind, and suggests the
closest ones); `resolve_term` gives the answers' `TermResolution` with the
narrower concepts a query counts too.

`concept_ref` is the one way to refer to a concept in an answer. A concept that
the graph still uses but the vocabulary no longer holds is shown as retired
(its stored label, or its id), never dropped and never an error; computations
over the hierarchy (similarity, the aggregates) use only current concepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from kb.answers import ConceptRef, TermResolution
from kb.errors import NotFound
from kb.models import Concept, ConceptKind
from kb.vocab.vocabulary import Vocabulary, normalize, singular

FUZZY_ACCEPT = 88  # WRatio at or above which a misspelled term may be taken as the concept...
TYPO_RATIO = 80  # ...if it is also this close to a whole term of it (not a longer phrase containing one)

Kinds = tuple[str, ...] | frozenset[str] | frozenset[ConceptKind] | None


@dataclass(frozen=True)
class Match:
    """How some words were understood: the concept, the vocabulary term matched, and by what rule."""

    concept: Concept
    term: str  # the words as given
    matched: str  # the vocabulary term it matched
    how: str  # id | label | synonym | plural | fuzzy
    score: float = 100.0


class UnknownConcept(NotFound):
    """No concept of the wanted kinds is named by the words; `other` is a concept of another kind they name."""

    code = "unknown_term"

    def __init__(
        self, term: str, kinds: tuple[str, ...], suggestions: list[Concept], other: Concept | None = None
    ) -> None:
        self.term, self.kinds, self.suggestions, self.other = term, kinds, suggestions, other
        what = " or ".join(kinds) if kinds else "concept"
        if other is not None:
            message = f"{term!r} is {_a(other.kind.value)} ({other.id}), not {_a(_either(kinds))}"
        else:
            message = f"no {what} matches {term!r}"
        hint = f"; closest: {', '.join(c.id for c in suggestions)}" if suggestions else ""
        super().__init__(message + hint)

    def details(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "kinds": list(self.kinds),
            "is": concept_ref_of(self.other).model_dump() if self.other else None,
            "suggestions": [concept_ref_of(c).model_dump() for c in self.suggestions],
        }


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _either(kinds: tuple[str, ...]) -> str:
    if not kinds:
        return "concept"
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " or " + kinds[-1]


def _kind_names(kinds: Kinds) -> tuple[str, ...]:
    """The kinds as plain strings, in the caller's order (a set: the vocabulary's order); () for any kind."""
    if not kinds:
        return ()
    names = [str(getattr(k, "value", k)) for k in kinds]
    if isinstance(kinds, frozenset | set):
        names = [k.value for k in ConceptKind if k.value in names]
    return tuple(dict.fromkeys(names))


# --------------------------------------------------------------------------- finding


def exact(vocab: Vocabulary, term: str, kinds: Kinds = None) -> Match | None:
    """The concept a term names exactly (id, label, synonym, or their plural), of one of `kinds` (any when None)."""
    wanted = _kind_names(kinds)
    norm = normalize(term)
    for key, plural in ((norm, False), (singular(norm), True)):
        hit = vocab.term(key)
        if hit is not None:
            cid, matched, how = hit
            concept = vocab.concepts[cid]
            if wanted and concept.kind.value not in wanted:
                return None
            return Match(concept, term, matched, "plural" if plural and key != norm else how)
    return None


def find(vocab: Vocabulary, term: str, kinds: Kinds = None, *, typos: bool = True) -> Match | None:
    """The concept `term` names, of one of `kinds`: exactly, or (with `typos`) by a small misspelling of a whole term.

    Words that exactly name a concept of another kind are not corrected into one of `kinds`: "boundary setting"
    is an intervention, never a misspelt pattern."""
    hit = exact(vocab, term, kinds)
    if hit is not None or not typos or exact(vocab, term) is not None:
        return hit
    norm = normalize(term)
    if not norm:
        return None
    for words in dict.fromkeys((norm, singular(norm))):  # a typo in a plural too: "parentifed children"
        best = vocab.fuzzy(words, _kind_names(kinds), limit=2)
        if not best or best[0][1] < FUZZY_ACCEPT or (len(best) > 1 and best[1][1] == best[0][1]):
            continue  # nothing close, or two concepts equally close: not a typo we can correct
        key, score, cid = best[0]
        concept = vocab.concepts[cid]
        if is_typo_of(term, concept):
            return Match(concept, term, vocab.term(key)[1], "fuzzy", score)  # type: ignore[index]
    return None


def is_typo_of(text: str, concept: Concept) -> bool:
    """Whether `text` is a misspelling of a whole term of `concept`, not a longer phrase that contains one."""
    norm = normalize(text)
    for term in (concept.id, concept.label, *concept.synonyms):
        target = normalize(term)
        if max(fuzz.ratio(norm, target), fuzz.ratio(singular(norm), singular(target))) >= TYPO_RATIO:
            return True
    return False


def suggest(vocab: Vocabulary, term: str, kinds: Kinds = None, limit: int = 3) -> list[Concept]:
    """The closest concepts of `kinds` to words that name none, best first."""
    wanted = _kind_names(kinds)
    out: list[Concept] = []
    for _key, _score, cid in vocab.fuzzy(normalize(term), wanted, limit=limit * 4):
        if vocab.concepts[cid] not in out:
            out.append(vocab.concepts[cid])
    return out[:limit]


def resolve(vocab: Vocabulary, term: str, kinds: Kinds = None) -> Match:
    """The concept `term` names, of one of `kinds`; raises UnknownConcept (with suggestions) otherwise."""
    hit = find(vocab, term, kinds)
    if hit is not None:
        return hit
    wanted = _kind_names(kinds)
    other = find(vocab, term) if wanted else None
    raise UnknownConcept(
        term, wanted, suggest(vocab, term, kinds, limit=5 if len(wanted) != 1 else 3), other.concept if other else None
    )


def resolve_term(vocab: Vocabulary, term: str, kinds: Kinds = None) -> TermResolution:
    """`resolve`, as the answers show it: the concept, how it was matched, and the narrower concepts counted with it."""
    return resolution(vocab, resolve(vocab, term, kinds))


def resolution(vocab: Vocabulary, hit: Match) -> TermResolution:
    narrower = [vocab.concepts[cid] for cid in vocab.descendants(hit.concept.id)[1:]]
    return TermResolution(
        term=hit.term,
        concept=concept_ref_of(hit.concept),
        how=hit.how,
        matched=hit.matched,
        includes=[concept_ref_of(c) for c in narrower],
    )


def concept_ids(resolved: TermResolution) -> list[str]:
    """The concept and its narrower concepts: what a query counts."""
    return [resolved.concept.id, *(c.id for c in resolved.includes)]


def matching(vocab: Vocabulary, q: str, kind: ConceptKind | str | None = None) -> list[str]:
    """Ids of the concepts of `kind` whose id, label or a synonym contains the words `q`, or that `q` names."""
    needle = normalize(q)
    ids = [c.id for c in vocab.of_kind(kind) if any(needle in normalize(t) for t in (c.id, c.label, *c.synonyms))]
    hit = find(vocab, q, (kind,) if kind else None)
    if hit and hit.concept.id not in ids:
        ids.append(hit.concept.id)
    return ids


# --------------------------------------------------------------------------- references


def concept_ref_of(c: Concept) -> ConceptRef:
    return ConceptRef(id=c.id, label=c.label, kind=c.kind.value)


def concept_ref(vocab: Vocabulary, cid: str, label: str | None = None, kind: str | None = None) -> ConceptRef:
    """A reference to a concept by id, for an answer: current, or retired when the vocabulary no longer holds it."""
    c = vocab.concepts.get(cid)
    if c is not None:
        return concept_ref_of(c)
    return ConceptRef(id=cid, label=label or cid, kind=kind or "unknown", retired=True)
