"""What the benchmarks share: their own Neo4j, timing, percentiles, and the report (a table and a JSON file)."""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from kb.local.server import LocalNeo4j, free_port
from kb.settings import Settings
from kb.store.catalogue import Catalogue
from kb.store.db import Database

ROOT = Path(__file__).resolve().parents[1]  # the checkout the benchmarks run in
CYPHER = Catalogue(ROOT / "bench" / "cypher")  # the benchmarks' own Cypher (naive and best-case loaders)
RESULTS = ROOT / "bench" / "results"
console = Console()


@contextmanager
def bench_database(keep: bool = False, empty: bool = True) -> Iterator[tuple[Database, Settings]]:
    """A Neo4j the benchmark may wipe: the project's own server in var/bench-neo4j (2 GiB heap, 2 GiB page
    cache), or NEO4J_URI when KB_BENCH_ALLOW_WIPE=1 says its data may be deleted."""
    if os.environ.get("NEO4J_URI"):
        if os.environ.get("KB_BENCH_ALLOW_WIPE") != "1":
            sys.exit("The benchmarks wipe their database. To run them against NEO4J_URI, set KB_BENCH_ALLOW_WIPE=1.")
        settings = Settings()
        server = None
    else:
        settings = Settings(
            _env_file=None,
            neo4j_uri=None,
            kb_data_dir=ROOT / "var" / "bench-neo4j",
            kb_neo4j_bolt_port=free_port(),
            kb_neo4j_http_port=free_port(),
            kb_neo4j_heap="2g",
            kb_neo4j_pagecache="2g",
        )
        server = LocalNeo4j(settings)
        server.stop()
        if empty:  # deleting millions of nodes with Cypher is slower than a new store, and can exhaust the heap
            shutil.rmtree(settings.kb_data_dir, ignore_errors=True)
        with console.status("Starting the benchmark's Neo4j..."):
            server.start()
    try:
        with Database(settings) as db:
            yield db, settings
    finally:
        if server and not keep:
            server.stop()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(ms: list[float]) -> dict[str, float]:
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def machine() -> dict[str, Any]:
    mem = next(
        (line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0"
    )
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[:1]
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(int(mem) / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "java": java[0] if java else None,
    }


def report(name: str, title: str, columns: list[str], rows: list[list[Any]], data: dict[str, Any]) -> Path:
    table = Table(*columns, title=title)
    for row in rows:
        table.add_row(*(str(c) for c in row))
    console.print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {
        "benchmark": name,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", "-m", f"bench.{name}", *sys.argv[1:]]),
        "machine": machine(),
        **data,
    }
    path.write_text(json.dumps(payload, indent=2) + "\n")
    console.print(f"Wrote {path.relative_to(ROOT)}")
    return path
