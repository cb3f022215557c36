"""The identifier check on hostile texts: is its time linear in the text?

Every regular expression of kb.authoring.identifiers (found by looking at the
module, so a new one is covered too) and the whole `scan_text` run on texts
pumped from short units ("a.", "A-", "1 ", ...) between a prefix and a suffix
chosen to make a pattern start everywhere and fail late: the shapes that make
a backtracking engine quadratic or worse. Each runs once on every text of
`--size` characters; the slowest texts (above `--flag-ms` of CPU time) run again at half
the size: a linear cost halves (ratio about 2), a quadratic one quarters (4).
The table shows, per pattern, the slowest text, its time and that ratio.

    .venv/bin/python -m bench.identifiers [--size 100000] [--flag-ms 20]
"""

from __future__ import annotations

import argparse
import itertools
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench.common import report
from kb.authoring import identifiers

UNITS = [
    "a", "A", "1", " ", "\t", "\n", ".", "-", "'", "@", "/", "(", "_", "é", ":", "#",
    "a.", "a-", "A-", "Aa'", "A.", "1 ", "1-", "1.", "1/", "1(", "Ab ", "Ab Cd. ", "a@", "www.", "x.com.",
    "ID ", "id-", "ID1-", "May ", "3 ", "1 A", "Dr ", "aged ", "ninety ", "A. ", "Aa-", "str ", "12 Oak ", " \n ",
]  # fmt: skip
PREFIXES = ["", "A", "1 ", "id ", "May ", "a@"]
SUFFIXES = ["", "1", "_", "@", " Street"]


def hostile_texts(size: int) -> Iterator[tuple[str, str]]:
    """(a short description, the text) for every prefix + unit pumped to about `size` characters + suffix."""
    for prefix, unit, suffix in itertools.product(PREFIXES, UNITS, SUFFIXES):
        yield f"{prefix!r} + {unit!r} * n + {suffix!r}", prefix + unit * (size // len(unit)) + suffix


def patterns() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern of the identifier check, by name (lists of patterns as name[i])."""
    found: dict[str, re.Pattern[str]] = {}
    for name, value in vars(identifiers).items():
        if isinstance(value, re.Pattern):
            found[name] = value
        elif isinstance(value, list) and value and all(isinstance(v, re.Pattern) for v in value):
            found.update({f"{name}[{i}]": v for i, v in enumerate(value)})
    return found


def _counter(pattern: re.Pattern[str]) -> Callable[[str], int]:
    return lambda text: sum(1 for _ in pattern.finditer(text))


def runners() -> dict[str, Callable[[str], Any]]:
    """What is timed: each pattern over a whole text, and the whole check of one field."""
    timed: dict[str, Callable[[str], Any]] = {name: _counter(p) for name, p in patterns().items()}
    timed["scan_text"] = lambda text: identifiers.scan_text(text, "narrative", ["Mira"])
    return timed


def seconds(run: Callable[[str], Any], text: str, repeat: int = 1) -> float:
    """CPU seconds of this thread (other processes on the machine do not count), the least of `repeat` runs."""
    best = float("inf")
    for _ in range(repeat):
        began = time.thread_time()
        run(text)
        best = min(best, time.thread_time() - began)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="characters of each hostile text")
    parser.add_argument("--flag-ms", type=float, default=20.0, help="texts slower than this are timed at half size")
    args = parser.parse_args()
    texts = dict(hostile_texts(args.size))
    results, rows = [], []
    for name, run in runners().items():
        times = sorted(((seconds(run, text), what) for what, text in texts.items()), reverse=True)
        slowest, what = times[0]
        flagged = [(t, w) for t, w in times if t * 1000 > args.flag_ms][:5]
        half = dict(hostile_texts(args.size // 2))
        ratios = [seconds(run, texts[w], 3) / max(seconds(run, half[w], 3), 1e-6) for _, w in flagged]
        ratio = max(ratios, default=None)
        results.append(
            {"pattern": name, "slowest_ms": round(slowest * 1000, 2), "slowest_text": what, "worst_ratio": ratio}
        )
        rows.append([name, f"{slowest * 1000:.1f}", what, f"{ratio:.1f}" if ratio else "-"])
    report(
        "identifiers",
        f"Identifier check on {len(texts):,} hostile texts of {args.size:,} characters",
        ["pattern", "slowest ms", "slowest text", f"t / t(half) when over {args.flag_ms:g} ms (linear: 2)"],
        rows,
        {"size": args.size, "texts": len(texts), "flag_ms": args.flag_ms, "results": results},
    )


if __name__ == "__main__":
    main()
