"""The audit trail: who (API key id, or `cli:<user>`), what (entity and id), when, and the change.

An entry is written by the same transaction as the change it records, so the
trail never claims a write that did not land, nor misses one that did.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from kb.store.db import Database, Step

if TYPE_CHECKING:
    from kb.writing.rows import VignetteRows


@dataclass(frozen=True)
class Actor:
    """Who writes: an API key's id and role, or the local operator on the command line."""

    key_id: str
    role: str

    @classmethod
    def command_line(cls) -> Actor:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "unknown"
        return cls(key_id=f"cli:{user}", role="admin")


class AuditEntry(BaseModel):
    at: datetime = Field(description="when the change landed (UTC)")
    key_id: str = Field(description="the API key's id, or cli:<user> for the command line")
    role: str
    action: str = Field(description="create, replace, remove, key-add, key-revoke")
    entity: str = Field(description="vignette or api-key")
    entity_id: str
    change: dict[str, Any] = Field(description="what changed: content versions before and after, counts, overrides")


class AuditPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[AuditEntry]


def entry(action: str, entity: str, entity_id: str, change: dict[str, Any]) -> dict[str, Any]:
    return {"action": action, "entity": entity, "entity_id": entity_id, "change": json.dumps(change, sort_keys=True)}


def identifier_override(findings: list[Any]) -> list[dict[str, Any]]:
    """What the identifier check found and the author chose to keep: kind and place, never the text itself."""
    return [{"kind": f.kind, "path": f.path, "start": f.start, "end": f.end} for f in findings]


def vignette_change(rows: VignetteRows, before: str | None, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The audit row of one vignette written: its version before (None: new) and after, its size, any override."""
    change = {
        "before": before,
        "after": rows.vignette["content_hash"],
        "persons": len(rows.persons),
        "facts": len(rows.facts),
        **(extra or {}),
    }
    if rows.vignette.get("identifier_override"):
        change["identifier_override"] = rows.vignette["identifier_override"]
    return entry("create" if before is None else "replace", "vignette", rows.id, change)


def audit_step(actor: Actor, rows: list[dict[str, Any]]) -> Step:
    """The catalogued write that records `rows` (from `entry`) for `actor`, to run in the change's transaction."""
    return (
        "audit_record",
        {"key_id": actor.key_id, "role": actor.role, "rows": [{**r, "seq": i} for i, r in enumerate(rows)]},
    )


def list_audit(
    db: Database,
    entity_id: str | None = None,
    key_id: str | None = None,
    action: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> AuditPage:
    """The newest entries first, optionally only those of one entity id, key or action."""
    page = db.read("audit_list", entity_id=entity_id, key_id=key_id, action=action, limit=limit, offset=offset)[0]
    items = [
        AuditEntry(**{**row, "at": row["at"].to_native(), "change": json.loads(row["change"])}) for row in page["items"]
    ]
    return AuditPage(total=page["total"], limit=limit, offset=offset, items=items)
