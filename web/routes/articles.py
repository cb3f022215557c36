"""Writers' articles: the list; one article (its text with each concept mention marked by what the text says of
it, the concepts it discusses, its links; the suggested cases and the vignette draft loaded after the page); and,
for editors, adding one (pasted or a file), editing, deleting, linking and unlinking.

Every write goes through kb.articles as the API's do: versions (a conflict keeps the editor's text and says what
happened), the audit trail under the signed-in key's id, and an unknown target or a duplicate link refused with
nothing written. Every form carries the CSRF token. What is computed from an article's content alone (its tags,
its draft) is kept by version (web.kept); the suggested cases, which walk the vignettes, until the data change.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from kb.articles.draft import draft_article
from kb.articles.links import UnknownLink, link, unlink
from kb.articles.models import ArticleConcepts, ArticleDetail, ConceptTally, DraftAnswer
from kb.articles.store import (
    ArticleBody,
    ArticleVersionConflict,
    PreparedArticle,
    body_from_text,
    body_from_upload,
    create_article,
    delete_article,
    get_article,
    list_articles,
    prepare,
    prepare_revision,
    replace_article,
)
from kb.articles.suggest import suggest
from kb.articles.tagging import PERSON_ROLES, tag_text
from kb.articles.text import MAX_BYTES
from kb.errors import Conflict, InvalidInput
from kb.models import VIGNETTE_LINK_TYPES, ArticleLinkType
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor
from web.deps import DB, Cache, Editor, Reader, Vocab
from web.kept import Kept
from web.mentions import runs
from web.render import page
from web.session import BadForm, Visitor, check_form, visitor

router = APIRouter()
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ArticleId = Annotated[str, Path(pattern=SLUG, max_length=100)]
Token = Annotated[str, Form(max_length=200)]
Short = Annotated[str, Form(max_length=500)]
Text = Annotated[str, Form(max_length=MAX_BYTES)]
Upload = Annotated[UploadFile | None, File(description="the article as a file: plain text, Markdown or HTML")]
PER_PAGE = 20
SUGGESTED = 8
SHOWN_FOUND = 8  # concepts found listed at once; the rest behind a "more"

# How an article relates to a vignette or concept, in a writer's words: (the verb, what it means).
LINK_WORDS = {
    "cites": ("cites", "the article mentions or discusses the case"),
    "illustrated-by": ("is illustrated by", "the case shows what the article describes"),
    "source-of": ("is the source of", "the case was written from this article"),
    "about": ("is about", "the article's subject"),
    "source": ("is named as the source by", "the vignette's own source names the article"),
}
# What the text says of a mention, in words (the legend, the marks, the counts).
STATUS_WORDS = {
    "affirmed": ("found", "stated of the case the article describes: counted as one of its findings"),
    "negated": ("not", "said not to be so (“no sign of”, “was not”): not counted"),
    "hypothetical": ("maybe", "supposed, feared or possible (“if”, “might”): not counted"),
    "generic": ("in general", "said of people in general, not of the case (“children often…”): not counted"),
}
FORMAT_WORDS = {"text": "plain text", "markdown": "Markdown", "html": "HTML (a web page)"}
WORDS = {"link_words": LINK_WORDS, "status_words": STATUS_WORDS, "format_words": FORMAT_WORDS}


def kept(request: Request) -> Kept:
    return request.app.state.kept


def _actor(who: Visitor) -> Actor:
    return Actor(key_id=who.key_id or "", role=who.role.value if who.role else "")


def _flash(request: Request, kind: str, text: str, at: str = "top") -> None:
    """A message shown once, on the next page, at the top or in its section `at` (kept in the signed session,
    never in the address, so that no one can put words on the page with a link)."""
    request.session["flash"] = {"kind": kind, "text": text, "at": at}


def _take_flash(request: Request) -> dict[str, str] | None:
    return request.session.pop("flash", None) if "session" in request.scope else None


def _why_not(request: Request, csrf: str) -> str | None:
    """Why a write cannot go ahead that is no fault of what was written (the sign-in ended, the form went stale);
    the form is shown again with the writer's text, so that nothing is lost."""
    who = visitor(request)
    if not who.signed_in:
        return "Your sign-in has ended, so nothing was saved. Sign in again (in a new tab), then press it here again."
    if not who.can_edit:
        return "You are now signed in with a key that cannot write articles, so nothing was saved."
    try:
        check_form(request, csrf)
    except BadForm as exc:
        if not exc.stale:
            return exc.message
        return "This form had gone stale (you signed in again meanwhile), so nothing was saved. Press the button again."
    return None


FIELDS = ("title", "author", "url")


def _form(
    request: Request,
    *,
    a: ArticleDetail | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
    error: dict[str, str] | None = None,
    conflict: dict[str, Any] | None = None,
) -> Response:
    """The form to add an article (a None) or edit one, with what was typed and what went wrong."""
    if values is None:
        values = {"text": a.text, "version": a.version, **{f: getattr(a, f) or "" for f in FIELDS}} if a else {}
    context = {
        "title": f"Edit “{a.title}”" if a else "Add an article",
        "a": a,
        "values": values,
        "error": error,
        "conflict": conflict,
        "action": f"/articles/{a.id}/edit" if a else "/articles/new",
        "max_mb": f"{request.app.state.settings.kb_api_max_body_bytes / 1_000_000:g}",
        **WORDS,
    }
    return page(request, "article_form.html", context, status=status)


def _invalid(exc: InvalidInput) -> dict[str, str]:
    """The form field a refusal names (kb.articles' errors name theirs), and its message."""
    field = getattr(exc, "field", "text")
    field = "text" if field == "body" else field
    message = exc.message.removeprefix(f"{getattr(exc, 'field', '')}: ")
    return {"field": field if field in (*FIELDS, "id", "format", "file", "text") else "text", "message": message}


async def _upload_body(upload: UploadFile, fields: dict[str, str | None]) -> tuple[ArticleBody, str]:
    raw = await upload.read(MAX_BYTES + 1)
    body = body_from_upload(raw, upload.filename, upload.content_type, fields)
    return body, upload.filename or "upload.txt"


# --------------------------------------------------------------------------- the list, adding one


@router.get("/articles")
def listing(
    request: Request,
    db: DB,
    vocab: Vocab,
    who: Reader,
    page_no: Annotated[int, Query(alias="page", ge=1, le=5000)] = 1,
) -> Response:
    result = list_articles(db, vocab, PER_PAGE, (page_no - 1) * PER_PAGE)
    context = {
        "title": "Articles",
        "result": result,
        "page_no": page_no,
        "per_page": PER_PAGE,
        "flash": _take_flash(request),
        **WORDS,
    }
    return page(request, "articles.html", context)


@router.get("/articles/new")
def new(request: Request, who: Editor) -> Response:
    return _form(request, values={"format": ""})


@router.post("/articles/new")
async def create(
    request: Request,
    db: DB,
    vocab: Vocab,
    file: Upload = None,
    text: Text = "",
    title: Short = "",
    author: Short = "",
    url: Short = "",
    new_id: Annotated[str, Form(alias="id", max_length=100)] = "",
    fmt: Annotated[str, Form(alias="format", max_length=20)] = "",
    csrf: Token = "",
) -> Response:
    values = {"text": text, "title": title, "author": author, "url": url, "id": new_id, "format": fmt}
    if why := _why_not(request, csrf):
        return _form(request, values=values, status=403, error={"field": "", "message": why})
    has_file = file is not None and bool(file.filename)
    if has_file and text.strip():
        problem = "Paste the article or choose a file, not both: empty the text box, or remove the file."
        return _form(request, values=values, status=422, error={"field": "text", "message": problem})
    if not has_file and not text.strip():
        problem = "Paste the article's text here, or choose its file below."
        return _form(request, values=values, status=422, error={"field": "text", "message": problem})
    fields: dict[str, str | None] = {"title": title, "author": author, "url": url, "id": new_id, "format": fmt}
    try:
        if has_file:
            assert file is not None
            body, name = await _upload_body(file, fields)
            prepared = await run_in_threadpool(prepare, body, name)
        else:
            prepared = await run_in_threadpool(prepare, body_from_text(text, fields))
        saved = await run_in_threadpool(create_article, db, vocab, prepared, _actor(visitor(request)))
    except ArticleVersionConflict as exc:
        conflict = {
            "id": exc.entity_id,
            "message": f"An article with the short id “{exc.entity_id}” exists already, so nothing was added.",
        }
        taken = "This short id is taken: choose another, or give the article another title."
        return _form(request, values=values, status=409, error={"field": "id", "message": taken}, conflict=conflict)
    except InvalidInput as exc:
        return _form(request, values=values, status=422, error=_invalid(exc))
    _flash(request, "ok", "The article was added, and its concepts found. Link it to the cases it discusses below.")
    return RedirectResponse(f"/articles/{saved.id}", status_code=303)


# --------------------------------------------------------------------------- one article


def article_tags(request: Request, vocab: Vocabulary, a: ArticleDetail) -> ArticleConcepts:
    return kept(request).get(("tags", a.version), lambda: tag_text(vocab, a.text, a.id))


def _summary(tags: ArticleConcepts) -> dict[str, list[ConceptTally]]:
    """The concepts it discusses: those it states of its case (most first), those it only mentions (negated,
    supposed, in general), and words that only name a person of the story."""
    return {
        "found": [t for t in tags.concepts if t.affirmed and t.concept.id not in PERSON_ROLES],
        "mentioned": [
            t
            for t in tags.concepts
            if not t.affirmed and (t.negated or t.hypothetical or t.generic) and t.concept.id not in PERSON_ROLES
        ],
        "persons": [t for t in tags.concepts if t.person_words],
    }


@router.get("/articles/{article_id}")
def article(request: Request, db: DB, vocab: Vocab, who: Reader, article_id: ArticleId) -> Response:
    a = get_article(db, vocab, article_id)
    tags = article_tags(request, vocab, a)
    summary = _summary(tags)
    counted = [m for m in tags.mentions if m.status != "affirmed"]
    context = {
        "title": a.title,
        "a": a,
        "tags": tags,
        "summary": summary,
        "most": max((t.affirmed for t in summary["found"]), default=1),
        "shown": SHOWN_FOUND,
        "runs": runs(a.text, tags.mentions),
        "not_counted": {s: [m for m in counted if m.status == s] for s in ("negated", "hypothetical", "generic")},
        "status_counts": {s: sum(1 for m in tags.mentions if m.status == s) for s in STATUS_WORDS},
        "vignette_links": [x for x in a.links if x.target == "vignette"],
        "concept_links": [x for x in a.links if x.target == "concept"],
        "concept_options": sorted({c.label for c in vocab.concepts.values()}, key=str.lower),
        "vignette_types": [t.value for t in VIGNETTE_LINK_TYPES],
        "flash": _take_flash(request),
        "words": len(a.text.split()),
        **WORDS,
    }
    return page(request, "article.html", context)


@router.get("/articles/{article_id}/suggestions")
def suggestions(request: Request, db: DB, vocab: Vocab, cache: Cache, who: Reader, article_id: ArticleId) -> Response:
    """The vignettes most like the article's findings (a fragment of its page, or a page of its own)."""
    answer = cache.get(("article-suggestions", article_id), lambda: suggest(db, vocab, article_id, k=SUGGESTED))
    context = {
        "title": f"Cases for the article {article_id}",
        "article_id": article_id,
        "suggested": answer,
        "vignette_types": [t.value for t in VIGNETTE_LINK_TYPES],
        **WORDS,
    }
    return page(request, "article_suggestions.html", context, fragment="_article_suggestions.html")


def article_draft(
    request: Request, db: Database, vocab: Vocabulary, article_id: str
) -> tuple[ArticleDetail, DraftAnswer]:
    """The stored article and the vignette drafted from it (kept by the article's version)."""
    a = get_article(db, vocab, article_id)
    fields = {"id": a.id, "title": a.title, "author": a.author, "url": a.url}
    return a, kept(request).get(("draft", a.version), lambda: draft_article(vocab, a.text, fields))


@router.get("/articles/{article_id}/draft")
def draft(request: Request, db: DB, vocab: Vocab, who: Reader, article_id: ArticleId) -> Response:
    a, answer = article_draft(request, db, vocab, article_id)
    context = {"title": f"A vignette drafted from {a.title}", "a": a, "draft": answer}
    return page(request, "article_draft.html", context, fragment="_article_draft.html")


@router.get("/articles/{article_id}/draft.yaml")
def draft_file(request: Request, db: DB, vocab: Vocab, who: Reader, article_id: ArticleId) -> Response:
    _a, answer = article_draft(request, db, vocab, article_id)
    return Response(
        answer.yaml,
        media_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{answer.vignette_id}.yaml"'},
    )


# --------------------------------------------------------------------------- editing


@router.get("/articles/{article_id}/edit")
def edit(request: Request, db: DB, vocab: Vocab, who: Editor, article_id: ArticleId) -> Response:
    return _form(request, a=get_article(db, vocab, article_id))


@router.post("/articles/{article_id}/edit")
async def replace(
    request: Request,
    db: DB,
    vocab: Vocab,
    article_id: ArticleId,
    version: Annotated[str, Form(max_length=200)],
    file: Upload = None,
    text: Text = "",
    title: Short = "",
    author: Short = "",
    url: Short = "",
    overwrite: Annotated[str, Form(max_length=200, description="after a conflict: the version to save over")] = "",
    csrf: Token = "",
) -> Response:
    a = await run_in_threadpool(get_article, db, vocab, article_id)
    values = {"text": text, "title": title, "author": author, "url": url, "version": version}
    if why := _why_not(request, csrf):
        return _form(request, a=a, values=values, status=403, error={"field": "", "message": why})
    fields: dict[str, str | None] = {"title": title, "author": author, "url": url}
    try:
        prepared: PreparedArticle
        if file is not None and file.filename:
            body, name = await _upload_body(file, fields)
            prepared = await run_in_threadpool(prepare, body, name, article_id)
        else:
            prepared = await run_in_threadpool(prepare_revision, article_id, a.format, text, fields)
        actor = _actor(visitor(request))
        saved = await run_in_threadpool(replace_article, db, vocab, article_id, prepared, actor, overwrite or version)
    except ArticleVersionConflict as exc:
        if exc.current is None:  # deleted meanwhile: said, with the text kept
            gone = "This article was deleted while you were editing it. Copy your text before leaving this page."
            return _form(request, a=a, values=values, status=409, error={"field": "", "message": gone})
        theirs = await run_in_threadpool(get_article, db, vocab, article_id)
        return _form(request, a=a, values=values, status=409, conflict={"theirs": theirs})
    except InvalidInput as exc:
        return _form(request, a=a, values=values, status=422, error=_invalid(exc))
    if saved.status == "unchanged":
        _flash(request, "ok", "Nothing to save: the article was the same as the stored version.")
    else:
        _flash(request, "ok", "Saved. Its concepts were found again in the new text.")
    return RedirectResponse(f"/articles/{article_id}", status_code=303)


# --------------------------------------------------------------------------- deleting, linking


@router.get("/articles/{article_id}/delete")
def delete_page(request: Request, db: DB, vocab: Vocab, who: Editor, article_id: ArticleId) -> Response:
    a = get_article(db, vocab, article_id)
    return page(request, "article_delete.html", {"title": f"Delete “{a.title}”?", "a": a, **WORDS})


@router.post("/articles/{article_id}/delete")
async def delete(
    request: Request,
    db: DB,
    who: Editor,
    article_id: ArticleId,
    version: Annotated[str, Form(max_length=200)] = "",
    csrf: Token = "",
) -> Response:
    check_form(request, csrf)
    try:
        kept_as_source = await run_in_threadpool(delete_article, db, article_id, _actor(who), version or None)
    except ArticleVersionConflict:
        _flash(request, "error", "Nothing was deleted: the article was changed since you opened it. Look at it again.")
        return RedirectResponse(f"/articles/{article_id}", status_code=303)
    message = f"The article “{article_id}” was deleted, with its links."
    if kept_as_source:
        message += " Vignettes that name it as their source still cite it (by its title; its text is gone)."
    _flash(request, "ok", message)
    return RedirectResponse("/articles", status_code=303)


def _link_type(value: str) -> ArticleLinkType | None:
    if not value:
        return None
    try:
        return ArticleLinkType(value)
    except ValueError:
        raise InvalidInput(f"type: {value!r} is not one of {', '.join(t.value for t in ArticleLinkType)}") from None


LinkTarget = Annotated[str, Form(max_length=120)]


@router.post("/articles/{article_id}/links")
async def add_link(
    request: Request,
    db: DB,
    vocab: Vocab,
    who: Editor,
    article_id: ArticleId,
    vignette: LinkTarget = "",
    concept: LinkTarget = "",
    link_type: Annotated[str, Form(alias="type", max_length=40)] = "",
    csrf: Token = "",
) -> Response:
    check_form(request, csrf)
    try:
        saved = await run_in_threadpool(
            link, db, vocab, article_id, _actor(who), vignette.strip() or None, concept.strip() or None,
            _link_type(link_type),
        )  # fmt: skip
        how = LINK_WORDS[saved.link.type][0]
        _flash(request, "ok", f"Linked: the article {how} “{saved.link.title}”.", "links")
    except (InvalidInput, Conflict) as exc:
        _flash(request, "error", f"Not linked: {exc.message}", "links")
    return RedirectResponse(f"/articles/{article_id}#links", status_code=303)


@router.post("/articles/{article_id}/unlink")
async def remove_link(
    request: Request,
    db: DB,
    vocab: Vocab,
    who: Editor,
    article_id: ArticleId,
    vignette: LinkTarget = "",
    concept: LinkTarget = "",
    link_type: Annotated[str, Form(alias="type", max_length=40)] = "",
    title: Short = "",
    csrf: Token = "",
) -> Response:
    check_form(request, csrf)
    try:
        await run_in_threadpool(
            unlink, db, vocab, article_id, _actor(who), vignette.strip() or None, concept.strip() or None,
            _link_type(link_type),
        )  # fmt: skip
        _flash(request, "ok", f"Unlinked “{title or vignette or concept}”.", "links")
    except UnknownLink:  # someone unlinked it first: said on the page, not as an error page
        _flash(request, "ok", f"The link to “{title or vignette or concept}” was already gone.", "links")
    except (InvalidInput, Conflict) as exc:
        _flash(request, "error", f"Not unlinked: {exc.message}", "links")
    return RedirectResponse(f"/articles/{article_id}#links", status_code=303)
