"""Export the knowledge base to a folder in the project's own formats, and import such a folder back.

An export folder (format version 1):

    manifest.json          the format, its version, and per section its folder, file format and count
    vignettes/<id>.yaml    one vignette each, in the authoring format of kb/models.py (what `kb load`
                           reads); its `source.article_id` is the vignette's article link

Other sections (articles, teaching cases) have their own folder of files
(`articles/<id>.json`, `teaching-cases/<id>.json`) and their own entry in the
manifest; a `Section`, given by the room that owns the records, exports, checks,
wipes and loads its own, and the caller (the `kb` command) passes the sections it
knows. A reader refuses a format version newer than its own.

The same graph always gives the same bytes: files are named by id, keys come in
the authoring order, lists in the order they were written (the loader keeps it),
and the manifest holds no date. The manifest is written last, so a folder
whose export broke off has none and cannot be imported.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kb.authoring.validate import Problem, VignetteInvalid, check_files, check_text, vignette_files
from kb.authoring.yamlsource import dump_yaml
from kb.errors import Refused
from kb.models import FACT_LISTS
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor, audit_step, entry
from kb.writing.loader import DEFAULT_BATCH, LoadSummary, Progress, load_paths

FORMAT = "kb-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
VIGNETTES = "vignettes"
PAGE = 200  # vignettes read per transaction; a page of long narratives stays a few MB


class ExchangeError(Refused):
    """An export or import that cannot go ahead; the message says why and what to do."""

    code = "exchange_refused"


class Section(Protocol):
    """Content beside the vignettes in an export (articles, teaching cases): its own folder, files and manifest
    entry. The export keeps the folder (stale files go) and the entry; the section reads and writes its records."""

    name: str  # the manifest's key and the folder's name
    files: str  # the files' extension
    schema: str

    def export(self, db: Database, folder: Path) -> list[Path]:
        """Write every item to `folder`; the files written."""
        ...

    def check(self, db: Database, folder: Path, vignettes: set[str], wipe: bool) -> list[Problem]:
        """Read every file without writing anything; the problems that would refuse the import. `vignettes`: the
        export's vignette ids (a reference to another one must find it in the base, unless `wipe`)."""
        ...

    def wipe(self, db: Database) -> int:
        """Delete every item (an import with wipe_first); the nodes deleted."""
        ...

    def load(self, db: Database, folder: Path, actor: Actor | None) -> int:
        """Write every file's item, once the vignettes are in; how many."""
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
    sections: dict[str, int] = field(default_factory=dict)  # items per other section
    vignettes: int = 0
    removed_stale: int = 0  # files of an earlier export, in a folder replaced with `replace=True`
    problems: list[Problem] = field(default_factory=list)  # exported files that `kb validate` would refuse


@dataclass
class ImportSummary:
    load: LoadSummary
    wiped: int = 0  # nodes deleted before loading (with `wipe_first`)
    sections: dict[str, int] = field(default_factory=dict)  # items loaded per other section


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


def _check_target(out_dir: Path, replace: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ExchangeError(f"{out_dir} is a file; give a folder to export into.")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not replace:
        raise ExchangeError(
            f"{out_dir} is not empty; choose an empty or new folder, or replace an earlier export "
            "in it (--force: its vignettes/*.yaml and manifest.json are rewritten, other files stay)."
        )


def export_all(
    db: Database,
    vocab: Vocabulary,
    out_dir: Path,
    replace: bool = False,
    page_size: int = PAGE,
    on_vignette: Progress | None = None,
    sections: Sequence[Section] = (),
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
    sections: Sequence[Section] = (),
) -> ExportSummary:
    _check_target(out_dir, replace)
    vignettes_dir = out_dir / VIGNETTES
    vignettes_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)
    summary = ExportSummary(out_dir)
    written: set[Path] = set()
    after = ""
    while rows := db.read("export_vignettes", after=after, limit=page_size):
        for row in rows:
            name = f"{row['id']}.yaml"
            text = dump_yaml(vignette_doc(row))
            try:
                check_text(text, str(vignettes_dir / name), vocab, allow_identifiers=True)
            except VignetteInvalid as exc:
                summary.problems += exc.problems
            (vignettes_dir / name).write_text(text, encoding="utf-8")
            written.add(vignettes_dir / name)
        summary.vignettes += len(rows)
        after = rows[-1]["id"]
        if on_vignette:
            on_vignette(len(rows))
    for stale in [p for p in vignette_files([vignettes_dir]) if p not in written]:  # all that import would read
        stale.unlink()
        summary.removed_stale += 1
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sections": {
            VIGNETTES: {
                "folder": VIGNETTES,
                "files": "yaml",
                "schema": "schema/vignette.schema.json",
                "count": summary.vignettes,
            }
        },
    }
    for section in sections:
        manifest["sections"][section.name] = _export_section(db, out_dir, section, summary)
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return summary


def _export_section(db: Database, out_dir: Path, section: Section, summary: ExportSummary) -> dict[str, Any]:
    """One other section's folder (files of an earlier export that are no longer written go) and manifest entry."""
    folder = out_dir / section.name
    folder.mkdir(exist_ok=True)
    written = set(section.export(db, folder))
    for stale in [p for p in folder.glob(f"*.{section.files}") if p not in written]:
        stale.unlink()
        summary.removed_stale += 1
    summary.sections[section.name] = len(written)
    return {"folder": section.name, "files": section.files, "schema": section.schema, "count": len(written)}


def _section_folders(in_dir: Path, manifest: dict[str, Any], sections: Sequence[Section]) -> list[tuple[Section, Path]]:
    """The other sections the export holds, each with its folder, its file count checked against the manifest."""
    out = []
    for section in sections:
        entry_ = manifest["sections"].get(section.name)
        if entry_ is None:
            continue  # an export from before this section existed
        folder = in_dir / section.name
        found = len(list(folder.glob(f"*.{section.files}"))) if folder.is_dir() else 0
        if found != entry_.get("count"):
            raise ExchangeError(
                f"{in_dir / MANIFEST} lists {entry_.get('count')} {section.name} but {folder} holds {found} "
                f"*.{section.files} files: the folder is incomplete or was changed after the export."
            )
        out.append((section, folder))
    return out


# --------------------------------------------------------------------------- import


def read_manifest(in_dir: Path) -> dict[str, Any]:
    """The folder's manifest, checked: an export of this format, of a version this code reads."""
    path = in_dir / MANIFEST
    if not in_dir.is_dir():
        raise ExchangeError(f"{in_dir} is not a folder; give the folder that `kb export` wrote.")
    if not path.is_file():
        raise ExchangeError(
            f"{path} is missing: {in_dir} is not a complete `kb export` folder "
            "(an export that broke off has no manifest; export again)."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExchangeError(f"{path}: not readable JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ExchangeError(f'{path}: "format" should be {FORMAT!r}; this is not a `kb export` manifest.')
    version = manifest.get("format_version")
    if not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        raise ExchangeError(
            f"{path}: format_version {version!r} is not one this kb reads (1 to {FORMAT_VERSION}); a newer kb wrote it."
        )
    section = manifest.get("sections", {}).get(VIGNETTES)
    if not isinstance(section, dict) or not isinstance(section.get("count"), int):
        raise ExchangeError(f"{path}: sections.{VIGNETTES}.count, the number of vignette files, is missing.")
    return manifest


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
    sections: Sequence[Section] = (),
) -> ImportSummary:
    """Load an export folder: every file is checked before anything is written (or wiped).

    Raises ExchangeError for a folder that is not a whole export, VignetteInvalid
    (nothing written) for files `kb load` would refuse. `actor` and `allow_identifiers`
    are those of kb.loader.load_paths.
    """
    manifest = read_manifest(in_dir)
    folder = in_dir / VIGNETTES
    files = list(vignette_files([folder])) if folder.is_dir() else []
    expected = manifest["sections"][VIGNETTES]["count"]
    if len(files) != expected:
        raise ExchangeError(
            f"{in_dir / MANIFEST} lists {expected} vignettes but {folder} holds {len(files)} "
            "vignette files: the folder is incomplete or was changed after the export."
        )
    others = _section_folders(in_dir, manifest, sections)
    ids = {path.stem for path in files}
    other_problems = [p for section, folder in others for p in section.check(db, folder, ids, wipe_first)]
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
        wiped = wipe(db) + sum(section.wipe(db) for section, _ in others)
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
    loaded = {section.name: section.load(db, folder, actor) for section, folder in others}
    return ImportSummary(summary, wiped, loaded)


def wipe(db: Database) -> int:
    """Delete every vignette, person, fact and article, committing in batches; returns the nodes deleted.

    The intervention aggregates (kb.store.stats) go too: with no vignettes there is nothing
    to aggregate. The vocabulary's concepts, the audit trail, API keys and the schema stay.
    """
    return db.run_autocommit("wipe_vignettes")[0]["deleted"]
