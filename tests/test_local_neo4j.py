"""The local Neo4j server: start, reuse, status, stop, and the errors a user can meet."""

from __future__ import annotations

import os
import re
import socket
import stat
from pathlib import Path

import pytest

from kb.local.server import LocalNeo4j, LocalNeo4jError, parse_java_major
from kb.settings import Settings
from kb.store.db import Database, Neo4jUnavailable
from kb.store.migrate import migrate, schema_statements
from tests.conftest import CYPHER, derive, kb_env, local_settings, needs_local, run_kb


def bare_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KB_"))}
    env.update(extra)
    return env


@needs_local
def test_server_is_neo4j_526_with_auth_on_loopback(local_server: LocalNeo4j, db: Database, settings: Settings) -> None:
    info = db.server_info()
    assert re.fullmatch(r"5\.26\.\d+", info.version)
    assert info.edition == "community"
    # auth is on: no credentials, no access
    anonymous = Database(derive(settings, **{"neo4j_password": None, "kb_data_dir": Path("/nonexistent")}))
    with pytest.raises(Neo4jUnavailable, match="refused the credentials"):
        anonymous.server_info()
    # the generated password is kept readable by the owner only
    mode = stat.S_IMODE(settings.password_file.stat().st_mode)
    assert mode == 0o600
    # bolt listens on loopback only
    conf = (settings.kb_data_dir / "conf" / "neo4j.conf").read_text()
    assert f"server.bolt.listen_address=127.0.0.1:{settings.kb_neo4j_bolt_port}" in conf


@needs_local
def test_start_is_idempotent_and_status_reports(local_server: LocalNeo4j, settings: Settings) -> None:
    pid = local_server.pid()
    assert pid is not None
    again = local_server.start()
    assert again.pid == pid
    result = run_kb("db", "start", env=kb_env(settings))
    assert result.returncode == 0, result.stderr
    assert "already running" in result.stdout
    status = run_kb("db", "status", env=kb_env(settings))
    assert status.returncode == 0, status.stderr
    for expected in ("5.26.", settings.local_bolt_uri(), str(pid), str(settings.kb_data_dir)):
        assert expected in status.stdout


@needs_local
def test_logs_show_the_server_log(local_server: LocalNeo4j, settings: Settings) -> None:
    result = run_kb("db", "logs", "-n", "200", env=kb_env(settings))
    assert result.returncode == 0
    assert "Started." in result.stdout


def test_migration_is_idempotent(db: Database) -> None:
    first = migrate(db)
    names_before = sorted(r["name"] for r in db.read(CYPHER["schema_list"]))
    second = migrate(db)
    names_after = sorted(r["name"] for r in db.read(CYPHER["schema_list"]))
    assert first == second == len(schema_statements())
    assert names_before == names_after
    for expected in ("vignette_id", "concept_id", "fact_key", "person_key", "vignette_text", "concept_text"):
        assert expected in names_after


def test_reads_are_sent_as_reads(db: Database) -> None:
    """A read helper runs in READ access mode, so a cluster or Aura can route it to a reader."""
    with pytest.raises(Exception, match=r"(?i)read"):
        db.read_tx(lambda tx: tx.run("CREATE (:ReadModeProbe)").consume())


@needs_local
def test_neo4j_routing_scheme_works(local_server: LocalNeo4j, settings: Settings) -> None:
    for scheme in ("bolt", "neo4j"):
        external = derive(
            settings,
            neo4j_uri=f"{scheme}://127.0.0.1:{settings.kb_neo4j_bolt_port}",
            neo4j_password=settings.password(),
        )
        with Database(external) as db:
            assert db.server_info().version.startswith("5.26.")


@needs_local
def test_external_uri_never_starts_a_local_server(local_server: LocalNeo4j, settings: Settings, tmp_path: Path) -> None:
    env = bare_env(
        NEO4J_URI=settings.local_bolt_uri(),
        NEO4J_PASSWORD=settings.password() or "",
        KB_DATA_DIR=str(tmp_path / "never"),
    )
    result = run_kb("db", "start", env=env)
    assert result.returncode == 0
    assert "NEO4J_URI is set" in result.stdout
    assert not (tmp_path / "never").exists()
    status = run_kb("db", "status", env=env)
    assert status.returncode == 0 and "5.26." in status.stdout


@needs_local
def test_wrong_password_for_external_neo4j(local_server: LocalNeo4j, settings: Settings) -> None:
    wrong = "definitely-not-the-password"
    env = bare_env(NEO4J_URI=settings.local_bolt_uri(), NEO4J_PASSWORD=wrong)
    result = run_kb("db", "status", env=env)
    assert result.returncode == 1
    assert "refused the credentials" in result.stderr
    assert "NEO4J_PASSWORD" in result.stderr
    assert wrong not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_no_java(tmp_path: Path) -> None:
    s = local_settings(kb_data_dir=tmp_path / "data", kb_java=str(tmp_path / "no-such-java"))
    with pytest.raises(LocalNeo4jError, match="Java not found"):
        LocalNeo4j(s).start()
    result = run_kb("db", "start", env=kb_env(s, KB_JAVA=str(tmp_path / "no-such-java")))
    assert result.returncode == 1
    assert "Java not found" in result.stderr and "Traceback" not in result.stderr


def test_too_old_java(tmp_path: Path) -> None:
    old_java = tmp_path / "java"
    old_java.write_text("#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\n")
    old_java.chmod(0o755)
    s = local_settings(kb_data_dir=tmp_path / "data", kb_java=str(old_java))
    with pytest.raises(LocalNeo4jError, match=r"Java 11; Neo4j 5\.26 needs Java 17"):
        LocalNeo4j(s).start()


def test_java_version_parsing() -> None:
    assert parse_java_major('openjdk version "17.0.15" 2025-04-15') == 17
    assert parse_java_major('java version "1.8.0_392"') == 8
    assert parse_java_major('openjdk version "25" 2025-09-16') == 25
    assert parse_java_major("no version here") is None


def test_maven_cannot_fetch(tmp_path: Path) -> None:
    """Offline, with an empty local repository, Maven cannot bring Neo4j: the error says so."""
    s = local_settings(
        kb_data_dir=tmp_path / "data",
        kb_neo4j_lib_dir=tmp_path / "lib",
        kb_maven_offline=True,
        kb_maven_repo=tmp_path / "empty-m2",
    )
    with pytest.raises(LocalNeo4jError, match="Maven could not fetch Neo4j"):
        LocalNeo4j(s).start()
    assert not any((tmp_path / "data").glob("run/*.pid"))


def test_port_taken_by_something_else(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        s = local_settings(kb_data_dir=tmp_path / "data", kb_neo4j_bolt_port=port)
        with pytest.raises(LocalNeo4jError, match=f"Port {port} \\(Bolt\\).*taken by another process"):
            LocalNeo4j(s).start()


def test_neo4j_exits_while_starting_shows_its_log(tmp_path: Path) -> None:
    """A heap too small for the JVM: the process dies at once, and the error carries its log's tail."""
    s = local_settings(kb_data_dir=tmp_path / "data", kb_neo4j_heap="1k")
    with pytest.raises(LocalNeo4jError) as err:
        LocalNeo4j(s).start()
    message = str(err.value)
    assert "exited while starting" in message
    assert "heap" in message.lower()
    assert LocalNeo4j(s).pid() is None


def test_neo4j_rejecting_its_config_shows_its_log(tmp_path: Path) -> None:
    """A setting Neo4j refuses (strict config validation): the error carries Neo4j's own words."""
    s = local_settings(kb_data_dir=tmp_path / "data", kb_neo4j_pagecache="not-a-size")
    with pytest.raises(LocalNeo4jError) as err:
        LocalNeo4j(s).start()
    assert "not-a-size" in str(err.value)
