"""Editors write vignettes as YAML in the browser: checked as `kb validate` checks a file (each problem at
its line), saved with the version the editor started from (kb.writing.editing: a conflict keeps the
editor's text and says what happened), and audited under the signed-in key's id like the API's writes."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from kb.authoring.validate import CheckedVignette, Problem, VignetteInvalid, check_text
from kb.authoring.yamlsource import YamlProblem, parse_yaml
from kb.errors import UnknownVignette
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor
from kb.writing.editing import NEW, VignetteVersionConflict, save_vignette
from kb.writing.source import vignette_source
from web.deps import DB, Editor, Vocab
from web.render import page
from web.routes.articles import article_draft
from web.session import Visitor, interrupted, visitor

router = APIRouter()
VignetteId = Annotated[str, Path(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100)]
FILE = "your text"
SKELETON = (FilePath(__file__).parents[1] / "new_vignette.yaml").read_text(encoding="utf-8")
SKELETON_ID = "a-short-id-for-your-case"
Text = Annotated[str, Form(max_length=900_000)]
Token = Annotated[str, Form(max_length=200)]


def _problems(text: str, problems: list[Problem]) -> list[dict]:
    """Each problem with the text of its line, sorted by line."""
    lines = text.splitlines()
    return [
        {
            "line": p.line,
            "path": p.path,
            "message": p.message,
            "source": lines[p.line - 1] if 0 < p.line <= len(lines) else "",
            "identifier": "allow-identifiers" in p.message,
        }
        for p in sorted(problems, key=lambda p: (p.line, p.path))
    ]


def _check(text: str, vocab: Vocabulary, vignette_id: str | None, allow_identifiers: bool) -> CheckedVignette:
    """The text checked as a file, and as this page's vignette: the same id when editing, a chosen one when new."""
    checked = check_text(text, FILE, vocab, allow_identifiers=allow_identifiers)
    vid = checked.vignette.id
    wrong = None
    if vignette_id is not None and vid != vignette_id:
        wrong = (
            f"the id is {vid!r} but this page edits {vignette_id!r}; an id cannot be changed (create a new vignette)"
        )
    elif vignette_id is None and vid == SKELETON_ID:
        wrong = "choose an id for your vignette (lower-case words joined by hyphens, e.g. ana-and-her-mother)"
    if wrong:
        try:
            line = parse_yaml(text).line_of(("id",))
        except YamlProblem:
            line = 1
        raise VignetteInvalid([Problem(FILE, line, "id", wrong)])
    return checked


def _editor(
    request: Request,
    *,
    vignette_id: str | None,
    text: str,
    version: str,
    status: int = 200,
    problems: list[dict] | None = None,
    conflict: dict | None = None,
    allow_identifiers: bool = False,
    interrupted: str | None = None,
    from_article: dict | None = None,
) -> Response:
    title = f"Edit {vignette_id}" if vignette_id else "New vignette"
    context = {
        "title": title,
        "vignette_id": vignette_id,
        "text": text,
        "version": version,
        "problems": problems,
        "conflict": conflict,
        "allow_identifiers": allow_identifiers,
        "interrupted": interrupted,
        "from_article": from_article,
        "action": f"/vignettes/{vignette_id}/edit" if vignette_id else "/vignettes/new",
    }
    return page(request, "edit.html", context, status=status)


@router.get("/vignettes/new")
def new(
    request: Request,
    db: DB,
    vocab: Vocab,
    who: Editor,
    article: Annotated[str, Query(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100)] = "",
) -> Response:
    """A new vignette: the skeleton, or the draft of a stored article (?article=ID) to check and complete."""
    if not article:
        return _editor(request, vignette_id=None, text=SKELETON, version="")
    a, draft = article_draft(request, db, vocab, article)
    from_article = {"id": a.id, "title": a.title}
    return _editor(request, vignette_id=None, text=draft.yaml, version="", from_article=from_article)


@router.get("/vignettes/{vignette_id}/edit")
def edit(request: Request, db: DB, who: Editor, vignette_id: VignetteId) -> Response:
    source = vignette_source(db, vignette_id)
    return _editor(request, vignette_id=vignette_id, text=source.text, version=source.version)


@router.post("/vignettes/check")
async def check(
    request: Request,
    vocab: Vocab,
    text: Text,
    csrf: Token = "",
    vignette_id: Annotated[str, Form(max_length=100)] = "",
    allow_identifiers: Annotated[bool, Form()] = False,
) -> Response:
    """The problems of the text as it is now (a fragment of the editor page); nothing is written."""
    if why := interrupted(request, csrf or request.headers.get("x-csrf-token") or ""):
        return page(request, "_problems.html", {"problems": [], "checked": False, "interrupted": why}, status=403)
    try:
        await run_in_threadpool(_check, text, vocab, vignette_id or None, allow_identifiers)
        problems: list[dict] = []
    except VignetteInvalid as exc:
        problems = _problems(text, exc.problems)
    return page(request, "_problems.html", {"problems": problems, "checked": True})


async def _save(
    request: Request,
    db: Database,
    vocab: Vocabulary,
    who: Visitor,
    vignette_id: str | None,
    text: str,
    version: str,
    csrf: str,
    allow_identifiers: bool,
) -> Response:
    expected = version if vignette_id else NEW
    try:
        checked = await run_in_threadpool(_check, text, vocab, vignette_id, allow_identifiers)
        actor = Actor(key_id=who.key_id or "", role=who.role.value if who.role else "")
        saved = await run_in_threadpool(save_vignette, db, vocab, checked, actor, expected, allow_identifiers)
    except VignetteInvalid as exc:
        return _editor(
            request,
            vignette_id=vignette_id,
            text=text,
            version=version,
            status=422,
            problems=_problems(text, exc.problems),
            allow_identifiers=allow_identifiers,
        )
    except VignetteVersionConflict as exc:
        theirs = None
        if exc.current is not None:
            try:
                theirs = await run_in_threadpool(vignette_source, db, exc.entity_id)
            except UnknownVignette:
                theirs = None
        return _editor(
            request,
            vignette_id=vignette_id,
            text=text,
            version=version,
            status=409,
            conflict={"id": exc.entity_id, "expected": exc.expected, "theirs": theirs, "new": vignette_id is None},
            allow_identifiers=allow_identifiers,
        )
    return RedirectResponse(f"/vignettes/{saved.id}?saved={saved.status}", status_code=303)


@router.post("/vignettes/new")
async def create(
    request: Request,
    db: DB,
    vocab: Vocab,
    text: Text,
    csrf: Token = "",
    allow_identifiers: Annotated[bool, Form()] = False,
) -> Response:
    if why := interrupted(request, csrf):
        return _editor(request, vignette_id=None, text=text, version="", status=403, interrupted=why)
    return await _save(request, db, vocab, visitor(request), None, text, "", csrf, allow_identifiers)


@router.post("/vignettes/{vignette_id}/edit")
async def replace(
    request: Request,
    db: DB,
    vocab: Vocab,
    vignette_id: VignetteId,
    text: Text,
    version: Annotated[str, Form(max_length=200)],
    csrf: Token = "",
    allow_identifiers: Annotated[bool, Form()] = False,
    overwrite: Annotated[str, Form(max_length=200, description="after a conflict: the version to save over")] = "",
) -> Response:
    if why := interrupted(request, csrf):
        return _editor(request, vignette_id=vignette_id, text=text, version=version, status=403, interrupted=why)
    return await _save(
        request, db, vocab, visitor(request), vignette_id, text, overwrite or version, csrf, allow_identifiers
    )
