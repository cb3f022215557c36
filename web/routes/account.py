"""Sign in with an API key (kb keys add), sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from web.render import page
from web.session import check_form, safe_next, sign_in, sign_out, visitor

router = APIRouter()
Next = Annotated[str, Query(alias="next", max_length=2000)]


@router.get("/signin")
def signin_page(request: Request, next_url: Next = "/") -> Response:
    who = visitor(request)
    return page(request, "signin.html", {"title": "Sign in", "next": safe_next(next_url), "already": who.signed_in})


@router.post("/signin")
async def signin(
    request: Request,
    key: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    next_url: Annotated[str, Form(alias="next", max_length=2000)] = "/",
) -> Response:
    check_form(request, csrf)
    record = await run_in_threadpool(request.app.state.keys.verify, key.strip()) if key.strip() else None
    if record is None:
        message = (
            "That key is not valid: it may be mistyped, revoked or unknown here. "
            "Paste the whole key (it starts with kbk_); an administrator makes one with kb keys add."
            if key.strip()
            else "Paste your API key to sign in."
        )
        context = {"title": "Sign in", "next": safe_next(next_url), "error": message, "already": False}
        return page(request, "signin.html", context, status=401)
    sign_in(request, record)
    return RedirectResponse(safe_next(next_url), status_code=303)


@router.post("/signout")
async def signout(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    check_form(request, csrf)
    sign_out(request)
    return RedirectResponse("/", status_code=303)
