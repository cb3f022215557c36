"""Export the knowledge base to a folder in the project's own formats, and import such a folder back.

An export folder (format version 2; its layout, manifest and checksums: kb.writing.exportfolder):

    manifest.json          the format, its version, and per section its folder, file format, count,
                           and the SHA-256 of each of its files
    vignettes/<id>.yaml    one vignette each, in the authoring format of kb/models.py (what `kb load`
                           reads); its `source.article_id` is the vignette's article link

Other sections (articles, teaching cases) have their own folder of JSON files
(`articles/<id>.json`, `teaching-cases/<id>.json`) and their own entry in the
manifest, with their own checksums. Their records are kept by the rooms that own
them: each gives a `Records` (kb.articles.exchange, kb.teaching.exchange), which
the caller (the `kb` command) passes to `export_all` and `import_dir`; the export
writes their files through the same folder writer. A reader refuses a format
version newer than its own.

The same graph always gives the same bytes: files are named by id, keys come in
the authoring order, lists in the order they were written (the loader keeps it),
and the manifest holds no date. The manifest is written last, so a folder
whose export broke off is not a whole export; an import reads only a folder
that holds exactly the files its manifest lists, each with its checksum.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kb.authoring.validate import Problem, VignetteInvalid, check_files, check_text
from kb.authoring.yamlsource import dump_yaml
from kb.models import FACT_LISTS
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor, audit_step, entry
from kb.writing.exportfolder import (
    MANIFEST,
    VIGNETTES,
    ExchangeError,
    Section,
    open_export,
    read_manifest,
    verified_files,
)
from kb.writing.loader import DEFAULT_BATCH, LoadSummary, Progress, load_paths

__all__ = [
    "MANIFEST",
    "ExchangeError",
    "Records",
    "export_all",
    "import_dir",
    "read_manifest",
    "vignette_count",
    "wipe",
]
PAGE = 200  # vignettes read per transaction; a page of long narratives stays a few MB


class Records(Protocol):
    """The records of a section beside the vignettes (articles, teaching cases), kept by the room that owns them.

    The export writes their files (through its folder writer: checksums, never through a link) and keeps the
    manifest; the room turns its records into files and back."""

    layout: Section  # the section's folder, file suffix, format and schema

    def export(self, db: Database) -> Iterator[tuple[str, str]]:
        """Every record as (file name, text), in a stable order: the same graph gives the same bytes."""
        ...

    def check(self, db: Database, files: list[Path], vignettes: set[str], wipe: bool) -> list[Problem]:
        """Read every file without writing anything; the problems that would refuse the import. `vignettes`: the
        export's vignette ids (a reference to another one must find it in the base, unless `wipe`)."""
        ...

    def wipe(self, db: Database) -> int:
        """Delete every record (an import with wipe_first); the nodes deleted."""
        ...

    def load(self, db: Database, files: list[Path], actor: Actor | None) -> int:
        """Write every file's record, once the vignettes are in; how many."""
        ...


class ExportFilesInvalid(VignetteInvalid):
    """Files of an export's other sections (articles, teaching cases) that cannot be imported, every problem."""

    code = "invalid_export_files"

    def __init__(self, problems: list[Problem], outcome: str | None = None) -> None:
        super().__init__(problems, outcome)
        first = problems[0] if problems else None
        self.message = (
            f"{len(problems)} problem(s) in the export's files; first: {first}"
            if first
            else "the export's files are not valid"
        )
        self.args = (self.message,)


@dataclass
class ExportSummary:
    out_dir: Path
    sections: dict[str, int] = field(default_factory=dict)  # records per other section
    vignettes: int = 0
    removed_stale: int = 0  # files of an earlier export, in a folder replaced with `replace=True`
    problems: list[Problem] = field(default_factory=list)  # exported files that `kb validate` would refuse


@dataclass
class ImportSummary:
    load: LoadSummary
    wiped: int = 0  # nodes deleted before loading (with `wipe_first`)
    sections: dict[str, int] = field(default_factory=dict)  # records loaded per other section


# --------------------------------------------------------------------------- export


def vignette_count(db: Database) -> int:
    return db.read("vignette_total")[0]["total"]


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    """Drop the keys whose value is None or an empty list: the model's defaults."""
    return {k: v for k, v in d.items() if v is not None and v != []}


def _evidence(quotes: list[str] | None) -> str | list[str] | None:
    """One quote as a string, several as a list: as authors write them."""
    quotes = quotes or []
    return quotes[0] if len(quotes) == 1 else quotes or None


def _fact_doc(kind: str, position: int, f: dict[str, Any]) -> dict[str, Any]:
    """One fact in the authoring format; the id is left out where it is the one the validator would give."""
    links: dict[str, list[str]] = {}
    for link in f["persons"]:
        links.setdefault(link["type"], []).append(link["id"])

    def one(rel: str) -> str | None:
        return links.get(rel, [None])[0]

    doc: dict[str, Any] = {"id": None if f["id"] == f"{kind}-{position + 1}" else f["id"]}
    if kind in ("role", "behavior"):
        doc |= {"person": one("ABOUT"), kind: f["concept"], "description": f["description"]}
    elif kind == "pattern":
        doc |= {"pattern": f["concept"], "persons": links.get("INVOLVES"), "shown_by": f["facts"]}
    elif kind == "intervention":
        doc |= {
            "intervention": f["concept"],
            "description": f["description"],
            "by": one("BY"),
            "for": links.get("FOR"),
            "targets": f["facts"],
        }
    else:
        doc |= {
            "outcome": f["concept"],
            "description": f["description"],
            "person": one("ABOUT"),
            "after": f["facts"],
            "result": f["result"],
        }
    doc |= {"phase": f["phase"], "evidence": _evidence(f["evidence"])}
    return _compact(doc)


def vignette_doc(row: dict[str, Any]) -> dict[str, Any]:
    """A row of `export_vignettes` as a vignette file's mapping, keys in the authoring order."""
    source = _compact(
        {
            "article_id": row["article_id"],
            "title": row["source_title"],
            "author": row["source_author"],
            "url": row["source_url"],
        }
    )
    persons = [
        _compact(
            {
                "id": p["id"],
                "name": p["name"],
                "gender": p["gender"],
                "age_band": p["age_band"],
                "relations": [
                    _compact(
                        {"type": r["type"], "to": r["to"], "phase": r["phase"], "evidence": _evidence(r["evidence"])}
                    )
                    for r in p["relations"]
                ],
            }
        )
        for p in row["persons"]
    ]
    facts: dict[str, list[dict[str, Any]]] = {kind: [] for kind in FACT_LISTS.values()}
    for f in row["facts"]:
        facts[f["kind"]].append(f)
    doc = {
        "id": row["id"],
        "title": row["title"],
        "summary": row["summary"],
        "composite": bool(row["composite"]),
        "synthetic": True if row["synthetic"] else None,
        "source": source or None,
        "phases": row["phases"],
        "narrative": row["narrative"],
        "persons": persons,
        **{name: [_fact_doc(kind, i, f) for i, f in enumerate(facts[kind])] for name, kind in FACT_LISTS.items()},
    }
    return _compact(doc)


def export_all(
    db: Database,
    vocab: Vocabulary,
    out_dir: Path,
    replace: bool = False,
    page_size: int = PAGE,
    on_vignette: Progress | None = None,
    sections: Sequence[Records] = (),
) -> ExportSummary:
    """Write every vignette to `out_dir` (see the module's docstring), `page_size` per read transaction.

    Each file is checked as `kb validate --allow-identifiers` would (a vignette stored
    with that override stays storable); files it would refuse are still written, and
    reported in the summary's `problems`. Each page is its own read transaction: a
    vignette written while the export runs may or may not be in it.
    """
    try:
        return _export(db, vocab, out_dir, replace, page_size, on_vignette, sections)
    except OSError as exc:
        raise ExchangeError(f"{exc.filename or out_dir}: cannot write the export: {exc.strerror or exc}") from None


def _export(
    db: Database,
    vocab: Vocabulary,
    out_dir: Path,
    replace: bool,
    page_size: int,
    on_vignette: Progress | None,
    sections: Sequence[Records],
) -> ExportSummary:
    folder = open_export(out_dir, replace)
    summary = ExportSummary(out_dir)
    after = ""
    while rows := db.read("export_vignettes", after=after, limit=page_size):
        for row in rows:
            name = f"{row['id']}.yaml"
            text = dump_yaml(vignette_doc(row))
            try:
                check_text(text, str(out_dir / VIGNETTES.name / name), vocab, allow_identifiers=True)
            except VignetteInvalid as exc:
                summary.problems += exc.problems
            folder.write(VIGNETTES, name, text)
        summary.vignettes += len(rows)
        after = rows[-1]["id"]
        if on_vignette:
            on_vignette(len(rows))
    for records in sections:  # their files before the manifest, which is written last
        count = 0
        for name, text in records.export(db):
            folder.write(records.layout, name, text)
            count += 1
        summary.sections[records.layout.name] = count
    folder.finish([VIGNETTES, *(r.layout for r in sections)])
    summary.removed_stale = folder.removed_stale
    return summary


# --------------------------------------------------------------------------- import


def import_dir(
    db: Database,
    vocab: Vocabulary,
    in_dir: Path,
    wipe_first: bool = False,
    batch_size: int = DEFAULT_BATCH,
    on_validated: Progress | None = None,
    on_written: Progress | None = None,
    actor: Actor | None = None,
    allow_identifiers: bool = False,
    sections: Sequence[Records] = (),
) -> ImportSummary:
    """Load an export folder: every file is checked before anything is written (or wiped).

    Raises ExchangeError for a folder that is not a whole export as its manifest
    describes it (files missing, added or changed since), VignetteInvalid (nothing
    written) for files `kb load` would refuse. `actor` and `allow_identifiers` are
    those of kb.loader.load_paths.
    """
    manifest = read_manifest(in_dir)
    files = verified_files(in_dir, manifest, VIGNETTES)
    others = [(records, verified_files(in_dir, manifest, records.layout)) for records in sections]
    ids = {path.stem for path in files}
    other_problems = [p for records, found in others for p in records.check(db, found, ids, wipe_first)]
    if other_problems:
        raise ExportFilesInvalid(other_problems, outcome="Nothing was written or wiped")
    wiped = 0
    if wipe_first:  # check everything before the wipe; load_paths checks again before it writes
        problems: list[Problem] = []
        for _path, _checked, found in check_files(files, vocab, allow_identifiers=allow_identifiers):
            problems += found
            if on_validated:
                on_validated(1)
        if problems:
            raise VignetteInvalid(problems, outcome="Nothing was written or wiped")
        wiped = wipe(db) + sum(records.wipe(db) for records, _ in others)
        if actor is not None:  # a wipe commits in batches of its own; its record follows it
            db.write_steps(
                [
                    audit_step(
                        actor,
                        [entry("wipe", "database", "vignettes", {"nodes_deleted": wiped, "import_from": str(in_dir)})],
                    )
                ]
            )
        on_validated = None
    summary = load_paths(db, files, vocab, batch_size, on_validated, on_written, actor, allow_identifiers)
    loaded = {records.layout.name: records.load(db, found, actor) for records, found in others}
    return ImportSummary(summary, wiped, loaded)


def wipe(db: Database) -> int:
    """Delete every vignette, person, fact and article, committing in batches; returns the nodes deleted.

    The intervention aggregates (kb.store.stats) go too: with no vignettes there is nothing
    to aggregate. The vocabulary's concepts, the audit trail, API keys and the schema stay.
    """
    return db.run_autocommit("wipe_vignettes")[0]["deleted"]
