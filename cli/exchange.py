"""`kb export DIR`, `kb import DIR`: the whole knowledge base to a folder of files and back."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.common import clean_errors, console, database, err_console
from cli.vignettes import ALLOW_IDENTIFIERS, report_stale
from kb.articles.exchange import ArticlesSection
from kb.teaching.exchange import TeachingCases
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.exchange import MANIFEST, export_all, import_dir, read_manifest, vignette_count
from kb.writing.loader import DEFAULT_BATCH

COLUMNS = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())


def export(
    out: Path = typer.Argument(..., help="the folder to write: new or empty, or an earlier export with --force"),
    force: bool = typer.Option(False, "--force", help="write into a non-empty folder, replacing an earlier export"),
) -> None:
    """Write every vignette to OUT (vignettes/<id>.yaml and manifest.json), ready for `kb import`."""
    vocab = load_vocabulary()
    with database() as db, Progress(*COLUMNS, console=console, transient=True) as progress:
        task = progress.add_task("Exporting", total=vignette_count(db))
        summary = export_all(
            db,
            vocab,
            out,
            replace=force,
            on_vignette=lambda n: progress.advance(task, n),
            sections=[ArticlesSection(vocab), TeachingCases(vocab)],
        )
    table = Table(title=f"Exported to {out}", show_header=False, box=None)
    table.add_row("vignettes", str(summary.vignettes))
    for name, count in summary.sections.items():
        table.add_row(name, str(count))
    if summary.removed_stale:
        table.add_row("files of the earlier export removed", str(summary.removed_stale))
    table.add_row("manifest", str(out / MANIFEST))
    console.print(table)
    if summary.problems:
        for p in summary.problems:
            err_console.print(str(p), highlight=False, markup=False, soft_wrap=True)
        err_console.print(f"[red]{len(summary.problems)} problems: kb import would refuse these files.[/]")
        raise typer.Exit(1)


def import_(
    in_dir: Path = typer.Argument(..., metavar="DIR", help="a folder written by `kb export`"),
    wipe: bool = typer.Option(False, "--wipe", help="delete every vignette first (once all files have passed)"),
    batch_size: int = typer.Option(DEFAULT_BATCH, min=1, max=1000, help="vignettes per transaction"),
    allow_identifiers: bool = ALLOW_IDENTIFIERS,
) -> None:
    """Check every file of an export folder, then load it (with --wipe: into an emptied database)."""
    with clean_errors():
        vocab = load_vocabulary()
        total = read_manifest(in_dir)["sections"]["vignettes"]["count"]
    with database() as db, Progress(*COLUMNS, console=console, transient=True) as progress:
        checking = progress.add_task("Validating", total=total)
        writing = progress.add_task("Writing", total=total)
        summary = import_dir(
            db,
            vocab,
            in_dir,
            wipe_first=wipe,
            batch_size=batch_size,
            on_validated=lambda n: progress.advance(checking, n),
            on_written=lambda n: progress.advance(writing, n),
            actor=Actor.command_line(),
            allow_identifiers=allow_identifiers,
            sections=[ArticlesSection(vocab), TeachingCases(vocab)],
        )
    load = summary.load
    table = Table(title=f"Imported {load.total} vignettes from {in_dir}", show_header=False, box=None)
    if wipe:
        table.add_row("nodes wiped first", str(summary.wiped))
    table.add_row("created", str(len(load.created)))
    table.add_row("changed (facts replaced)", str(len(load.changed)))
    table.add_row("unchanged", str(len(load.unchanged)))
    table.add_row("facts / persons written", f"{load.facts_written} / {load.persons_written}")
    for name, count in summary.sections.items():
        table.add_row(name, str(count))
    console.print(table)
    report_stale(load)
