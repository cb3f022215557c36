"""Server time of the web pages at 10,000 vignettes (target: under 300 ms each).

    .venv/bin/python -m bench.web [--vignettes 10000] [--requests 40] [--reuse]

The benchmark's own Neo4j is filled with `kb generate` vignettes (seed 1, as bench.queries does;
--reuse keeps those already there and adds only the rest), then a real `kb serve` (uvicorn, one
process) is asked for each page over a keep-alive connection on 127.0.0.1, --requests times per
page, cycling through several vignettes, concepts and words, common and rare. Each time is the
whole answer as a browser gets it (the HTML, not the static files), so it bounds the server's
time from above by a loopback round trip. The edit page is asked as a signed-in editor.
"""

from __future__ import annotations

import argparse
import itertools
import re
import time
from typing import Any

import httpx

from bench.common import bench_database, console, report, summary
from bench.queries import serve, terms
from kb.authoring.generate import generate
from kb.authoring.validate import check_data
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.keys import Neo4jKeyStore, Role
from kb.writing.loader import load_rows
from kb.writing.rows import vignette_rows

TARGET_MS = 300.0


def pages(vocab: Any, n: int) -> dict[str, list[str]]:
    """Per page, the addresses asked (cycled)."""
    ids = [f"syn-1-{i:06d}" for i in (1, n // 7, n // 3, n // 2, (2 * n) // 3, n)]
    patterns, roles = terms(vocab, "pattern"), terms(vocab, "role")
    interventions, outcomes = terms(vocab, "intervention", 2), terms(vocab, "outcome", 2)
    label = {c: vocab.concepts[c].label for c in vocab.concepts}
    words = ["therapy mother", "drinking", "boundary setting", "guilt", "brother"]
    return {
        "home": ["/"],
        "ask (interventions for X)": [f"/ask?q=interventions+for+{label[p].replace(' ', '+')}" for p in patterns],
        "ask (vignettes with X and Y)": [
            f"/ask?q=vignettes+with+{label[p].replace(' ', '+')}+and+{label[r].replace(' ', '+')}"
            for p, r in zip(patterns, roles, strict=False)
        ],
        "vignette": [f"/vignettes/{i}" for i in ids],
        "vignette: similar cases": [f"/vignettes/{i}/similar" for i in ids],
        "vignette graph": [f"/vignettes/{i}/graph" for i in ids],
        "vignettes, 2 filters": [f"/vignettes?pattern={p}&role={r}" for p, r in zip(patterns, roles, strict=False)],
        "vignettes, page 50": ["/vignettes?page=50"],
        "concept (pattern)": [f"/concepts/{p}" for p in patterns],
        "concept (role)": [f"/concepts/{r}" for r in roles],
        "concept (intervention)": [f"/concepts/{i}" for i in interventions],
        "concept (outcome)": [f"/concepts/{o}" for o in outcomes],
        "concepts by family": ["/concepts?kind=pattern", "/concepts?kind=role", "/concepts?kind=behavior"],
        "search": [f"/search?q={w.replace(' ', '+')}" for w in words],
        "search, page 3": [f"/search?q={w.replace(' ', '+')}&page=3" for w in words],
        "edit (signed in)": [f"/vignettes/{i}/edit" for i in ids],
    }


def keep_session(client: httpx.Client, response: httpx.Response) -> None:
    """The session cookie is Secure: httpx sends it only over https, so over loopback http it is sent by hand."""
    found = re.search(r"kb_session=([^;]+)", response.headers.get("set-cookie", ""))
    if found:
        client.headers["Cookie"] = f"kb_session={found.group(1)}"


def sign_in(client: httpx.Client, base: str, key: str) -> None:
    r = client.get(f"{base}/signin")
    keep_session(client, r)
    token = re.search(r'name="csrf" value="([^"]+)"', r.text)
    assert token, "no CSRF token on /signin"
    r = client.post(f"{base}/signin", data={"key": key, "csrf": token.group(1), "next": "/"})
    assert r.status_code == 303, r.status_code
    keep_session(client, r)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vignettes", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--reuse", action="store_true", help="keep the synthetic vignettes already loaded (seed 1)")
    args = parser.parse_args()
    vocab = load_vocabulary()
    n = args.vignettes
    with bench_database(empty=not args.reuse) as (db, settings):
        from bench.load import fresh

        loaded = db.read("vignette_total")[0]["total"] if args.reuse else 0
        if not args.reuse:
            fresh(db, vocab)
        if loaded > n:
            raise SystemExit(f"--reuse: the database holds {loaded} vignettes, more than {n}")
        if loaded < n:
            stream = itertools.islice(generate(vocab, n, seed=1), loaded, n)
            with console.status(f"Loading synthetic vignettes {loaded + 1}..{n}..."):
                load_rows(db, (vignette_rows(check_data(d, d["id"], vocab)) for d in stream), vocab, batch_size=1000)
        key = Neo4jKeyStore(db).add("bench web", Role.editor, Actor.command_line())[1]
        proc, api_base = serve(settings)
        base = api_base.removesuffix("/api/v1")
        results: dict[str, Any] = {}
        try:
            with httpx.Client(timeout=60, follow_redirects=False) as client:
                sign_in(client, base, key)
                for name, paths in pages(vocab, n).items():
                    for path in paths:  # warm-up: plans and caches, once per address
                        r = client.get(base + path)
                        assert r.status_code == 200, (path, r.status_code)
                    times = []
                    with console.status(f"Timing {name}..."):
                        for path in itertools.islice(itertools.cycle(paths), args.requests):
                            start = time.perf_counter()
                            r = client.get(base + path)
                            times.append((time.perf_counter() - start) * 1000)
                            assert r.status_code == 200, (path, r.status_code)
                    results[name] = {**summary(times), "addresses": len(paths), "bytes": len(r.content)}
        finally:
            proc.terminate()
            proc.wait()
    rows = [
        [name, r["addresses"], r["p50_ms"], r["p95_ms"], "yes" if r["p95_ms"] < TARGET_MS else "NO", f"{r['bytes']:,}"]
        for name, r in results.items()
    ]
    report(
        "web",
        f"Web pages at {n:,} vignettes: server time through HTTP on 127.0.0.1 (ms)",
        ["page", "addresses", "p50", "p95", f"p95 < {TARGET_MS:.0f} ms", "HTML bytes"],
        rows,
        {"vignettes": n, "requests_per_page": args.requests, "target_ms": TARGET_MS, "results": results},
    )


if __name__ == "__main__":
    main()
