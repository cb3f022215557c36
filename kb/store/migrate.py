"""Apply schema/constraints.cypher: the constraints and indexes, idempotently."""

from __future__ import annotations

from pathlib import Path

from kb.store.db import Database

SCHEMA_FILE = Path(__file__).resolve().parent / "constraints.cypher"


def schema_statements(path: Path = SCHEMA_FILE) -> list[str]:
    """The statements of the schema file: `;`-separated, `//` comments dropped."""
    lines = [line for line in path.read_text().splitlines() if not line.strip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def migrate(db: Database) -> int:
    """Create whatever constraint or index is missing and wait until all are online; returns the count."""
    statements = schema_statements()
    db.run_schema(statements)
    db.run_schema(["CALL db.awaitIndexes(300)"])
    return len(statements)
