"""Full-text search over vignette text and titles and concept labels and synonyms, with highlighted snippets."""

from __future__ import annotations

from typing import Any

from kb.answers import SearchAnswer, SearchHit
from kb.queries.fulltext import lucene_query, snippet
from kb.store.db import Database

CAP = 1000  # matches counted per index: past that, `total` is a lower bound (total_capped)


def search(db: Database, q: str, limit: int = 20, offset: int = 0) -> SearchAnswer:
    page = read_page(db, q, limit, offset)
    items = [
        SearchHit(
            type=i["type"], id=i["id"], title=i["title"], score=round(i["score"], 4), snippet=snippet(i["text"], q)
        )
        for i in page["items"]
    ]
    return SearchAnswer(q=q, total=page["total"], total_capped=page["capped"], limit=limit, offset=offset, items=items)


def read_page(db: Database, q: str, limit: int, offset: int) -> dict[str, Any]:
    """One page of full-text matches as stored: total (counted up to CAP), capped, items with their text and score."""
    return db.read("search_text", q=lucene_query(q), limit=limit, offset=offset, cap=max(CAP, offset + limit))[0]
