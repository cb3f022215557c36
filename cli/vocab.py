"""`kb vocab ...`: the vocabulary as SKOS, its codes checked against the official code sets, codes by title."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from cli.common import clean_errors, console, err_console
from kb.models import CodeSystem
from kb.vocab.skos import RdfFormat, serialize
from kb.vocab.vocabulary import load_vocabulary

app = typer.Typer(help="The controlled vocabulary: SKOS export and its codes.", no_args_is_help=True)


@app.command()
def export(
    fmt: RdfFormat = typer.Option(RdfFormat.ttl, "--format", "-f", help="ttl (Turtle) or jsonld (JSON-LD)"),
    output: Path | None = typer.Option(None, "--output", "-o", help="write to this file instead of printing"),
) -> None:
    """Write the vocabulary as a SKOS concept scheme (labels, synonyms, definitions, hierarchy, ICD codes)."""
    with clean_errors():
        text = serialize(load_vocabulary(), fmt)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        err_console.print(
            f"[bold red]error:[/] cannot write {escape(str(output))}: {exc.strerror}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(1) from None
    console.print(f"wrote {output} ({fmt.value}, {len(load_vocabulary())} concepts)")


@app.command()
def check() -> None:
    """Check every mapping against the official code sets: the code exists and its label is the official title."""
    from kb.vocab.codesets import CODE_SETS, check_mappings

    with clean_errors():
        vocab = load_vocabulary()
        with console.status("reading the code sets"):
            problems = check_mappings(vocab)
    for p in problems:
        err_console.print(p, highlight=False, markup=False, soft_wrap=True)
    if problems:
        err_console.print(f"[red]{len(problems)} mapping(s) do not match the code sets.[/]")
        raise typer.Exit(1)
    table = Table("code set", "release checked", "concepts with a code", "mappings")
    for system, info in CODE_SETS.items():
        concepts = [c for c in vocab.concepts.values() if any(m.system == system for m in c.mappings)]
        n = sum(1 for c in concepts for m in c.mappings if m.system == system)
        table.add_row(system.value, f"{info.package}: {info.release}", str(len(concepts)), str(n))
    console.print(table)
    console.print("Every code exists and carries its official title.")


@app.command()
def codes(
    words: str = typer.Argument(..., help="words of the title (all must occur), or a code"),
    system: CodeSystem | None = typer.Option(None, "--system", "-s", help="one code set only"),
    limit: int = typer.Option(20, min=1, max=200, help="codes per code set"),
) -> None:
    """Find codes by the words of their official titles, to add a mapping (never type a code from memory)."""
    from kb.vocab.codesets import code_set

    table = Table("system", "code", "official title")
    with clean_errors(), console.status("reading the code sets"):
        for s in [system] if system else list(CodeSystem):
            for e in code_set(s).search(words, limit):
                table.add_row(e.system.value, e.code, e.title)
    if not table.rows:
        err_console.print(f"No code whose title holds every word of {words!r}.")
        raise typer.Exit(1)
    console.print(table)
