"""The home page: one ask box, and the patterns by family; /ask shows the answer (or, for htmx, only the answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kb.answers import CompareAnswer
from kb.errors import UnknownVignette
from kb.models import ConceptKind
from kb.queries.ask import FORMS, QuestionNotUnderstood, UnknownTerms, ask
from kb.vocab.resolve import concept_ref
from web.compare import rows, side_total
from web.deps import DB, Cache, Reader, Vocab
from web.families import browse
from web.interpret import understanding
from web.render import page

router = APIRouter()
EXAMPLES = [
    "interventions for enmeshment",
    "what is inner child work used for",
    "compare enmeshment and codependency",
    "vignettes with a parentified child and an alcoholic mother",
    "what goes with codependency",
    "what outcomes followed boundary setting",
    "cases like donna",
    "what is triangulation",
]
Question = Annotated[str, Query(max_length=300, description="a question in plain English")]
SHOWN = 10  # interventions or vignettes in an answer; "show all" asks for up to MOST
MOST = 100


@router.get("/")
def home(request: Request, db: DB, vocab: Vocab, cache: Cache, who: Reader) -> Response:
    return _page(request, db, vocab, cache, "")


@router.get("/ask")
def ask_page(
    request: Request,
    db: DB,
    vocab: Vocab,
    cache: Cache,
    who: Reader,
    q: Question = "",
    everything: Annotated[bool, Query(alias="all", description="every answer, not the first ten")] = False,
) -> Response:
    return _page(request, db, vocab, cache, q.strip(), MOST if everything else SHOWN)


def _page(request: Request, db: DB, vocab: Vocab, cache: Cache, q: str, limit: int = SHOWN) -> Response:
    context: dict = {"q": q, "examples": EXAMPLES, "title": f"{q} \u00b7 Ask" if q else "Ask", "limit": limit}
    status = 200
    if q:
        try:
            # kept until the data change: a comparison or a profile walks every vignette of its patterns
            answer = cache.get(("ask", q, limit), lambda: ask(db, vocab, q, limit=limit))
            context |= {
                "answer": answer,
                "understanding": understanding(answer),
                "intent": answer.interpretation.intent,
            }
            if isinstance(answer.answer, CompareAnswer):  # the differences as rows, each count out of its side's
                a = answer.answer
                context |= {"rows": rows(a), "total_a": side_total(a.a), "total_b": side_total(a.b)}
        except QuestionNotUnderstood as exc:
            status = 422
            context |= {"not_understood": exc.message, "forms": exc.forms}
        except UnknownTerms as exc:
            status = 404
            context |= {
                "unknown": [
                    (words, [concept_ref(vocab, s) for s in suggestions if s in vocab.concepts])
                    for words, suggestions in exc.unknown
                ],
                "unknown_message": exc.message,
                "form": exc.form,
            }
        except UnknownVignette as exc:
            status = 404
            context |= {"unknown_vignette": exc.vignette_id}
    if not (q and request.headers.get("hx-request") == "true"):
        context["browse"] = cache.get(("browse", "pattern"), lambda: browse(db, vocab, ConceptKind.pattern))
        context["forms"] = context.get("forms") or FORMS
    return page(request, "home.html", context, status=status, fragment="_answer.html")
