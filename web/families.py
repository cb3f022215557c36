"""Concepts of one kind arranged by their broader concepts, for browsing: families first, then the rest A-Z."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.answers import ConceptSummary
from kb.models import ConceptKind
from kb.queries.concepts import list_concepts
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary

PAGE = 100


@dataclass
class Member:
    concept: ConceptSummary
    depth: int  # 1: a narrower concept of the family's head, 2: narrower still...


@dataclass
class Family:
    head: ConceptSummary
    members: list[Member] = field(default_factory=list)

    @property
    def vignettes(self) -> int:
        return self.head.vignettes


@dataclass
class Browse:
    kind: str
    families: list[Family]
    single: list[ConceptSummary]  # concepts with neither broader nor narrower ones (and retired ones)
    total: int


def all_concepts(db: Database, vocab: Vocabulary, kind: ConceptKind) -> list[ConceptSummary]:
    items: list[ConceptSummary] = []
    while True:
        page = list_concepts(db, vocab, kind, limit=PAGE, offset=len(items))
        items += page.items
        if not page.items or len(items) >= page.total:
            return items


def browse(db: Database, vocab: Vocabulary, kind: ConceptKind) -> Browse:
    """The concepts of `kind` with how many vignettes use each (a walk over their facts: keep it, see web.cache)."""
    summaries = {c.id: c for c in all_concepts(db, vocab, kind)}
    families: list[Family] = []
    single: list[ConceptSummary] = []
    for c in summaries.values():
        concept = vocab.concepts.get(c.id)
        if concept is None:  # retired: still used by vignettes, no longer in the vocabulary
            single.append(c)
        elif not concept.broader:
            if vocab.narrower.get(c.id):
                family = Family(c)
                _add_members(vocab, summaries, family, c.id, 1)
                families.append(family)
            else:
                single.append(c)
    families.sort(key=lambda f: (f.head.label.lower(), f.head.id))
    single.sort(key=lambda c: (c.label.lower(), c.id))
    return Browse(kind.value, families, single, len(summaries))


def _add_members(vocab: Vocabulary, summaries: dict[str, ConceptSummary], family: Family, cid: str, depth: int) -> None:
    narrower = sorted(
        (n for n in vocab.narrower.get(cid, []) if n in summaries), key=lambda n: summaries[n].label.lower()
    )
    for n in narrower:
        family.members.append(Member(summaries[n], depth))
        if depth < 4:
            _add_members(vocab, summaries, family, n, depth + 1)
