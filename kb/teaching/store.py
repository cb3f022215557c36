"""Teaching cases in Neo4j: every save a version, optimistic concurrency, an audit entry in the same transaction.

A case's version is the SHA-256 of its stored document (the API's ETag), its revision the count of saves. A
change names the version it was based on; the write transaction locks the case node first and compares, so
of two editors saving the same version one wins and the other gets a CaseVersionConflict: nothing is merged
silently. Each save keeps the whole document as a TeachingCaseVersion; an old one can be read and restored
(a restore is a new save). A case is linked to the vignettes (USES) and concepts (TEACHES) it uses.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kb.errors import InvalidInput, NotFound, VersionConflict
from kb.models import TeachingCase
from kb.store.db import Database, Step
from kb.teaching.answers import (
    CaseList,
    CaseSummary,
    CaseVersion,
    CaseVersions,
    SavedCase,
    StaleVignette,
    StoredCase,
)
from kb.teaching.checking import Mode, case_from_data, prepare
from kb.vocab.resolve import concept_ids, resolve_term
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor, audit_step, entry

NEW = None  # `expected` for a create: the case must not exist yet
ENTITY = "teaching-case"


class UnknownCase(NotFound):
    code = "unknown_teaching_case"

    def __init__(self, case_id: str, revision: int | None = None) -> None:
        what = f"teaching case {case_id!r}" + (f" has no version {revision}" if revision else "")
        super().__init__(f"No {what}." if revision is None else f"The {what}.")
        self.case_id, self.revision = case_id, revision

    def details(self) -> dict[str, Any]:
        return {"id": self.case_id, "revision": self.revision}


class CaseVersionConflict(VersionConflict):
    """The stored case is not the version the write was based on."""

    noun = "teaching case"


class _Unchanged(Exception):
    """Raised inside the transaction to abandon a save that would change nothing."""


# --------------------------------------------------------------------------- documents


def document(case: TeachingCase) -> str:
    """The stored (and exported) form: JSON, keys in the authoring order, defaults left out."""
    data = case.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def version_of(doc: str) -> str:
    return hashlib.sha256(doc.encode("utf-8")).hexdigest()


def load_document(doc: str) -> TeachingCase:
    return case_from_data(json.loads(doc), "stored case")


# --------------------------------------------------------------------------- writes


def save_case(
    db: Database,
    vocab: Vocabulary,
    case: TeachingCase,
    actor: Actor,
    expected: str | None,
    *,
    case_id: str | None = None,
    file: str = "request body",
    refresh: bool = False,
    trusted: bool = False,
    action: str | None = None,
) -> SavedCase:
    """Create (expected=NEW) or replace (expected=its current version) a case, checked and cut first.

    `case_id`, when given (the path of a PUT), must be the case's own id. Raises CaseInvalid (nothing written),
    CaseVersionConflict, UnknownCase."""
    if case_id is not None and case.id != case_id:
        raise InvalidInput(f"id: the case's id {case.id!r} differs from {case_id!r}; an id cannot be changed")
    carried = None
    if expected is not NEW:
        current = _current(db, case.id)
        if current is None:
            raise UnknownCase(case.id)
        if current["version"] != expected:
            raise CaseVersionConflict(case.id, expected, current["version"])
        carried = load_document(current["doc"])
    prepared = prepare(db, vocab, case, file, Mode(carried=carried, refresh=refresh, trusted=trusted))
    return _write(db, prepared, actor, expected, action or ("create" if expected is NEW else "replace"))


def create_case(db: Database, vocab: Vocabulary, case: TeachingCase, actor: Actor) -> SavedCase:
    """Save a new case; CaseVersionConflict when its id is taken."""
    return save_case(db, vocab, case, actor, NEW)


def update_case(
    db: Database, vocab: Vocabulary, case_id: str, case: TeachingCase, actor: Actor, expected: str
) -> SavedCase:
    """Save a changed case as its new version, if it is still at version `expected`."""
    return save_case(db, vocab, case, actor, expected, case_id=case_id)


def _current(db: Database, case_id: str) -> dict[str, Any] | None:
    rows = db.read("teaching_case_get", id=case_id)
    return rows[0] if rows else None


def _write(
    db: Database,
    case: TeachingCase,
    actor: Actor,
    expected: str | None,
    action: str,
    restored_from: int | None = None,
    check_expected: bool = True,
) -> SavedCase:
    doc = document(case)
    version = version_of(doc)
    saved: dict[str, Any] = {}

    def plan(found: list[dict[str, Any]]) -> list[Step]:
        current = found[0]["version"] if found else None
        if check_expected and current != expected:
            raise CaseVersionConflict(case.id, expected, current)
        if current == version:
            saved["revision"] = found[0]["revision"]
            raise _Unchanged
        revision = (found[0]["revision"] or 0) + 1 if found else 1
        saved["revision"] = revision
        change = {"before": current, "after": version, "revision": revision}
        if restored_from is not None:
            change["restored_from"] = restored_from
        return [
            (
                "teaching_case_save",
                {
                    "id": case.id,
                    "title": case.title,
                    "audience": case.audience,
                    "version": version,
                    "revision": revision,
                    "doc": doc,
                    "concept_ids": list(case.concepts),
                    "vignette_ids": [cv.id for cv in case.vignettes],
                    "vignette_versions": [cv.snapshot.version if cv.snapshot else None for cv in case.vignettes],
                    "action": action,
                    "key_id": actor.key_id,
                    "restored_from": restored_from,
                },
            ),
            audit_step(actor, [entry(action if current is not None else "create", ENTITY, case.id, change)]),
        ]

    lock = "teaching_case_lock_new" if expected is NEW or not check_expected else "teaching_case_lock"
    try:
        db.write_guarded((lock, {"id": case.id}), plan)
    except _Unchanged:
        return SavedCase(id=case.id, status="unchanged", version=version, revision=saved["revision"])
    status = {"create": "created", "replace": "replaced", "restore": "restored", "refresh": "refreshed"}
    return SavedCase(
        id=case.id,
        status=status.get(action, "replaced" if saved["revision"] > 1 else "created"),
        version=version,
        revision=saved["revision"],
    )


def refresh_case(db: Database, vocab: Vocabulary, case_id: str, actor: Actor, expected: str) -> SavedCase:
    """Re-cut every section and re-take every snapshot from the vignettes as they are now (a new version)."""
    current = _current(db, case_id)
    if current is None:
        raise UnknownCase(case_id)
    fresh = without_snapshots(load_document(current["doc"]))
    return save_case(db, vocab, fresh, actor, expected, refresh=True, action="refresh")


def without_snapshots(case: TeachingCase) -> TeachingCase:
    """The case as a refresh hands it to the check: every snapshot dropped, to be taken again from the vignettes."""
    return case.model_copy(update={"vignettes": [cv.model_copy(update={"snapshot": None}) for cv in case.vignettes]})


def restore_case(db: Database, case_id: str, revision: int, actor: Actor, expected: str) -> SavedCase:
    """Make an earlier version the current one again, as a new version; the old passages and snapshots come back
    as they were (a vignette changed since is flagged stale, never re-cut silently)."""
    old = db.read("teaching_case_version_get", key=f"{case_id}#{revision}")
    if not old:
        if _current(db, case_id) is None:
            raise UnknownCase(case_id)
        raise UnknownCase(case_id, revision)
    return _write(db, load_document(old[0]["doc"]), actor, expected, "restore", restored_from=revision)


def import_case(
    db: Database, vocab: Vocabulary, case: TeachingCase, actor: Actor | None, file: str = "import"
) -> SavedCase:
    """Store a case from an export, creating or replacing it: checked, its passages and snapshots kept as given
    (a snapshot of an older vignette version stays, flagged stale)."""
    prepared = prepare(db, vocab, case, file, Mode(trusted=True))
    return _write(db, prepared, actor or Actor.command_line(), None, "import", check_expected=False)


def delete_case(db: Database, case_id: str, actor: Actor, expected: str | None = None) -> None:
    """Remove a case with its versions; with `expected`, only if it is still at that version."""

    def plan(found: list[dict[str, Any]]) -> list[Step]:
        if not found:
            raise UnknownCase(case_id)
        current = found[0]["version"]
        if expected is not None and current != expected:
            raise CaseVersionConflict(case_id, expected, current)
        change = {"before": current, "after": None, "revision": found[0]["revision"]}
        return [
            ("teaching_case_remove", {"id": case_id}),
            audit_step(actor, [entry("remove", ENTITY, case_id, change)]),
        ]

    db.write_guarded(("teaching_case_lock", {"id": case_id}), plan)


# --------------------------------------------------------------------------- reads


def get_case(db: Database, case_id: str, revision: int | None = None) -> StoredCase:
    """The case as stored now (or an earlier version), with the vignettes that changed since it was cut."""
    if revision is None:
        rows = db.read("teaching_case_get", id=case_id)
        if not rows:
            raise UnknownCase(case_id)
    else:
        rows = db.read("teaching_case_version_get", key=f"{case_id}#{revision}")
        if not rows:
            if not db.read("teaching_case_get", id=case_id):
                raise UnknownCase(case_id)
            raise UnknownCase(case_id, revision)
    row = rows[0]
    case = load_document(row["doc"])
    return StoredCase(
        id=row["id"],
        version=row["version"],
        revision=row["revision"],
        saved_at=row["saved_at"].to_native(),
        saved_by=row["saved_by"],
        stale=staleness(db, case),
        case=case,
    )


def staleness(db: Database, case: TeachingCase) -> list[StaleVignette]:
    """The vignettes changed or removed since the case was cut from them, and the sections they touch."""
    current = {r["id"]: r["version"] for r in db.read("teaching_vignette_versions", ids=[v.id for v in case.vignettes])}
    out = []
    for cv in case.vignettes:
        saved = cv.snapshot.version if cv.snapshot else ""
        now = current.get(cv.id)
        if now == saved:
            continue
        sections = [
            i
            for i, s in enumerate(case.sections)
            if any(c.vignette == cv.id for c in s.cuts)
            or any(ref.vignette == cv.id for q in s.questions if q.answer for ref in q.answer.facts)
        ]
        out.append(
            StaleVignette(
                vignette=cv.id,
                reason="removed" if now is None else "changed",
                saved_version=saved,
                current_version=now,
                sections=sections,
            )
        )
    return out


def list_cases(
    db: Database,
    vocab: Vocabulary,
    concept: str | None = None,
    vignette: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> CaseList:
    """The cases teaching a concept (any synonym; narrower ones count) and using a vignette, by id."""
    resolved = [resolve_term(vocab, concept)] if concept else []
    ids = concept_ids(resolved[0]) if resolved else None
    page = db.read("teaching_cases_list", concepts=ids, vignette=vignette, limit=limit, offset=offset)[0]
    used = sorted({vid for item in page["items"] for vid in item["vignettes"]})
    current = {r["id"]: r["version"] for r in db.read("teaching_vignette_versions", ids=used)}
    items = [
        CaseSummary(
            id=i["id"],
            title=i["title"],
            audience=i["audience"],
            concepts=i["concepts"],
            vignettes=i["vignettes"],
            version=i["version"],
            revision=i["revision"],
            saved_at=i["saved_at"].to_native(),
            stale=any(current.get(v) != s for v, s in zip(i["vignettes"], i["cut_from"] or [], strict=False)),
        )
        for i in page["items"]
    ]
    return CaseList(total=page["total"], limit=limit, offset=offset, filters=resolved, vignette=vignette, items=items)


def case_versions(db: Database, case_id: str) -> CaseVersions:
    rows = db.read("teaching_case_versions", id=case_id)
    if not rows:
        raise UnknownCase(case_id)
    return CaseVersions(
        id=case_id,
        current=rows[0]["current"],
        items=[
            CaseVersion(
                revision=r["revision"],
                version=r["version"],
                saved_at=r["saved_at"].to_native(),
                saved_by=r["saved_by"],
                action=r["action"],
                title=r["title"],
                restored_from=r["restored_from"],
            )
            for r in rows
        ],
    )
