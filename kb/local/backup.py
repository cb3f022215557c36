"""Back up and restore the local Neo4j's database with Neo4j's own tools: neo4j-admin dump and load.

Both need the database offline, and Community Edition cannot take one database
offline while the server runs, so the server is stopped around them and started
again if it was running. A dump holds the whole database (vignettes, concepts,
audit trail, API keys, schema); the server's own `system` database (users,
password) is not touched. For a server named by NEO4J_URI there is no server to
stop from here: `kb export` / `kb import` work with any server.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kb.local.server import LocalNeo4j, LocalNeo4jError
from kb.settings import Settings


@dataclass(frozen=True)
class BackupResult:
    file: Path
    size: int  # bytes
    seconds: float
    restarted: bool  # the server was running, was stopped, and is running again


def _local(settings: Settings) -> LocalNeo4j:
    if not settings.uses_local_neo4j:
        raise LocalNeo4jError(
            f"kb db backup and kb db restore work only with the project's local Neo4j; NEO4J_URI names "
            f"{settings.neo4j_uri}. For that server use its own tools where it runs (neo4j-admin database dump / "
            "load with the database stopped, or the provider's snapshots on Aura), or `kb export DIR` and "
            "`kb import DIR`, which work with any server."
        )
    return LocalNeo4j(settings)


@contextmanager
def _offline(local: LocalNeo4j) -> Iterator[bool]:
    """Stop the server if it runs; start it again afterwards, also when the work failed."""
    was_running = local.stop()
    try:
        yield was_running
    finally:
        if was_running:
            local.start()


def backup(settings: Settings, file: Path, overwrite: bool = False) -> BackupResult:
    """Dump the database to `file` (neo4j-admin database dump)."""
    local = _local(settings)
    file = file.resolve()
    if file.is_dir():
        raise LocalNeo4jError(f"{file} is a folder; give the name of the dump file to write, e.g. {file / 'kb.dump'}.")
    if file.exists() and not overwrite:
        raise LocalNeo4jError(f"{file} exists; choose another name, or pass --force to overwrite it.")
    file.parent.mkdir(parents=True, exist_ok=True)
    name = settings.neo4j_database
    began = time.monotonic()
    # the dump goes into a folder beside `file` (5.x writes <database>.dump there), then is renamed onto it
    with _offline(local) as was_running, tempfile.TemporaryDirectory(dir=file.parent, prefix=".kb-backup-") as tmp:
        local.admin(["database", "dump", name, f"--to-path={tmp}"], f"dump the database {name!r}")
        (Path(tmp) / f"{name}.dump").replace(file)
    return BackupResult(file, file.stat().st_size, time.monotonic() - began, was_running)


def restore(settings: Settings, file: Path) -> BackupResult:
    """Replace the database with the dump in `file` (neo4j-admin database load --overwrite-destination)."""
    local = _local(settings)
    file = file.resolve()
    if not file.is_file():
        raise LocalNeo4jError(f"{file}: no such backup file (kb db backup FILE writes one).")
    name = settings.neo4j_database
    began = time.monotonic()
    # load reads <database>.dump from a folder: link the file there under that name
    with tempfile.TemporaryDirectory(prefix="kb-restore-") as tmp:
        (Path(tmp) / f"{name}.dump").symlink_to(file)
        # load empties the database before it reads the archive: read its header first, server still running,
        # so that a file that is no dump changes nothing
        local.admin(["database", "load", name, f"--from-path={tmp}", "--info"], f"read {file} as a Neo4j dump")
        with _offline(local) as was_running:
            local.admin(
                ["database", "load", name, f"--from-path={tmp}", "--overwrite-destination=true"],
                f"load {file} into the database {name!r} (it may now be empty: restore a good dump)",
            )
    return BackupResult(file, file.stat().st_size, time.monotonic() - began, was_running)
