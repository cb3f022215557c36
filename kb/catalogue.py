"""The catalogue of every Cypher query the project runs: one `.cypher` file per query in kb/cypher/.

Each file starts with comment lines: `// answers: ...` (what question it answers)
and `// touches: ...` (the labels and relationship types it reads or writes).
A reader finds the query behind any answer by its name, in one step.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parent / "cypher"


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    answers: str
    touches: str


def _parse(path: Path) -> Query:
    header: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if not line.startswith("//"):
            break
        key, _, value = line[2:].strip().partition(":")
        header[key.strip()] = value.strip()
    if "answers" not in header:
        raise ValueError(f"{path}: a catalogued query starts with '// answers: <what it answers>'")
    return Query(path.stem, path.read_text(), header["answers"], header.get("touches", ""))


@cache
def catalogue() -> dict[str, Query]:
    return {p.stem: _parse(p) for p in sorted(CYPHER_DIR.glob("*.cypher"))}


def query(name: str) -> Query:
    """The catalogued query called `name` (the file name without .cypher)."""
    try:
        return catalogue()[name]
    except KeyError:
        raise KeyError(f"no query {name!r} in {CYPHER_DIR}") from None
