"""Rendering: the Jinja2 environment, its filters, and the one way a route answers with a page or a fragment.

A request made by htmx (the HX-Request header) for a part of a page gets only that part:
routes name the fragment template to use then. History restores and ordinary requests
get the whole page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.responses import Response

import kb
from web import nav
from web.session import visitor

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
ENV = TEMPLATES.env
ENV.trim_blocks = True
ENV.lstrip_blocks = True

KIND_NAMES = {
    "pattern": "Pattern",
    "role": "Role",
    "behavior": "Behavior",
    "intervention": "Intervention",
    "outcome": "Outcome",
    "person": "Person",
    "concept": "Concept",
    "vignette": "Vignette",
}
KIND_PLURALS = {
    "pattern": "Patterns",
    "role": "Roles",
    "behavior": "Behaviors",
    "intervention": "Interventions",
    "outcome": "Outcomes",
}
RESULTS = ("improved", "mixed", "unchanged", "worse")
_MARKED = re.compile(r"\[\[(.+?)\]\]")


def marked(snippet: str) -> Markup:
    """A search snippet with its [[matches]] as <mark>; everything else escaped."""
    out, last = [], 0
    for m in _MARKED.finditer(snippet):
        out += [str(escape(snippet[last : m.start()])), f"<mark>{escape(m.group(1))}</mark>"]
        last = m.end()
    out.append(str(escape(snippet[last:])))
    return Markup("".join(out))


def number(n: int | float | None) -> str:
    return "" if n is None else f"{n:,}"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def percent(part: float, whole: float) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def human(value: str | None) -> str:
    """A stored token (partner_of, young-adult) as words."""
    return (value or "").replace("_", " ").replace("-", " ")


ENV.filters.update(marked=marked, number=number, human=human)
ENV.globals.update(
    plural=plural,
    percent=percent,
    KIND_NAMES=KIND_NAMES,
    KIND_PLURALS=KIND_PLURALS,
    RESULTS=RESULTS,
    app_version=kb.__version__,
)


def is_fragment(request: Request) -> bool:
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-history-restore-request") != "true"


def page(
    request: Request,
    template: str,
    context: dict[str, Any],
    status: int = 200,
    fragment: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The whole page, or (for htmx) the fragment template when one is given."""
    who = visitor(request)
    items = nav.visible(who.role, who.may_read)
    context = {
        "request": request,
        "visitor": who,
        "nav_items": items,
        "nav_current": nav.current(items, request.url.path),
        **context,
    }
    name = fragment if fragment and is_fragment(request) else template
    response = TEMPLATES.TemplateResponse(request, name, context, status_code=status, headers=headers)
    response.headers["Vary"] = "HX-Request"
    return response
