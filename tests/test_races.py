"""Writes that race: one winner each time, an audit chain without a gap, no acknowledged edit lost in silence.

Before: ten DELETEs of one vignette at once gave two 204s and two removals in the
audit trail (one with `before: null`); `kb load` read the stored versions outside
its transaction and overwrote a PUT that landed meanwhile, with a stale `before`.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from kb.authoring.yamlsource import dump_yaml
from kb.settings import Settings
from kb.store.catalogue import Query
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor, list_audit
from kb.writing.keys import Neo4jKeyStore, Role
from kb.writing.loader import LoadSummary, load_paths
from tests.conftest import api_client, derive
from tests.vignette_texts import MINIMAL

VOCAB = load_vocabulary()
YAML = {"Content-Type": "application/yaml"}
VID = "test-mira"


@pytest.fixture()
def api(settings: Settings, clean_db: Database) -> Iterator[tuple[TestClient, dict[str, str]]]:
    key = Neo4jKeyStore(clean_db).add("racer", Role.editor, Actor.command_line())[1]
    with api_client(create_app(derive(settings, kb_api_anonymous_reads=True))) as client:
        yield client, {"Authorization": f"Bearer {key}"}


def trail(db: Database) -> list[dict[str, Any]]:
    """The vignette's audit entries, oldest first, as (action, before, after, who)."""
    items = list_audit(db, entity_id=VID, limit=100).items
    return [{"action": e.action, "who": e.key_id, **e.change} for e in reversed(items)]


def assert_unbroken(entries: list[dict[str, Any]]) -> None:
    """Each write starts from the version the previous one left."""
    for earlier, later in itertools.pairwise(entries):
        assert later["before"] == earlier["after"], (earlier, later)


def at_once(n: int, work: Callable[[], int]) -> list[int]:
    """Run `work` in n threads released together; what each returned."""
    start = threading.Barrier(n)
    results: list[int] = []

    def run() -> None:
        start.wait()
        results.append(work())

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_ten_deletes_at_once_remove_once(api, db: Database) -> None:
    client, editor = api
    for _ in range(3):
        version = client.post("/vignettes", content=MINIMAL, headers={**editor, **YAML}).json()["version"]
        statuses = at_once(10, lambda: client.delete(f"/vignettes/{VID}", headers=editor).status_code)
        assert sorted(statuses) == [204] + [404] * 9
        removals = [e for e in trail(db) if e["action"] == "remove"]
        assert removals[-1] == {"action": "remove", "who": removals[-1]["who"], "before": version, "after": None}
    assert len([e for e in trail(db) if e["action"] == "remove"]) == 3
    assert_unbroken(trail(db))


def test_a_put_of_a_missing_vignette_is_404(api) -> None:
    client, editor = api
    r = client.put(f"/vignettes/{VID}", content=MINIMAL, headers={**editor, **YAML, "If-Match": '"abc"'})
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_vignette"


def _file(folder: Path, title: str) -> Path:
    data = yaml.safe_load(MINIMAL)
    data["title"] = title
    path = folder / f"{VID}.yaml"
    path.write_text(dump_yaml(data))
    return path


def put_when(
    client: TestClient, editor: dict[str, str], etag: str, body: dict, put: dict, go: threading.Event | None
) -> None:
    """PUT `body` (at once, or once `go` is set); its answer into `put`."""
    if go is not None:
        go.wait(30)
    r = client.put(f"/vignettes/{VID}", json=body, headers={**editor, "If-Match": etag})
    put.update(status=r.status_code, version=r.json().get("version"))


def when_loader_reads(db: Database) -> tuple[threading.Event, Callable[[Query, dict[str, Any]], None]]:
    """An event set when a query of the loader's reads or locks the vignette, and the observer that sets it."""
    read = threading.Event()

    def watch(q: Query, params: dict[str, Any]) -> None:
        if VID in (params.get("ids") or []):
            read.set()

    return read, watch


def test_a_put_racing_kb_load_is_never_lost_in_silence(api, db: Database, tmp_path: Path) -> None:
    """Rounds of a PUT and a load of the same vignette at once; in half of them the PUT starts right after the
    loader has read what is stored (the window in which the old loader overwrote it)."""
    client, editor = api
    assert client.post("/vignettes", content=MINIMAL, headers={**editor, **YAML}).status_code == 201
    reported = 0
    for n in range(8):
        etag = client.get(f"/vignettes/{VID}").headers["ETag"]
        body = {**yaml.safe_load(MINIMAL), "title": f"Edited {n}"}
        path = _file(tmp_path, f"Loaded {n}")
        put: dict[str, Any] = {}
        loaded: list[LoadSummary] = []
        go, watch = when_loader_reads(db)
        db.observers.append(watch)
        try:
            editing = threading.Thread(target=put_when, args=(client, editor, etag, body, put, go if n % 2 else None))
            editing.start()
            loaded.append(load_paths(db, [path], VOCAB, actor=Actor.command_line()))
            editing.join()
        finally:
            db.observers.remove(watch)
        summary = loaded[0]
        entries = trail(db)
        assert_unbroken(entries)
        stored = client.get(f"/vignettes/{VID}").json()
        assert put["status"] in (200, 409), put
        if summary.stale:  # the loader saw the PUT land after it had read: it left the edit alone, and said so
            reported += 1
            assert put["status"] == 200 and stored["title"] == f"Edited {n}"
            assert [s.id for s in summary.stale] == [VID] and summary.stale[0].found == put["version"]
        elif put["status"] == 200:  # the PUT landed before the loader read: the load replaced it knowingly
            assert stored["title"] == f"Loaded {n}" and summary.changed == [VID]
            assert entries[-1]["who"].startswith("cli:") and entries[-1]["before"] == put["version"]
        else:  # the load landed first: the PUT was based on the version the load replaced
            assert stored["title"] == f"Loaded {n}" and summary.changed == [VID]
    assert reported, "no round had the PUT land between the loader's read and its write"
