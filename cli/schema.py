"""`kb schema export`: the JSON Schemas of the vignette and vocabulary formats, from the pydantic models."""

from __future__ import annotations

import typer

from cli.common import console, err_console
from kb.authoring.schema_export import stale_schemas, write_schemas

app = typer.Typer(help="The authoring formats' JSON Schemas.", no_args_is_help=True)


@app.command()
def export(
    check: bool = typer.Option(False, "--check", help="only check that the committed files are current"),
) -> None:
    """Write schema/vignette.schema.json, vocabulary.schema.json and teaching-case.schema.json (editors validate
    YAML with them)."""
    if check:
        stale = stale_schemas()
        if stale:
            err_console.print(f"[red]Stale: {', '.join(stale)}; run `kb schema export`.[/]")
            raise typer.Exit(1)
        console.print("The JSON Schemas are current.")
        return
    for path in write_schemas():
        console.print(f"wrote {path}")
