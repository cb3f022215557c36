"""Vignettes: the filtered list, one vignette (story with evidence, persons, timeline, interventions and
outcomes), its similar cases (a fragment the page loads after itself), and its graph."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from kb.answers import FactOut, VignetteDetail
from kb.articles.links import vignette_backlinks
from kb.models import ConceptKind
from kb.queries.similarity import similar_to_vignette
from kb.queries.vignettes import get_vignette, list_vignettes, vignette_graph
from kb.vocab.resolve import UnknownConcept, concept_ref
from web.deps import DB, Cache, Reader, Vocab
from web.narrative import passages
from web.render import page

router = APIRouter()
PER_PAGE = 20
FILTER_KINDS = ("pattern", "role", "behavior", "intervention", "outcome")
VignetteId = Annotated[str, Path(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100)]
Term = Annotated[str, Query(max_length=120)]


@router.get("/vignettes")
def listing(
    request: Request,
    db: DB,
    vocab: Vocab,
    who: Reader,
    pattern: Term = "",
    role: Term = "",
    behavior: Term = "",
    intervention: Term = "",
    outcome: Term = "",
    q: Annotated[str, Query(max_length=200)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=5000)] = 1,
) -> Response:
    """Vignettes having every concept chosen (narrower ones count), optionally matching words of their text."""
    chosen = {"pattern": pattern, "role": role, "behavior": behavior, "intervention": intervention, "outcome": outcome}
    filters = [(kind, term.strip()) for kind, term in chosen.items() if term.strip()]
    context: dict = {
        "title": "Vignettes",
        "chosen": chosen,
        "q": q.strip(),
        "options": {k: sorted(vocab.of_kind(ConceptKind(k)), key=lambda c: c.label.lower()) for k in FILTER_KINDS},
        "page_no": page_no,
        "per_page": PER_PAGE,
    }
    status = 200
    try:
        result = list_vignettes(db, vocab, filters, q.strip() or None, PER_PAGE, (page_no - 1) * PER_PAGE)
        context["result"] = result
    except UnknownConcept as exc:
        status = 404
        kind = next((k for k, t in filters if t == exc.term), None)
        context["filter_error"] = {
            "kind": kind,
            "message": exc.message,
            "suggestions": exc.suggestions,
            "other": exc.other,
        }
    return page(request, "vignettes.html", context, status=status, fragment="_vignette_results.html")


def _by_phase(v: VignetteDetail) -> list[tuple[str | None, list[FactOut]]]:
    facts = [*v.roles, *v.behaviors, *v.patterns, *v.interventions, *v.outcomes]
    groups: dict[str | None, list[FactOut]] = defaultdict(list)
    for f in facts:
        groups[f.phase].append(f)
    ordered: list[tuple[str | None, list[FactOut]]] = [(p, groups.get(p, [])) for p in v.phases]
    if groups.get(None):
        ordered.append((None, groups[None]))
    return ordered


def _outcomes_after(v: VignetteDetail) -> dict[str, list[FactOut]]:
    after: dict[str, list[FactOut]] = defaultdict(list)
    for o in v.outcomes:
        for iid in o.links.get("AFTER", []):
            after[iid].append(o)
    return after


@router.get("/vignettes/{vignette_id}")
def vignette(request: Request, db: DB, vocab: Vocab, who: Reader, vignette_id: VignetteId) -> Response:
    v = get_vignette(db, vocab, vignette_id)
    facts = [*v.roles, *v.behaviors, *v.patterns, *v.interventions, *v.outcomes]
    context = {
        "title": v.title,
        "v": v,
        "facts_by_id": {f.id: f for f in facts},
        "fact_groups": [(k, getattr(v, k + "s")) for k in ("pattern", "role", "behavior", "intervention", "outcome")],
        "persons": {p.id: p for p in v.persons},
        "passages": passages(v.narrative, facts),
        "timeline": _by_phase(v),
        "after": _outcomes_after(v),
        "selected": request.query_params.get("fact", ""),
        "saved": request.query_params.get("saved", ""),
        "articles": vignette_backlinks(db, vignette_id).items,
    }
    return page(request, "vignette.html", context)


@router.get("/vignettes/{vignette_id}/similar")
def similar(request: Request, db: DB, vocab: Vocab, cache: Cache, who: Reader, vignette_id: VignetteId) -> Response:
    answer = cache.get(("similar", vignette_id), lambda: similar_to_vignette(db, vocab, vignette_id, k=5))
    context = {"title": f"Cases like {vignette_id}", "vignette_id": vignette_id, "similar": answer}
    return page(request, "similar.html", context, fragment="_similar.html")


@router.get("/vignettes/{vignette_id}/graph")
def graph(request: Request, db: DB, vocab: Vocab, who: Reader, vignette_id: VignetteId) -> Response:
    g = vignette_graph(db, vocab, vignette_id)
    title = next((n.label for n in g.nodes if n.type == "vignette"), vignette_id)
    kinds = ["person", "role", "behavior", "pattern", "intervention", "outcome", "concept"]
    present = {n.type for n in g.nodes}
    context = {
        "title": f"Graph of {title}",
        "vignette_title": title,
        "vignette_id": vignette_id,
        "graph": g,
        "kinds": [k for k in kinds if k in present],
        "concept_refs": {
            n.id: concept_ref(vocab, n.id.removeprefix("concept:")) for n in g.nodes if n.type == "concept"
        },
    }
    return page(request, "graph.html", context)
