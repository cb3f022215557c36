"""`kb keys add|list|revoke`: API keys with roles; only their hashes are stored."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import console, database, settings
from kb.writing.audit import Actor
from kb.writing.keys import Role, key_store

app = typer.Typer(
    help="API keys: reader (every GET), editor (+ writing vignettes), admin (+ audit trail, keys).",
    no_args_is_help=True,
)


@app.command()
def add(
    name: str = typer.Argument(..., help="whose key, or what it is for, e.g. 'Dana (trainer)'"),
    role: Role = typer.Option(Role.reader, help="reader, editor or admin"),
) -> None:
    """Create a key. It is printed once, here; only its hash is kept."""
    with database() as db:
        record, key = key_store(settings(), db).add(name, role, Actor.command_line())
    console.print(
        f"Created {record.role.value} key [bold]{record.id}[/] for {record.name!r}. "
        "Copy it now: it is not shown again.",
        highlight=False,
    )
    print(key)


@app.command("list")
def list_keys() -> None:
    """Every key: id, name, role, created, revoked (never the key)."""
    with database() as db:
        keys = key_store(settings(), db).list()
    table = Table("id", "name", "role", "created", "revoked")
    for k in keys:
        table.add_row(
            k.id,
            k.name,
            k.role.value,
            f"{k.created_at:%Y-%m-%d %H:%M}",
            f"{k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "",
        )
    console.print(table if keys else "No API keys yet: `kb keys add NAME --role editor` creates one.")


@app.command()
def revoke(key_id: str = typer.Argument(..., help="the key's id, as `kb keys list` shows it")) -> None:
    """Revoke a key at once; it stays listed (and named in the audit trail)."""
    with database() as db:
        record = key_store(settings(), db).revoke(key_id, Actor.command_line())
    console.print(f"Revoked key {record.id} ({record.name!r}, {record.role.value}).", highlight=False)
