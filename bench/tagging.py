"""How long the concept matcher takes to tag a text, against spaCy's own tokenization of it.

    .venv/bin/python -m bench.tagging [--repeat 5]

The texts are the shared article as received (11 kB, lower-cased, no sentence
punctuation) repeated to 100 kB and 1 MB. The baseline is `spacy.blank("en")`
tokenizing the same text in the same run: the floor any spaCy-based tagger pays.
Writes bench/results/tagging.json.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial

import spacy

from bench.common import ROOT, console, report
from kb.articles.tagging import article_mentions
from kb.vocab.matcher import matcher_for
from kb.vocab.vocabulary import load_vocabulary

ARTICLE = ROOT / "tests" / "articles" / "ambivalence-codependence-mother-daughter.txt"


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    matcher = matcher_for(load_vocabulary())
    build = time.perf_counter() - started
    blank = spacy.blank("en")
    blank.max_length = 10_000_000
    article = ARTICLE.read_text()
    rows: list[list[object]] = []
    for label, text in (("article (11 kB)", article), ("100 kB", article * 9), ("1 MB", article * 90)):
        matcher.mentions(text)  # warm-up
        tag = best_of(args.repeat, partial(matcher.mentions, text))
        tokenize = best_of(args.repeat, partial(blank.make_doc, text))
        whole = best_of(args.repeat, partial(article_mentions, matcher.vocab, text))  # + the case story's passage
        per_100k = tag / len(text) * 100_000
        rows.append(
            [
                label,
                len(text),
                len(matcher.mentions(text)),
                f"{tag * 1000:.1f}",
                f"{tokenize * 1000:.1f}",
                f"{tag / tokenize:.2f}x",
                f"{per_100k * 1000:.1f}",
                f"{whole / len(text) * 100_000 * 1000:.1f}",
            ]
        )
    console.print(f"Building the matcher ({len(matcher.vocab)} concepts): {build:.2f} s")
    report(
        "tagging",
        "Tagging time (best of --repeat), against spaCy's tokenizer in the same run",
        [
            "text",
            "chars",
            "mentions",
            "tag ms",
            "tokenize ms",
            "tag/tokenize",
            "ms per 100 kB",
            "article ms per 100 kB",
        ],
        rows,
        {"build_s": round(build, 3), "repeat": args.repeat},
    )


if __name__ == "__main__":
    main()
