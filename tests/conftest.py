"""Fixtures: one real Neo4j for the whole test session, started by the project itself.

With NEO4J_URI set, the tests use that Neo4j instead (and skip the tests that
manage the local server's process). Otherwise a fresh local server is started in
var/test-neo4j (or KB_TEST_DATA_DIR, so that two test sessions can run side by
side) on free ports, and stopped at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import API_PREFIX, create_app
from kb.local.server import LocalNeo4j, free_port
from kb.settings import Settings
from kb.store.catalogue import Catalogue
from kb.store.db import Database

ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run in
CYPHER = Catalogue(ROOT / "tests" / "cypher")  # the tests' own Cypher (wipe, snapshots), never shipped
EXTERNAL = bool(os.environ.get("NEO4J_URI"))
needs_local = pytest.mark.skipif(EXTERNAL, reason="manages the local server's process; NEO4J_URI is set")


def local_settings(**overrides: object) -> Settings:
    """Settings for a local server of the tests', ignoring any .env file."""
    values: dict[str, object] = {
        "neo4j_uri": None,
        "kb_data_dir": Path(os.environ.get("KB_TEST_DATA_DIR") or ROOT / "var" / "test-neo4j"),
        "kb_neo4j_bolt_port": free_port(),
        "kb_neo4j_http_port": free_port(),
        "kb_neo4j_heap": "1g",
        "kb_neo4j_pagecache": "512m",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]  # checked by pydantic


@pytest.fixture(scope="session")
def settings() -> Settings:
    if EXTERNAL:
        return Settings(_env_file=None)
    return local_settings()


@pytest.fixture(scope="session")
def local_server(settings: Settings) -> Iterator[LocalNeo4j | None]:
    if EXTERNAL:
        yield None
        return
    server = LocalNeo4j(settings)
    server.stop()
    shutil.rmtree(settings.kb_data_dir, ignore_errors=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def db(settings: Settings, local_server: LocalNeo4j | None) -> Iterator[Database]:
    with Database(settings) as database:
        yield database


@pytest.fixture()
def clean_db(db: Database) -> Database:
    """The database emptied of data (the schema stays)."""
    db.write(CYPHER["admin_wipe_all"])
    return db


@pytest.fixture(scope="session")
def app(settings: Settings, local_server: LocalNeo4j | None):
    """The app as `make run` serves it: anonymous reads on (tests of access control build their own)."""
    return create_app(derive(settings, kb_api_anonymous_reads=True))


@pytest.fixture(scope="session")
def client(app) -> Iterator[TestClient]:
    with api_client(app) as c:
        yield c


def api_client(app: FastAPI, **options: Any) -> TestClient:
    """A client of the app's JSON API: paths are relative to /api/v1 ("/interventions")."""
    return TestClient(app, base_url=f"http://testserver{API_PREFIX}", **options)


def derive(settings: Settings, **changes: object) -> Settings:
    """A validated copy of `settings` with `changes` (model_copy would skip validation)."""
    return Settings(_env_file=None, **{**settings.model_dump(), **changes})


KB = str(Path(sys.executable).parent / "kb")


def kb_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment under which the `kb` command uses the tests' Neo4j (and nothing of the caller's)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KB_"))}
    env.update(
        {
            "KB_DATA_DIR": str(settings.kb_data_dir),
            "KB_NEO4J_BOLT_PORT": str(settings.kb_neo4j_bolt_port),
            "KB_NEO4J_HTTP_PORT": str(settings.kb_neo4j_http_port),
            "COLUMNS": "200",
        }
    )
    if settings.neo4j_uri:
        env.update({"NEO4J_URI": settings.neo4j_uri, "NEO4J_PASSWORD": settings.password() or ""})
    env.update(extra)
    return env


def run_kb(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the real `kb` command line, as a user would."""
    return subprocess.run([KB, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
