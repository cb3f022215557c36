"""Concepts as the API shows them: listings, one concept in full, and pattern profiles."""

from __future__ import annotations

import json

from kb.answers import ConceptDetail, ConceptSummary, Mapping, Page, PatternProfile, ProfileEntry, ResultCounts
from kb.db import Database
from kb.models import ConceptKind
from kb.resolve import UnknownConcept, concept_ids, ref, resolve_term
from kb.vocabulary import Vocabulary, normalize


def list_concepts(db: Database, vocab: Vocabulary, kind: ConceptKind | None = None, q: str | None = None,
                  limit: int = 50, offset: int = 0) -> Page[ConceptSummary]:
    """Concepts of a kind, whose id, label or a synonym contains `q` (or that `q` names)."""
    ids = None
    if q:
        needle = normalize(q)
        ids = [c.id for c in vocab.of_kind(kind)
               if any(needle in normalize(t) for t in (c.id, c.label, *c.synonyms))]
        hit = vocab.resolve(q, kind, fuzzy=True)
        if hit and hit.concept.id not in ids:
            ids.append(hit.concept.id)
    params = {"kind": kind.value if kind else None, "ids": ids}
    page = db.read("concepts_list", **params, limit=limit, offset=offset)[0]
    items = [ConceptSummary(**item) for item in page["items"]]
    return Page[ConceptSummary](total=page["total"], limit=limit, offset=offset, items=items)


def get_concept(db: Database, vocab: Vocabulary, term: str) -> ConceptDetail:
    """One concept by id (or any term that names it)."""
    cid = term if term in vocab.concepts else resolve_term(vocab, term).concept.id
    rows = db.read("concept_get", id=cid)
    if not rows:
        raise UnknownConcept(term, (), [])
    r = rows[0]
    usage = db.read("concept_usage", ids=[cid])[0]

    def refs(ids: list[str]) -> list:
        return [ref(vocab.concepts[i]) for i in ids if i in vocab.concepts]

    return ConceptDetail(
        id=r["id"], label=r["label"], kind=r["kind"], vignettes=usage["vignettes"], definition=r["definition"],
        synonyms=r["synonyms"] or [], broader=refs(r["broader"]), narrower=refs(r["narrower"]),
        related=refs(r["related"]), mappings=[Mapping(**json.loads(m)) for m in r["mappings"] or []],
    )


def pattern_profile(db: Database, vocab: Vocabulary, term: str) -> PatternProfile:
    resolved = resolve_term(vocab, term, ("pattern",))
    ids = concept_ids(resolved)
    rows = db.read("pattern_profile", concept_ids=ids)
    n = db.read("pattern_vignette_count", concept_ids=ids)[0]["vignettes"]
    groups: dict[str, list[ProfileEntry]] = {k: [] for k in ("role", "behavior", "intervention", "outcome", "pattern")}
    for r in rows:
        if r["concept"] not in vocab.concepts:
            continue
        results = (ResultCounts(improved=r["improved"], mixed=r["mixed"], unchanged=r["unchanged"], worse=r["worse"])
                   if r["kind"] == "outcome" else None)
        groups[r["kind"]].append(ProfileEntry(concept=ref(vocab.concepts[r["concept"]]), vignettes=r["vignettes"],
                                              linked=r["linked"], results=results))
    for entries in groups.values():
        entries.sort(key=lambda e: (-e.linked, -e.vignettes, e.concept.label.lower()))
    return PatternProfile(resolved=resolved, vignettes=n, roles=groups["role"], behaviors=groups["behavior"],
                          interventions=groups["intervention"], outcomes=groups["outcome"], patterns=groups["pattern"])
