"""'Compare enmeshment and codependency': two concepts side by side, and what distinguishes them.

Each side is the concept in full (definition, synonyms, broader and narrower) and,
for a pattern, its profile (what goes with it), for an intervention, what it was
used for. Then, per kind, the concepts both share and those only one has, in the
order of the first side's profile; and how many vignettes show both.
"""

from __future__ import annotations

from kb.answers import CompareAnswer, CompareSide, Comparison, ConceptRef, ProfileEntry
from kb.errors import InvalidInput
from kb.queries.concepts import PROFILE_KINDS, get_concept, pattern_profile
from kb.queries.kin import IMPLIED_GENDER
from kb.queries.search import CAP
from kb.queries.targets import intervention_targets
from kb.queries.vignettes import rarest_first
from kb.store.db import Database
from kb.vocab.resolve import concept_ids, resolve_term
from kb.vocab.vocabulary import Vocabulary

TOP = 10  # entries per kind that are compared: the most frequent of each side


def compare_concepts(db: Database, vocab: Vocabulary, a: str, b: str) -> CompareAnswer:
    ra, rb = resolve_term(vocab, a), resolve_term(vocab, b)
    if ra.concept.id == rb.concept.id:
        raise InvalidInput(f"b: {b!r} names the same concept as a ({ra.concept.id}); compare two different concepts")
    left, right = _side(db, vocab, a, ra.concept.kind), _side(db, vocab, b, rb.concept.kind)
    differences: list[Comparison] = []
    itself = {ra.concept.id, rb.concept.id}  # each pattern shows up in the other's profile: not a difference
    if left.profile and right.profile:
        for kind in PROFILE_KINDS:
            a_refs = [c for c in _refs(getattr(left.profile, kind)) if c.id not in itself][:TOP]
            b_refs = [c for c in _refs(getattr(right.profile, kind)) if c.id not in itself][:TOP]
            differences.append(_diff(kind, a_refs, b_refs))
    elif left.targets and right.targets:
        lt, rt = left.targets, right.targets
        for kind in ("patterns", "behaviors", "roles"):
            differences.append(
                _diff(kind, [e.concept for e in getattr(lt, kind)][:TOP], [e.concept for e in getattr(rt, kind)][:TOP])
            )
    filters = rarest_first(db, [concept_ids(ra), concept_ids(rb)])
    both = db.read("vignettes_by_concepts_count", filters=filters, cap=CAP, kin=[], without=[], implied=IMPLIED_GENDER)[
        0
    ]["total"]
    return CompareAnswer(a=left, b=right, vignettes_with_both=both, differences=differences)


def _side(db: Database, vocab: Vocabulary, term: str, kind: str) -> CompareSide:
    side = CompareSide(concept=get_concept(db, vocab, term))
    if kind == "pattern":
        side.profile = pattern_profile(db, vocab, term)
    elif kind == "intervention":
        side.targets = intervention_targets(db, vocab, term, limit=TOP, support=1)
    return side


def _refs(entries: list[ProfileEntry]) -> list[ConceptRef]:
    return [e.concept for e in entries[: TOP + 2]]


def _diff(kind: str, a: list[ConceptRef], b: list[ConceptRef]) -> Comparison:
    ids_a, ids_b = {c.id for c in a}, {c.id for c in b}
    return Comparison(
        kind=kind,
        shared=[c for c in a if c.id in ids_b],
        only_a=[c for c in a if c.id not in ids_b],
        only_b=[c for c in b if c.id not in ids_a],
    )
