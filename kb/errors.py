"""One family of errors for the whole knowledge base.

Every error the library raises on purpose is a `KbError` of one of a few kinds,
and the kind carries what the faces need: the HTTP status the API answers with,
the exit code the command line ends with, and a stable `code` for the JSON body.
A new feature gets the right status by choosing a kind; `api/errors.py` maps
`KbError` once, and the CLI catches it once.

    NotFound      404, exit 1   an id or a word that names nothing
    InvalidInput  422, exit 2   input that cannot be used as given; the message says what would be right
    Conflict      409, exit 1   the stored state is not the one the request was based on
    Unavailable   503, exit 1   Neo4j (or another service) cannot be reached or is busy
    Refused       403, exit 1   a request the current state or the caller's role does not allow
    Failed        500, exit 1   something broke that the caller cannot fix; logged, never shown in detail

Errors that more than one room raises live here too (UnknownVignette, and VersionConflict,
which vignettes, articles and teaching cases each name for themselves); the others live
beside the code that raises them.

A message is written for the person reading it: it names the file, line, field
or parameter and what would be right, and never holds a password, a key or a
whole vignette. `details()` adds machine-readable fields to the API's body.
"""

from __future__ import annotations

from typing import Any, ClassVar


class KbError(Exception):
    status: ClassVar[int] = 500
    exit_code: ClassVar[int] = 1
    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def details(self) -> dict[str, Any]:
        """Fields added to the API's error body beside `code` and `message`."""
        return {}

    def lines(self) -> list[str]:
        """What the command line prints: the message, or one line per problem for errors that list several."""
        return [self.message]


class NotFound(KbError):
    status = 404
    code = "not_found"


class InvalidInput(KbError):
    status = 422
    exit_code = 2
    code = "bad_parameter"


class Conflict(KbError):
    status = 409
    code = "conflict"


class Unavailable(KbError):
    status = 503
    code = "unavailable"


class Refused(KbError):
    status = 403
    code = "refused"


class Failed(KbError):
    status = 500
    code = "internal_error"


class VersionConflict(Conflict):
    """A write based on a version that is no longer the stored one, or a create of an id that exists: nothing
    is written. Each thing edited whole (a vignette, an article, a teaching case) names itself in `noun`."""

    code = "version_conflict"
    noun = "entry"

    def __init__(self, entity_id: str, expected: str | None, current: str | None) -> None:
        if expected is None:
            message = f"{self.noun} {entity_id!r} already exists; replace it with PUT and its current version"
        elif current is None:
            message = f"{self.noun} {entity_id!r} no longer exists"
        else:
            message = (
                f"{self.noun} {entity_id!r} was changed by someone else: it is at version {current}, "
                f"not {expected}; fetch it again and reapply your change"
            )
        super().__init__(message)
        self.entity_id, self.expected, self.current = entity_id, expected, current

    def details(self) -> dict[str, Any]:
        return {"id": self.entity_id, "expected_version": self.expected, "current_version": self.current}


class UnknownVignette(NotFound):
    code = "unknown_vignette"

    def __init__(self, vignette_id: str) -> None:
        super().__init__(f"No vignette {vignette_id!r} in the knowledge base.")
        self.vignette_id = vignette_id

    def details(self) -> dict[str, Any]:
        return {"id": self.vignette_id}
