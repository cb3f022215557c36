"""A pattern's profile: the catalogued query next to the one it replaced, on the same synthetic database.

    .venv/bin/python -m bench.profile [--vignettes 10000] [--requests 30] [--reuse]

The benchmark's own Neo4j is filled with synthetic vignettes (kb generate, seed 1; --reuse keeps those
already there). Then, for EVERY pattern of the vocabulary (with its narrower ones, as the API asks), the
catalogued `pattern_profile` must return exactly the rows of the query it replaced
(bench/cypher/pattern_profile_before.cypher): any difference stops the benchmark. The two queries are then
timed in turn (before, after, before, ...) on the three most common and the three rarest patterns, --requests
calls each, after one warm-up call per pattern; p50/p95 of each and the ratio before/after. Finally the
kb core functions that read a profile (`pattern_profile`, `compare_concepts`) are timed in-process, and the
PROFILE plan of the new query goes to bench/plans/pattern_profile.txt, checked for label scans.
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from bench.common import CYPHER, bench_database, console, percentile, report, summary
from bench.queries import PLANS, label_scans, render, terms
from kb.authoring.generate import generate
from kb.authoring.validate import check_data
from kb.queries.compare import compare_concepts
from kb.queries.concepts import pattern_profile
from kb.store.db import Database
from kb.vocab.resolve import concept_ids, resolve_term
from kb.vocab.vocabulary import Vocabulary, load_vocabulary
from kb.writing.loader import load_rows
from kb.writing.rows import vignette_rows

BEFORE = CYPHER["pattern_profile_before"]


def fill(db: Database, vocab: Vocabulary, n: int, reuse: bool) -> None:
    """Synthetic vignettes 1..n (seed 1) in the database, adding only those missing when reusing."""
    from bench.load import fresh

    loaded = db.read("vignette_total")[0]["total"] if reuse else 0
    if not reuse:
        fresh(db, vocab)
    if loaded > n:
        raise SystemExit(f"--reuse: the database already holds {loaded} vignettes, more than {n}")
    stream = itertools.islice(generate(vocab, n, seed=1), loaded, None)
    with console.status(f"Loading synthetic vignettes {loaded + 1}..{n}..."):
        load_rows(db, (vignette_rows(check_data(d, d["id"], vocab)) for d in stream), vocab, batch_size=1000)


def rows_key(rows: list[dict[str, Any]]) -> list[tuple]:
    return sorted(tuple(sorted(r.items())) for r in rows)


def check_equal(db: Database, vocab: Vocabulary) -> int:
    """Every pattern's profile, new query against the old one; returns how many patterns were checked."""
    patterns = [c.id for c in vocab.of_kind("pattern")]
    with console.status(f"Checking the new query against the old one on all {len(patterns)} patterns..."):
        for p in patterns:
            ids = concept_ids(resolve_term(vocab, p, ("pattern",)))
            old, new = db.read(BEFORE, concept_ids=ids), db.read("pattern_profile", concept_ids=ids)
            if rows_key(old) != rows_key(new):
                raise SystemExit(f"{p}: the new profile differs from the old one\nold: {old}\nnew: {new}")
    return len(patterns)


def timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def compare_queries(db: Database, vocab: Vocabulary, requests: int) -> dict[str, dict[str, Any]]:
    """Old and new query, interleaved, per pattern group (common, rare)."""
    chosen = terms(vocab, "pattern", 6)
    out: dict[str, dict[str, Any]] = {}
    for group, patterns in (("common", chosen[:3]), ("rare", chosen[3:])):
        params = [concept_ids(resolve_term(vocab, p, ("pattern",))) for p in patterns]
        vignettes = [db.read("pattern_vignette_count", concept_ids=ids)[0]["vignettes"] for ids in params]
        for ids in params:  # warm-up: plans and page cache
            db.read(BEFORE, concept_ids=ids)
            db.read("pattern_profile", concept_ids=ids)
        before, after = [], []
        each: dict[str, dict[str, list[float]]] = {p: {"before": [], "after": []} for p in patterns}
        for i in range(requests):
            pattern, ids = patterns[i % len(params)], params[i % len(params)]
            before.append(timed(partial(db.read, BEFORE, concept_ids=ids)))
            after.append(timed(partial(db.read, "pattern_profile", concept_ids=ids)))
            each[pattern]["before"].append(before[-1])
            each[pattern]["after"].append(after[-1])
        b, a = summary(before), summary(after)
        out[group] = {
            "patterns": dict(zip(patterns, vignettes, strict=True)),
            "p50_ratio_per_pattern": {
                p: round(percentile(t["before"], 50) / percentile(t["after"], 50), 2) for p, t in each.items()
            },
            "before": b,
            "after": a,
            "ratio_p50": round(b["p50_ms"] / a["p50_ms"], 2),
            "ratio_p95": round(b["p95_ms"] / a["p95_ms"], 2),
        }
    return out


def core_functions(db: Database, vocab: Vocabulary, requests: int) -> dict[str, dict[str, float]]:
    """The kb functions over the new query, in-process: one profile (common patterns), and compare (two)."""
    a, b, _ = terms(vocab, "pattern", 6)[:3]
    calls: dict[str, list[Callable[[], Any]]] = {
        "pattern_profile (common)": [partial(pattern_profile, db, vocab, p) for p in (a, b)],
        "compare_concepts (two common)": [partial(compare_concepts, db, vocab, a, b)],
    }
    out = {}
    for name, fns in calls.items():
        for fn in fns:
            fn()
        out[name] = summary([timed(fns[i % len(fns)]) for i in range(requests)])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vignettes", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30, help="timed calls per query and pattern group")
    parser.add_argument("--reuse", action="store_true", help="keep the synthetic vignettes already there")
    args = parser.parse_args()
    vocab = load_vocabulary()
    with bench_database(empty=not args.reuse) as (db, _settings):
        fill(db, vocab, args.vignettes, args.reuse)
        checked = check_equal(db, vocab)
        console.print(f"Same rows from both queries for all {checked} patterns.")
        with console.status("Timing the old and new query..."):
            queries = compare_queries(db, vocab, args.requests)
        with console.status("Timing pattern_profile and compare_concepts..."):
            core = core_functions(db, vocab, args.requests)
        params = {"concept_ids": concept_ids(resolve_term(vocab, "enmeshment", ("pattern",)))}
        plan = db.profile("pattern_profile", **params)
        (PLANS / "pattern_profile.txt").write_text(
            f"// PROFILE of pattern_profile at {args.vignettes} synthetic vignettes; params {params}\n"
            + "\n".join(render(plan))
            + "\n"
        )
        scans = label_scans(plan)
    rows: list[list[Any]] = []
    for group, r in queries.items():
        for when in ("before", "after"):
            rows.append([f"pattern_profile {when} ({group})", r[when]["p50_ms"], r[when]["p95_ms"], ""])
        rows.append([f"  before/after ({group})", "", "", f"{r['ratio_p50']}x p50, {r['ratio_p95']}x p95"])
        for pattern, ratio in r["p50_ratio_per_pattern"].items():
            rows.append([f"  {pattern} ({r['patterns'][pattern]} vignettes)", "", "", f"{ratio}x p50"])
    rows += [[name, s["p50_ms"], s["p95_ms"], "kb function, in-process"] for name, s in core.items()]
    report(
        "profile",
        f"A pattern's profile at {args.vignettes} vignettes (ms)",
        ["what", "p50", "p95", "note"],
        rows,
        {
            "vignettes": args.vignettes,
            "requests": args.requests,
            "patterns_checked_equal": checked,
            "queries": queries,
            "core_functions": core,
            "label_scans_in_plan": scans,
            "target": {"before_over_after_p50_common": ">= 3"},
        },
    )
    console.print("Plan: no label scan." if not scans else f"Label scans: {scans}")


if __name__ == "__main__":
    main()
