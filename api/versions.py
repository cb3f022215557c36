"""Versions over HTTP, one way for every resource edited whole (vignettes, articles, teaching cases).

A resource's version (its content hash) is its ETag; a write names the version it started from in
If-Match, so that two editors never overwrite each other: without If-Match a replacement is 428, and
the kb layer answers 409 when someone saved in between.
"""

from __future__ import annotations

from api.errors import ApiError, ErrorBody, Responses

PRECONDITION: Responses = {428: {"model": ErrorBody, "description": "If-Match with the version you edited is required"}}


def etag(version: str) -> str:
    return f'"{version}"'


def given_version(if_match: str | None) -> str | None:
    """The version in an If-Match header (a strong or weak ETag, quoted or not), or None without one."""
    return if_match.strip().removeprefix("W/").strip('"') if if_match else None


def expected_version(if_match: str | None, what: str, where: str) -> str:
    """The version an edit started from; 428 saying where to get it (`where`: the GET path) when it is missing."""
    version = given_version(if_match)
    if not version:
        raise ApiError(
            428,
            "version_required",
            f"send If-Match with the version (ETag) of {what} you edited, as GET {where} gave it; "
            "it keeps two editors from overwriting each other",
        )
    return version
