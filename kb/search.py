"""Full-text search over vignette text and titles and concept labels and synonyms, with highlighted snippets."""

from __future__ import annotations

from kb.answers import SearchAnswer, SearchHit
from kb.db import Database
from kb.fulltext import lucene_query, snippet


CAP = 1000  # matches counted per index: past that, `total` is a lower bound (total_capped)


def search(db: Database, q: str, limit: int = 20, offset: int = 0) -> SearchAnswer:
    page = db.read("search_text", q=lucene_query(q), limit=limit, offset=offset, cap=max(CAP, offset + limit))[0]
    items = [SearchHit(type=i["type"], id=i["id"], title=i["title"], score=round(i["score"], 4),
                       snippet=snippet(i["text"], q)) for i in page["items"]]
    return SearchAnswer(q=q, total=page["total"], total_capped=page["capped"], limit=limit, offset=offset, items=items)
