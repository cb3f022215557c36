"""Trainers' pages: teaching cases drafted from a pattern, edited in forms, versioned, previewed and handed out.

Each route is one call into kb.teaching (draft_case, list_cases, get_case, update_case, restore_case,
refresh_case, refresh_preview, view, render_case). Readers list, draft, preview and download; editors save,
edit, restore and refresh, with the version they started from (a conflict keeps the trainer's work and says
who saved in between), audited under the signed-in key's id like the API's writes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from kb.authoring.validate import Problem
from kb.errors import InvalidInput, UnknownVignette
from kb.models import ConceptKind
from kb.store.db import Database
from kb.teaching.answers import Draft, StoredCase
from kb.teaching.changes import refresh_preview
from kb.teaching.checking import CaseInvalid, case_from_data
from kb.teaching.draft import DEFAULT_AUDIENCE, MAX_VIGNETTES, draft_case
from kb.teaching.render import render_case, view
from kb.teaching.store import (
    CaseVersionConflict,
    case_versions,
    create_case,
    get_case,
    list_cases,
    refresh_case,
    restore_case,
    update_case,
)
from kb.vocab.resolve import UnknownConcept, concept_ref
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor
from web.cache import ByGeneration
from web.deps import DB, Cache, Editor, Reader, Vocab
from web.render import page
from web.session import Visitor, check_form, interrupted, visitor
from web.teaching_form import KINDS, MAX_FIELDS, CaseForm, build, fact_choices, form_of, place, read_form

router = APIRouter()
PER_PAGE = 20
CaseId = Annotated[str, Path(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100)]
Revision = Annotated[int | None, Query(ge=1, le=1_000_000)]
Edition = Annotated[Literal["student", "instructor"], Query()]
Token = Annotated[str, Form(max_length=200)]
Version = Annotated[str, Form(max_length=200)]
AUDIENCES = (
    "first-year trainees",
    "second-year clinical trainees",
    DEFAULT_AUDIENCE,
    "supervisors",
    "experienced clinicians",
    "workshop participants",
)
SAVED = {
    "created": "Saved as a new case (version 1). Edit it to make it yours: every save is a new version, and any "
    "version can be restored.",
    "replaced": "Saved as a new version.",
    "restored": "The version you chose is current again, saved as a new version.",
    "refreshed": "Cut again from the vignettes as they are now, and saved as a new version.",
    "unchanged": "Nothing had changed, so no new version was made.",
}
FORMAT_NAMES = {"pdf": "PDF", "html": "Web page (HTML)", "md": "Markdown"}


def _actor(who: Visitor) -> Actor:
    return Actor(key_id=who.key_id or "", role=who.role.value if who.role else "")


def _names(request: Request) -> dict[str, str]:
    """Key id -> the key's name, to say who saved a version."""
    return {k.id: k.name for k in request.app.state.keys.list()}


def _who(saved_by: str | None, names: dict[str, str]) -> str:
    if not saved_by:
        return "unknown"
    if saved_by.startswith("cli:"):
        return f"{saved_by[4:]} (command line)"
    return names.get(saved_by, saved_by)


# --------------------------------------------------------------------------- the list


@router.get("/teaching-cases")
def listing(
    request: Request,
    db: DB,
    vocab: Vocab,
    who: Reader,
    concept: Annotated[str, Query(max_length=120)] = "",
    vignette: Annotated[str, Query(max_length=100)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=5000)] = 1,
) -> Response:
    """The cases, filtered by a concept they teach (any synonym; narrower ones count) and a vignette they use."""
    context: dict = {
        "title": "Teaching cases",
        "concept": concept.strip(),
        "vignette": vignette.strip(),
        "page_no": page_no,
        "per_page": PER_PAGE,
        "patterns": _patterns(vocab),
    }
    status = 200
    try:
        context["result"] = list_cases(
            db, vocab, concept.strip() or None, vignette.strip() or None, PER_PAGE, (page_no - 1) * PER_PAGE
        )
        context["refs"] = {c: concept_ref(vocab, c) for i in context["result"].items for c in i.concepts}
    except UnknownConcept as exc:
        status = 404
        context["filter_error"] = {"message": exc.message, "suggestions": exc.suggestions}
    return page(request, "teaching_list.html", context, status=status, fragment="_teaching_results.html")


def _patterns(vocab: Vocabulary) -> list[str]:
    return sorted((c.label for c in vocab.of_kind(ConceptKind.pattern)), key=str.lower)


# --------------------------------------------------------------------------- drafting


def _draft(
    db: Database,
    vocab: Vocabulary,
    cache: ByGeneration,
    terms: list[str],
    audience: str,
    count: int,
    include: list[str],
) -> Draft:
    """A draft, kept until the data change (drafting walks the vignettes that show the concepts)."""
    key = ("teaching-draft", tuple(terms), audience, count, tuple(include))
    return cache.get(key, lambda: draft_case(db, vocab, terms, audience or None, count, include))


def _terms(concepts: str) -> list[str]:
    return [t.strip() for t in concepts.split(",") if t.strip()][:5]


def _draft_context(vocab: Vocabulary, concepts: str, audience: str, vignettes: int, include: str) -> dict:
    return {
        "title": "Draft a teaching case",
        "patterns": _patterns(vocab),
        "concepts": concepts,
        "audience": audience,
        "count": vignettes,
        "include": include,
        "max_vignettes": MAX_VIGNETTES,
        "audiences": AUDIENCES,
        "default_audience": DEFAULT_AUDIENCE,
    }


async def _drafted(
    db: Database, vocab: Vocabulary, cache: ByGeneration, context: dict, concepts: str, vignettes: int
) -> tuple[Draft | None, int]:
    """The draft for the form's values into `context` (with its preview), or the problem at its field."""
    include = [context["include"].strip()] if context["include"].strip() else []
    try:
        draft = await run_in_threadpool(
            _draft, db, vocab, cache, _terms(concepts), context["audience"].strip(), vignettes, include
        )
    except UnknownConcept as exc:
        context["error"] = {"field": "concepts", "message": exc.message, "suggestions": exc.suggestions}
        return None, 404
    except UnknownVignette as exc:
        message = (
            f"{exc.message} Give a vignette's id as in its address (donna for /vignettes/donna), or leave it empty"
        )
        context["error"] = {"field": "include", "message": message, "suggestions": []}
        return None, exc.status
    except InvalidInput as exc:
        context["error"] = {"field": "concepts", "message": exc.message, "suggestions": []}
        return None, exc.status
    stored = StoredCase(id=draft.case.id, version="", revision=0, saved_at=datetime.now(UTC), stale=[], case=draft.case)
    context |= {"draft": draft, "v": view(stored, "instructor", vocab), "case_id": draft.case.id}
    context.setdefault("new_id", draft.case.id)
    context.setdefault("new_title", draft.case.title)
    return draft, 200


@router.get("/teaching-cases/draft")
async def draft_page(
    request: Request,
    db: DB,
    vocab: Vocab,
    cache: Cache,
    who: Reader,
    concepts: Annotated[str, Query(max_length=600)] = "",
    audience: Annotated[str, Query(max_length=200)] = "",
    vignettes: Annotated[int, Query(ge=1, le=MAX_VIGNETTES)] = 1,
    include: Annotated[str, Query(alias="with", max_length=100)] = "",
) -> Response:
    """The drafting form; with a concept, the draft: how the words were understood, the vignettes chosen and why,
    and the case as it would be saved (the instructor edition). Nothing is written."""
    context = _draft_context(vocab, concepts, audience, vignettes, include)
    status = 200
    if concepts.strip():
        _, status = await _drafted(db, vocab, cache, context, concepts, vignettes)
    return page(request, "teaching_draft.html", context, status=status)


@router.post("/teaching-cases/draft")
async def save_draft(
    request: Request,
    db: DB,
    vocab: Vocab,
    cache: Cache,
    csrf: Token = "",
    concepts: Annotated[str, Form(max_length=600)] = "",
    audience: Annotated[str, Form(max_length=200)] = "",
    vignettes: Annotated[int, Form(ge=1, le=MAX_VIGNETTES)] = 1,
    include: Annotated[str, Form(alias="with", max_length=100)] = "",
    case_id: Annotated[str, Form(alias="id", max_length=200)] = "",
    title: Annotated[str, Form(max_length=600)] = "",
) -> Response:
    """Save the draft these values give (drafting is deterministic: the one shown) as a new case, named as chosen."""
    context = _draft_context(vocab, concepts, audience, vignettes, include) | {"new_id": case_id, "new_title": title}
    draft, status = await _drafted(db, vocab, cache, context, concepts, vignettes)
    if draft is None:
        return page(request, "teaching_draft.html", context, status=status)
    if why := interrupted(request, csrf, "teaching cases"):
        return page(request, "teaching_draft.html", context | {"save_error": why}, status=403)
    data = draft.case.model_dump(mode="json", by_alias=True, exclude_defaults=True) | {
        "id": case_id.strip(),
        "title": title.strip(),
    }
    try:
        case = case_from_data(data, "form")
        saved = await run_in_threadpool(create_case, db, vocab, case, _actor(visitor(request)))
    except CaseInvalid as exc:
        problems = {p.path.split(".")[0]: p.message for p in exc.problems}
        return page(request, "teaching_draft.html", context | {"save_problems": problems}, status=422)
    except CaseVersionConflict:
        taken = {"id": f"a case with the address “{case_id.strip()}” exists already: choose another one"}
        return page(request, "teaching_draft.html", context | {"save_problems": taken, "taken": case_id}, status=409)
    return RedirectResponse(f"/teaching-cases/{saved.id}?saved={saved.status}", status_code=303)


# --------------------------------------------------------------------------- one case: preview, downloads


def _case_context(request: Request, stored: StoredCase, edition: str, vocab: Vocabulary, current: int) -> dict:
    case = stored.case
    return {
        "title": case.title,
        "stored": stored,
        "case": case,
        "edition": edition,
        "v": view(stored, edition, vocab),  # type: ignore[arg-type]
        "concepts": [concept_ref(vocab, c) for c in case.concepts],
        "vignettes": [(cv.id, cv.snapshot.title if cv.snapshot else cv.id) for cv in case.vignettes],
        "current_revision": current,
        "old": stored.revision != current,
        "saved_by": _who(stored.saved_by, _names(request)),
        "formats": FORMAT_NAMES,
    }


@router.get("/teaching-cases/{case_id}")
async def one(
    request: Request,
    db: DB,
    vocab: Vocab,
    who: Reader,
    case_id: CaseId,
    edition: Edition = "student",
    revision: Revision = None,
    saved: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """A case previewed as the student handout or the instructor edition (or one of its earlier versions), with
    its downloads, and for a stale case what changed and what a refresh would do."""
    stored = await run_in_threadpool(get_case, db, case_id, revision)
    current = stored if revision is None else await run_in_threadpool(get_case, db, case_id)
    context = _case_context(request, stored, edition, vocab, current.revision)
    context["saved"] = SAVED.get(saved)
    context["current_version"] = current.version
    if current.stale and revision is None:
        context["changes"] = await run_in_threadpool(refresh_preview, db, vocab, current)
    return page(request, "teaching_case.html", context, fragment="_teaching_preview.html")


@router.get("/teaching-cases/{case_id}/download")
async def download(
    db: DB,
    vocab: Vocab,
    who: Reader,
    case_id: CaseId,
    format: Annotated[Literal["md", "html", "pdf"], Query()] = "pdf",
    edition: Edition = "student",
    revision: Revision = None,
) -> Response:
    """The handout or the instructor edition as a file to keep (a PDF takes a few seconds: it is made here)."""
    rendered = await run_in_threadpool(render_case, db, vocab, case_id, format, edition, revision)
    name = rendered.filename
    if revision is not None:
        name = name.replace(f"-{edition}.", f"-v{revision}-{edition}.")
    return Response(
        rendered.content,
        media_type=rendered.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# --------------------------------------------------------------------------- editing


def _editor_page(
    request: Request,
    stored: StoredCase,
    form: CaseForm,
    *,
    status: int = 200,
    errors: dict[str, list[str]] | None = None,
    summary: list[dict[str, str]] | None = None,
    conflict: dict | None = None,
    interrupted_by: str | None = None,
) -> Response:
    choices = fact_choices(stored.case)
    context = {
        "title": f"Edit “{stored.case.title}”",
        "stored": stored,
        "form": form,
        "kinds": KINDS,
        "kind_names": {value: label for value, label, _ in KINDS},
        "choices": choices,
        "facts": {c.ref: c for c in choices},
        "audiences": AUDIENCES,
        "errors": errors or {},
        "summary": summary or [],
        "conflict": conflict,
        "interrupted": interrupted_by,
        "stale": {s.vignette for s in stored.stale},
    }
    return page(request, "teaching_edit.html", context, status=status)


@router.get("/teaching-cases/{case_id}/edit")
async def edit(request: Request, db: DB, vocab: Vocab, who: Editor, case_id: CaseId) -> Response:
    stored = await run_in_threadpool(get_case, db, case_id)
    return _editor_page(request, stored, form_of(stored.case, vocab, {s.vignette for s in stored.stale}))


@router.post("/teaching-cases/{case_id}/edit")
async def save(request: Request, db: DB, vocab: Vocab, case_id: CaseId) -> Response:
    """Save the form over the version it was opened at: a conflict, a problem or an ended sign-in shows the form
    again exactly as it was sent, nothing saved."""
    posted = await request.form(max_fields=MAX_FIELDS, max_files=0)
    version, overwrite = str(posted.get("version") or ""), str(posted.get("overwrite") or "")
    try:
        revision = int(str(posted.get("revision") or ""))
    except ValueError:
        raise InvalidInput(
            "revision: the form lacks the version it was opened at; open the case's editor again"
        ) from None
    base = await run_in_threadpool(get_case, db, case_id, revision)
    if base.version != version:
        raise InvalidInput("version: the form does not match the version it names; open the case's editor again")
    stale = {s.vignette for s in base.stale}
    form = read_form(posted, base.case, stale)
    if why := interrupted(request, str(posted.get("csrf") or ""), "teaching cases"):
        return _editor_page(request, base, form, status=403, interrupted_by=why)
    built = build(form, base.case)
    try:
        if built.problems:
            raise CaseInvalid(built.problems)
        case = case_from_data(built.data, "form")
        saved = await run_in_threadpool(
            update_case, db, vocab, case_id, case, _actor(visitor(request)), overwrite or version
        )
    except CaseInvalid as exc:
        errors, summary = place(built.problems or exc.problems, built.fields)
        return _editor_page(request, base, form, status=422, errors=errors, summary=summary)
    except CaseVersionConflict as exc:
        conflict = await run_in_threadpool(_conflict, request, db, case_id, exc)
        return _editor_page(request, base, form, status=409, conflict=conflict)
    return RedirectResponse(f"/teaching-cases/{case_id}?saved={saved.status}&edition=instructor", status_code=303)


def _conflict(request: Request, db: Database, case_id: str, exc: CaseVersionConflict) -> dict:
    """Who saved in between, and when (the newest version), for the message."""
    if exc.current is None:
        return {"gone": True}
    newest = case_versions(db, case_id).items[0]
    return {
        "revision": newest.revision,
        "version": exc.current,
        "saved_at": newest.saved_at,
        "saved_by": _who(newest.saved_by, _names(request)),
    }


# --------------------------------------------------------------------------- versions, restore, refresh


def _versions_page(request: Request, db: DB, case_id: str, status: int = 200, message: str | None = None) -> Response:
    versions = case_versions(db, case_id)
    current = get_case(db, case_id)
    names = _names(request)
    context = {
        "title": f"Versions of “{current.case.title}”",
        "stored": current,
        "versions": versions,
        "who": {v.revision: _who(v.saved_by, names) for v in versions.items},
        "message": message,
    }
    return page(request, "teaching_versions.html", context, status=status)


@router.get("/teaching-cases/{case_id}/versions")
async def versions(request: Request, db: DB, who: Reader, case_id: CaseId) -> Response:
    return await run_in_threadpool(_versions_page, request, db, case_id)


@router.post("/teaching-cases/{case_id}/versions/{revision}/restore")
async def restore(
    request: Request,
    db: DB,
    who: Editor,
    case_id: CaseId,
    revision: Annotated[int, Path(ge=1, le=1_000_000)],
    version: Version,
    csrf: Token = "",
) -> Response:
    """Make an earlier version current again (a new version), if nobody saved since the page was opened."""
    check_form(request, csrf)
    try:
        await run_in_threadpool(restore_case, db, case_id, revision, _actor(who), version)
    except CaseVersionConflict:
        message = (
            "Someone saved this case while you were looking at its versions, so nothing was restored. "
            "The list below is up to date: choose the version to restore again."
        )
        return await run_in_threadpool(_versions_page, request, db, case_id, 409, message)
    return RedirectResponse(f"/teaching-cases/{case_id}?saved=restored", status_code=303)


@router.post("/teaching-cases/{case_id}/refresh")
async def refresh(
    request: Request, db: DB, vocab: Vocab, who: Editor, case_id: CaseId, version: Version, csrf: Token = ""
) -> Response:
    """Cut the case again from its vignettes as they are now (a new version), if nobody saved since."""
    check_form(request, csrf)
    problem: str | None = None
    status = 200
    try:
        saved = await run_in_threadpool(refresh_case, db, vocab, case_id, _actor(who), version)
        return RedirectResponse(f"/teaching-cases/{case_id}?saved={saved.status}&edition=instructor", status_code=303)
    except CaseVersionConflict:
        problem, status = "Someone saved this case in the meantime, so it was not refreshed. Look again below.", 409
    except CaseInvalid as exc:
        problem, status = "The case could not be refreshed: " + "; ".join(_lines(exc.problems)), 422
    stored = await run_in_threadpool(get_case, db, case_id)
    context = _case_context(request, stored, "instructor", vocab, stored.revision)
    context |= {"refresh_problem": problem, "current_version": stored.version}
    if stored.stale:
        context["changes"] = await run_in_threadpool(refresh_preview, db, vocab, stored)
    return page(request, "teaching_case.html", context, status=status)


def _lines(problems: list[Problem]) -> list[str]:
    return [f"{p.path}: {p.message}" for p in problems]
