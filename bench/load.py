"""Loading speed: the kb loader against a naive baseline and a hand-written best case, on the same data.

    .venv/bin/python -m bench.load [--sizes 1000 10000] [--naive-sample 500]

For each size, N synthetic vignettes (kb generate, seed 1) are checked and
turned into rows in memory; then each method writes the same rows into an
emptied database, in the same process and the same Neo4j:
- kb: kb.loader.load_rows, batches of 500 vignettes per transaction (what `kb load` runs after validation);
- naive: one transaction per vignette, one MERGE statement per node and per relationship, then the
  loader's query for the intervention stats of that vignette;
- best case: hand-written UNWIND batches of 1,000 vignettes, CREATE only, labels and types set dynamically,
  and the loader's own query for the intervention stats (kb/stats.py) in the same transaction.
The naive baseline is slow, so it writes the first --naive-sample vignettes and its rate is reported.
kb and best case each run once to warm up, then --repeat times, alternating; the median counts.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.common import CYPHER, bench_database, console, report
from kb.authoring.generate import generate
from kb.authoring.validate import check_data
from kb.store.db import Database, Step
from kb.store.migrate import migrate
from kb.store.stats import add_step
from kb.vocab.vocabulary import Vocabulary, load_vocabulary
from kb.writing.loader import load_rows, sync_vocabulary
from kb.writing.rows import VignetteRows, vignette_rows


def fresh(db: Database, vocab: Vocabulary) -> None:
    while db.write(CYPHER["wipe_batch"])[0]["deleted"]:
        pass
    migrate(db)
    sync_vocabulary(db, vocab)


def counts(db: Database) -> dict[str, int]:
    return db.read("graph_counts")[0]


def naive(db: Database, rows: list[VignetteRows]) -> None:
    for b in rows:
        steps: list[Step] = [(CYPHER["naive_vignette"], {"row": b.vignette})]
        steps += [(CYPHER["naive_person"], {"row": p}) for p in b.persons]
        steps += [(CYPHER["naive_relation"], {"row": r}) for r in b.relations]
        steps += [(CYPHER["naive_fact"], {"row": f}) for f in b.facts]
        steps += [(CYPHER["naive_person_link"], {"row": x}) for x in b.person_links]
        steps += [(CYPHER["naive_fact_link"], {"row": x}) for x in b.fact_links]
        steps.append(add_step([b.id]))  # the same graph as the others: its intervention stats too
        db.write_steps(steps)


def best_case(db: Database, rows: list[VignetteRows], batch: int = 1000) -> None:
    for i in range(0, len(rows), batch):
        part = rows[i : i + batch]
        db.write_steps(
            [
                (CYPHER["best_vignettes"], {"rows": [b.vignette for b in part]}),
                (CYPHER["best_persons"], {"rows": [p for b in part for p in b.persons]}),
                (CYPHER["best_relations"], {"rows": [r for b in part for r in b.relations]}),
                (CYPHER["best_facts"], {"rows": [f for b in part for f in b.facts]}),
                (CYPHER["best_person_links"], {"rows": [x for b in part for x in b.person_links]}),
                (CYPHER["best_fact_links"], {"rows": [x for b in part for x in b.fact_links]}),
                add_step([b.id for b in part]),  # the intervention stats, by the loader's own query
            ]
        )


def timed(fn, *args: object) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--naive-sample", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per method (median), after a warm-up run")
    args = parser.parse_args()
    vocab = load_vocabulary()
    results, table = [], []
    with bench_database() as (db, _settings):
        for n in args.sizes:
            with console.status(f"Generating and checking {n} vignettes..."):
                rows = [vignette_rows(check_data(d, d["id"], vocab)) for d in generate(vocab, n, seed=1)]
            # Warm-up: a first full run of each (the JVM compiles, the store files grow); not counted.
            runs: dict[str, list[float]] = {"kb": [], "best": []}
            graphs: dict[str, dict[str, int]] = {}
            for round_ in range(args.repeat + 1):
                for method, write in (
                    ("kb", lambda rows=rows: load_rows(db, rows, vocab, 500)),
                    ("best", lambda rows=rows: best_case(db, rows)),
                ):
                    fresh(db, vocab)
                    with console.status(f"{method}, {n} vignettes, round {round_}..."):
                        seconds = timed(write)
                    graphs[method] = counts(db)
                    if round_:
                        runs[method].append(seconds)
            kb_s, best_s = statistics.median(runs["kb"]), statistics.median(runs["best"])
            kb_counts, best_counts = graphs["kb"], graphs["best"]
            sample = rows[: min(n, args.naive_sample)]
            fresh(db, vocab)
            with console.status(f"naive baseline, {len(sample)} vignettes..."):
                naive_s = timed(naive, db, sample)
            same = kb_counts == best_counts
            kb_rate, best_rate, naive_rate = n / kb_s, n / best_s, len(sample) / naive_s
            results.append(
                {
                    "vignettes": n,
                    "facts": kb_counts["facts"],
                    "relationships": kb_counts["relationships"],
                    "kb_seconds": round(kb_s, 2),
                    "kb_per_s": round(kb_rate, 1),
                    "best_seconds": round(best_s, 2),
                    "best_per_s": round(best_rate, 1),
                    "naive_sample": len(sample),
                    "naive_seconds": round(naive_s, 2),
                    "naive_per_s": round(naive_rate, 1),
                    "kb_over_naive": round(kb_rate / naive_rate, 1),
                    "best_over_kb": round(best_rate / kb_rate, 2),
                    "same_graph": same,
                }
            )
            table.append(
                [
                    n,
                    f"{kb_rate:.0f}",
                    f"{best_rate:.0f}",
                    f"{naive_rate:.1f} ({len(sample)})",
                    f"{kb_rate / naive_rate:.1f}x",
                    f"{best_rate / kb_rate:.2f}x",
                    "yes" if same else "NO",
                ]
            )
    report(
        "load",
        "Loading: vignettes per second",
        [
            "vignettes",
            "kb loader",
            "best case",
            "naive (sample)",
            "kb / naive (target >= 20x)",
            "best / kb (target <= 1.5x)",
            "same graph",
        ],
        table,
        {"targets": {"kb_over_naive": ">= 20", "best_over_kb": "<= 1.5"}, "results": results},
    )


if __name__ == "__main__":
    main()
