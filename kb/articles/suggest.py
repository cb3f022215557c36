"""Which vignettes illustrate an article: the similar-cases measure over the article's own findings.

The article becomes a partial case: the patterns, roles and behaviors its text affirms (person words
such as "mother" left out, kb.articles.tagging). Vignettes are ranked by kb.queries.similarity's
weighted, taxonomy-aware overlap (each kind compared on its own, rarer concepts weigh more, a broader or
sibling concept counts in part), each with what it shares: the same explanation as similar cases.
Each suggestion also says how the article is already linked to it.
"""

from __future__ import annotations

from collections import defaultdict

from kb.articles.links import vignette_links_of
from kb.articles.models import ArticleSuggestions, Suggestion
from kb.articles.store import article_text
from kb.articles.tagging import PERSON_ROLES, article_mentions
from kb.queries.similarity import KIND_WEIGHTS, Case, similar_to_case
from kb.store.db import Database
from kb.vocab.resolve import concept_ref
from kb.vocab.vocabulary import Vocabulary


def article_case(vocab: Vocabulary, text: str) -> Case:
    """The article's affirmed patterns, roles and behaviors, as a partial case."""
    case: Case = defaultdict(set)
    for m in article_mentions(vocab, text):
        if m.affirmed and m.kind in KIND_WEIGHTS and m.concept_id not in PERSON_ROLES:
            case[m.kind].add(m.concept_id)
    return case


def suggest(db: Database, vocab: Vocabulary, article_id: str, k: int = 10) -> ArticleSuggestions:
    text, _fields = article_text(db, article_id)
    case = article_case(vocab, text)
    answer = similar_to_case(db, vocab, case, k, label=f"article {article_id}") if case else None
    linked = vignette_links_of(db, article_id)
    return ArticleSuggestions(
        article_id=article_id,
        query=[concept_ref(vocab, cid) for kind in KIND_WEIGHTS for cid in sorted(case.get(kind, ()))],
        weights=KIND_WEIGHTS,
        items=[Suggestion(**item.model_dump(), links=linked.get(item.vignette.id, [])) for item in answer.items]
        if answer
        else [],
    )
