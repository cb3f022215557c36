"""A marker of the data's state, cheap enough to read on every request: answers derived from the whole graph
(vignettes per concept, pattern profiles) can be kept by a face until it changes.

Every write through kb (the API, the pages, `kb load`, `kb remove`, import) records an audit entry in its own
transaction, so the count of audit entries moves with each of them; the counts of vignettes, facts and
persons move with most writes made without an actor too (tests, benchmarks). All four come from Neo4j's
count store, in constant time.
"""

from __future__ import annotations

from kb.store.db import Database

Generation = tuple[int, int, int, int]


def data_generation(db: Database) -> Generation:
    row = db.read("data_generation")[0]
    return row["audits"], row["vignettes"], row["facts"], row["persons"]
