"""Who is reading: a signed session cookie, sign-in by API key, roles, and CSRF tokens.

The cookie (Starlette's SessionMiddleware: signed with itsdangerous, HttpOnly, Secure,
SameSite=Lax) holds only a random CSRF token and, once signed in, the key's id, never the
key. Each request checks that the key is still active (a revoked key signs its sessions
out). The signing secret is KB_WEB_SECRET, or one generated once and kept (mode 0600) in
KB_WEB_SECRET_FILE. Every form that changes something carries the CSRF token, and its
request must also come from this site (Origin / Sec-Fetch-Site).
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import Request

from kb.errors import Failed, Refused
from kb.settings import Settings
from kb.writing.keys import ApiKey, KeyStore, Role

COOKIE = "kb_session"


class SignInRequired(Exception):
    """The page needs a signed-in visitor (or anonymous reads are off); the handler sends them to /signin."""

    def __init__(self, next_url: str, reason: str) -> None:
        super().__init__(reason)
        self.next_url, self.reason = next_url, reason


class NotAllowed(Refused):
    code = "forbidden"


class BadForm(Refused):
    """A form without this session's CSRF token (`stale`), or sent from another site."""

    code = "bad_form"

    def __init__(self, message: str, stale: bool = False) -> None:
        super().__init__(message)
        self.stale = stale


def session_secret(settings: Settings) -> str:
    """KB_WEB_SECRET, else the secret kept in KB_WEB_SECRET_FILE, made (0600) on first use."""
    if settings.kb_web_secret is not None:
        return settings.kb_web_secret.get_secret_value()
    path: Path = settings.kb_web_secret_file
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(48))
        secret = path.read_text().strip()
    except FileExistsError:  # another worker made it between our check and our open
        secret = path.read_text().strip()
    except OSError as exc:
        raise Failed(
            f"cannot keep the web session secret in {path}: {exc.strerror or exc}; set KB_WEB_SECRET"
        ) from None
    if len(secret) < 32:
        raise Failed(f"{path} holds too short a secret; delete it to have a new one made, or set KB_WEB_SECRET")
    return secret


@dataclass(frozen=True)
class Visitor:
    key_id: str | None
    name: str | None
    role: Role | None
    csrf: str
    may_read: bool

    @property
    def signed_in(self) -> bool:
        return self.key_id is not None

    @property
    def can_edit(self) -> bool:
        return self.role is not None and self.role.allows(Role.editor)


def _active_key(keys: KeyStore, key_id: str) -> ApiKey | None:
    return next((k for k in keys.list() if k.id == key_id and k.active), None)


def visitor(request: Request) -> Visitor:
    """The visitor of this request (computed once per request)."""
    cached = getattr(request.state, "visitor", None)
    if cached is not None:
        return cached
    if "session" not in request.scope:  # an error page made outside the session middleware (a 500)
        return Visitor(key_id=None, name=None, role=None, csrf="", may_read=False)
    session = request.session
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    key = None
    if "key" in session:
        key = _active_key(request.app.state.keys, session["key"])
        if key is None:  # revoked (or deleted) since sign-in
            session.pop("key", None)
    anonymous_reads = request.app.state.settings.kb_api_anonymous_reads
    found = Visitor(
        key_id=key.id if key else None,
        name=key.name if key else None,
        role=key.role if key else None,
        csrf=session["csrf"],
        may_read=key is not None or anonymous_reads,
    )
    request.state.visitor = found
    return found


def sign_in(request: Request, key: ApiKey) -> None:
    """Bind the session to the key; a new CSRF token, so a token seen before sign-in is worth nothing after."""
    request.session.clear()
    request.session.update({"key": key.id, "csrf": secrets.token_urlsafe(32)})
    request.state.visitor = None


def sign_out(request: Request) -> None:
    request.session.clear()
    request.state.visitor = None


def here(request: Request) -> str:
    """This page's path and query: where to come back to after signing in."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def reader(request: Request) -> Visitor:
    """A dependency: the visitor, who must be allowed to read."""
    who = visitor(request)
    if not who.may_read:
        raise SignInRequired(here(request), "Sign in with your API key to read the knowledge base.")
    return who


def editor(request: Request) -> Visitor:
    """A dependency: the visitor, who must hold an editor (or admin) key."""
    who = visitor(request)
    if not who.signed_in:
        raise SignInRequired(
            here(request), "Sign in with an editor's API key to write vignettes, teaching cases and articles."
        )
    if not who.can_edit:
        raise NotAllowed(
            "Writing vignettes, teaching cases and articles needs an editor's key; "
            f"you are signed in with a {who.role} key. "
            "Ask an administrator for an editor key (kb keys add NAME --role editor)."
        )
    return who


def check_form(request: Request, token: str | None) -> None:
    """Refuse a state-changing request without this session's CSRF token or from another site."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        raise BadForm("This form was sent from another site and was refused. Open the page here and send it again.")
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise BadForm("This form was sent from another site and was refused. Open the page here and send it again.")
    expected = visitor(request).csrf
    if not token or not hmac.compare_digest(token, expected):
        raise BadForm(
            "This form has expired (the page was open for a long time, or you signed in or out elsewhere). "
            "Reload the page and send it again.",
            stale=True,
        )


def interrupted(request: Request, csrf: str, what: str = "vignettes") -> str | None:
    """Why a save cannot go ahead that is no fault of what was written (the sign-in ended, the form went stale),
    or None. The editing page is then shown again with the writer's work, so that nothing they wrote is lost."""
    who = visitor(request)
    if not who.signed_in:
        return "Your sign-in has ended, so nothing was saved. Sign in again (in a new tab), then press it here again."
    if not who.can_edit:
        return f"You are now signed in with a key that cannot write {what}, so nothing was saved."
    try:
        check_form(request, csrf)
    except BadForm as exc:
        if not exc.stale:
            return exc.message
        return "This form had gone stale (you signed in again meanwhile), so nothing was done. Press the button again."
    return None


def safe_next(url: str | None) -> str:
    """A place on this site to go after signing in: a path, never another site."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url
