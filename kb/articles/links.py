"""An article's links to vignettes (cites, illustrated-by, source-of) and concepts (about), and the backlinks.

A link is `(:Article)-[:LINKS_TO {type}]->(:Vignette | :Concept)`. It is the writer's statement; a
vignette's own `source.article_id` (FROM_ARTICLE) is the vignette author's, and the backlinks tell the two
apart. A concept's backlinks tell the articles a writer linked to it from those whose text mentions it.
Each link written or removed has its audit entry in the same transaction; an unknown target or a link
that exists already is refused before anything is written.
"""

from __future__ import annotations

from typing import Any

from kb.articles.models import (
    ArticleRef,
    ConceptArticles,
    LinkOut,
    LinkSaved,
    TaggedArticle,
    VignetteArticles,
    VignetteBacklink,
)
from kb.articles.store import UnknownArticle, ensure_vocabulary
from kb.errors import Conflict, InvalidInput, NotFound, UnknownVignette
from kb.models import VIGNETTE_LINK_TYPES, ArticleLinkType
from kb.store.db import Database, Step
from kb.vocab.resolve import UnknownConcept, concept_ids, concept_ref, resolve_term
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor, audit_step, entry


class UnknownLinkTarget(InvalidInput):
    """The vignette or concept a link names is not in the knowledge base."""

    code = "unknown_link_target"

    def __init__(self, field: str, target: str, hint: str = "") -> None:
        what = "vignette" if field == "vignette" else "concept"
        super().__init__(f"{field}: no {what} {target!r} in the knowledge base{hint}; nothing was written")
        self.field, self.target = field, target

    def details(self) -> dict[str, Any]:
        return {"field": self.field, "target": self.target}


class DuplicateLink(Conflict):
    code = "duplicate_link"

    def __init__(self, article_id: str, link_type: str, kind: str, target: str) -> None:
        super().__init__(
            f"article {article_id!r} already {link_type.replace('-', ' ')} {kind} {target!r}; nothing was written"
        )
        self.details_ = {"id": article_id, "type": link_type, kind: target}

    def details(self) -> dict[str, Any]:
        return self.details_


class UnknownLink(NotFound):
    code = "unknown_link"


def target_of(
    vocab: Vocabulary, vignette: str | None, concept: str | None, link_type: ArticleLinkType | None
) -> tuple[str, str, ArticleLinkType]:
    """(kind, id, type) of a link given as a vignette id or a concept (any of its words); the type checked."""
    if bool(vignette) == bool(concept):
        raise InvalidInput("give either vignette (an id) or concept (an id or any of its words), not both or none")
    if vignette:
        link_type = link_type or ArticleLinkType.cites
        if link_type not in VIGNETTE_LINK_TYPES:
            raise InvalidInput(
                f"type: {link_type.value!r} links a concept; "
                "an article links a vignette as cites, illustrated-by or source-of"
            )
        return "vignette", vignette, link_type
    link_type = link_type or ArticleLinkType.about
    if link_type is not ArticleLinkType.about:
        raise InvalidInput(f"type: an article links a concept as about, not {link_type.value!r}")
    try:
        resolved = resolve_term(vocab, concept or "")
    except UnknownConcept as exc:
        hint = f" (closest: {', '.join(c.id for c in exc.suggestions)})" if exc.suggestions else ""
        raise UnknownLinkTarget("concept", concept or "", hint) from None
    return "concept", resolved.concept.id, link_type


def _link_out(db: Database, vocab: Vocabulary, kind: str, target: str, link_type: str) -> LinkOut:
    if kind == "concept":
        title = concept_ref(vocab, target).label
    else:
        rows = db.read("vignette_get", id=target)
        title = rows[0].get("title", target) if rows else target
    return LinkOut(type=link_type, target=kind, id=target, title=title)


def link(
    db: Database,
    vocab: Vocabulary,
    article_id: str,
    actor: Actor,
    vignette: str | None = None,
    concept: str | None = None,
    link_type: ArticleLinkType | None = None,
) -> LinkSaved:
    """Link an article to a vignette or a concept; refused (nothing written) for an unknown target or a duplicate."""
    kind, target, ltype = target_of(vocab, vignette, concept, link_type)
    if kind == "concept":
        ensure_vocabulary(db, vocab, [target])
    params = {"id": article_id, "kind": kind, "target": target, "type": ltype.value}

    def plan(found: list[dict[str, Any]]) -> list[Step]:
        if not found:
            raise UnknownArticle(article_id)
        if not found[0]["target_exists"]:
            raise UnknownLinkTarget(kind, target, " (`kb vignettes` lists them)" if kind == "vignette" else "")
        if found[0]["linked"]:
            raise DuplicateLink(article_id, ltype.value, kind, target)
        change = {"link": ltype.value, kind: target}
        return [("article_link_add", params), audit_step(actor, [entry("link", "article", article_id, change)])]

    db.write_guarded(("article_link_check", params), plan)
    return LinkSaved(article_id=article_id, link=_link_out(db, vocab, kind, target, ltype.value))


def unlink(
    db: Database,
    vocab: Vocabulary,
    article_id: str,
    actor: Actor,
    vignette: str | None = None,
    concept: str | None = None,
    link_type: ArticleLinkType | None = None,
) -> None:
    """Remove one link; NotFound when the article has no such link."""
    kind, target, ltype = target_of(vocab, vignette, concept, link_type)
    params = {"id": article_id, "kind": kind, "target": target, "type": ltype.value}

    def plan(found: list[dict[str, Any]]) -> list[Step]:
        if not found:
            raise UnknownArticle(article_id)
        if not found[0]["linked"]:
            raise UnknownLink(f"article {article_id!r} has no {ltype.value} link to {kind} {target!r}")
        change = {"unlink": ltype.value, kind: target}
        return [("article_link_remove", params), audit_step(actor, [entry("unlink", "article", article_id, change)])]

    db.write_guarded(("article_link_check", params), plan)


def _ref(row: dict[str, Any]) -> ArticleRef:
    return ArticleRef(id=row["id"], title=row["title"], author=row["author"], url=row["url"], stored=row["stored"])


def vignette_backlinks(db: Database, vignette_id: str) -> VignetteArticles:
    """The articles that link to a vignette, and the one its own source names, told apart by `via`."""
    row = db.read("vignette_articles", id=vignette_id)[0]
    if not row["exists"]:
        raise UnknownVignette(vignette_id)
    items = [VignetteBacklink(article=_ref(i), type=i["type"], via=i["via"]) for i in row["items"]]
    return VignetteArticles(vignette_id=vignette_id, items=sorted(items, key=lambda b: (b.article.id, b.via, b.type)))


def concept_backlinks(db: Database, vocab: Vocabulary, term: str) -> ConceptArticles:
    """The articles linked to a concept (any of its words) and those that mention it or a narrower one."""
    resolved = resolve_term(vocab, term)
    ids = concept_ids(resolved)
    linked: dict[str, ArticleRef] = {}
    tagged: list[TaggedArticle] = []
    for row in db.read("concept_articles", ids=ids):
        for a in row["linked"]:
            linked.setdefault(a["id"], _ref(a))
        tagged += [
            TaggedArticle(
                article=_ref(t),
                concept=concept_ref(vocab, row["concept"]),
                affirmed=t["affirmed"],
                negated=t["negated"],
                hypothetical=t["hypothetical"],
                generic=t["generic"],
            )
            for t in row["tagged"]
        ]
    return ConceptArticles(
        resolved=resolved,
        linked=sorted(linked.values(), key=lambda a: a.id),
        tagged=sorted(tagged, key=lambda t: (-t.affirmed, t.article.id, t.concept.id)),
    )


def vignette_links_of(db: Database, article_id: str) -> dict[str, list[str]]:
    """vignette id -> how the article relates to it: its link types, and 'source' where the vignette names it."""
    rows = db.read("article_get", id=article_id)
    if not rows:
        raise UnknownArticle(article_id)
    out: dict[str, list[str]] = {}
    for link in rows[0]["links"]:
        if link["target"] == "vignette":
            out.setdefault(link["id"], []).append(link["type"])
    for link in rows[0]["source_of"]:
        out.setdefault(link["id"], []).append("source")
    return out
