"""Teaching cases: the time to draft one, and to render each format and edition; WeasyPrint against Typst.

    .venv/bin/python -m bench.teaching [--repeat 5]

The benchmark's own Neo4j is loaded with vignettes/ (45 vignettes). Drafting the worked example's case
(parentification and codependency, Donna and one more vignette) is timed against its floor in the same run:
reading the two vignettes it is cut from (kb.queries.vignettes.get_vignette). Each format and edition is
rendered --repeat times; the PDF by WeasyPrint (what kb uses: the HTML and its print CSS) and, for the
comparison, by Typst (the `typst` package, a template of the same content in bench/typst/case.typ). Each
engine's install weight (its Python distributions on disk) and what it needs from the system are reported;
the first page of each PDF goes to var/bench-teaching/ as a PNG when pdftoppm is there, to compare them.
"""

from __future__ import annotations

import argparse
import ctypes.util
import importlib.metadata
import io
import json
import shutil
import subprocess
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from bench.common import ROOT, bench_database, report, summary
from kb.queries.vignettes import get_vignette
from kb.teaching.draft import draft_case
from kb.teaching.render import render, view
from kb.teaching.store import NEW, get_case, save_case
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.loader import load_paths

OUT = ROOT / "var" / "bench-teaching"
TEMPLATE = ROOT / "bench" / "typst" / "case.typ"


def timed(work: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    work()  # warm: query plans, templates, fonts
    ms, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        ms.append((time.perf_counter() - start) * 1000)
    return ms, result


def weight(*dists: str) -> float:
    """MiB on disk of these distributions' files."""
    total = 0
    for name in dists:
        for f in importlib.metadata.distribution(name).files or []:
            path = Path(str(f.locate()))
            if path.is_file():
                total += path.stat().st_size
    return round(total / 2**20, 1)


def typst_pdf(data: dict[str, Any]) -> bytes:
    import typst

    return typst.compile(str(TEMPLATE), sys_inputs={"data": json.dumps(data)})


def typst_of(stored: Any, edition: str) -> bytes:
    return typst_pdf(typst_data(stored, edition))


def typst_data(stored: Any, edition: str) -> dict[str, Any]:
    v = view(stored, edition)  # type: ignore[arg-type]
    return {
        "edition": edition,
        "title": v.case.title,
        "audience": v.case.audience,
        "concepts": v.concepts,
        "objectives": list(v.case.objectives),
        "vignettes": len(v.vignettes),
        "sections": [
            {
                "number": s.number,
                "title": s.title,
                "blocks": [{"vignette": b.vignette, "paragraphs": b.paragraphs} for b in s.blocks],
                "questions": [
                    {
                        "number": q.number,
                        "kind": q.kind,
                        "text": q.text,
                        "answer": q.answer if v.instructor else None,
                        "quotes": [{"label": x.label, "text": x.text} for x in q.quotes] if v.instructor else [],
                    }
                    for q in s.questions
                ],
            }
            for s in v.sections
        ],
    }


def first_page_png(pdf: bytes, name: str) -> None:
    if not shutil.which("pdftoppm"):
        return
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(OUT / f"{name}.pdf"),
            str(OUT / name),
        ],
        check=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    vocab = load_vocabulary()
    rows: list[list[Any]] = []
    data: dict[str, Any] = {"repeat": args.repeat}
    with bench_database() as (db, _settings):
        load_paths(db, [ROOT / "vignettes"], vocab)
        drafting, draft = timed(
            lambda: draft_case(db, vocab, ["parentification", "codependency"], None, 2, ["donna"]), args.repeat
        )
        ids = [c.vignette for c in draft.choices]
        floor, _ = timed(lambda: [get_vignette(db, vocab, vid) for vid in ids], args.repeat)
        one, _ = timed(lambda: draft_case(db, vocab, ["enmeshment"]), args.repeat)
        d, f, o = summary(drafting), summary(floor), summary(one)
        rows.append(
            ["draft: 2 vignettes (the worked example)", d["p50_ms"], d["p95_ms"], round(d["p50_ms"] / f["p50_ms"], 1)]
        )
        rows.append(["draft: 1 vignette (enmeshment)", o["p50_ms"], o["p95_ms"], round(o["p50_ms"] / f["p50_ms"], 1)])
        rows.append(["floor: read the 2 vignettes", f["p50_ms"], f["p95_ms"], 1.0])
        data["draft"] = {"two": d, "one": o, "floor": f}
        saved = save_case(db, vocab, draft.case, Actor.command_line(), NEW)
        stored = get_case(db, saved.id)
        html_ms = None
        for edition in ("student", "instructor"):
            for fmt in ("md", "html", "pdf"):
                ms, out = timed(partial(render, stored, fmt, edition, vocab), args.repeat)
                s = summary(ms)
                html_ms = s["p50_ms"] if fmt == "html" else html_ms
                pages = len(PdfReader(io.BytesIO(out.content)).pages) if fmt == "pdf" else ""
                rows.append(
                    [
                        f"render {fmt} {edition} (WeasyPrint)" if fmt == "pdf" else f"render {fmt} {edition}",
                        s["p50_ms"],
                        s["p95_ms"],
                        f"{round(s['p50_ms'] / (html_ms or s['p50_ms']), 1)} x html; "
                        f"{len(out.content) // 1024} KiB{f', {pages} pages' if pages else ''}",
                    ]
                )
                data[f"{fmt}-{edition}"] = {**s, "bytes": len(out.content), "pages": pages}
                if fmt == "pdf":
                    first_page_png(out.content, f"weasyprint-{edition}")
            ms, pdf = timed(partial(typst_of, stored, edition), args.repeat)
            s = summary(ms)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            rows.append(
                [
                    f"render pdf {edition} (Typst)",
                    s["p50_ms"],
                    s["p95_ms"],
                    f"{round(s['p50_ms'] / (html_ms or 1), 1)} x html; {len(pdf) // 1024} KiB, {pages} pages",
                ]
            )
            data[f"typst-{edition}"] = {**s, "bytes": len(pdf), "pages": pages}
            first_page_png(pdf, f"typst-{edition}")
    data["install"] = {
        "weasyprint_mib": weight("weasyprint", "pydyf", "tinycss2", "cssselect2", "pyphen", "fonttools", "tinyhtml5"),
        "typst_mib": weight("typst"),
        "pango_found": bool(ctypes.util.find_library("pango-1.0")),
    }
    rows.append(
        ["install: WeasyPrint + its Python deps (MiB)", data["install"]["weasyprint_mib"], "", "needs Pango (apt)"]
    )
    rows.append(["install: Typst wheel (MiB)", data["install"]["typst_mib"], "", "self-contained"])
    report("teaching", "Teaching cases: drafting and rendering (ms)", ["what", "p50", "p95", "vs"], rows, data)


if __name__ == "__main__":
    main()
