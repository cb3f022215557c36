"""`kb db backup` / `kb db restore`: neo4j-admin dump and load of the local server, stopped and started around them.

These run their own local Neo4j in a data folder of their own, so the tests'
session server is never stopped.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from kb.local.backup import restore
from kb.local.server import LocalNeo4j, LocalNeo4jError
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.loader import load_paths, remove_vignette
from tests.conftest import KB, ROOT, kb_env, local_settings, needs_local, run_kb

VIGNETTES = ROOT / "vignettes"


def vignette_ids(db: Database) -> list[str]:
    return [v["id"] for v in db.read("vignettes_all", offset=0, limit=100)[0]["items"]]


@needs_local
def test_backup_then_restore_brings_back_a_removed_vignette(tmp_path: Path) -> None:
    s = local_settings(kb_data_dir=tmp_path / "neo4j")
    server = LocalNeo4j(s)
    server.start()
    try:
        with Database(s) as db:
            load_paths(db, [VIGNETTES / "donna.yaml", VIGNETTES / "leo-in-the-middle.yaml"], load_vocabulary())
            before = db.read("graph_counts")[0]
        dump = tmp_path / "backups" / "kb.dump"

        backed_up = run_kb("db", "backup", str(dump), env=kb_env(s))
        assert backed_up.returncode == 0, backed_up.stderr
        assert "Backed up to" in backed_up.stdout and "running again" in backed_up.stdout
        assert dump.is_file() and dump.stat().st_size > 0
        assert server.status().running
        again = run_kb("db", "backup", str(dump), env=kb_env(s))
        assert again.returncode == 1 and "exists" in again.stderr and "--force" in again.stderr

        with Database(s) as db:
            assert remove_vignette(db, "donna") > 0
            assert vignette_ids(db) == ["leo-in-the-middle"]

        # a file that is not a dump is refused before the server is stopped or anything is replaced
        pid = server.pid()
        bogus = tmp_path / "bogus.dump"
        bogus.write_text("not a dump")
        with pytest.raises(LocalNeo4jError, match="as a Neo4j dump"):
            restore(s, bogus)
        assert server.pid() == pid
        with Database(s) as db:
            assert vignette_ids(db) == ["leo-in-the-middle"]

        result = restore(s, dump)
        assert result.restarted and server.status().running
        with Database(s) as db:
            assert vignette_ids(db) == ["donna", "leo-in-the-middle"]
            assert db.read("graph_counts")[0] == before
            assert db.read("vignette_get", id="donna")[0]["title"] == "The Daughter Who Could Not Leave Home"
    finally:
        server.stop()


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
