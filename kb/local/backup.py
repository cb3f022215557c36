"""Back up and restore the local Neo4j's database with Neo4j's own tools: neo4j-admin dump and load.

Both need the database offline, and Community Edition cannot take one database
offline while the server runs, so the server is stopped around them and started
again if it was running. A dump holds the whole database (vignettes, concepts,
audit trail, API keys, schema); the server's own `system` database (users,
password) is not touched. For a server named by NEO4J_URI there is no server to
stop from here: `kb export` / `kb import` work with any server.

A restore cannot lose the live database. Before anything is stopped or replaced,
the new dump is read whole: loaded into a scratch folder and checked there with
Neo4j's consistency checker, so a truncated or corrupted file (whose header alone
looks right) is refused with nothing changed. Then, server stopped, the current
database is dumped to a safety copy (`before-restore.dump` in the data folder,
the previous one replaced); if loading the new dump fails all the same, the
safety copy is loaded back. Dumps are written private to their owner (0600).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kb.local.server import PRIVATE_FILE, LocalNeo4j, LocalNeo4jError
from kb.settings import Settings

SAFETY_COPY = "before-restore.dump"  # in the data folder: the database as it was before the last restore


@dataclass(frozen=True)
class BackupResult:
    file: Path
    size: int  # bytes
    seconds: float
    restarted: bool  # the server was running, was stopped, and is running again
    safety_copy: Path | None = None  # restore: the database as it was before


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
    file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    began = time.monotonic()
    with _offline(local) as was_running:
        _dump(local, settings.neo4j_database, file)
    return BackupResult(file, file.stat().st_size, time.monotonic() - began, was_running)


def _dump(local: LocalNeo4j, name: str, file: Path) -> None:
    """Dump the database `name` (server stopped) to `file`, readable by its owner only."""
    # the dump goes into a folder beside `file` (5.x writes <database>.dump there), then is renamed onto it
    with tempfile.TemporaryDirectory(dir=file.parent, prefix=".kb-backup-") as tmp:
        local.admin(["database", "dump", name, f"--to-path={tmp}"], f"dump the database {name!r}")
        dumped = Path(tmp) / f"{name}.dump"
        dumped.chmod(PRIVATE_FILE)
        dumped.replace(file)


def restore(settings: Settings, file: Path, check_consistency: bool = True) -> BackupResult:
    """Replace the database with the dump in `file`, checked whole first, the current one kept as a safety copy.

    The dump is always loaded whole into a scratch folder first (which finds a truncated or corrupted archive);
    `check_consistency` also runs Neo4j's consistency checker on it there (seconds to minutes, by size)."""
    local = _local(settings)
    file = file.resolve()
    if not file.is_file():
        raise LocalNeo4jError(f"{file}: no such backup file (kb db backup FILE writes one).")
    name = settings.neo4j_database
    began = time.monotonic()
    # load reads <database>.dump from a folder: link the file there under that name
    with tempfile.TemporaryDirectory(prefix="kb-restore-") as tmp:
        (Path(tmp) / f"{name}.dump").symlink_to(file)
        # the server still runs: a file that is not a whole, sound dump changes nothing
        local.admin(["database", "load", name, f"--from-path={tmp}", "--info"], f"read {file} as a Neo4j dump")
        _check_whole(settings, local, name, tmp, file, check_consistency)
        with _offline(local) as was_running:
            safety = local.home / SAFETY_COPY
            _dump(local, name, safety)
            try:
                local.admin(
                    ["database", "load", name, f"--from-path={tmp}", "--overwrite-destination=true"],
                    f"load {file} into the database {name!r}",
                )
            except LocalNeo4jError as failed:
                _put_back(local, name, safety, failed)
    return BackupResult(file, file.stat().st_size, time.monotonic() - began, was_running, safety)


def _check_whole(
    settings: Settings, local: LocalNeo4j, name: str, dump_dir: str, file: Path, check_consistency: bool
) -> None:
    """Load the dump into a scratch folder of the data folder and run the consistency checker on it there."""
    with tempfile.TemporaryDirectory(dir=local.home, prefix="restore-check-") as scratch:
        checker = LocalNeo4j(settings.model_copy(update={"kb_data_dir": Path(scratch) / "home"}))
        try:
            checker.admin(
                ["database", "load", name, f"--from-path={dump_dir}", "--overwrite-destination=true"],
                f"read {file} whole",
            )
            if check_consistency:
                checker.admin(["database", "check", name, f"--report-path={scratch}"], f"check the database in {file}")
        except LocalNeo4jError as exc:
            raise LocalNeo4jError(
                f"{file} is not a sound dump; nothing was changed, the database is as it was.\n{exc.message}"
            ) from None


def _put_back(local: LocalNeo4j, name: str, safety: Path, failed: LocalNeo4jError) -> None:
    """Load the safety copy back after a failed load, and say so (raises in any case)."""
    try:
        with tempfile.TemporaryDirectory(prefix="kb-restore-") as tmp:
            (Path(tmp) / f"{name}.dump").symlink_to(safety)
            local.admin(
                ["database", "load", name, f"--from-path={tmp}", "--overwrite-destination=true"],
                f"load the safety copy {safety} back",
            )
    except LocalNeo4jError as also:
        raise LocalNeo4jError(
            f"{failed.message}\nLoading the safety copy back failed too: the database may be empty. "
            f"The database as it was is in {safety}: restore it with `kb db restore {safety}`.\n{also.message}"
        ) from None
    raise LocalNeo4jError(
        f"{failed.message}\nThe database as it was before has been loaded back (a copy stays in {safety})."
    )
