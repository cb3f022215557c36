"""Server time of the web pages at 10,000 vignettes (target: under 300 ms each).

    .venv/bin/python -m bench.web [--vignettes 10000] [--requests 40] [--reuse]

The benchmark's own Neo4j is filled with `kb generate` vignettes (seed 1, as bench.queries does;
--reuse keeps those already there and adds only the rest), then a real `kb serve` (uvicorn, one
process) is asked for each page over a keep-alive connection on 127.0.0.1, --requests times per
page, cycling through several vignettes, concepts and words, common and rare. Each time is the
whole answer as a browser gets it (the HTML, not the static files), so it bounds the server's
time from above by a loopback round trip. Every request is signed in as an editor (the key is
checked on each), as the edit page needs. The first view of each address is timed apart: the
pages keep answers that walk many vignettes (web.cache) until the data change, so a first view
after a write pays for them; "concept (pattern)" then leaves its profile to a fragment, timed
as "pattern profile". Each page is followed by the JSON API's address of the same answer, so the
pages' own cost reads as a ratio against the API under the same load (a shared machine's load
moves both). The trainers' pages are timed over teaching cases drafted from the synthetic vignettes
(one per pattern, each saved and edited once; one made stale by a change to its vignette); a draft
is kept until the data change, so its first view is the drafting itself. PDF downloads are
exports, not pages: they are timed apart (--pdfs per edition). --only NAME times only the pages
whose name holds NAME (e.g. teaching).
 The writers' pages are asked for three test articles of tests/articles/ (11 kB of
plain text, HTML, Markdown), stored once; what comes from an article's content alone (its tags,
its draft) is kept by its version (web.kept), so only a first view computes it.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
from typing import Any

import httpx
import yaml

from bench.common import ROOT, bench_database, console, report, summary
from bench.queries import serve, terms
from kb.articles.store import body_from_upload, create_article, prepare
from kb.authoring.generate import generate
from kb.authoring.validate import check_data
from kb.errors import KbError
from kb.store.db import Database
from kb.teaching.draft import draft_case
from kb.teaching.store import create_case, delete_case, get_case, list_cases, update_case
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.editing import save_vignette
from kb.writing.keys import Neo4jKeyStore, Role
from kb.writing.loader import load_rows
from kb.writing.rows import vignette_rows
from kb.writing.source import vignette_source

TARGET_MS = 300.0


def pages(vocab: Any, n: int, articles: tuple[str, ...] = ()) -> dict[str, list[tuple[str, str | None]]]:
    """Per page, the addresses asked (cycled), each with the JSON API's address of the same answer (the baseline)."""
    ids = [f"syn-1-{i:06d}" for i in (1, n // 7, n // 3, n // 2, (2 * n) // 3, n)]
    patterns, roles = terms(vocab, "pattern"), terms(vocab, "role")
    interventions, outcomes = terms(vocab, "intervention", 2), terms(vocab, "outcome", 2)
    label = {c: vocab.concepts[c].label.replace(" ", "+") for c in vocab.concepts}
    words = ["therapy+mother", "drinking", "boundary+setting", "guilt", "brother"]
    asks = [f"interventions+for+{label[p]}" for p in patterns]
    pairs = [f"vignettes+with+{label[p]}+and+{label[r]}" for p, r in zip(patterns, roles, strict=False)]
    filters = [f"pattern={p}&role={r}" for p, r in zip(patterns, roles, strict=False)]
    used_for = [f"what+is+{label[i]}+used+for" for i in interventions]
    compare = [f"compare+{label[a]}+and+{label[b]}" for a, b in itertools.pairwise(patterns)]
    kinds = ("pattern", "role", "behavior")
    return {
        "home": [("/", "/api/v1/concepts?kind=pattern&limit=100")],
        "ask (interventions for X)": [(f"/ask?q={q}", f"/api/v1/ask?q={q}") for q in asks],
        "ask (vignettes with X and Y)": [(f"/ask?q={q}", f"/api/v1/ask?q={q}") for q in pairs],
        "ask (what X was used for)": [(f"/ask?q={q}", f"/api/v1/ask?q={q}") for q in used_for],
        "ask (compare X and Y)": [(f"/ask?q={q}", f"/api/v1/ask?q={q}") for q in compare],
        "vignette": [(f"/vignettes/{i}", f"/api/v1/vignettes/{i}") for i in ids],
        "vignette: similar cases": [(f"/vignettes/{i}/similar", f"/api/v1/vignettes/{i}/similar") for i in ids],
        "vignette graph": [(f"/vignettes/{i}/graph", f"/api/v1/vignettes/{i}/graph") for i in ids],
        "vignettes, 2 filters": [(f"/vignettes?{f}", f"/api/v1/vignettes?{f}") for f in filters],
        "vignettes, page 50": [("/vignettes?page=50", "/api/v1/vignettes?offset=980&limit=20")],
        "concept (pattern)": [(f"/concepts/{p}", f"/api/v1/concepts/{p}") for p in patterns],
        "pattern profile (fragment)": [(f"/concepts/{p}/profile", f"/api/v1/patterns/{p}/profile") for p in patterns],
        "concept (role)": [(f"/concepts/{r}", f"/api/v1/concepts/{r}") for r in roles],
        "concept (intervention)": [(f"/concepts/{i}", f"/api/v1/concepts/{i}") for i in interventions],
        "concept (outcome)": [(f"/concepts/{o}", f"/api/v1/concepts/{o}") for o in outcomes],
        "concepts by family": [(f"/concepts?kind={k}", f"/api/v1/concepts?kind={k}&limit=100") for k in kinds],
        "search": [(f"/search?q={w}", f"/api/v1/search?q={w}") for w in words],
        "search, page 3": [(f"/search?q={w}&page=3", f"/api/v1/search?q={w}&offset=40") for w in words],
        "edit (signed in)": [(f"/vignettes/{i}/edit", None) for i in ids],
        **article_pages(articles),
    }


ARTICLES = ROOT / "tests" / "articles"
ARTICLE_FILES = (
    "ambivalence-codependence-mother-daughter.txt",
    "after-her-fathers-death.html",
    "the-peacemaker-child.md",
)


def store_articles(db: Database, vocab: Any) -> tuple[str, ...]:
    """The test articles (11 kB of plain text, 4.6 kB of HTML, 4.5 kB of Markdown), stored if not yet."""
    ids = []
    for name in ARTICLE_FILES:
        path = ARTICLES / name
        prepared = prepare(body_from_upload(path.read_bytes(), path.name, None, {"id": path.stem}), path.name)
        if not db.read("article_get", id=prepared.article.id):
            create_article(db, vocab, prepared, Actor.command_line())
        ids.append(prepared.article.id)
    return tuple(ids)


def article_pages(ids: tuple[str, ...]) -> dict[str, list[tuple[str, str | None]]]:
    """The writers' pages; the article page's baseline is its tags as JSON (the page shows them marked in the text)."""
    if not ids:
        return {}
    return {
        "articles": [("/articles", "/api/v1/articles")],
        "article": [(f"/articles/{a}", f"/api/v1/articles/{a}/concepts") for a in ids],
        "article: suggested cases": [
            (f"/articles/{a}/suggestions", f"/api/v1/articles/{a}/suggestions?k=8") for a in ids
        ],
        "article: vignette draft": [(f"/articles/{a}/draft", None) for a in ids],
        "article edit (signed in)": [(f"/articles/{a}/edit", None) for a in ids],
        "new article (signed in)": [("/articles/new", None)],
    }


def teaching_cases(db: Database, vocab: Any, patterns: list[str]) -> tuple[list[str], str | None]:
    """Teaching cases drafted from the synthetic vignettes (one per pattern that has a vignette), each saved, then
    edited once; the last one's vignette then changes, so that its page shows what changed (a stale case). Cases of
    an earlier run (--reuse) are removed first."""
    me = Actor.command_line()
    for item in list_cases(db, vocab, limit=100).items:
        delete_case(db, item.id, me)
    ids: list[str] = []
    for pattern in patterns:
        try:
            case = draft_case(db, vocab, [pattern], None, 1).case
        except KbError:  # no vignette shows it
            continue
        saved = create_case(db, vocab, case, me)
        update_case(db, vocab, case.id, case.model_copy(update={"audience": "second-year trainees"}), me, saved.version)
        ids.append(case.id)
    if not ids:
        return ids, None
    stale = get_case(db, ids[-1]).case.vignettes[0].id
    source = vignette_source(db, stale)
    data = yaml.safe_load(source.text)
    data["title"] = data["title"] + " (revised)"
    save_vignette(db, vocab, check_data(data, stale, vocab), me, source.version)
    return ids, ids[-1]


def teaching_pages(ids: list[str], stale: str | None, patterns: list[str]) -> dict[str, list[tuple[str, str | None]]]:
    """The trainers' pages, each with the JSON API's address of the same answer where there is one."""
    fresh = [i for i in ids if i != stale] or ids
    api = "/api/v1/teaching-cases"
    out: dict[str, list[tuple[str, str | None]]] = {
        "teaching cases": [("/teaching-cases", api)],
        "teaching cases, by concept": [(f"/teaching-cases?concept={p}", f"{api}?concept={p}") for p in patterns],
        "teaching case (student)": [(f"/teaching-cases/{i}", f"{api}/{i}") for i in fresh],
        "teaching case (instructor)": [(f"/teaching-cases/{i}?edition=instructor", f"{api}/{i}") for i in fresh],
        "teaching case, version 1": [(f"/teaching-cases/{i}?revision=1", f"{api}/{i}/versions/1") for i in fresh],
        "teaching case versions": [(f"/teaching-cases/{i}/versions", f"{api}/{i}/versions") for i in fresh],
        "teaching case edit (signed in)": [(f"/teaching-cases/{i}/edit", None) for i in fresh],
        "teaching draft (1 vignette)": [(f"/teaching-cases/draft?concepts={p}", None) for p in patterns],
        "teaching draft (2 vignettes)": [(f"/teaching-cases/draft?concepts={p}&vignettes=2", None) for p in patterns],
    }
    if stale:
        out["teaching case, stale (what changed)"] = [(f"/teaching-cases/{stale}", f"{api}/{stale}")]
    return out


def time_pdfs(client: httpx.Client, base: str, ids: list[str], requests: int) -> dict[str, Any]:
    """A PDF is an export, not a page: the download of each edition, timed apart (WeasyPrint, seconds)."""
    out = {}
    for edition in ("student", "instructor"):
        times = []
        for case_id in itertools.islice(itertools.cycle(ids), requests):
            start = time.perf_counter()
            r = client.get(f"{base}/teaching-cases/{case_id}/download?format=pdf&edition={edition}")
            times.append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200 and r.content.startswith(b"%PDF-"), (case_id, r.status_code)
        out[edition] = {**summary(times), "bytes": len(r.content)}
    return out


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
    parser.add_argument("--only", default="", help="time only the pages whose name holds this, e.g. teaching")
    parser.add_argument("--pdfs", type=int, default=3, help="PDF downloads timed per edition (0: none)")
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
        with console.status("Drafting and saving teaching cases..."):
            case_ids, stale = teaching_cases(db, vocab, terms(vocab, "pattern"))
        key = Neo4jKeyStore(db).add("bench web", Role.editor, Actor.command_line())[1]
        with console.status("Storing the test articles..."):
            articles = store_articles(db, vocab)
        proc, api_base = serve(settings)
        base = api_base.removesuffix("/api/v1")
        results: dict[str, Any] = {}
        pdfs: dict[str, Any] = {}
        try:
            with httpx.Client(timeout=60, follow_redirects=False) as client:
                sign_in(client, base, key)
                every = pages(vocab, n, articles) | teaching_pages(case_ids, stale, terms(vocab, "pattern"))
                for name, paths in every.items():
                    if args.only not in name:
                        continue
                    first = []
                    for path, api in paths:  # the first view of each address: plans, and the answers pages keep
                        start = time.perf_counter()
                        r = client.get(base + path)
                        first.append((time.perf_counter() - start) * 1000)
                        assert r.status_code == 200, (path, r.status_code)
                        if api:
                            assert client.get(base + api).status_code == 200, api
                    times, api_times = [], []
                    with console.status(f"Timing {name}..."):
                        for path, api in itertools.islice(itertools.cycle(paths), args.requests):
                            start = time.perf_counter()
                            r = client.get(base + path)
                            times.append((time.perf_counter() - start) * 1000)
                            assert r.status_code == 200, (path, r.status_code)
                            if api:  # the same answer as JSON, right after: the baseline under the same load
                                start = time.perf_counter()
                                client.get(base + api)
                                api_times.append((time.perf_counter() - start) * 1000)
                    page, api_summary = summary(times), summary(api_times) if api_times else None
                    results[name] = {
                        **page,
                        "api": api_summary,
                        "page_over_api_p50": round(page["p50_ms"] / api_summary["p50_ms"], 2) if api_summary else None,
                        "first_view_max_ms": round(max(first), 1),
                        "addresses": len(paths),
                        "bytes": len(r.content),
                    }
                if args.pdfs and case_ids:
                    with console.status("Timing PDF downloads..."):
                        pdfs = time_pdfs(client, base, case_ids, args.pdfs)
        finally:
            proc.terminate()
            proc.wait()
    rows = [
        [
            name,
            r["p50_ms"],
            r["p95_ms"],
            "yes" if r["p95_ms"] < TARGET_MS else "NO",
            r["api"]["p50_ms"] if r["api"] else "",
            r["page_over_api_p50"] or "",
            r["first_view_max_ms"],
            f"{r['bytes']:,}",
        ]
        for name, r in results.items()
    ]
    for edition, r in pdfs.items():
        console.print(
            f"PDF download, {edition} edition (an export, not a page): p50 {r['p50_ms']:.0f} ms, "
            f"p95 {r['p95_ms']:.0f} ms, {r['bytes']:,} bytes, {r['n']} requests"
        )
    report(
        f"web-{re.sub(r'[^a-z0-9]+', '-', args.only.lower()).strip('-')}" if args.only else "web",
        f"Web pages at {n:,} vignettes: server time through HTTP on 127.0.0.1 (ms)",
        ["page", "p50", "p95", f"p95 < {TARGET_MS:.0f}", "API p50", "page/API p50", "first view (max)", "HTML bytes"],
        rows,
        {
            "command": " ".join(["python", "-m", "bench.web", *sys.argv[1:]]),
            "vignettes": n,
            "requests_per_page": args.requests,
            "target_ms": TARGET_MS,
            "results": results,
            "pdf": pdfs,
        },
    )


if __name__ == "__main__":
    main()
