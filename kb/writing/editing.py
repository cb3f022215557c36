"""Editors' writes of one vignette: create, replace, remove, with optimistic concurrency and an audit entry.

A vignette's version is its content hash (the API's ETag). A replace names the
version it was based on; the write transaction locks the vignette's id first and
compares, so of two editors saving the same version one wins and the other gets
a VignetteVersionConflict: nothing is merged silently. A remove, and `kb load`, take the
same lock and read the version under it: of ten removes at once, one removes
(and is audited), the others find nothing (404). The same loader steps as `kb load`
do the writing, and the audit entry lands in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kb.answers import Saved
from kb.authoring.validate import CheckedVignette
from kb.errors import UnknownVignette, VersionConflict
from kb.store.db import Database, Step
from kb.store.migrate import migrate
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor, audit_step, entry, identifier_override, vignette_change
from kb.writing.idempotency import IdempotencyKey, check, claim_step, record_steps
from kb.writing.loader import removal_steps, sync_vocabulary, vignette_steps
from kb.writing.rows import VignetteRows, vignette_rows
from kb.writing.taught import refuse_unconfirmed_removal

NEW = None  # `expected` for a create: the vignette must not exist yet


class VignetteVersionConflict(VersionConflict):
    """The stored vignette is not the version the write was based on."""

    noun = "vignette"


class _Unchanged(Exception):
    """Raised inside the transaction to abandon a write that would change nothing."""


def _version(found: list[dict[str, Any]]) -> str | None:
    """The version the lock query read; None when there is no vignette (the lock's MERGE made an empty node,
    which the transaction drops unless it writes the vignette)."""
    return found[0]["version"] if found else None


def _ensure_vocabulary(db: Database, vocab: Vocabulary, rows: VignetteRows) -> None:
    """A fact is linked to its concept node: write the schema and vocabulary first if any concept is missing."""
    if db.read("concepts_missing", ids=sorted({f["concept_id"] for f in rows.facts}))[0]["missing"]:
        migrate(db)
        sync_vocabulary(db, vocab)


def save_vignette(
    db: Database,
    vocab: Vocabulary,
    checked: CheckedVignette,
    actor: Actor,
    expected: str | None,
    allow_identifiers: bool = False,
    idempotency: IdempotencyKey | None = None,
) -> Saved:
    """Create (expected=NEW) or replace (expected=its current version) one checked vignette.

    With an `idempotency` key, a request done before with it raises Replayed (its answer), see
    kb.writing.idempotency."""
    rows = vignette_rows(checked)
    _ensure_vocabulary(db, vocab, rows)
    version = rows.vignette["content_hash"]
    extra: dict[str, Any] = {}
    if allow_identifiers and checked.composite_findings:
        extra["identifier_override"] = identifier_override(checked.composite_findings)

    saved = Saved(id=rows.id, status="created" if expected is NEW else "replaced", version=version)

    def plan(found: list[dict[str, Any]]) -> list[Step]:
        current = _version(found)
        if current is None and expected is not NEW:
            raise UnknownVignette(rows.id)  # a replace of a vignette that is not (or no longer) there
        if current != expected:
            raise VignetteVersionConflict(rows.id, expected, current)
        if current == version:
            raise _Unchanged
        return [*vignette_steps([rows]), audit_step(actor, [vignette_change(rows, expected, extra)])]

    try:
        _write(db, ("vignette_lock", {"id": rows.id}), plan, idempotency, 201 if expected is NEW else 200, saved)
    except _Unchanged:
        return Saved(id=rows.id, status="unchanged", version=version)
    return saved


def delete_vignette(
    db: Database,
    vignette_id: str,
    actor: Actor,
    expected: str | None = None,
    idempotency: IdempotencyKey | None = None,
    confirm: bool = False,
) -> None:
    """Remove a vignette whole; with `expected`, only if it is still at that version (`idempotency`: see above).
    A vignette that teaching cases use needs `confirm`."""
    refuse_unconfirmed_removal(db, vignette_id, confirm)

    def plan(found: list[dict[str, Any]]) -> list[Step]:
        current = _version(found)
        if current is None:
            raise UnknownVignette(vignette_id)
        if expected is not None and current != expected:
            raise VignetteVersionConflict(vignette_id, expected, current)
        # the version removed is known only now, inside the transaction that holds the lock
        return [
            *removal_steps(vignette_id),
            audit_step(actor, [entry("remove", "vignette", vignette_id, {"before": current, "after": None})]),
        ]

    _write(db, ("vignette_lock", {"id": vignette_id}), plan, idempotency, 204, None)


def _write(
    db: Database,
    lock: Step,
    plan: Callable[[list[dict[str, Any]]], list[Step]],
    idempotency: IdempotencyKey | None,
    status: int,
    answer: Saved | None,
) -> None:
    """Run a guarded write; with an idempotency key, claimed first and recorded with `status` and `answer`."""
    if idempotency is None:
        db.write_guarded(lock, plan)
        return
    key = idempotency

    def keyed(found: list[list[dict[str, Any]]]) -> list[Step]:
        check(key, found[0])  # raises Replayed or KeyReused: nothing more is done
        body = answer.model_dump() if answer else None
        return [*plan(found[1]), *record_steps(key, status, body)]

    db.write_locked([claim_step(key), lock], keyed)
