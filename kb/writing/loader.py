"""Load vignettes into Neo4j: validate everything first, then write in batched UNWIND transactions.

Each batch is one transaction: a vignette is written whole or not at all. A
vignette whose content hash is unchanged is skipped, so loading twice changes
nothing; a changed one has its persons and facts deleted and written anew, so
no old fact survives. Files are read and checked one at a time; the rows of the
checked ones go to a temporary spill file (one JSON line each) and are written
from there once every file has passed, so memory does not grow with the number
of vignettes and no file is parsed twice.

A load does not race editors: as files are checked, the versions stored then are
read (a batch at a time); each write transaction locks its vignettes first, as
PUT and DELETE do, and reads their versions under the lock. A vignette whose
version changed in between (an editor saved it while the load ran) is left as
the editor saved it and reported as stale, never overwritten in silence; the
audit entry of every vignette written names the version it replaced.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kb.authoring.validate import Problem, VignetteInvalid, check_files
from kb.errors import KbError
from kb.store.db import Database, Step
from kb.store.migrate import migrate
from kb.store.stats import add_step, ensure_current, refill_step, subtract_step
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor, audit_step, identifier_override, vignette_change
from kb.writing.rows import VignetteRows, concept_rows, vignette_rows

T = TypeVar("T")
DEFAULT_BATCH = 500  # measured best on 2 cores with a 1 GiB heap; 2,000 exceeded its transaction memory
Progress = Callable[[int], None]  # told how many more vignettes are done


@dataclass(frozen=True)
class Stale:
    """A vignette someone else changed while the load ran: its file was not written over their version."""

    id: str
    expected: str | None  # the version stored when the load checked the file (None: there was none)
    found: str | None  # the version stored when the load came to write (None: removed meanwhile)


@dataclass
class LoadSummary:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)
    facts_removed: int = 0
    persons_removed: int = 0
    facts_written: int = 0
    persons_written: int = 0

    @property
    def total(self) -> int:
        return len(self.created) + len(self.changed) + len(self.unchanged)

    @property
    def written(self) -> int:
        return len(self.created) + len(self.changed)


class LoadInterrupted(KbError):
    """A load that stopped part-way (Neo4j went away, the operator pressed Ctrl-C): what it wrote before."""

    code = "load_interrupted"

    def __init__(self, cause: BaseException, summary: LoadSummary, in_flight: int, total: int) -> None:
        why = cause.message if isinstance(cause, KbError) else "the load was interrupted"
        doubt = (
            f"; the {in_flight} of the batch being written may or may not have landed (each whole or not at all)"
            if in_flight
            else ""
        )
        super().__init__(
            f"{why.rstrip('.')}. Before it stopped, the load wrote {summary.written} of {total} vignettes "
            f"({len(summary.created)} new, {len(summary.changed)} changed) and found {len(summary.unchanged)} "
            f"unchanged{doubt}. Run it again: it skips what is already there."
        )
        self.status = cause.status if isinstance(cause, KbError) else 503  # type: ignore[misc]
        self.summary = summary


class _NothingToWrite(Exception):
    """Raised inside a batch's transaction to abandon it: every vignette of it is unchanged or stale."""


def sync_vocabulary(db: Database, vocab: Vocabulary) -> None:
    """Write the vocabulary's concepts and links (one transaction), then drop unused stale concepts."""
    concepts, links = concept_rows(vocab)
    db.write_steps(
        [
            ("vocab_concepts", {"rows": concepts}),
            ("vocab_clear_links", {}),
            ("vocab_links", {"rows": links}),
        ]
    )
    db.write("vocab_prune", ids=list(vocab.concepts))
    ensure_current(db, vocab)  # the intervention stats fold narrower concepts in: a new hierarchy rebuilds them


def vignette_steps(todo: list[VignetteRows]) -> list[Step]:
    """The catalogued writes that put these vignettes in whole, replacing any old persons and facts."""
    ids = [b.id for b in todo]
    return [
        subtract_step(ids),
        ("load_clear_facts", {"ids": ids}),
        ("load_clear_persons", {"ids": ids}),
        ("load_vignettes", {"rows": [b.vignette for b in todo]}),
        ("load_persons", {"rows": [p for b in todo for p in b.persons]}),
        ("load_relations", {"rows": [r for b in todo for r in b.relations]}),
        ("load_facts", {"rows": [f for b in todo for f in b.facts]}),
        ("load_fact_person_links", {"rows": [x for b in todo for x in b.person_links]}),
        ("load_fact_fact_links", {"rows": [x for b in todo for x in b.fact_links]}),
        add_step(ids),
        refill_step(),
    ]


def write_batch(
    db: Database,
    batch: list[VignetteRows],
    summary: LoadSummary,
    actor: Actor | None = None,
    bases: dict[str, str | None] | None = None,
) -> None:
    """Write the new and changed vignettes of `batch` in one transaction; skip the unchanged.

    The vignettes are locked and their versions read inside that transaction. With
    `bases` (each id's version when its file was checked), a vignette whose version
    has changed since is left alone and added to `summary.stale`. With an `actor`, an
    audit entry per vignette written lands in the same transaction (with any
    identifier-check override the vignette's row carries).
    """
    decided: dict[str, Any] = {}

    def plan(found: list[dict[str, Any]]) -> list[Step]:  # run again if the driver retries the transaction
        stored = {r["id"]: r["version"] for r in found}
        todo, unchanged, stale = [], [], []
        for b in batch:
            current = stored.get(b.id)
            if current == b.vignette["content_hash"]:
                unchanged.append(b.id)
            elif bases is not None and bases[b.id] != current:
                stale.append(Stale(b.id, bases[b.id], current))
            else:
                todo.append(b)
        steps = vignette_steps(todo)
        if actor is not None:
            steps.append(audit_step(actor, [vignette_change(b, stored.get(b.id)) for b in todo]))
        decided.update(todo=todo, unchanged=unchanged, stale=stale, stored=stored, names=[n for n, _ in steps])
        if not todo:
            raise _NothingToWrite  # and the nodes the lock query made for new ids go with the transaction
        return steps

    try:
        rows = db.write_guarded(("load_lock", {"ids": sorted(b.id for b in batch)}), plan)
    except _NothingToWrite:
        rows = []
    results = dict(zip(decided["names"], rows, strict=False))  # the names of the plan that ran
    summary.unchanged += decided["unchanged"]
    summary.stale += decided["stale"]
    if not results:
        return
    todo: list[VignetteRows] = decided["todo"]
    summary.facts_removed += results["load_clear_facts"][0]["removed"]
    summary.persons_removed += results["load_clear_persons"][0]["removed"]
    summary.facts_written += sum(len(b.facts) for b in todo)
    summary.persons_written += sum(len(b.persons) for b in todo)
    for b in todo:
        (summary.changed if decided["stored"].get(b.id) else summary.created).append(b.id)


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_rows(
    db: Database,
    rows: Iterable[VignetteRows],
    vocab: Vocabulary,
    batch_size: int = DEFAULT_BATCH,
    on_vignette: Progress | None = None,
    actor: Actor | None = None,
) -> LoadSummary:
    """Write vignettes' rows (schema and vocabulary first), `batch_size` vignettes per transaction.

    With an `actor`, each vignette written is recorded in the audit trail. Every vignette is
    written over whatever is stored (load_paths checks that nobody changed it meanwhile)."""
    return _write(db, ((r, None) for r in rows), vocab, batch_size, on_vignette, actor, check_bases=False)


_Based = tuple[VignetteRows, str | None]  # a vignette's rows and its version stored when its file was checked


def _write(
    db: Database,
    items: Iterable[_Based],
    vocab: Vocabulary,
    batch_size: int,
    on_vignette: Progress | None,
    actor: Actor | None,
    check_bases: bool,
    total: int | None = None,
) -> LoadSummary:
    migrate(db)
    sync_vocabulary(db, vocab)
    summary = LoadSummary()
    batch: list[_Based] = []
    try:
        for batch in _batches(iter(items), batch_size):
            bases = {r.id: base for r, base in batch} if check_bases else None
            write_batch(db, [r for r, _ in batch], summary, actor, bases)
            if on_vignette:
                on_vignette(len(batch))
            batch = []
    except (KbError, KeyboardInterrupt) as exc:
        if isinstance(exc, VignetteInvalid):
            raise
        count = total if total is not None else summary.total + len(batch)
        raise LoadInterrupted(exc, summary, len(batch), count) from exc
    return summary


def load_paths(
    db: Database,
    paths: list[Path],
    vocab: Vocabulary,
    batch_size: int = DEFAULT_BATCH,
    on_validated: Progress | None = None,
    on_written: Progress | None = None,
    actor: Actor | None = None,
    allow_identifiers: bool = False,
) -> LoadSummary:
    """Check every file; if all pass, write them. Raises VignetteInvalid (nothing written) otherwise.

    The versions stored when the files are checked are read along (see the module's docstring).
    `allow_identifiers` lets composite vignettes through the identifier check (kb.authoring.identifiers).
    Raises LoadInterrupted, saying what was written, if the writing stops part-way."""
    problems: list[Problem] = []
    checked_count = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spill:
        pending: list[VignetteRows] = []

        def spill_pending() -> None:
            """Read what is stored now for the pending vignettes, and spill them with it."""
            stored = {r["id"]: r["content_hash"] for r in db.read("load_vignette_hashes", ids=[r.id for r in pending])}
            for rows in pending:
                spill.write(json.dumps({"rows": asdict(rows), "base": stored.get(rows.id)}) + "\n")
            pending.clear()

        for _path, checked, found in check_files(paths, vocab, allow_identifiers=allow_identifiers):
            problems += found
            if checked is not None and not problems:
                rows = vignette_rows(checked)
                if allow_identifiers and checked.composite_findings:  # recorded in the audit trail when written
                    rows.vignette["identifier_override"] = identifier_override(checked.composite_findings)
                pending.append(rows)
                checked_count += 1
                if len(pending) >= batch_size:
                    spill_pending()
            if on_validated:
                on_validated(1)
        if problems:
            raise VignetteInvalid(problems, outcome="Nothing was written")
        if pending:
            spill_pending()
        spill.seek(0)
        items = ((VignetteRows(**d["rows"]), d["base"]) for d in map(json.loads, spill))
        return _write(db, items, vocab, batch_size, on_written, actor, check_bases=True, total=checked_count)


def removal_steps(vignette_id: str) -> list[Step]:
    """The catalogued writes that take one vignette out whole (one transaction)."""
    return [subtract_step([vignette_id]), ("vignette_remove", {"id": vignette_id}), refill_step()]


def remove_vignette(db: Database, vignette_id: str) -> int:
    """Remove one vignette with its persons and facts; returns the nodes removed (0: no such vignette)."""
    steps = removal_steps(vignette_id)
    results = dict(zip([name for name, _ in steps], db.write_steps(steps), strict=True))
    rows = results["vignette_remove"]
    return rows[0]["removed"] if rows else 0
