"""Catalogues of Cypher queries: one `.cypher` file per query, each describing itself.

Each file starts with comment lines: `// answers: ...` (what question it answers)
and `// touches: ...` (the labels and relationship types it reads or writes).
A reader finds the query behind any answer by its name, in one step.

`PRODUCT` is the catalogue of the queries the knowledge base runs (kb/store/cypher/,
package data); a name given to `Database.read` and friends is looked up there.
Benchmarks and tests keep their own Cypher (bench/cypher/, tests/cypher/) in
catalogues of their own, read by this same code, so that nothing but the
product's queries ships with the product.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    answers: str
    touches: str


def parse_query(path: Path) -> Query:
    """One catalogued query file; its header must say what it answers."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        key, _, value = line[2:].strip().partition(":")
        header[key.strip()] = value.strip()
    if "answers" not in header:
        raise ValueError(f"{path}: a catalogued query starts with '// answers: <what it answers>'")
    return Query(path.stem, text, header["answers"], header.get("touches", ""))


class Catalogue:
    """The queries of one folder, by name (the file name without .cypher), read once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @cached_property
    def queries(self) -> dict[str, Query]:
        return {p.stem: parse_query(p) for p in sorted(self.folder.glob("*.cypher"))}

    def __getitem__(self, name: str) -> Query:
        try:
            return self.queries[name]
        except KeyError:
            raise KeyError(f"no query {name!r} in {self.folder}") from None

    def __contains__(self, name: object) -> bool:
        return name in self.queries


PRODUCT = Catalogue(Path(__file__).resolve().parent / "cypher")


def query(name: str) -> Query:
    """The product's catalogued query called `name`."""
    return PRODUCT[name]
