"""Articles in the graph: create, get, list, replace, delete, each write with its audit entry.

An article is the `Article` node that vignettes already point to (FROM_ARTICLE, from their
`source.article_id`), now with its plain text, its format, a content hash (its version, the API's
ETag) and the concepts its text mentions (MENTIONS, with counts per status, so that "which articles
discuss enmeshment" is one hop from the concept). A node that only a vignette's source names, without
text, is not a stored article: creating an article of that id fills it in.

Writes work as vignettes' do (kb.writing.editing): the transaction locks the article node first and
compares versions, so of two editors saving the same version one wins and the other gets a conflict;
the audit entry lands in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from kb.articles.models import ArticleDetail, ArticlePage, ArticleSaved, ArticleSummary, LinkOut
from kb.articles.tagging import tag_rows
from kb.articles.text import MAX_BYTES, ArticleTextInvalid, decode, guess_format, plain_text, slug, title_from_name
from kb.errors import InvalidInput, NotFound, VersionConflict
from kb.models import ArticleFile, ArticleFormat
from kb.store.db import Database, Step
from kb.store.migrate import migrate
from kb.vocab.resolve import concept_ref
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor, audit_step, entry
from kb.writing.loader import sync_vocabulary

TOP_CONCEPTS = 5
HINTS = {  # what a field takes, added to pydantic's words when a value is refused
    "id": " (lower-case letters, digits, words joined by hyphens)",
    "url": " (a web address that starts with https:// or http://, without spaces)",
}


class UnknownArticle(NotFound):
    code = "unknown_article"

    def __init__(self, article_id: str) -> None:
        super().__init__(f"No article {article_id!r} in the knowledge base (`kb article list` shows them).")
        self.article_id = article_id

    def details(self) -> dict[str, Any]:
        return {"id": self.article_id}


class ArticleVersionConflict(VersionConflict):
    noun = "article"


class ArticleInvalid(InvalidInput):
    code = "invalid_article"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field

    def details(self) -> dict[str, Any]:
        return {"field": self.field}


class ArticleBody(BaseModel):
    """An article as a writer sends it (JSON): its text in the given format, and its fields."""

    model_config = {
        "extra": "forbid",
        "json_schema_extra": {
            "examples": [
                {
                    "title": "When a daughter cannot leave home",
                    "author": "A. Writer, LCSW",
                    "format": "markdown",
                    "text": "# When a daughter cannot leave home\n\nThe following vignette is a composite...",
                }
            ]
        },
    }

    id: str | None = Field(default=None, max_length=100, description="a slug; made from the title when left out")
    title: str | None = Field(default=None, max_length=500, description="from the document's own title if left out")
    author: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=500)
    format: ArticleFormat = ArticleFormat.text
    text: str = Field(max_length=MAX_BYTES, description="the article: plain text, Markdown or HTML (see format)")


@dataclass(frozen=True)
class PreparedArticle:
    article: ArticleFile
    version: str


def prepare(body: ArticleBody, file_name: str | None = None, default_id: str | None = None) -> PreparedArticle:
    """The article to store: its plain text, a title (given, the document's own, or the file name's), an id,
    each field checked; raises ArticleTextInvalid / ArticleInvalid naming the field."""
    converted = plain_text(body.text, body.format, "file" if file_name else "text")
    title = (body.title or "").strip() or converted.title or (title_from_name(file_name) if file_name else None)
    if not title:
        raise ArticleInvalid("title", "give the article a title (the text has no heading to take it from)")
    data = {
        "id": body.id or default_id or slug(title),
        "title": " ".join(title.split()),
        "author": (body.author or "").strip() or None,
        "url": (body.url or "").strip() or None,
        "format": converted.format,
        "text": converted.text,
    }
    try:
        article = ArticleFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "body"
        hint = HINTS.get(field, "")
        raise ArticleInvalid(field, f"{first['msg']}{hint}") from None
    return PreparedArticle(article, content_hash(article))


def content_hash(article: ArticleFile) -> str:
    """The version of an article: a digest of its id, fields and text (links are written on their own)."""
    payload = article.model_dump(mode="json", exclude={"links"})
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def ensure_vocabulary(db: Database, vocab: Vocabulary, ids: list[str]) -> None:
    """MENTIONS and concept links need the concept nodes: write the schema and vocabulary first if any is missing."""
    if ids and db.read("concepts_missing", ids=sorted(set(ids)))[0]["missing"]:
        migrate(db)
        sync_vocabulary(db, vocab)


def save_steps(vocab: Vocabulary, prepared: PreparedArticle) -> list[Step]:
    a = prepared.article
    row = {
        "id": a.id,
        "title": a.title,
        "author": a.author,
        "url": a.url,
        "format": a.format.value,
        "text": a.text,
        "content_hash": prepared.version,
    }
    return [("article_save", {"row": row, "tags": tag_rows(vocab, a.text)})]


def _change(prepared: PreparedArticle, before: str | None) -> dict[str, Any]:
    return {"before": before, "after": prepared.version, "chars": len(prepared.article.text)}


class _Unchanged(Exception):
    """Raised inside the transaction to abandon a write that would change nothing."""


def save_article(
    db: Database, vocab: Vocabulary, prepared: PreparedArticle, actor: Actor, expected: str | None
) -> ArticleSaved:
    """Create (expected=None) or replace (expected=its current version) one article, with its tags."""
    a = prepared.article
    steps = save_steps(vocab, prepared)
    ensure_vocabulary(db, vocab, [t["concept_id"] for t in steps[0][1]["tags"]])

    def plan(found: list[dict[str, Any]]) -> list[Step]:
        current = found[0]["version"] if found else None
        if current != expected:
            raise ArticleVersionConflict(a.id, expected, current)
        if current == prepared.version:
            raise _Unchanged
        action = "create" if expected is None else "replace"
        return [*steps, audit_step(actor, [entry(action, "article", a.id, _change(prepared, expected))])]

    lock = "article_lock_new" if expected is None else "article_lock"
    try:
        db.write_guarded((lock, {"id": a.id}), plan)
    except _Unchanged:
        return ArticleSaved(id=a.id, status="unchanged", version=prepared.version)
    return ArticleSaved(id=a.id, status="created" if expected is None else "replaced", version=prepared.version)


def create_article(db: Database, vocab: Vocabulary, prepared: PreparedArticle, actor: Actor) -> ArticleSaved:
    return save_article(db, vocab, prepared, actor, None)


def replace_article(
    db: Database, vocab: Vocabulary, article_id: str, prepared: PreparedArticle, actor: Actor, expected: str
) -> ArticleSaved:
    if prepared.article.id != article_id:
        raise ArticleInvalid(
            "id",
            f"the body's id {prepared.article.id!r} differs from {article_id!r}; "
            "an id cannot be changed (create a new article)",
        )
    return save_article(db, vocab, prepared, actor, expected)


def delete_article(db: Database, article_id: str, actor: Actor, expected: str | None = None) -> bool:
    """Remove a stored article (text, tags, links); returns True when vignettes still cite it as their source
    (the node stays as that citation)."""

    def plan(found: list[dict[str, Any]]) -> list[Step]:
        if not found:
            raise UnknownArticle(article_id)
        current = found[0]["version"]
        if expected is not None and current != expected:
            raise ArticleVersionConflict(article_id, expected, current)
        change = {"before": current, "after": None}
        return [
            ("article_delete", {"id": article_id}),
            audit_step(actor, [entry("remove", "article", article_id, change)]),
        ]

    results = db.write_guarded(("article_lock", {"id": article_id}), plan)
    return bool(results[0] and results[0][0]["kept_as_source"])


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def get_article(db: Database, vocab: Vocabulary, article_id: str) -> ArticleDetail:
    rows = db.read("article_get", id=article_id)
    if not rows:
        raise UnknownArticle(article_id)
    r = rows[0]
    return ArticleDetail(
        id=r["id"],
        title=r["title"],
        author=r["author"],
        url=r["url"],
        format=r["format"],
        chars=r["chars"],
        version=r["version"],
        text=r["text"],
        created_at=_native(r["created_at"]),
        updated_at=_native(r["updated_at"]),
        links=[LinkOut(**link) for link in r["links"]],
        source_of=[LinkOut(**link) for link in r["source_of"]],
        top_concepts=[],
    )


def article_text(db: Database, article_id: str) -> tuple[str, dict[str, Any]]:
    """The stored text of an article and its fields (title, author, url)."""
    rows = db.read("article_get", id=article_id)
    if not rows:
        raise UnknownArticle(article_id)
    r = rows[0]
    return r["text"], {"id": r["id"], "title": r["title"], "author": r["author"], "url": r["url"]}


def list_articles(db: Database, vocab: Vocabulary, limit: int = 20, offset: int = 0) -> ArticlePage:
    page = db.read("article_list", limit=limit, offset=offset, top=TOP_CONCEPTS)[0]
    items = [
        ArticleSummary(
            id=r["id"],
            title=r["title"],
            author=r["author"],
            url=r["url"],
            format=r["format"],
            chars=r["chars"],
            version=r["version"],
            updated_at=_native(r["updated_at"]),
            top_concepts=[concept_ref(vocab, cid) for cid in r["top"]],
        )
        for r in page["items"]
    ]
    return ArticlePage(total=page["total"], limit=limit, offset=offset, items=items)


def article_count(db: Database) -> int:
    return db.read("article_total")[0]["total"]


def body_from_upload(
    raw: bytes,
    file_name: str | None,
    media_type: str | None,
    fields: dict[str, str | None],
) -> ArticleBody:
    """An uploaded file (plain text, Markdown or HTML) with its form fields, as the body of a JSON write."""
    return _body(decode(raw, "file"), file_name, media_type, fields)


def body_from_text(text: str, fields: dict[str, str | None]) -> ArticleBody:
    """Pasted text with its form fields: in the format chosen (`fields["format"]`), else the one its text shows."""
    return _body(text, None, None, fields)


def _body(text: str, file_name: str | None, media_type: str | None, fields: dict[str, str | None]) -> ArticleBody:
    fmt = fields.get("format")
    try:
        chosen = ArticleFormat(fmt) if fmt else guess_format(file_name, media_type, text)
    except ValueError:
        raise ArticleInvalid("format", f"{fmt!r} is not one of text, markdown, html") from None
    try:
        return ArticleBody(text=text, format=chosen, **{k: v for k, v in fields.items() if k != "format" and v})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ArticleInvalid(".".join(str(p) for p in first["loc"]) or "body", first["msg"]) from None


def prepare_revision(
    article_id: str, came_in: ArticleFormat | str, text: str, fields: dict[str, str | None]
) -> PreparedArticle:
    """A stored article as an editor changed it: its plain text (as stored, and as the pages show it to edit) is read
    as plain text, never again as Markdown or HTML (which would run its lines together or eat what looks like
    markup), and the record of the form it first came in is kept. The same text and fields give the same version."""
    body = _body(text, None, None, {**fields, "format": ArticleFormat.text.value})
    article = prepare(body, None, article_id).article.model_copy(update={"format": ArticleFormat(came_in)})
    return PreparedArticle(article, content_hash(article))


__all__ = [
    "ArticleBody",
    "ArticleInvalid",
    "ArticleTextInvalid",
    "ArticleVersionConflict",
    "PreparedArticle",
    "UnknownArticle",
    "article_count",
    "article_text",
    "body_from_text",
    "body_from_upload",
    "create_article",
    "delete_article",
    "get_article",
    "list_articles",
    "prepare",
    "prepare_revision",
    "replace_article",
]
