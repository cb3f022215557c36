"""Hostile request bodies against a real `kb serve`: how long each takes to be refused, and /health meanwhile.

    .venv/bin/python -m bench.hostile [--rounds 5]

The bodies are those of tests/test_hostile_bodies.py (an alias bomb, aliases through
persons, a self-referencing alias, JSON and YAML nested 10,000 deep, 5,000-digit
numbers, 100,000 values, narratives that made the identifier check quadratic or
exponential). An editor sends each --rounds times, one after another, while a second
client asks /health without pause. Reported per body: status, and the p50 and
largest time to the answer; and /health's p50, p95 and largest time during them
(the issue's targets: under 1 s for each body, under 100 ms for /health).
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

import httpx

from bench.common import bench_database, console, percentile, report
from bench.queries import serve
from kb.writing.audit import Actor
from kb.writing.keys import Neo4jKeyStore, Role
from tests.test_hostile_bodies import HOSTILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="times each body is sent")
    args = parser.parse_args()
    with bench_database() as (db, settings):
        key = Neo4jKeyStore(db).add("bench-hostile", Role.editor, Actor.command_line())[1]
        proc, base = serve(settings)
        try:
            health: list[float] = []
            done = threading.Event()

            def poll() -> None:
                with httpx.Client(timeout=60) as c:
                    while not done.is_set():
                        began = time.perf_counter()
                        c.get(f"{base}/health")
                        health.append(time.perf_counter() - began)

            rows, results = [], []
            with httpx.Client(timeout=300, headers={"Authorization": f"Bearer {key}"}) as editor:
                editor.get(f"{base}/health")
                poller = threading.Thread(target=poll)
                poller.start()
                try:
                    with console.status("Sending hostile bodies..."):
                        for what, body, headers, _named in HOSTILE:
                            times, statuses = [], set()
                            for _ in range(args.rounds):
                                began = time.perf_counter()
                                r = editor.post(f"{base}/vignettes", content=body, headers=headers)
                                times.append(time.perf_counter() - began)
                                statuses.add(r.status_code)
                            p50, worst = statistics.median(times) * 1000, max(times) * 1000
                            results.append({"body": what, "statuses": sorted(statuses), "p50_ms": p50, "max_ms": worst})
                            rows.append([what, "/".join(map(str, sorted(statuses))), f"{p50:.1f}", f"{worst:.1f}"])
                finally:
                    done.set()
                    poller.join()
            ms = [h * 1000 for h in health]
            summary = {"n": len(ms), "p50": percentile(ms, 50), "p95": percentile(ms, 95), "max": max(ms)}
            rows.append(
                [f"/health meanwhile ({len(ms)} requests)", "200", f"{summary['p50']:.1f}", f"{summary['max']:.1f}"]
            )
        finally:
            proc.terminate()
            proc.wait(30)
    report(
        "hostile",
        f"Hostile bodies against kb serve ({args.rounds} rounds each), /health polled meanwhile",
        ["body", "status", "p50 ms", "max ms"],
        rows,
        {"rounds": args.rounds, "bodies": results, "health_ms": summary},
    )


if __name__ == "__main__":
    main()
