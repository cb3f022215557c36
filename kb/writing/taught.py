"""A vignette that teaching cases use is removed only when the remover confirms it.

The cases keep what they were cut from and are flagged stale once the vignette is gone (kb.teaching); the
confirmation makes sure that was meant. The check reads before the removal's own transaction: a case saved
in between is flagged stale like the others.
"""

from __future__ import annotations

from typing import Any

from kb.errors import Conflict
from kb.store.db import Database


class VignetteInUse(Conflict):
    code = "vignette_in_use"

    def __init__(self, vignette_id: str, cases: list[dict[str, str]]) -> None:
        names = ", ".join(c["id"] for c in cases[:5]) + (f" and {len(cases) - 5} more" if len(cases) > 5 else "")
        super().__init__(
            f"vignette {vignette_id!r} is used by {len(cases)} teaching case(s) ({names}); removing it flags their "
            "stages as stale. Confirm to remove it anyway (API: confirm=true; kb remove --confirm)."
        )
        self.vignette_id, self.cases = vignette_id, cases

    def details(self) -> dict[str, Any]:
        return {"id": self.vignette_id, "teaching_cases": self.cases}


def refuse_unconfirmed_removal(db: Database, vignette_id: str, confirmed: bool) -> None:
    """Raise VignetteInUse when teaching cases use the vignette and the removal is not confirmed."""
    if confirmed:
        return
    cases = db.read("teaching_cases_using", id=vignette_id)
    if cases:
        raise VignetteInUse(vignette_id, [{"id": c["id"], "title": c["title"]} for c in cases])
