"""`kb audit`: the audit trail, newest first."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from cli.common import console, database
from kb.writing.audit import list_audit


def audit(
    entity_id: str = typer.Option(None, "--id", help="only this vignette (or key) id"),
    key_id: str = typer.Option(None, "--key", help="only the changes made with this key id (or cli:USER)"),
    action: str = typer.Option(None, help="only create, replace, remove, key-add or key-revoke"),
    limit: int = typer.Option(50, min=1, max=1000),
    as_json: bool = typer.Option(False, "--json", help="print JSON instead of a table"),
) -> None:
    """Who changed what and when: every vignette written or removed, every key added or revoked."""
    with database() as db:
        page = list_audit(db, entity_id, key_id, action, limit, 0)
    if as_json:
        print(page.model_dump_json(indent=2))
        return
    table = Table("when (UTC)", "who", "role", "action", "entity", "id", "change", title=f"{page.total} entries")
    for e in page.items:
        table.add_row(
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            e.key_id,
            e.role,
            e.action,
            e.entity,
            e.entity_id,
            json.dumps(e.change, sort_keys=True),
        )
    console.print(table)
