"""Case-based retrieval: the vignettes most like a vignette, or like a partial case.

As in case-based reasoning (cbrkit's style): each kind of concept (patterns,
roles, behaviors) is compared on its own, and the per-kind scores are combined
with weights; the breakdown is kept as the explanation. Within a kind, two
concept sets are compared by a soft, rarity-weighted overlap: each concept is
matched with its best counterpart in the other set (same concept 1.0, one
broader than the other 0.5, siblings under one broader concept 0.25), and a
concept found in many vignettes (the role "client") weighs less than a rare one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from kb.answers import SharedConcept, SimilarAnswer, SimilarVignette, TermResolution, VignetteBrief
from kb.errors import UnknownVignette
from kb.store.db import Database
from kb.vocab.resolve import concept_ref, resolve_term
from kb.vocab.vocabulary import Vocabulary

KIND_WEIGHTS = {"pattern": 0.5, "role": 0.25, "behavior": 0.25}
RELATION_SCORE = {"same": 1.0, "broader": 0.5, "narrower": 0.5, "sibling": 0.25}
CANDIDATE_POOL = 300
PER_CONCEPT = 500  # facts read per query concept when gathering candidates
BUDGET = 5000  # facts read in all: rarest concepts first, so the work stays bounded at any size

Case = dict[str, set[str]]  # kind -> concept ids


def _best(vocab: Vocabulary, concept: str, others: set[str]) -> tuple[float, str | None, str | None]:
    """The best counterpart of `concept` among `others`: (score, that concept, relation); ties go to the lower id."""
    related = vocab.related(concept)
    best: tuple[float, str | None, str | None] = (0.0, None, None)
    for other in sorted(others & related.keys()):
        score = RELATION_SCORE[related[other]]
        if score > best[0]:
            best = (score, other, related[other])
    return best


def score(vocab: Vocabulary, query: Case, case: Case, idf: dict[str, float]) -> tuple[float, dict[str, float]]:
    """Score 0..1 and the per-kind scores: each concept of either side matched with its best counterpart."""
    by_kind: dict[str, float] = {}
    for kind in KIND_WEIGHTS:
        q, c = query.get(kind, set()), case.get(kind, set())
        if not q:
            continue
        num = den = 0.0
        for concept, others in [*((x, c) for x in q), *((x, q) for x in c)]:
            weight = idf.get(concept, 1.0)
            num += weight * _best(vocab, concept, others)[0]
            den += weight
        by_kind[kind] = round(num / den, 4) if den else 0.0
    total_weight = sum(KIND_WEIGHTS[k] for k in by_kind)
    total = sum(KIND_WEIGHTS[k] * s for k, s in by_kind.items()) / total_weight if total_weight else 0.0
    return round(total, 4), by_kind


def shared_concepts(vocab: Vocabulary, query: Case, case: Case) -> list[SharedConcept]:
    """What the query shares with the case, per query concept its best counterpart: the explanation of a score."""
    shared = []
    for kind in KIND_WEIGHTS:
        for concept in query.get(kind, set()):
            weight, match, rel = _best(vocab, concept, case.get(kind, set()))
            if match and rel:
                shared.append(
                    SharedConcept(
                        kind=kind,
                        query=concept_ref(vocab, concept),
                        match=concept_ref(vocab, match),
                        relation=rel,
                        weight=weight,
                    )
                )
    # closest first; among equally close, the kinds that weigh most (patterns) first
    return sorted(shared, key=lambda s: (-s.weight, -KIND_WEIGHTS[s.kind], s.kind, s.query.label, s.match.id))


def compare(
    vocab: Vocabulary, query: Case, case: Case, idf: dict[str, float]
) -> tuple[float, dict[str, float], list[SharedConcept]]:
    """Score 0..1, the per-kind scores, and what the query shares with the case."""
    total, by_kind = score(vocab, query, case, idf)
    return total, by_kind, shared_concepts(vocab, query, case)


def neighbourhood(vocab: Vocabulary, query: Case, idf: dict[str, float]) -> list[dict[str, str]]:
    """The query's concepts with their broader, narrower and sibling concepts: what a candidate may share; rarest first.

    Common concepts (found in half the vignettes or more, like the role "client") are left out: sharing
    them says nothing, and every vignette would be a candidate."""
    common = {cid for cid, w in idf.items() if w <= COMMON_IDF}
    out = set()
    for kind, ids in query.items():
        for cid in ids:
            near = {cid, *vocab.ancestors(cid), *vocab.descendants(cid)}
            for parent in vocab.concepts[cid].broader:
                near |= set(vocab.narrower[parent])
            out |= {(kind, n) for n in near if n not in common}
    return [{"kind": k, "id": i} for k, i in sorted(out, key=lambda ki: (-idf.get(ki[1], 0.0), ki))]


def rarity(db: Database, vocab: Vocabulary) -> dict[str, float]:
    """Rarity of every concept, log(1 + vignettes / facts of it): read from relationship counts, not by scanning."""
    n = db.read("vignette_total")[0]["total"] or 1
    return {r["id"]: math.log(1 + n / max(1, r["facts"])) for r in db.read("concept_degrees", ids=list(vocab.concepts))}


COMMON_IDF = math.log(1 + 1 / 0.5)  # a concept with facts in half the vignettes or more


def candidates(
    db: Database, vocab: Vocabulary, query: Case, idf: dict[str, float], exclude: str | None = None
) -> list[dict[str, Any]]:
    """The vignettes that may be like the query (sharing a concept of its neighbourhood), with their concepts:
    at most CANDIDATE_POOL, reading at most PER_CONCEPT facts per concept and BUDGET in all."""
    return db.read(
        "similar_candidates",
        concepts=neighbourhood(vocab, query, idf),
        exclude=exclude,
        pool=CANDIDATE_POOL,
        per_concept=PER_CONCEPT,
        budget=BUDGET,
        kinds=list(KIND_WEIGHTS),
    )


def case_of(db: Database, vocab: Vocabulary, vignette_id: str) -> Case:
    """A stored vignette's patterns, roles and behaviors (current concepts only: similarity walks the hierarchy)."""
    query: Case = defaultdict(set)
    for r in db.read("vignette_concepts", id=vignette_id, kinds=list(KIND_WEIGHTS)):
        if r["concept"] in vocab.concepts:
            query[r["kind"]].add(r["concept"])
    return query


def similar_to_case(
    db: Database,
    vocab: Vocabulary,
    query: Case,
    k: int = 5,
    exclude: str | None = None,
    label: str = "partial case",
    resolved: list[TermResolution] | None = None,
) -> SimilarAnswer:
    idf = rarity(db, vocab)
    rows = candidates(db, vocab, query, idf, exclude)
    cases: dict[str, Case] = {}
    for row in rows:
        case: Case = defaultdict(set)
        for kind, cid in row["concepts"]:
            if cid in vocab.concepts:
                case[kind].add(cid)
        cases[row["id"]] = case
    scored = sorted(
        ((score(vocab, query, cases[row["id"]], idf), row) for row in rows), key=lambda sr: (-sr[0][0], sr[1]["id"])
    )
    items = [  # explanations only for the answers shown
        SimilarVignette(
            vignette=VignetteBrief(
                id=row["id"], title=row["title"], summary=row["summary"], composite=row["composite"]
            ),
            score=total,
            by_kind=by_kind,
            shared=shared_concepts(vocab, query, cases[row["id"]]),
        )
        for (total, by_kind), row in scored[:k]
        if total > 0
    ]
    return SimilarAnswer(query=label, resolved=resolved or [], weights=KIND_WEIGHTS, items=items)


def similar_to_vignette(db: Database, vocab: Vocabulary, vignette_id: str, k: int = 5) -> SimilarAnswer:
    query = case_of(db, vocab, vignette_id)
    if not query and not db.read("vignette_get", id=vignette_id):
        raise UnknownVignette(vignette_id)
    return similar_to_case(db, vocab, query, k, exclude=vignette_id, label=vignette_id)


def similar_to_terms(db: Database, vocab: Vocabulary, terms: dict[str, list[str]], k: int = 5) -> SimilarAnswer:
    """A partial case given as words: {'pattern': [...], 'role': [...], 'behavior': [...]}."""
    resolved = [resolve_term(vocab, t, (kind,)) for kind, ts in terms.items() for t in ts]
    query: Case = defaultdict(set)
    for r in resolved:
        query[r.concept.kind].add(r.concept.id)
    return similar_to_case(db, vocab, query, k, resolved=resolved)
