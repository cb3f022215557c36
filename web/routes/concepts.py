"""Concepts: the vocabulary by kind and family, and one concept with what the vignettes show about it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import RedirectResponse, Response

from kb.articles.links import concept_backlinks
from kb.models import ConceptKind
from kb.queries.concepts import get_concept, pattern_profile
from kb.queries.interventions import interventions_for, outcomes_after
from kb.queries.targets import intervention_targets
from kb.queries.vignettes import list_vignettes
from web.deps import DB, Cache, Reader, Vocab
from web.families import browse
from web.render import page

router = APIRouter()
ConceptTerm = Annotated[str, Path(min_length=1, max_length=120)]
KINDS = [k.value for k in ConceptKind]
TARGET_KINDS = ("pattern", "behavior", "role")
SHOWN = 8  # vignettes and interventions listed on a concept's page; links lead to the rest


@router.get("/concepts")
def concepts(
    request: Request,
    db: DB,
    vocab: Vocab,
    cache: Cache,
    who: Reader,
    kind: Annotated[ConceptKind, Query(description="which kind of concept")] = ConceptKind.pattern,
) -> Response:
    context = {
        "title": "Concepts",
        "kind": kind.value,
        "kinds": KINDS,
        "browse": cache.get(("browse", kind.value), lambda: browse(db, vocab, kind)),
    }
    return page(request, "concepts.html", context, fragment="_concept_browse.html")


@router.get("/concepts/{term}")
def concept(request: Request, db: DB, vocab: Vocab, cache: Cache, who: Reader, term: ConceptTerm) -> Response:
    c = cache.get(("concept", term), lambda: get_concept(db, vocab, term))
    if c.id != term:  # a label, synonym or typo: the page lives at the concept's id
        return RedirectResponse(request.url_for("concept", term=c.id).path, status_code=307)
    context: dict = {"title": c.label, "c": c}
    if c.retired:
        context["retired"] = True
    elif c.kind == "pattern":  # a walk over every vignette showing it: shown when kept, else loaded after the page
        context["profile"] = cache.peek(("profile", c.id))
        context["profile_later"] = context["profile"] is None
    if not c.retired and c.kind in TARGET_KINDS:
        context["interventions"] = interventions_for(db, vocab, c.id, limit=SHOWN, support=3)
    elif not c.retired and c.kind == "intervention":  # what it was used for (as GET /interventions/{id}/targets)
        context |= {"targets": intervention_targets(db, vocab, c.id, limit=SHOWN, support=2), "targets_limit": SHOWN}
        context["uses"] = outcomes_after(db, vocab, c.id, support=5).items
    context["vignettes"] = list_vignettes(db, vocab, [(c.kind, c.id)], limit=SHOWN) if not c.retired else None
    context["articles"] = concept_backlinks(db, vocab, c.id) if not c.retired else None
    return page(request, "concept.html", context)


@router.get("/concepts/{term}/profile")
def profile(request: Request, db: DB, vocab: Vocab, cache: Cache, who: Reader, term: ConceptTerm) -> Response:
    """What goes with a pattern (a fragment of its page, or a page of its own without scripts)."""
    answer = cache.get(("profile", term), lambda: pattern_profile(db, vocab, term))
    context = {"title": f"What goes with {answer.resolved.concept.label}", "profile": answer}
    return page(request, "profile.html", context, fragment="_profile.html")
