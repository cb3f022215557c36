"""Who is calling: an API key (Authorization: Bearer, or X-API-Key) checked against the key store, and its role.

Every GET needs `reader` (or no key at all when KB_API_ANONYMOUS_READS is on),
writes to vignettes need `editor`, the audit trail needs `admin`. A missing key
on a protected route answers 401, a key of too low a role 403. Keys are never
logged or echoed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError
from kb.writing.audit import Actor
from kb.writing.keys import Role

bearer = HTTPBearer(auto_error=False, description="an API key: `Authorization: Bearer kbk_...`")
header_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="an API key, as an alternative header")

ANONYMOUS = Actor(key_id="anonymous", role=Role.reader.value)


class AuthError(ApiError):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status, code, message, {"WWW-Authenticate": "Bearer"} if status == 401 else None)


def caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
    api_key: Annotated[str | None, Security(header_key)],
) -> Actor | None:
    """The caller's identity from its key; None when no key was sent. A key sent but not valid is refused."""
    key = credentials.credentials if credentials else api_key
    if not key:
        return None
    record = request.app.state.keys.verify(key)
    if record is None:
        raise AuthError(401, "invalid_key", "the API key is not valid (unknown, revoked or mistyped)")
    return Actor(key_id=record.id, role=record.role.value)


def require(needed: Role):
    """A dependency: the caller, who must hold at least the role `needed`."""

    def check(request: Request, who: Annotated[Actor | None, Depends(caller)]) -> Actor:
        if who is None:
            if needed is Role.reader and request.app.state.settings.kb_api_anonymous_reads:
                return ANONYMOUS
            raise AuthError(
                401,
                "missing_key",
                f"this route needs an API key with the role {needed.value} or higher "
                "(send it as `Authorization: Bearer <key>`; an admin creates one with `kb keys add`)",
            )
        if not Role(who.role).allows(needed):
            raise AuthError(403, "forbidden", f"this route needs the role {needed.value}; your key is a {who.role} key")
        return who

    return check


Reader = Annotated[Actor, Depends(require(Role.reader))]
Editor = Annotated[Actor, Depends(require(Role.editor))]
Admin = Annotated[Actor, Depends(require(Role.admin))]
