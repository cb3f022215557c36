"""Vignettes as the API shows them: filtered listings, one vignette in full, and its graph ready to draw."""

from __future__ import annotations

from typing import Any

from kb.answers import (
    ConceptRef, FactOut, GraphEdge, GraphNode, PersonOut, RelationOut, Source, TermResolution, VignetteDetail,
    VignetteGraph, VignetteList, VignetteSummary, quotes,
)
from kb.db import Database
from kb.fulltext import lucene_query
from kb.models import FACT_LISTS
from kb.resolve import concept_ids, ref, resolve_term
from kb.vocabulary import Vocabulary


class UnknownVignette(LookupError):
    def __init__(self, vignette_id: str) -> None:
        super().__init__(f"no vignette {vignette_id!r}")
        self.vignette_id = vignette_id


def list_vignettes(db: Database, vocab: Vocabulary, filters: list[tuple[str, str]] | None = None,
                   q: str | None = None, limit: int = 20, offset: int = 0) -> VignetteList:
    """Vignettes having every filter's concept (kind, term), narrower ones included; `q` searches their text."""
    resolved: list[TermResolution] = [resolve_term(vocab, term, (kind,)) for kind, term in filters or []]
    id_lists = [concept_ids(r) for r in resolved]
    if len(id_lists) > 1:  # start from the most selective filter: the one with the fewest facts
        degree = {r["id"]: r["facts"] for r in db.read("concept_degrees", ids=sorted({c for ids in id_lists for c in ids}))}
        id_lists.sort(key=lambda ids: sum(degree.get(c, 0) for c in ids))
    if q:
        page = db.read("vignettes_search", q=lucene_query(q), filters=id_lists, limit=limit, offset=offset)[0]
    elif id_lists:
        page = db.read("vignettes_by_concepts", filters=id_lists, limit=limit, offset=offset)[0]
    else:
        page = db.read("vignettes_all", limit=limit, offset=offset)[0]
    return VignetteList(total=page["total"], limit=limit, offset=offset, filters=resolved, q=q,
                        items=[VignetteSummary(**item) for item in page["items"]])


def _concept(vocab: Vocabulary, cid: str, label: str | None = None, kind: str | None = None) -> ConceptRef:
    c = vocab.concepts.get(cid)
    return ref(c) if c else ConceptRef(id=cid, label=label or cid, kind=kind or "unknown")


def get_vignette(db: Database, vocab: Vocabulary, vignette_id: str) -> VignetteDetail:
    rows = db.read("vignette_get", id=vignette_id)
    if not rows:
        raise UnknownVignette(vignette_id)
    v = rows[0]
    persons = [
        PersonOut(id=p["id"], name=p["name"], gender=p["gender"], age_band=p["age_band"],
                  relations=[RelationOut(type=r["type"], to=r["to"], phase=r["phase"], evidence=r["evidence"] or [])
                             for r in p["relations"]])
        for p in db.read("vignette_persons", id=vignette_id)
    ]
    facts: dict[str, list[FactOut]] = {kind: [] for kind in FACT_LISTS.values()}
    for f in db.read("vignette_facts", id=vignette_id):
        facts[f["kind"]].append(_fact(f, vocab))
    return VignetteDetail(
        id=v["id"], title=v["title"], summary=v["summary"], composite=v["composite"], phases=v["phases"] or [],
        source=Source(**v["source"]) if v["source"] else None, narrative=v["narrative"], persons=persons,
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
        id=f["id"], kind=f["kind"], concept=_concept(vocab, f["concept"], f["label"], f["kind"]), phase=f["phase"],
        description=f["description"], result=f["result"], persons=persons, links=links,
        evidence=quotes(f["evidence"], f["evidence_start"], f["evidence_end"]),
    )


def vignette_graph(db: Database, vocab: Vocabulary, vignette_id: str) -> VignetteGraph:
    """Nodes and edges of one vignette: persons, facts and the concepts they instantiate."""
    v = get_vignette(db, vocab, vignette_id)
    nodes = [GraphNode(id=f"vignette:{v.id}", type="vignette", label=v.title)]
    edges: list[GraphEdge] = []
    for p in v.persons:
        nodes.append(GraphNode(id=f"person:{p.id}", type="person", label=p.name,
                               data={"gender": p.gender, "age_band": p.age_band}))
        edges.append(GraphEdge(source=f"vignette:{v.id}", target=f"person:{p.id}", type="HAS_PERSON"))
        edges += [GraphEdge(source=f"person:{p.id}", target=f"person:{r.to}", type="RELATED_TO", label=r.type)
                  for r in p.relations]
    concepts: dict[str, ConceptRef] = {}
    for fact in [*v.roles, *v.behaviors, *v.patterns, *v.interventions, *v.outcomes]:
        label = fact.concept.label + (f": {fact.description}" if fact.description else "")
        nodes.append(GraphNode(id=f"fact:{fact.id}", type=fact.kind, label=label,
                               data={"phase": fact.phase, "result": fact.result,
                                     "evidence": [q.text for q in fact.evidence]}))
        edges.append(GraphEdge(source=f"fact:{fact.id}", target=f"concept:{fact.concept.id}", type="INSTANCE_OF"))
        concepts[fact.concept.id] = fact.concept
        for rel, pids in fact.persons.items():
            edges += [GraphEdge(source=f"fact:{fact.id}", target=f"person:{pid}", type=rel) for pid in pids]
        for rel, fids in fact.links.items():
            edges += [GraphEdge(source=f"fact:{fact.id}", target=f"fact:{fid}", type=rel) for fid in fids]
    nodes += [GraphNode(id=f"concept:{c.id}", type="concept", label=c.label, data={"kind": c.kind})
              for c in concepts.values()]
    return VignetteGraph(vignette_id=v.id, nodes=nodes, edges=edges)
