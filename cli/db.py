"""`kb db ...`: the local Neo4j server (start, stop, status, logs) and schema migration."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import typer
from rich.table import Table

from cli.common import clean_errors, console, database, err_console, settings
from kb.local.backup import BackupResult
from kb.local.backup import backup as dump_database
from kb.local.backup import restore as load_database
from kb.local.server import LocalNeo4j
from kb.store.migrate import migrate as apply_migrations

app = typer.Typer(
    help="The Neo4j database: the project's local server, or the one NEO4J_URI names.", no_args_is_help=True
)


def _external_note() -> None:
    console.print(f"NEO4J_URI is set: using the Neo4j at [bold]{settings().neo4j_uri}[/]; no local server is managed.")


@app.command()
def start() -> None:
    """Start the local Neo4j (fetching it with Maven the first time); a running one is reused."""
    s = settings()
    if not s.uses_local_neo4j:
        _external_note()
        return
    with clean_errors():
        local = LocalNeo4j(s)
        began = time.monotonic()
        with console.status("Starting the local Neo4j (the first start fetches it from Maven Central)..."):
            was_running = local.pid() is not None
            st = local.start()
        verb = "already running" if was_running else f"started in {time.monotonic() - began:.1f} s"
        console.print(f"Neo4j {st.version} {verb}: {st.bolt_uri} (pid {st.pid}, data {st.data_dir})")
        console.print(
            f"Neo4j Browser: {st.http_url}/browser/  (user {s.neo4j_username}, password in {s.password_file})"
        )


@app.command()
def stop() -> None:
    """Stop the local Neo4j."""
    s = settings()
    if not s.uses_local_neo4j:
        _external_note()
        return
    with clean_errors():
        stopped = LocalNeo4j(s).stop()
    console.print("Neo4j stopped." if stopped else "The local Neo4j was not running.")


@app.command()
def status() -> None:
    """Neo4j version, bolt URI, data folder and pid; exit 1 when it does not answer."""
    s = settings()
    table = Table(show_header=False, box=None)
    reachable = True
    if s.uses_local_neo4j:
        st = LocalNeo4j(s).status()
        table.add_row("server", "local (managed by kb)")
        table.add_row("running", "yes" if st.running else "no")
        table.add_row("pid", str(st.pid or "-"))
        table.add_row("data folder", str(st.data_dir))
        table.add_row("browser", f"{st.http_url}/browser/")
        reachable = st.running
    else:
        table.add_row("server", "external (NEO4J_URI)")
    table.add_row("bolt uri", s.bolt_uri())
    table.add_row("database", s.neo4j_database)
    if reachable:
        with database() as db:
            info = db.server_info()
        table.add_row("neo4j version", f"{info.version} ({info.edition})")
    console.print(table)
    if not reachable:
        raise typer.Exit(1)


@app.command()
def logs(lines: int = typer.Option(50, "--lines", "-n", min=1, help="how many lines from the end")) -> None:
    """The last lines of the local Neo4j's logs."""
    s = settings()
    if not s.uses_local_neo4j:
        _external_note()
        return
    console.print(LocalNeo4j(s).log_tail(lines), highlight=False, markup=False)


@app.command()
def migrate() -> None:
    """Create the constraints and indexes of schema/constraints.cypher (idempotent)."""
    with database() as db:
        n = apply_migrations(db)
    console.print(f"Schema up to date: {n} constraints and indexes in place.")


def _done(verb: str, result: BackupResult) -> None:
    server = "Neo4j is running again" if result.restarted else "Neo4j was not running and is left stopped"
    console.print(f"{verb} {result.file} ({result.size / 1_048_576:.1f} MiB) in {result.seconds:.1f} s; {server}.")
    if result.safety_copy:
        console.print(f"The database as it was before is kept in {result.safety_copy} (until the next restore).")


@app.command()
def backup(
    file: Path = typer.Argument(..., help="the dump file to write, e.g. backups/kb-2025-01-31.dump"),
    force: bool = typer.Option(False, "--force", help="overwrite FILE if it exists"),
) -> None:
    """Dump the local Neo4j's database to FILE (neo4j-admin database dump); the server is stopped meanwhile."""
    with clean_errors(), console.status("Stopping Neo4j, dumping the database, starting Neo4j again..."):
        result = dump_database(settings(), file, overwrite=force)
    _done("Backed up to", result)


@app.command()
def restore(
    file: Path = typer.Argument(..., help="a dump written by `kb db backup`"),
    force: bool = typer.Option(False, "--force", help="replace the current database without asking"),
) -> None:
    """Replace the local Neo4j's database with FILE (neo4j-admin database load); the server is stopped meanwhile."""
    s = settings()
    if not force and s.uses_local_neo4j:
        question = f"Replace every vignette, concept and audit entry of database {s.neo4j_database!r} with {file}?"
        if not sys.stdin.isatty():
            err_console.print(
                f"[bold red]error:[/] restore replaces the whole database {s.neo4j_database!r}; "
                "pass --force to confirm.",
                highlight=False,
            )
            raise typer.Exit(1)
        if not typer.confirm(question):
            raise typer.Exit(1)
    with clean_errors(), console.status("Stopping Neo4j, loading the dump, starting Neo4j again..."):
        result = load_database(s, file)
    _done("Restored from", result)
