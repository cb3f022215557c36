"""The pages' app, mounted at `/` of the main app; its static files at /static; its error pages."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kb.errors import Failed, KbError, NotFound, Unavailable
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.resolve import UnknownConcept
from kb.vocab.vocabulary import Vocabulary
from kb.writing.keys import key_store
from web.cache import ByGeneration
from web.kept import Kept
from web.render import is_fragment, page
from web.routes import account, articles, ask, concepts, edit, search, teaching, vignettes
from web.session import COOKIE, SignInRequired, session_secret

log = logging.getLogger("kb.web")
STATIC = Path(__file__).parent / "static"
# edit first: /vignettes/new is not a vignette's id
ROUTERS = (ask, edit, vignettes, concepts, search, teaching, articles, account)

# Scripts only from this site (htmx, Cytoscape and ours; no inline script runs); styles inline too (the bars'
# widths); no framing, no plugins, forms only to this site.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Adds the headers above to every page (pure ASGI: no buffering of the body)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


def create_web(settings: Settings, db: Database, vocab: Vocabulary) -> FastAPI:
    web = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    web.state.db, web.state.settings, web.state.vocab = db, settings, vocab
    web.state.keys = key_store(settings, db)
    web.state.cache = ByGeneration(db)
    web.state.kept = Kept()  # answers from an article's content alone, by its version (web.kept)
    for module in ROUTERS:
        web.include_router(module.router)
    install_errors(web)
    web.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=COOKIE,
        max_age=int(settings.kb_web_session_hours * 3600),
        same_site="lax",
        https_only=True,
    )
    web.add_middleware(SecurityHeaders)
    return web


def install(app: FastAPI) -> None:
    """Mount the pages at `/` (after the JSON API's mount, which keeps /api/v1) and their files at /static."""
    state = app.state
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/", create_web(state.settings, state.db, state.vocab))


# --------------------------------------------------------------------------- errors as pages

HELP = {
    404: "Check the address, or find what you were looking for from the home page, the list of vignettes or search.",
    422: "Go back, correct what the message names, and try again.",
    403: "If you think you should have access, ask whoever runs this knowledge base for a key with that role.",
    503: "Try again in a minute. If it keeps happening, whoever runs this server can check the database "
    "(kb db status) and start it (kb db start).",
    500: "Try again; if it happens again, tell whoever runs this server: the details are in its log.",
}
TITLES = {
    404: "Not found",
    422: "That could not be used",
    403: "Not allowed",
    409: "Changed by someone else",
    503: "The database cannot be reached",
    500: "Something went wrong",
}


def error_page(request: Request, status: int, message: str, **extra: object) -> Response:
    context = {
        "title": TITLES.get(status, "Error"),
        "status": status,
        "message": message,
        "help": HELP.get(status, ""),
        **extra,
    }
    return page(request, "error.html", context, status=status, fragment="_error.html")


def install_errors(web: FastAPI) -> None:
    @web.exception_handler(SignInRequired)
    async def sign_in_first(request: Request, exc: SignInRequired) -> Response:
        target = f"/signin?next={_quote(exc.next_url)}"
        if is_fragment(request):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @web.exception_handler(KbError)
    async def kb_error(request: Request, exc: KbError) -> Response:
        message = exc.message
        if exc.status >= 500:
            log.error("%s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc.message)
            if isinstance(exc, Failed):
                message = "The page could not be made; the details have been logged."
            elif isinstance(exc, Unavailable):
                message = "The knowledge base cannot reach its database (Neo4j) right now."
        suggestions = exc.suggestions if isinstance(exc, UnknownConcept) else []
        return error_page(request, exc.status, message, suggestions=suggestions, not_found=isinstance(exc, NotFound))

    @web.exception_handler(RequestValidationError)
    async def bad_input(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in e['loc'] if p not in ('query', 'path', 'body'))}: {e['msg']}"
            for e in exc.errors()
        ]
        return error_page(request, 422, "; ".join(problems) or "The request could not be read.")

    @web.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return error_page(request, 404, "There is no page at this address.", not_found=True)
        if exc.status_code == 405:
            return error_page(request, 405, "This address does not take that kind of request; use the page's links.")
        return error_page(request, exc.status_code, str(exc.detail))

    @web.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return error_page(request, 500, "The page could not be made; the details have been logged.")


def _quote(url: str) -> str:
    from urllib.parse import quote

    return quote(url, safe="")
