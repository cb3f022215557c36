"""`kb validate`, `kb load`, `kb remove`: vignette files in and out of the graph."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.common import clean_errors, console, database, err_console
from kb.authoring.generate import generate as generate_vignettes
from kb.authoring.schema_export import SCHEMA_DIR
from kb.authoring.skeleton import write_skeleton
from kb.authoring.validate import Problem, check_files, vignette_files
from kb.authoring.yamlsource import dump_yaml
from kb.settings import HOME
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.editing import delete_vignette
from kb.writing.loader import DEFAULT_BATCH, LoadSummary, load_paths

VIGNETTES_DIR = HOME / "vignettes"
ALLOW_IDENTIFIERS = typer.Option(
    False,
    "--allow-identifiers",
    help="let composite vignettes through although the identifier check found something (see vignettes/README.md)",
)


def validate(
    paths: list[Path] = typer.Argument(..., help="vignette files or folders (*.yaml)"),
    allow_identifiers: bool = ALLOW_IDENTIFIERS,
) -> None:
    """Check vignette files without a database; report every problem as file:line: field.path: message."""
    vocab = load_vocabulary()
    good = bad = 0
    warned = 0
    for path, checked, problems in check_files(paths, vocab, allow_identifiers=allow_identifiers, with_warnings=True):
        _print_problems(problems)
        warned += sum(1 for p in problems if p.severity == "warning")
        if checked is None:
            bad += 1
        else:
            good += 1
        if checked and checked.vignette.composite and allow_identifiers:
            for f in checked.identifier_findings:
                err_console.print(
                    f"{path}: {f.path}: {f.describe()} (allowed)", highlight=False, markup=False, soft_wrap=True
                )
    if bad or not good:
        err_console.print(
            f"[red]{bad} of {good + bad} files have problems.[/]" if good + bad else "[red]No vignette files found.[/]"
        )
        raise typer.Exit(1)
    console.print(f"{good} vignettes valid" + (f" ({warned} warnings)." if warned else "."))


def _print_problems(problems: list[Problem]) -> None:
    for p in problems:
        err_console.print(str(p), highlight=False, markup=False, soft_wrap=True)


def load(
    paths: list[Path] = typer.Argument(..., help="vignette files or folders (*.yaml)"),
    batch_size: int = typer.Option(DEFAULT_BATCH, min=1, max=1000, help="vignettes per transaction"),
    allow_identifiers: bool = ALLOW_IDENTIFIERS,
) -> None:
    """Validate the files, then write them to Neo4j (new, changed and unchanged are reported)."""
    vocab = load_vocabulary()
    files = list(vignette_files(paths))
    if not files:
        err_console.print("[red]No vignette files found.[/]")
        raise typer.Exit(1)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with database() as db, Progress(*columns, console=console, transient=True) as progress:
        checking = progress.add_task("Validating", total=len(files))
        writing = progress.add_task("Writing", total=len(files))
        summary = load_paths(
            db,
            paths,
            vocab,
            batch_size,
            on_validated=lambda n: progress.advance(checking, n),
            on_written=lambda n: progress.advance(writing, n),
            actor=Actor.command_line(),
            allow_identifiers=allow_identifiers,
        )
    table = Table(title=f"Loaded {summary.total} vignettes", show_header=False, box=None)
    table.add_row("created", str(len(summary.created)))
    table.add_row("changed (facts replaced)", str(len(summary.changed)))
    table.add_row("unchanged", str(len(summary.unchanged)))
    table.add_row("facts written / removed", f"{summary.facts_written} / {summary.facts_removed}")
    table.add_row("persons written / removed", f"{summary.persons_written} / {summary.persons_removed}")
    console.print(table)
    report_stale(summary)


def report_stale(summary: LoadSummary) -> None:
    """Vignettes an editor saved while the load ran were left as saved: say which, and end with exit code 1."""
    if not summary.stale:
        return
    for s in summary.stale:
        now = f"is at version {s.found}" if s.found else "was removed"
        err_console.print(
            f"{s.id}: not written: it was changed while the load ran (it {now}); its file was left unloaded",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    err_console.print(
        f"[yellow]{len(summary.stale)} vignettes were changed by someone else during the load and were not "
        "overwritten; run the load again to replace them with their files.[/]"
    )
    raise typer.Exit(1)


def remove(
    vignette_id: str = typer.Argument(..., help="the id of the vignette to remove"),
    confirm: bool = typer.Option(
        False, "--confirm", help="remove it although teaching cases use it (their stages are flagged stale)"
    ),
) -> None:
    """Remove one vignette, with its persons and facts."""
    with database() as db:
        delete_vignette(db, vignette_id, Actor.command_line(), confirm=confirm)
    console.print(f"Removed vignette {vignette_id!r} with its persons and facts.")


def generate(
    n: int = typer.Argument(..., min=1, max=1_000_000, help="how many vignettes"),
    seed: int = typer.Option(1, help="the same seed gives the same vignettes"),
    out: Path = typer.Option(None, help="folder to write into (default var/synthetic/N-seedS); never vignettes/"),
) -> None:
    """Write N synthetic composite vignettes (YAML, marked synthetic) for benchmarks at scale."""
    out = (out or HOME / "var" / "synthetic" / f"{n}-seed{seed}").resolve()
    if out == VIGNETTES_DIR or VIGNETTES_DIR in out.parents:
        err_console.print(f"[red]Synthetic vignettes never go into {VIGNETTES_DIR}; choose another --out.[/]")
        raise typer.Exit(1)
    out.mkdir(parents=True, exist_ok=True)
    columns = (TextColumn("Generating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=n)
        for doc in generate_vignettes(load_vocabulary(), n, seed):
            (out / f"{doc['id']}.yaml").write_text(dump_yaml(doc), encoding="utf-8")
            progress.advance(task)
    console.print(f"Wrote {n} synthetic vignettes to {out}")


new_app = typer.Typer(help="Start a new file from a commented skeleton.", no_args_is_help=True)


@new_app.command("vignette")
def new_vignette(
    vignette_id: str = typer.Argument(..., metavar="ID", help="the new vignette's id, a slug: ravi-and-his-father"),
    folder: Path = typer.Option(VIGNETTES_DIR, "--dir", help="where to write ID.yaml"),
) -> None:
    """Write a commented skeleton ID.yaml to fill in; `kb validate` then says what is still missing."""
    with clean_errors():
        path = write_skeleton(vignette_id, folder, SCHEMA_DIR / "vignette.schema.json")
    console.print(f"wrote {path}: fill in every <...>, then run  kb validate {path}", highlight=False, soft_wrap=True)
