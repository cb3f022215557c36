"""Editors' writes of one vignette: create, replace, remove, with optimistic concurrency and an audit entry.

A vignette's version is its content hash (the API's ETag). A replace names the
version it was based on; the write transaction locks the vignette node first and
compares, so of two editors saving the same version one wins and the other gets
a VersionConflict: nothing is merged silently. The same loader steps as `kb load`
do the writing, and the audit entry lands in the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from kb.audit import Actor, audit_step, entry, identifier_override, vignette_change
from kb.db import Database
from kb.graph import VignetteRows, vignette_rows
from kb.loader import removal_steps, sync_vocabulary, vignette_steps
from kb.migrate import migrate
from kb.validate import CheckedVignette
from kb.vignette_queries import UnknownVignette
from kb.vocabulary import Vocabulary

NEW = None  # `expected` for a create: the vignette must not exist yet


class VersionConflict(Exception):
    """The stored vignette is not the version the write was based on."""

    def __init__(self, vignette_id: str, expected: str | None, current: str | None) -> None:
        if expected is None:
            message = f"vignette {vignette_id!r} already exists; replace it with PUT and its current version"
        elif current is None:
            message = f"vignette {vignette_id!r} no longer exists"
        else:
            message = (f"vignette {vignette_id!r} was changed by someone else: it is at version {current}, "
                       f"not {expected}; fetch it again and reapply your change")
        super().__init__(message)
        self.vignette_id, self.expected, self.current = vignette_id, expected, current


class _Unchanged(Exception):
    """Raised inside the transaction to abandon a write that would change nothing."""


@dataclass(frozen=True)
class Saved:
    id: str
    status: Literal["created", "replaced", "unchanged"]
    version: str


def _ensure_vocabulary(db: Database, vocab: Vocabulary, rows: VignetteRows) -> None:
    """A fact is linked to its concept node: write the schema and vocabulary first if any concept is missing."""
    if db.read("concepts_missing", ids=sorted({f["concept_id"] for f in rows.facts}))[0]["missing"]:
        migrate(db)
        sync_vocabulary(db, vocab)


def save_vignette(db: Database, vocab: Vocabulary, checked: CheckedVignette, actor: Actor, expected: str | None,
                  allow_identifiers: bool = False) -> Saved:
    """Create (expected=NEW) or replace (expected=its current version) one checked vignette."""
    rows = vignette_rows(checked)
    _ensure_vocabulary(db, vocab, rows)
    version = rows.vignette["content_hash"]
    extra: dict[str, Any] = {}
    if allow_identifiers and checked.composite_findings:
        extra["identifier_override"] = identifier_override(checked.composite_findings)

    def check(found: list[dict[str, Any]]) -> None:
        current = found[0]["version"] if found else None
        if current != expected:
            raise VersionConflict(rows.id, expected, current)
        if current == version:
            raise _Unchanged

    steps = vignette_steps([rows])
    steps.append(audit_step(actor, [vignette_change(rows, expected, extra)]))
    guard_query = "vignette_lock_new" if expected is NEW else "vignette_lock"
    try:
        db.write_steps(steps, guard=(guard_query, {"id": rows.id}, check))
    except _Unchanged:
        return Saved(rows.id, "unchanged", version)
    return Saved(rows.id, "created" if expected is NEW else "replaced", version)


def delete_vignette(db: Database, vignette_id: str, actor: Actor, expected: str | None = None) -> None:
    """Remove a vignette whole; with `expected`, only if it is still at that version."""
    audit = audit_step(actor, [entry("remove", "vignette", vignette_id, {})])

    def check(found: list[dict[str, Any]]) -> None:
        if not found:
            raise UnknownVignette(vignette_id)
        current = found[0]["version"]
        if expected is not None and current != expected:
            raise VersionConflict(vignette_id, expected, current)
        # the version removed is known only now, inside the transaction: complete the audit row before it runs
        audit[1]["rows"][0]["change"] = json.dumps({"before": current, "after": None}, sort_keys=True)

    db.write_steps([*removal_steps(vignette_id), audit], guard=("vignette_lock", {"id": vignette_id}, check))
