"""`kb stats ...`: the intervention aggregates the loader keeps (kb/stats.py): rebuild them, or check them."""

from __future__ import annotations

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cli.common import clean_errors, console, database, err_console
from kb.store import stats
from kb.store.migrate import migrate
from kb.vocab.vocabulary import load_vocabulary

app = typer.Typer(help="The per-concept intervention aggregates that /interventions reads.", no_args_is_help=True)


@app.command()
def rebuild() -> None:
    """Recompute every aggregate from the facts (loading does this by itself when the concept hierarchy changes)."""
    with clean_errors():
        vocab = load_vocabulary()
    with database() as db:
        migrate(db)
        total = db.read("vignette_total")[0]["total"]
        columns = (TextColumn("rebuilding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("rebuild", total=total)
            stats.rebuild(db, stats.hierarchy_hash(vocab), lambda n: bar.advance(task, n))
    console.print(f"Intervention aggregates rebuilt from {total} vignettes.")


@app.command()
def check() -> None:
    """Compare the stored aggregates with a computation from the facts alone; exit 1 on any difference."""
    with clean_errors():
        vocab = load_vocabulary()
    with database() as db:
        current = db.read("stats_meta_get")[0]["hierarchy"] == stats.hierarchy_hash(vocab)
        problems = stats.check(db, vocab)
    if not current:
        err_console.print("The aggregates were computed for another concept hierarchy: run `kb stats rebuild`.")
    for p in problems[:50]:
        err_console.print(p, highlight=False, markup=False)
    if problems or not current:
        err_console.print(f"{len(problems)} aggregates differ from the facts.")
        raise typer.Exit(1)
    console.print("The intervention aggregates match the facts.")
