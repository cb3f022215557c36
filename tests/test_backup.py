"""`kb db backup` / `kb db restore`: neo4j-admin dump and load of the local server, stopped and started around them.

These run their own local Neo4j in a data folder of their own, so the tests'
session server is never stopped.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.local.backup import restore
from kb.local.server import LocalNeo4j, LocalNeo4jError
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.loader import load_paths, remove_vignette
from tests.conftest import KB, ROOT, kb_env, local_settings, needs_local, run_kb

VIGNETTES = ROOT / "vignettes"


def vignette_ids(db: Database) -> list[str]:
    return [v["id"] for v in db.read("vignettes_all", offset=0, limit=100)[0]["items"]]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalNeo4j, Settings, Path]]:
    """A server of its own holding two vignettes, backed up with `kb db backup` to backups/kb.dump."""
    home = tmp_path_factory.mktemp("backup")
    s = local_settings(kb_data_dir=home / "neo4j")
    server = LocalNeo4j(s)
    server.start()
    with Database(s) as db:
        load_paths(db, [VIGNETTES / "donna.yaml", VIGNETTES / "leo-in-the-middle.yaml"], load_vocabulary())
    backed_up = run_kb("db", "backup", str(home / "backups" / "kb.dump"), env=kb_env(s))
    assert backed_up.returncode == 0, backed_up.stderr
    assert "Backed up to" in backed_up.stdout and "running again" in backed_up.stdout
    yield server, s, home
    server.stop()


def snapshot(s: Settings) -> tuple[list[str], dict[str, int]]:
    with Database(s) as db:
        return vignette_ids(db), db.read("graph_counts")[0]


@needs_local
def test_backup_then_restore_brings_back_a_removed_vignette(served) -> None:
    server, s, home = served
    before = snapshot(s)
    dump = home / "backups" / "kb.dump"
    assert dump.is_file() and dump.stat().st_size > 0
    assert server.status().running
    again = run_kb("db", "backup", str(dump), env=kb_env(s))
    assert again.returncode == 1 and "exists" in again.stderr and "--force" in again.stderr

    with Database(s) as db:
        assert remove_vignette(db, "donna") > 0
        assert vignette_ids(db) == ["leo-in-the-middle"]

    # a file that is not a dump is refused before the server is stopped or anything is replaced
    pid = server.pid()
    bogus = home / "bogus.dump"
    bogus.write_text("not a dump")
    with pytest.raises(LocalNeo4jError, match="as a Neo4j dump"):
        restore(s, bogus)
    assert server.pid() == pid
    with Database(s) as db:
        assert vignette_ids(db) == ["leo-in-the-middle"]

    result = restore(s, dump)
    assert result.restarted and server.status().running
    assert snapshot(s) == before
    with Database(s) as db:
        assert db.read("vignette_get", id="donna")[0]["title"] == "The Daughter Who Could Not Leave Home"
    # the database as it was (without donna) is kept, private like the dumps and the data folder
    assert result.safety_copy == s.kb_data_dir.resolve() / "before-restore.dump" and result.safety_copy.is_file()
    for private in (dump, result.safety_copy, s.kb_data_dir / "password"):
        assert private.stat().st_mode & 0o777 == 0o600, private
    assert s.kb_data_dir.stat().st_mode & 0o777 == 0o700
    stores = [p for p in (s.kb_data_dir / "data").rglob("*") if p.is_file()]
    assert stores and {p.stat().st_mode & 0o777 for p in stores} == {0o600}
    assert any((s.kb_data_dir / "data").rglob("auth.ini"))


@needs_local
def test_a_truncated_or_bit_flipped_dump_changes_nothing(served) -> None:
    """Before: the header check passed, the load emptied the database, failed, and the data were gone."""
    server, s, home = served
    data = (home / "backups" / "kb.dump").read_bytes()
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x10
    (home / "truncated.dump").write_bytes(data[: len(data) // 2])
    (home / "flipped.dump").write_bytes(bytes(flipped))
    before, pid = snapshot(s), server.pid()
    for name in ("truncated.dump", "flipped.dump"):
        refused = run_kb("db", "restore", str(home / name), "--force", env=kb_env(s))
        assert refused.returncode == 1, refused.stdout
        assert "is not a sound dump; nothing was changed" in refused.stderr and "Traceback" not in refused.stderr
        assert server.pid() == pid  # never stopped
        assert snapshot(s) == before


@needs_local
def test_a_load_that_fails_puts_the_old_database_back(served, monkeypatch: pytest.MonkeyPatch) -> None:
    server, s, home = served
    with Database(s) as db:
        remove_vignette(db, "leo-in-the-middle")  # the live database differs from the dump
    before = snapshot(s)
    real_admin = LocalNeo4j.admin

    def failing_load(self: LocalNeo4j, args: list[str], what: str) -> str:
        if self.home == server.home and "--overwrite-destination=true" in args and "safety copy" not in what:
            real_admin(self, ["database", "load", "no-such-database", "--from-path=/nonexistent"], what)
        return real_admin(self, args, what)

    monkeypatch.setattr(LocalNeo4j, "admin", failing_load)
    with pytest.raises(LocalNeo4jError, match="has been loaded back"):
        restore(s, home / "backups" / "kb.dump", check_consistency=False)  # what is tested is the way back
    assert server.status().running
    assert snapshot(s) == before


def test_restore_without_a_terminal_needs_force(tmp_path: Path) -> None:
    s = local_settings(kb_data_dir=tmp_path / "neo4j")
    result = subprocess.run(
        [KB, "db", "restore", str(tmp_path / "kb.dump")],
        capture_output=True,
        text=True,
        env=kb_env(s),
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode == 1 and "--force" in result.stderr
    assert not (tmp_path / "neo4j").exists()


def test_external_server_is_told_what_to_use_instead(tmp_path: Path) -> None:
    secret = "not-to-be-printed-9f3a"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KB_"))}
    env.update(NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD=secret, KB_DATA_DIR=str(tmp_path / "never"))
    for args in (("db", "backup", str(tmp_path / "kb.dump")), ("db", "restore", str(tmp_path / "kb.dump"), "--force")):
        result = run_kb(*args, env=env)
        assert result.returncode == 1
        assert "only with the project's local Neo4j" in result.stderr and "kb export" in result.stderr
        assert secret not in result.stdout + result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "never").exists() and not (tmp_path / "kb.dump").exists()
