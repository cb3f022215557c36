"""Vignettes as the API shows them: filtered listings, one vignette in full, and its graph ready to draw."""

from __future__ import annotations

from typing import Any

from kb.answers import (
    ConceptRef,
    FactOut,
    GraphEdge,
    GraphNode,
    PersonOut,
    RelationOut,
    SourceOut,
    TermResolution,
    VignetteDetail,
    VignetteGraph,
    VignetteList,
    VignetteSummary,
    quotes,
)
from kb.errors import UnknownVignette
from kb.models import FACT_LISTS
from kb.queries.fulltext import lucene_query
from kb.queries.kin import IMPLIED_GENDER, MAX_KIN, KinError, kin_params, parse_kin
from kb.queries.search import CAP
from kb.store.db import Database
from kb.vocab.resolve import concept_ids, concept_ref, resolve_term
from kb.vocab.vocabulary import Vocabulary

# db hits of checking one vignette against the filters in the walk, over those of one fact of the rarest filter
# when starting from its facts (PROFILE at 10,000 synthetic vignettes: about 190 against 45)
WALK_COST = 4


EXAMINE = 20_000  # vignettes walked at most when no concept filter narrows a listing (family words, exclusions only)


def list_vignettes(
    db: Database,
    vocab: Vocabulary,
    filters: list[tuple[str, str]] | None = None,
    q: str | None = None,
    limit: int = 20,
    offset: int = 0,
    kin: list[str] | None = None,
    without: list[str] | None = None,
) -> VignetteList:
    """Vignettes having every filter's concept (kind, term), narrower ones included, every family relation of `kin`
    ('father and daughter', 'son') and none of the concepts `without` names (any kind); `q` searches their text."""
    resolved: list[TermResolution] = [resolve_term(vocab, term, (kind,)) for kind, term in filters or []]
    if len(kin or []) > MAX_KIN:
        raise KinError(f"kin: at most {MAX_KIN} family relations, {len(kin or [])} given")
    kins = [parse_kin(k) for k in kin or []]
    excluded = [resolve_term(vocab, term) for term in without or []]
    id_lists = [concept_ids(r) for r in resolved]
    extra: dict[str, Any] = {
        "kin": kin_params(kins),
        "without": [concept_ids(r) for r in excluded],
        "implied": IMPLIED_GENDER,
    }
    if q:
        page = db.read(
            "vignettes_search",
            q=lucene_query(q),
            filters=rarest_first(db, id_lists),
            limit=limit,
            offset=offset,
            **extra,
        )[0]
        total, capped, items = page["total"], False, page["items"]
    elif id_lists or kins or excluded:
        total, capped, items = filtered_page(db, id_lists, limit, offset, **extra)
    else:
        page = db.read("vignettes_all", limit=limit, offset=offset)[0]
        total, capped, items = page["total"], False, page["items"]
    return VignetteList(
        total=total,
        total_capped=capped,
        limit=limit,
        offset=offset,
        filters=resolved,
        kin=kins,
        without=excluded,
        q=q,
        items=[VignetteSummary(**item) for item in items],
    )


def _degrees(db: Database, id_lists: list[list[str]]) -> list[int]:
    """Per filter, the facts of its concepts: an upper bound of the vignettes it matches (count store)."""
    degree = {r["id"]: r["facts"] for r in db.read("concept_degrees", ids=sorted({c for ids in id_lists for c in ids}))}
    return [sum(degree.get(c, 0) for c in ids) for ids in id_lists]


def rarest_first(db: Database, id_lists: list[list[str]]) -> list[list[str]]:
    """The filters, the most selective (fewest facts) first: the one a query starts from."""
    if len(id_lists) < 2:
        return id_lists
    return [ids for _, ids in sorted(zip(_degrees(db, id_lists), id_lists, strict=False), key=lambda d: d[0])]


def filtered_page(
    db: Database,
    id_lists: list[list[str]],
    limit: int,
    offset: int,
    kin: list[dict[str, Any]] | None = None,
    without: list[list[str]] | None = None,
    implied: dict[str, str] | None = None,
) -> tuple[int, bool, list[dict]]:
    """(total, total_capped, items) of the vignettes passing every filter, with work bounded at any size.

    Either start from the rarest filter's facts (work: its facts; exact total), or, when the
    filters pass so many vignettes that the page is found sooner, walk the vignettes in id order,
    stop at the page's end, and count the matches only up to CAP. Family relations (`kin`) and
    exclusions (`without`) are checked on each vignette met; with no concept filter to start from,
    the walk looks at the first EXAMINE vignettes at most, and says so (total_capped)."""
    extra = {"kin": kin or [], "without": without or [], "implied": implied or IMPLIED_GENDER}
    cap = max(CAP, offset + limit)
    if not id_lists:
        items = db.read("vignettes_by_concepts_walk", filters=[], limit=limit, offset=offset, examine=EXAMINE, **extra)
        row = db.read("vignettes_walk_count", filters=[], cap=cap, examine=EXAMINE, **extra)[0]
        all_ = db.read("vignette_total")[0]["total"] or 0
        return row["total"], row["total"] >= cap or (row["examined"] >= EXAMINE and all_ > EXAMINE), items
    degrees = _degrees(db, id_lists)
    ordered = [ids for _, ids in sorted(zip(degrees, id_lists, strict=False), key=lambda d: d[0])]
    n = db.read("vignette_total")[0]["total"] or 1
    passing = 1.0
    for d in degrees:
        passing *= min(1.0, d / n)
    if passing == 0 or WALK_COST * (offset + limit) / passing >= min(degrees):
        page = db.read("vignettes_by_concepts", filters=ordered, limit=limit, offset=offset, **extra)[0]
        return page["total"], False, page["items"]
    items = db.read(
        "vignettes_by_concepts_walk", filters=ordered, limit=limit, offset=offset, examine=max(n, 1), **extra
    )
    total = db.read("vignettes_by_concepts_count", filters=ordered, cap=cap, **extra)[0]["total"]
    return total, total >= cap, items


def get_vignette(db: Database, vocab: Vocabulary, vignette_id: str) -> VignetteDetail:
    rows = db.read("vignette_get", id=vignette_id)
    if not rows:
        raise UnknownVignette(vignette_id)
    v = rows[0]
    persons = [
        PersonOut(
            id=p["id"],
            name=p["name"],
            gender=p["gender"],
            age_band=p["age_band"],
            relations=[
                RelationOut(type=r["type"], to=r["to"], phase=r["phase"], evidence=r["evidence"] or [])
                for r in p["relations"]
            ],
        )
        for p in db.read("vignette_persons", id=vignette_id)
    ]
    facts: dict[str, list[FactOut]] = {kind: [] for kind in FACT_LISTS.values()}
    for f in db.read("vignette_facts", id=vignette_id):
        facts[f["kind"]].append(_fact(f, vocab))
    return VignetteDetail(
        id=v["id"],
        version=v["version"],
        title=v["title"],
        summary=v["summary"],
        composite=v["composite"],
        phases=v["phases"] or [],
        source=SourceOut(**v["source"]) if v["source"] else None,
        narrative=v["narrative"],
        persons=persons,
        **{list_name: facts[kind] for list_name, kind in FACT_LISTS.items()},
    )


def _fact(f: dict[str, Any], vocab: Vocabulary) -> FactOut:
    persons: dict[str, list[str]] = {}
    for p in f["persons"]:
        persons.setdefault(p["type"], []).append(p["person"])
    links: dict[str, list[str]] = {}
    for link in f["links"]:
        links.setdefault(link["type"], []).append(link["fact"])
    return FactOut(
        id=f["id"],
        kind=f["kind"],
        concept=concept_ref(vocab, f["concept"], f["label"], f["kind"]),
        phase=f["phase"],
        description=f["description"],
        result=f["result"],
        persons=persons,
        links=links,
        evidence=quotes(f["evidence"], f["evidence_start"], f["evidence_end"]),
    )


def vignette_graph(db: Database, vocab: Vocabulary, vignette_id: str) -> VignetteGraph:
    """Nodes and edges of one vignette: persons, facts and the concepts they instantiate."""
    v = get_vignette(db, vocab, vignette_id)
    nodes = [GraphNode(id=f"vignette:{v.id}", type="vignette", label=v.title)]
    edges: list[GraphEdge] = []
    for p in v.persons:
        nodes.append(
            GraphNode(
                id=f"person:{p.id}", type="person", label=p.name, data={"gender": p.gender, "age_band": p.age_band}
            )
        )
        edges.append(GraphEdge(source=f"vignette:{v.id}", target=f"person:{p.id}", type="HAS_PERSON"))
        edges += [
            GraphEdge(source=f"person:{p.id}", target=f"person:{r.to}", type="RELATED_TO", label=r.type)
            for r in p.relations
        ]
    concepts: dict[str, ConceptRef] = {}
    for fact in [*v.roles, *v.behaviors, *v.patterns, *v.interventions, *v.outcomes]:
        label = fact.concept.label + (f": {fact.description}" if fact.description else "")
        nodes.append(
            GraphNode(
                id=f"fact:{fact.id}",
                type=fact.kind,
                label=label,
                data={"phase": fact.phase, "result": fact.result, "evidence": [q.text for q in fact.evidence]},
            )
        )
        edges.append(GraphEdge(source=f"fact:{fact.id}", target=f"concept:{fact.concept.id}", type="INSTANCE_OF"))
        concepts[fact.concept.id] = fact.concept
        for rel, pids in fact.persons.items():
            edges += [GraphEdge(source=f"fact:{fact.id}", target=f"person:{pid}", type=rel) for pid in pids]
        for rel, fids in fact.links.items():
            edges += [GraphEdge(source=f"fact:{fact.id}", target=f"fact:{fid}", type=rel) for fid in fids]
    nodes += [
        GraphNode(id=f"concept:{c.id}", type="concept", label=c.label, data={"kind": c.kind}) for c in concepts.values()
    ]
    return VignetteGraph(vignette_id=v.id, nodes=nodes, edges=edges)
