"""Load test: many concurrent clients on a mix of the query endpoints of a real `kb serve`.

    .venv/bin/python -m bench.loadtest [--vignettes 2000] [--clients 50] [--seconds 60]

The benchmark's own Neo4j (var/bench-neo4j, a new store) is loaded with the
repository's vignettes/ and --vignettes synthetic ones (kb generate, seed 1).
A real `kb serve` (one uvicorn process, as shipped) answers on 127.0.0.1.
Every request of the mix is called once first (warm-up; each must answer 200).
Then --clients clients, each with its own keep-alive connection
(httpx.AsyncClient), send one request after another for --seconds, each request
drawn from the mix by its weight. Requests in flight at the end are awaited.
Reported per endpoint and overall: requests, throughput, p50/p95/p99 latency
as the client sees it, and errors (non-2xx statuses and exceptions).
The load generator runs on the same machine as the server and Neo4j.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.common import ROOT, bench_database, console, percentile, report
from bench.load import fresh
from bench.queries import serve, terms
from kb.authoring.generate import generate
from kb.authoring.validate import check_data
from kb.local.server import LocalNeo4j
from kb.vocab.vocabulary import Vocabulary, load_vocabulary
from kb.writing.loader import load_paths, load_rows
from kb.writing.rows import vignette_rows

# Endpoint -> weight (per 100 requests): the cheap, frequent look-ups most, the costly similarity least.
WEIGHTS = {
    "interventions": 20,  # GET /interventions?for=TERM (a pattern, behavior or role)
    "vignettes": 20,  # GET /vignettes with one or two concept filters, sometimes with full text
    "vignette": 15,  # GET /vignettes/{id}
    "similar": 10,  # GET /vignettes/{id}/similar?k=5
    "search": 15,  # GET /search?q=WORDS
    "ask": 10,  # GET /ask?q=QUESTION
    "concepts": 10,  # GET /concepts?kind= or ?q=
}
REQUEST_TIMEOUT = 30.0
Call = tuple[str, dict[str, Any]]  # path, query parameters


def mix(vocab: Vocabulary, n: int) -> dict[str, list[Call]]:
    """The requests of each endpoint: common and rare concepts, repository and synthetic vignettes."""
    patterns, roles, behaviors = terms(vocab, "pattern"), terms(vocab, "role"), terms(vocab, "behavior")
    repo_ids = sorted(p.stem for p in (ROOT / "vignettes").glob("*.yaml"))
    syn_ids = [f"syn-1-{i:06d}" for i in sorted({1, n // 4, n // 2, (3 * n) // 4, n} - {0})]
    ids = repo_ids[::3] + syn_ids
    label = {cid: c.label for cid, c in vocab.concepts.items()}
    return {
        "interventions": [
            ("/interventions", {"for": t})
            for t in [*patterns, *roles[:2], *behaviors[:2], "emotional incest", "codependence"]
        ],
        "vignettes": [("/vignettes", {"pattern": p}) for p in patterns[:3]]
        + [("/vignettes", {"pattern": p, "role": r}) for p, r in zip(patterns, itertools.cycle(roles))]
        + [("/vignettes", {"pattern": "enmeshment", "q": "mother"}), ("/vignettes", {"behavior": behaviors[0]})],
        "vignette": [(f"/vignettes/{vid}", {}) for vid in ids],
        "similar": [(f"/vignettes/{vid}/similar", {"k": 5}) for vid in ids],
        "search": [
            ("/search", {"q": w})
            for w in (
                "therapy mother",
                "drinking",
                "boundary setting",
                "guilt",
                "follow-up reported",
                "brother",
                "enmeshment",
                "rehab",
            )
        ],
        "ask": [
            ("/ask", {"q": q})
            for q in (
                f"interventions for {label[patterns[0]]}",
                "what helps with codependency",
                "how is parentification treated",
                "vignettes with a parentified child and an alcoholic mother",
                "roles in enmeshed families",
                "what outcomes followed boundary setting",
                "cases like donna",
                "what is triangulation",
            )
        ],
        "concepts": [("/concepts", {"kind": k}) for k in ("pattern", "role", "intervention")]
        + [("/concepts", {"q": q}) for q in ("incest", "parent", "boundar")],
    }


@dataclass
class Tally:
    ms: list[float] = field(default_factory=list)  # every completed request, whatever its status
    errors: Counter[str] = field(default_factory=Counter)  # "status 503", "ReadTimeout", ...


async def client_loop(
    base: str, calls: dict[str, list[Call]], seed: int, deadline: float, tallies: dict[str, Tally]
) -> None:
    """One client: its own keep-alive connection, requests one after another until the deadline."""
    rng = random.Random(seed)
    endpoints, weights = list(WEIGHTS), list(WEIGHTS.values())
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT) as client:
        while time.perf_counter() < deadline:
            endpoint = rng.choices(endpoints, weights)[0]
            path, params = rng.choice(calls[endpoint])
            start = time.perf_counter()
            try:
                r = await client.get(path, params=params)
                if not 200 <= r.status_code < 300:
                    tallies[endpoint].errors[f"status {r.status_code}"] += 1
            except httpx.HTTPError as exc:
                tallies[endpoint].errors[type(exc).__name__] += 1
            tallies[endpoint].ms.append((time.perf_counter() - start) * 1000)


async def run_load(
    base: str, calls: dict[str, list[Call]], clients: int, seconds: float
) -> tuple[dict[str, Tally], float]:
    tallies = {e: Tally() for e in WEIGHTS}
    start = time.perf_counter()
    await asyncio.gather(*(client_loop(base, calls, seed, start + seconds, tallies) for seed in range(clients)))
    return tallies, time.perf_counter() - start


def warm_up(base: str, calls: dict[str, list[Call]]) -> None:
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        for endpoint, endpoint_calls in calls.items():
            for path, params in endpoint_calls:
                r = client.get(path, params=params)
                if r.status_code != 200:
                    raise SystemExit(f"warm-up: {endpoint} {path} {params} answered {r.status_code}: {r.text[:300]}")


def _stat(pid: int | str | None) -> list[str]:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return []


def cpu_seconds(pid: int | None, children: bool = False) -> float:
    """User + system CPU time a process has used so far; with `children`, its live child processes' too
    (kb serve's uvicorn workers; not for this script, whose children are the server and Neo4j)."""
    fields = _stat(pid)
    if not fields:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    if not children:
        return own
    kids = [p.name for p in Path("/proc").iterdir() if p.name.isdigit() and _stat(p.name)[1:2] == [str(pid)]]
    return own + sum(cpu_seconds(int(k), children=True) for k in kids)


def machine_cpu() -> dict[str, float]:
    """CPU seconds the whole machine has spent busy and idle since boot (from /proc/stat)."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return {"busy": (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK"), "idle": idle / os.sysconf("SC_CLK_TCK")}


def stats(ms: list[float], errors: Counter[str], elapsed: float) -> dict[str, Any]:
    return {
        "requests": len(ms),
        "throughput_rps": round(len(ms) / elapsed, 1),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "errors": dict(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vignettes", type=int, default=2000, help="synthetic vignettes added to vignettes/")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=60, help="how long the clients send requests")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes of kb serve (1-8)")
    args = parser.parse_args()
    if not 1 <= args.clients <= 500 or not 1 <= args.seconds <= 600 or not 1 <= args.workers <= 8:
        raise SystemExit("--clients must be 1-500, --seconds 1-600 and --workers 1-8")
    vocab = load_vocabulary()
    with bench_database() as (db, settings):
        fresh(db, vocab)
        with console.status(f"Loading vignettes/ and {args.vignettes} synthetic vignettes..."):
            load_paths(db, [ROOT / "vignettes"], vocab)
            rows = (vignette_rows(check_data(d, d["id"], vocab)) for d in generate(vocab, args.vignettes, seed=1))
            load_rows(db, rows, vocab, batch_size=500)
            stored = db.read("vignette_total")[0]["total"]
        calls = mix(vocab, args.vignettes)
        proc, base = serve(settings, args.workers)
        try:
            with console.status("Warm-up: every request of the mix once..."):
                warm_up(base, calls)
            pids = {
                "kb serve": proc.pid,
                "neo4j": LocalNeo4j(settings).pid() if settings.uses_local_neo4j else None,
                "load generator": os.getpid(),
            }
            cpu_before = {name: cpu_seconds(pid, name == "kb serve") for name, pid in pids.items()}
            machine_before = machine_cpu()
            load_before = os.getloadavg()
            with console.status(f"{args.clients} clients for {args.seconds:.0f} s..."):
                tallies, elapsed = asyncio.run(run_load(base, calls, args.clients, args.seconds))
            load_after = os.getloadavg()
            cpu = {
                name: round(cpu_seconds(pid, name == "kb serve") - cpu_before[name], 1) for name, pid in pids.items()
            }
            cpu.update({f"machine {k}": round(v - machine_before[k], 1) for k, v in machine_cpu().items()})
        finally:
            proc.terminate()
            proc.wait()
    results = {e: stats(t.ms, t.errors, elapsed) for e, t in tallies.items()}
    results["overall"] = stats(
        [m for t in tallies.values() for m in t.ms], sum((t.errors for t in tallies.values()), Counter()), elapsed
    )
    rows_out = [
        [
            e,
            WEIGHTS.get(e, 100),
            r["requests"],
            r["throughput_rps"],
            *(f"{r[p]:.0f}" for p in ("p50_ms", "p95_ms", "p99_ms")),
            ", ".join(f"{k}: {v}" for k, v in r["errors"].items()) or "none",
        ]
        for e, r in results.items()
    ]
    report(
        "loadtest",
        f"{args.clients} clients, {elapsed:.0f} s, {stored} vignettes, {args.workers} API worker(s): "
        "latency (ms) as the clients see it",
        ["endpoint", "weight", "requests", "req/s", "p50", "p95", "p99", "errors"],
        rows_out,
        {
            "vignettes": stored,
            "clients": args.clients,
            "seconds": round(elapsed, 1),
            "workers": args.workers,
            "weights": WEIGHTS,
            "calls": {e: [{"path": p, "params": q} for p, q in c] for e, c in calls.items()},
            "load_average_1m_before_and_after": [round(load_before[0], 2), round(load_after[0], 2)],
            "cpu_seconds_during_the_run": cpu,  # machine busy minus the three processes: other work
            "results": results,
        },
    )
    others = cpu["machine busy"] - cpu["kb serve"] - cpu["neo4j"] - cpu["load generator"]
    console.print(
        f"CPU seconds in the run: {', '.join(f'{k} {v}' for k, v in cpu.items())}; other work "
        f"{others:.1f}. 1-minute load average {load_before[0]:.1f} before, {load_after[0]:.1f} after."
    )


if __name__ == "__main__":
    main()
