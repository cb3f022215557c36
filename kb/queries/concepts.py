"""Concepts as the API shows them: listings, one concept in full, and pattern profiles."""

from __future__ import annotations

from pydantic import ValidationError

from kb.answers import (
    ConceptDetail,
    ConceptSummary,
    Example,
    MappingOut,
    Page,
    PatternProfile,
    ProfileEntry,
    ResultCounts,
    quotes,
)
from kb.errors import InvalidInput
from kb.models import CodeSystem, ConceptKind
from kb.store.db import Database
from kb.vocab.codes import concepts_with_code
from kb.vocab.resolve import UnknownConcept, concept_ids, concept_ref, matching, resolve_term
from kb.vocab.vocabulary import Vocabulary


def list_concepts(
    db: Database,
    vocab: Vocabulary,
    kind: ConceptKind | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
    code: str | None = None,
    system: CodeSystem | None = None,
) -> Page[ConceptSummary]:
    """Concepts of a kind, whose id, label or a synonym contains `q` (or that `q` names), mapped to `code`
    (of `system`, or of any code set) when one is given."""
    ids = matching(vocab, q, kind) if q else None
    if code:
        coded = concepts_with_code(vocab, code, system)
        ids = coded if ids is None else [i for i in ids if i in coded]
    params = {"kind": kind.value if kind else None, "ids": ids}
    page = db.read("concepts_list", **params, limit=limit, offset=offset)[0]
    items = [ConceptSummary(**item, retired=item["id"] not in vocab.concepts) for item in page["items"]]
    return Page[ConceptSummary](total=page["total"], limit=limit, offset=offset, items=items)


def get_concept(db: Database, vocab: Vocabulary, term: str) -> ConceptDetail:
    """One concept by id (or any term that names it); a retired one (used, no longer in the vocabulary) by its id."""
    if term in vocab.concepts:
        cid = term
    else:
        try:
            cid = resolve_term(vocab, term).concept.id
        except UnknownConcept:
            if not db.read("concept_get", id=term):
                raise
            cid = term
    rows = db.read("concept_get", id=cid)
    if not rows:
        raise UnknownConcept(term, (), [])
    r = rows[0]
    usage = db.read("concept_usage", ids=[cid])[0]

    def refs(ids: list[str]) -> list:
        return [concept_ref(vocab, i) for i in ids]

    return ConceptDetail(
        id=r["id"],
        label=r["label"],
        kind=r["kind"],
        retired=cid not in vocab.concepts,
        vignettes=usage["vignettes"],
        definition=r["definition"],
        synonyms=r["synonyms"] or [],
        broader=refs(r["broader"]),
        narrower=refs(r["narrower"]),
        related=refs(r["related"]),
        mappings=_mappings(vocab, cid, r["mappings"] or []),
    )


def _mappings(vocab: Vocabulary, cid: str, stored: list[str]) -> list[MappingOut]:
    """The concept's codes from the vocabulary (the source of truth); for a retired concept, those stored with it
    that are codes (a database loaded before mappings were checked may hold unchecked labels: not shown)."""
    if cid in vocab.concepts:
        return [MappingOut(**m.model_dump(mode="json")) for m in vocab.concepts[cid].mappings]
    out = []
    for text in stored:
        try:
            out.append(MappingOut.model_validate_json(text))
        except ValidationError:
            continue
    return out


PROFILE_KINDS = ("roles", "behaviors", "interventions", "outcomes", "patterns")


def pattern_profile(db: Database, vocab: Vocabulary, term: str, focus: str | None = None) -> PatternProfile:
    """What goes with a pattern: roles, behaviors, interventions, outcomes and other patterns in its vignettes.

    `focus` (one of PROFILE_KINDS) is the kind asked for: `order` lists it first."""
    if focus is not None and focus not in PROFILE_KINDS:
        raise InvalidInput(f"focus: {focus!r} is not one of {', '.join(PROFILE_KINDS)}")
    resolved = resolve_term(vocab, term, ("pattern",))
    ids = concept_ids(resolved)
    rows = db.read("pattern_profile", concept_ids=ids)
    n = db.read("pattern_vignette_count", concept_ids=ids)[0]["vignettes"]
    groups: dict[str, list[ProfileEntry]] = {k: [] for k in ("role", "behavior", "intervention", "outcome", "pattern")}
    for r in rows:
        results = (
            ResultCounts(improved=r["improved"], mixed=r["mixed"], unchanged=r["unchanged"], worse=r["worse"])
            if r["kind"] == "outcome"
            else None
        )
        groups[r["kind"]].append(
            ProfileEntry(
                concept=concept_ref(vocab, r["concept"], kind=r["kind"]),
                vignettes=r["vignettes"],
                linked=r["linked"],
                results=results,
            )
        )
    for entries in groups.values():
        entries.sort(key=lambda e: (-e.linked, -e.vignettes, e.concept.label.lower(), e.concept.id))
    return PatternProfile(
        resolved=resolved,
        vignettes=n,
        roles=groups["role"],
        behaviors=groups["behavior"],
        interventions=groups["intervention"],
        outcomes=groups["outcome"],
        patterns=groups["pattern"],
        focus=focus,
        order=[focus, *(k for k in PROFILE_KINDS if k != focus)] if focus else list(PROFILE_KINDS),
    )


EXAMPLE_SCAN = 500  # facts read at most to find the examples: the first vignettes in id order


def concept_examples(db: Database, vocab: Vocabulary, term: str, n: int = 3) -> list[Example]:
    """Where a concept (or a narrower one) appears, in the first `n` vignettes by id, with its quotes: for citing."""
    resolved = resolve_term(vocab, term)
    rows = db.read("concept_evidence", concept_ids=concept_ids(resolved), n=n, scan=EXAMPLE_SCAN)
    return [
        Example(
            vignette_id=r["vignette_id"],
            vignette_title=r["vignette_title"],
            fact_id=r["fact_id"],
            concept=concept_ref(vocab, r["concept"]),
            evidence=quotes(r["evidence"], r["evidence_start"], r["evidence_end"]),
        )
        for r in rows
    ]
