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

from kb.answers import SharedConcept, SimilarAnswer, SimilarVignette, TermResolution, VignetteSummary
from kb.db import Database
from kb.resolve import ref, resolve_term
from kb.vignette_queries import UnknownVignette
from kb.vocabulary import Vocabulary

KIND_WEIGHTS = {"pattern": 0.5, "role": 0.25, "behavior": 0.25}
RELATION_SCORE = {"same": 1.0, "broader": 0.5, "narrower": 0.5, "sibling": 0.25}
CANDIDATE_POOL = 300
PER_CONCEPT = 500  # facts read per query concept when gathering candidates
BUDGET = 5000  # facts read in all: rarest concepts first, so the work stays bounded at any size

Case = dict[str, set[str]]  # kind -> concept ids


def relation(vocab: Vocabulary, a: str, b: str) -> str | None:
    """How concept b stands to concept a: same, broader, narrower, sibling, or unrelated (None)."""
    if a == b:
        return "same"
    if b in vocab.ancestors(a):
        return "broader"
    if a in vocab.ancestors(b):
        return "narrower"
    if set(vocab.concepts[a].broader) & set(vocab.concepts[b].broader):
        return "sibling"
    return None


def _best(vocab: Vocabulary, concept: str, others: set[str]) -> tuple[float, str | None, str | None]:
    best: tuple[float, str | None, str | None] = (0.0, None, None)
    for other in others:
        rel = relation(vocab, concept, other)
        if rel and RELATION_SCORE[rel] > best[0]:
            best = (RELATION_SCORE[rel], other, rel)
    return best


def compare(vocab: Vocabulary, query: Case, case: Case, idf: dict[str, float]) -> tuple[float, dict[str, float], list[SharedConcept]]:
    """Score 0..1, the per-kind scores, and what the query shares with the case."""
    by_kind: dict[str, float] = {}
    shared: list[SharedConcept] = []
    for kind, weight in KIND_WEIGHTS.items():
        q, c = query.get(kind, set()), case.get(kind, set())
        if not q:
            continue
        num = den = 0.0
        for concept in q:
            score, match, rel = _best(vocab, concept, c)
            num += idf.get(concept, 1.0) * score
            den += idf.get(concept, 1.0)
            if match and rel:
                shared.append(SharedConcept(kind=kind, query=ref(vocab.concepts[concept]),
                                            match=ref(vocab.concepts[match]), relation=rel, weight=score))
        for concept in c:
            num += idf.get(concept, 1.0) * _best(vocab, concept, q)[0]
            den += idf.get(concept, 1.0)
        by_kind[kind] = round(num / den, 4) if den else 0.0
    total_weight = sum(KIND_WEIGHTS[k] for k in by_kind)
    score = sum(KIND_WEIGHTS[k] * s for k, s in by_kind.items()) / total_weight if total_weight else 0.0
    shared.sort(key=lambda s: (-s.weight, s.kind, s.query.label, s.match.id))
    return round(score, 4), by_kind, shared


def _neighbourhood(vocab: Vocabulary, query: Case, idf: dict[str, float]) -> list[dict[str, str]]:
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


def _idf(db: Database, vocab: Vocabulary) -> dict[str, float]:
    """Rarity of every concept, log(1 + vignettes / facts of it): read from relationship counts, not by scanning."""
    n = db.read("vignette_total")[0]["total"] or 1
    return {r["id"]: math.log(1 + n / max(1, r["facts"])) for r in db.read("concept_degrees", ids=list(vocab.concepts))}


COMMON_IDF = math.log(1 + 1 / 0.5)  # a concept with facts in half the vignettes or more


def similar_to_case(db: Database, vocab: Vocabulary, query: Case, k: int = 5, exclude: str | None = None,
                    label: str = "partial case", resolved: list[TermResolution] | None = None) -> SimilarAnswer:
    idf = _idf(db, vocab)
    rows = db.read("similar_candidates", concepts=_neighbourhood(vocab, query, idf), exclude=exclude,
                   pool=CANDIDATE_POOL, per_concept=PER_CONCEPT, budget=BUDGET, kinds=list(KIND_WEIGHTS))
    cases: dict[str, Case] = {}
    for row in rows:
        case: Case = defaultdict(set)
        for kind, cid in row["concepts"]:
            if cid in vocab.concepts:
                case[kind].add(cid)
        cases[row["id"]] = case
    items = []
    for row in rows:
        score, by_kind, shared = compare(vocab, query, cases[row["id"]], idf)
        if score > 0:
            summary = VignetteSummary(id=row["id"], title=row["title"], summary=row["summary"], composite=row["composite"])
            items.append(SimilarVignette(vignette=summary, score=score, by_kind=by_kind, shared=shared))
    items.sort(key=lambda s: (-s.score, s.vignette.id))
    return SimilarAnswer(query=label, resolved=resolved or [], weights=KIND_WEIGHTS, items=items[:k])


def similar_to_vignette(db: Database, vocab: Vocabulary, vignette_id: str, k: int = 5) -> SimilarAnswer:
    rows = db.read("vignette_concepts", id=vignette_id, kinds=list(KIND_WEIGHTS))
    if not rows and not db.read("vignette_get", id=vignette_id):
        raise UnknownVignette(vignette_id)
    query: Case = defaultdict(set)
    for r in rows:
        if r["concept"] in vocab.concepts:
            query[r["kind"]].add(r["concept"])
    return similar_to_case(db, vocab, query, k, exclude=vignette_id, label=vignette_id)


def similar_to_terms(db: Database, vocab: Vocabulary, terms: dict[str, list[str]], k: int = 5) -> SimilarAnswer:
    """A partial case given as words: {'pattern': [...], 'role': [...], 'behavior': [...]}."""
    resolved = [resolve_term(vocab, t, (kind,)) for kind, ts in terms.items() for t in ts]
    query: Case = defaultdict(set)
    for r in resolved:
        query[r.concept.kind].add(r.concept.id)
    return similar_to_case(db, vocab, query, k, resolved=resolved)
