"""Full-text search over vignettes and concepts, with snippets, paging and counts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kb.queries.fulltext import BadQuery
from kb.queries.search import search
from web.deps import DB, Reader
from web.render import page

router = APIRouter()
PER_PAGE = 20


@router.get("/search")
def search_page(
    request: Request,
    db: DB,
    who: Reader,
    q: Annotated[str, Query(max_length=200)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=50)] = 1,
) -> Response:
    q = q.strip()
    context: dict = {"title": f"{q} \u00b7 Search" if q else "Search", "q": q, "page_no": page_no, "per_page": PER_PAGE}
    status = 200
    if q:
        try:
            context["result"] = search(db, q, PER_PAGE, (page_no - 1) * PER_PAGE)
        except BadQuery as exc:
            status = 422
            context["search_error"] = exc.message
    return page(request, "search.html", context, status=status, fragment="_search_results.html")
