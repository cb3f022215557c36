"""Query latency through the HTTP API, next to the bare Cypher of the same answer, at growing scale.

    .venv/bin/python -m bench.queries [--sizes 1000 10000 100000] [--requests 60]

The benchmark's own Neo4j is filled with synthetic vignettes (kb generate, seed 1)
up to each size in turn. At each size, every endpoint below is called --requests
times through a real `kb serve` (uvicorn, HTTP on 127.0.0.1) over a keep-alive
connection, with terms drawn from both the common and the rare concepts; then
the catalogued Cypher queries that produce the same answer are run through the
driver with the same parameters (the floor). p50 and p95 of both, their ratio,
and the growth of p95 from the smallest to the largest size are reported. At the
largest size the PROFILE plans of the main queries go to bench/plans/, each
checked for label scans over Vignette, Fact or Person.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from bench.common import ROOT, bench_database, console, free_port, report, summary
from kb.authoring.generate import generate, popularity_order
from kb.authoring.validate import check_data
from kb.queries.compare import compare_concepts
from kb.queries.concepts import get_concept, pattern_profile
from kb.queries.interventions import outcomes_after, ranked_stats, read_uses
from kb.queries.kin import IMPLIED_GENDER, kin_params, parse_kin
from kb.queries.search import CAP, read_page
from kb.queries.similarity import (
    BUDGET,
    CANDIDATE_POOL,
    KIND_WEIGHTS,
    PER_CONCEPT,
    candidates,
    case_of,
    rarity,
    similar_to_vignette,
)
from kb.queries.targets import intervention_targets
from kb.queries.vignettes import filtered_page, list_vignettes
from kb.settings import Settings
from kb.store.db import Database
from kb.store.stats import fact_keys
from kb.vocab.resolve import concept_ids, resolve_term
from kb.vocab.vocabulary import Vocabulary, load_vocabulary
from kb.writing.loader import load_rows
from kb.writing.rows import vignette_rows

PLANS = ROOT / "bench" / "plans"
SCANNED = ("Vignette", "Fact", "Person", "PatternFact", "InterventionFact", "OutcomeFact")


def terms(vocab: Vocabulary, kind: str, n: int = 6) -> list[str]:
    """Half common, half rare concepts of a kind, in the generator's popularity order."""
    order = popularity_order([c.id for c in vocab.of_kind(kind)])
    return order[: n // 2] + order[-(n // 2) :]


def serve(settings: Settings, workers: int = 1) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    env.update(
        {
            "KB_DATA_DIR": str(settings.kb_data_dir),
            "KB_NEO4J_BOLT_PORT": str(settings.kb_neo4j_bolt_port),
            "KB_API_ANONYMOUS_READS": "1",
        }
    )  # the benchmarks read without API keys
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "kb"), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    for _ in range(200):
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("kb serve did not answer /health")


def cases(db: Database, vocab: Vocabulary, n: int) -> dict[str, list[tuple[dict[str, Any], Callable[[], Any]]]]:
    """Per endpoint: (HTTP query parameters or path, the bare-Cypher call that gives the same answer)."""
    patterns, roles = terms(vocab, "pattern"), terms(vocab, "role")
    ids = [f"syn-1-{i:06d}" for i in (1, n // 3, n // 2, (2 * n) // 3, n)]
    words = ["therapy mother", "drinking", "boundary setting", "guilt", "follow-up reported", "brother"]
    out: dict[str, list] = {"interventions": [], "vignettes": [], "similar": [], "search": [], "ask": []}
    for p in patterns:
        cids = concept_ids(resolve_term(vocab, p, ("pattern", "behavior", "role")))

        def uses_floor(cids: list[str] = cids) -> Any:  # the stats of the concept, then the uses of the first page
            ranked = ranked_stats(db, vocab, cids[:1])[:20]
            return read_uses(db, [k for r in ranked for k in fact_keys(r["sample"][:5])], cids)

        out["interventions"].append(({"path": "/interventions", "params": {"for": p}}, uses_floor))
        question = f"interventions for {vocab.concepts[p].label}"
        out["ask"].append(({"path": "/ask", "params": {"q": question}}, uses_floor))
    for p, r in zip(patterns, itertools.cycle(roles)):
        filters = [concept_ids(resolve_term(vocab, p, ("pattern",))), concept_ids(resolve_term(vocab, r, ("role",)))]

        def page_floor(f: list[list[str]] = filters) -> Any:  # the same plan choice and queries as the API
            return filtered_page(db, f, limit=20, offset=0)

        out["vignettes"].append(({"path": "/vignettes", "params": {"pattern": p, "role": r}}, page_floor))
    for vid in ids:

        def similar_floor(vid: str = vid) -> Any:  # the vignette's concepts, then the candidates' (no scoring)
            return candidates(db, vocab, case_of(db, vocab, vid), rarity(db, vocab), exclude=vid)

        out["similar"].append(({"path": f"/vignettes/{vid}/similar", "params": {"k": 5}}, similar_floor))
    for w in words:

        def search_floor(w: str = w) -> Any:
            return read_page(db, w, limit=20, offset=0)

        out["search"].append(({"path": "/search", "params": {"q": w}}, search_floor))
    out.update(ask_cases(db, vocab, ids))
    return out


def ask_cases(db: Database, vocab: Vocabulary, ids: list[str]) -> dict[str, list[tuple[dict[str, Any], Callable]]]:
    """Per reading of /ask: questions through /ask, and the endpoint each maps to with the same parameters; the
    floor of both is the kb core function the endpoint calls, in-process (no HTTP), since these answers are
    several queries each."""
    a, b, c = (vocab.concepts[x].label.lower() for x in terms(vocab, "pattern", 6)[:3])
    i1, i2 = (vocab.concepts[x].label for x in terms(vocab, "intervention", 4)[:2])
    role = next(vocab.concepts[r].label.lower() for r in terms(vocab, "role", 6) if r not in ("client", "therapist"))
    readings: dict[str, list[tuple[str, str, dict[str, Any], Callable[[], Any]]]] = {
        "used_for": [
            (
                f"what was {x} used for",
                f"/interventions/{x}/targets",
                {},
                partial(intervention_targets, db, vocab, x),
            )
            for x in (i1, i2)
        ],
        "outcomes_after": [
            (
                f"what outcomes followed {x}",
                f"/interventions/{x}/outcomes",
                {},
                partial(outcomes_after, db, vocab, x),
            )
            for x in (i1, i2)
        ],
        "vignettes": [
            (
                f"cases with {a} and {role} where the mother and her son",
                "/vignettes",
                {"pattern": [a], "role": [role], "kin": ["mother and son"]},
                lambda: list_vignettes(db, vocab, [("pattern", a), ("role", role)], kin=["mother and son"]),
            ),
            (
                f"cases of {b} without {c}",
                "/vignettes",
                {"pattern": [b], "without": [c]},
                lambda: list_vignettes(db, vocab, [("pattern", b)], without=[c]),
            ),
        ],
        "profile": [
            (f"roles in {x}", f"/patterns/{x}/profile", {"focus": "roles"}, partial(pattern_profile, db, vocab, x))
            for x in (a, b)
        ],
        "define": [(f"what is {x}", f"/concepts/{x}", {}, partial(get_concept, db, vocab, x)) for x in (a, c)],
        "compare": [(f"compare {a} and {b}", "/compare", {"a": a, "b": b}, lambda: compare_concepts(db, vocab, a, b))],
        "similar": [
            (f"cases like {v}", f"/vignettes/{v}/similar", {"k": 10}, partial(similar_to_vignette, db, vocab, v, 10))
            for v in ids[1:3]
        ],
    }
    out: dict[str, list[tuple[dict[str, Any], Callable]]] = {}
    for reading, rows in readings.items():
        out[f"ask: {reading}"] = [({"path": "/ask", "params": {"q": q}}, core) for q, _, _, core in rows]
        out[f"{reading} endpoint"] = [({"path": path, "params": params}, core) for _, path, params, core in rows]
    return out


def measure(client: httpx.Client, base: str, endpoint_cases: list, requests: int) -> tuple[list[float], list[float]]:
    api, bare = [], []
    for call, floor in endpoint_cases:  # warm-up: plans and caches, once per case
        assert client.get(base + call["path"], params=call["params"]).status_code == 200, call
        floor()
    for i in range(requests):
        call, floor = endpoint_cases[i % len(endpoint_cases)]
        start = time.perf_counter()
        r = client.get(base + call["path"], params=call["params"])
        api.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200, (call, r.status_code)
        start = time.perf_counter()
        floor()
        bare.append((time.perf_counter() - start) * 1000)
    return api, bare


def render(plan: dict[str, Any], depth: int = 0) -> list[str]:
    args = plan.get("args", {})
    line = (
        f"{'  ' * depth}{plan.get('operatorType')}  {args.get('Details', '')}  "
        f"rows={plan.get('rows')} dbHits={plan.get('dbHits')}"
    )
    return [line] + [x for child in plan.get("children", []) for x in render(child, depth + 1)]


def label_scans(plan: dict[str, Any]) -> list[str]:
    found = []
    if "NodeByLabelScan" in plan.get("operatorType", "") or "AllNodesScan" in plan.get("operatorType", ""):
        details = plan.get("args", {}).get("Details", "")
        if "AllNodesScan" in plan["operatorType"] or any(f":{label}" in details for label in SCANNED):
            found.append(f"{plan['operatorType']} {details}")
    return found + [x for c in plan.get("children", []) for x in label_scans(c)]


def plans(db: Database, vocab: Vocabulary, n: int) -> dict[str, list[str]]:
    PLANS.mkdir(parents=True, exist_ok=True)
    enmeshment = concept_ids(resolve_term(vocab, "enmeshment", ("pattern",)))
    role = concept_ids(resolve_term(vocab, "parentified child", ("role",)))
    vid = f"syn-1-{n // 2:06d}"
    none = {"kin": [], "without": [], "implied": IMPLIED_GENDER}
    kin = kin_params([parse_kin("mother and son")])
    uses = [k for r in ranked_stats(db, vocab, enmeshment[:1]) for k in fact_keys(r["sample"][:5])]
    main: dict[str, dict[str, Any]] = {
        "stats_for": {"concept_ids": enmeshment[:1]},
        "intervention_uses": {"keys": uses, "concept_ids": enmeshment},
        "vignettes_by_concepts": {"filters": [role, enmeshment], "limit": 20, "offset": 0, **none},
        "vignettes_by_concepts_walk": {
            "filters": [role, enmeshment],
            "limit": 20,
            "offset": 0,
            "examine": n,
            **none,
        },
        "vignettes_by_concepts_count": {"filters": [role, enmeshment], "cap": CAP, **none},
        "vignettes_search": {"q": "drinking", "filters": [enmeshment], "limit": 20, "offset": 0, **none},
        "search_text": {"q": "drinking", "limit": 20, "offset": 0, "cap": CAP},
        "pattern_profile": {"concept_ids": enmeshment},
        "similar_candidates": {
            "concepts": [{"kind": "pattern", "id": "enmeshment"}, {"kind": "role", "id": "client"}],
            "exclude": vid,
            "pool": CANDIDATE_POOL,
            "per_concept": PER_CONCEPT,
            "budget": BUDGET,
            "kinds": list(KIND_WEIGHTS),
        },
        "vignette_facts": {"id": vid},
        "vignette_find": {"ref": "ada", "slug": "ada", "first": "ada", "title": 'title:"ada"'},
        "stats_by_intervention": {"intervention_id": "family-therapy"},
        "vignettes_walk_count": {"filters": [], "cap": CAP, "examine": 20_000, **none, "kin": kin},
        "concept_usage": {"ids": enmeshment},
    }
    scans = {}
    for name, params in main.items():
        plan = db.profile(name, **params)
        (PLANS / f"{name}.txt").write_text(
            f"// PROFILE of {name} at {n} synthetic vignettes; params {params}\n" + "\n".join(render(plan)) + "\n"
        )
        scans[name] = label_scans(plan)
    return scans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--requests", type=int, default=60, help="timed calls per endpoint and size")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the synthetic vignettes already in the benchmark database (seed 1) and add only the rest",
    )
    parser.add_argument("--name", default="queries", help="results file: bench/results/NAME.json")
    args = parser.parse_args()
    vocab = load_vocabulary()
    sizes = sorted(args.sizes)
    results: dict[str, dict[str, Any]] = {}
    scans: dict[str, list[str]] = {}
    with bench_database(empty=not args.reuse) as (db, settings):
        from bench.load import fresh

        loaded = db.read("vignette_total")[0]["total"] if args.reuse else 0
        if not args.reuse:
            fresh(db, vocab)  # schema and vocabulary on the new store
        stream = generate(vocab, sizes[-1], seed=1)
        for _ in itertools.islice(stream, loaded):
            pass
        for n in sizes:
            if n < loaded:
                raise SystemExit(f"--reuse: the database already holds {loaded} vignettes, more than {n}")
            with console.status(f"Loading synthetic vignettes up to {n}..."):
                chunk = (vignette_rows(check_data(d, d["id"], vocab)) for d in itertools.islice(stream, n - loaded))
                load_rows(db, chunk, vocab, batch_size=1000)
                loaded = n
            proc, base = serve(settings)
            try:
                with httpx.Client(timeout=60) as client, console.status(f"Timing queries at {n} vignettes..."):
                    for endpoint, endpoint_cases in cases(db, vocab, n).items():
                        api, bare = measure(client, base, endpoint_cases, args.requests)
                        results.setdefault(endpoint, {})[str(n)] = {"api": summary(api), "bare_cypher": summary(bare)}
                        console.print(f"{n} {endpoint}: {results[endpoint][str(n)]}")
            finally:
                proc.terminate()
                proc.wait()
        with console.status("Profiling the main queries..."):
            scans = plans(db, vocab, sizes[-1])
    rows = []
    for endpoint, by_size in results.items():
        for n in sizes:
            r = by_size[str(n)]
            r["api_over_bare_p50"] = round(r["api"]["p50_ms"] / r["bare_cypher"]["p50_ms"], 2)
            r["api_over_bare_p95"] = round(r["api"]["p95_ms"] / r["bare_cypher"]["p95_ms"], 2)
            rows.append(
                [
                    endpoint,
                    n,
                    r["api"]["p50_ms"],
                    r["api"]["p95_ms"],
                    r["bare_cypher"]["p50_ms"],
                    r["bare_cypher"]["p95_ms"],
                    r["api_over_bare_p50"],
                    r["api_over_bare_p95"],
                ]
            )
        if len(sizes) > 1:
            growth = round(by_size[str(sizes[-1])]["api"]["p95_ms"] / by_size[str(sizes[0])]["api"]["p95_ms"], 2)
            by_size["p95_growth"] = {"from": sizes[0], "to": sizes[-1], "ratio": growth}
            rows.append([endpoint, f"p95 growth {sizes[0]} -> {sizes[-1]}", "", f"{growth}x", "", "", "", ""])
    report(
        args.name,
        "Query latency (ms): through the API, and the bare Cypher of the same answer",
        ["endpoint", "vignettes", "API p50", "API p95", "Cypher p50", "Cypher p95", "API/Cypher p50", "API/Cypher p95"],
        rows,
        {
            "requests_per_endpoint": args.requests,
            "results": results,
            "label_scans_in_plans": scans,
            "targets": {"interventions_api_over_bare_at_10000": "<= 1.5", "p95_growth_1000_to_100000": "<= 3"},
        },
    )
    bad = {k: v for k, v in scans.items() if v}
    console.print("Plans: no label scan over vignettes, facts or persons." if not bad else f"Label scans: {bad}")


if __name__ == "__main__":
    main()
