"""Turn a checked vignette into the rows the loader writes, and the vocabulary into concept rows.

The shapes here are the graph model of schema/README.md: one row per node or
relationship, plain values only, so that each batch is one parameter of an
`UNWIND` query.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from kb.authoring.validate import CheckedVignette, Loc, LocatedQuote
from kb.models import FACT_LISTS
from kb.vocab.vocabulary import Vocabulary

FACT_LABEL = {
    "role": "RoleFact",
    "behavior": "BehaviorFact",
    "pattern": "PatternFact",
    "intervention": "InterventionFact",
    "outcome": "OutcomeFact",
}


@dataclass
class VignetteRows:
    vignette: dict[str, Any]
    persons: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    # the links' `position` keeps the order of the list they come from (for_, targets, ...), for export
    person_links: list[dict[str, Any]] = field(default_factory=list)  # fact -> person: ABOUT, INVOLVES, FOR, BY
    fact_links: list[dict[str, Any]] = field(default_factory=list)  # fact -> fact: SHOWN_BY, TARGETS, AFTER

    @property
    def id(self) -> str:
        return self.vignette["id"]


def _evidence(quotes: list[LocatedQuote]) -> dict[str, list[Any]]:
    return {
        "evidence": [q.text for q in quotes],
        "evidence_start": [q.start for q in quotes],
        "evidence_end": [q.end for q in quotes],
    }


def vignette_rows(checked: CheckedVignette) -> VignetteRows:
    v = checked.vignette
    phase_index = {p: i for i, p in enumerate(v.phases)}
    person_key = {p.id: f"{v.id}/{p.id}" for p in v.persons}
    source = v.source
    rows = VignetteRows(
        vignette={
            "id": v.id,
            "title": v.title,
            "summary": v.summary,
            "composite": v.composite,
            "synthetic": v.synthetic,
            "narrative": v.narrative,
            "phases": list(v.phases),
            "source_title": source.title if source else None,
            "source_author": source.author if source else None,
            "source_url": source.url if source else None,
            "file": checked.file,
        },
    )
    rows.vignette["article"] = (
        {"id": source.article_id, "title": source.title, "author": source.author, "url": source.url}
        if source and source.article_id
        else None
    )
    for i, p in enumerate(v.persons):
        rows.persons.append(
            {
                "key": person_key[p.id],
                "vignette_id": v.id,
                "local_id": p.id,
                "name": p.name,
                "name_key": p.name.lower(),
                "gender": p.gender.value,
                "age_band": p.age_band.value,
                "position": i,
            }
        )
        for j, r in enumerate(p.relations):
            rows.relations.append(
                {
                    "from": person_key[p.id],
                    "to": person_key[r.to],
                    "type": r.type.value,
                    "phase": r.phase,
                    "position": j,
                    **_evidence(checked.quotes.get(("persons", i, "relations", j), [])),
                }
            )

    fact_key = {fid: f"{v.id}/{fid}" for fid in checked.fact_ids.values()}
    for list_name, kind in FACT_LISTS.items():
        for i, fact in enumerate(getattr(v, list_name)):
            loc: Loc = (list_name, i)
            key = fact_key[checked.fact_ids[loc]]
            rows.facts.append(
                {
                    "key": key,
                    "label": FACT_LABEL[kind],
                    "concept_id": checked.concepts[loc],
                    "props": {
                        "key": key,
                        "vignette_id": v.id,
                        "local_id": checked.fact_ids[loc],
                        "kind": kind,
                        "concept_id": checked.concepts[loc],
                        "position": i,
                        "phase": fact.phase,
                        "phase_index": phase_index.get(fact.phase) if fact.phase else None,
                        "description": getattr(fact, "description", None),
                        "result": fact.result.value if kind == "outcome" else None,
                        **_evidence(checked.quotes.get(loc, [])),
                    },
                }
            )

            def person(rel: str, pid: str | None, position: int = 0, key: str = key) -> None:
                if pid is not None:
                    rows.person_links.append(
                        {"fact": key, "person": person_key[pid], "type": rel, "position": position}
                    )

            def facts(rel: str, ids: list[str], key: str = key) -> None:
                rows.fact_links.extend(
                    {"from": key, "to": fact_key[t], "type": rel, "position": n} for n, t in enumerate(ids)
                )

            if kind in ("role", "behavior"):
                person("ABOUT", fact.person)
            elif kind == "pattern":
                for n, pid in enumerate(fact.persons):
                    person("INVOLVES", pid, n)
                facts("SHOWN_BY", fact.shown_by)
            elif kind == "intervention":
                person("BY", fact.by)
                for n, pid in enumerate(fact.for_):
                    person("FOR", pid, n)
                facts("TARGETS", fact.targets)
            else:
                person("ABOUT", fact.person)
                facts("AFTER", fact.after)
    rows.vignette["content_hash"] = content_hash(rows)
    return rows


def content_hash(rows: VignetteRows) -> str:
    """A digest of everything written for the vignette: equal digests mean nothing to write."""
    payload = {
        "vignette": {k: v for k, v in rows.vignette.items() if k not in ("content_hash", "file")},
        "persons": rows.persons,
        "relations": rows.relations,
        "facts": rows.facts,
        "person_links": rows.person_links,
        "fact_links": rows.fact_links,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def concept_rows(vocab: Vocabulary) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The concept nodes and their BROADER / RELATED links."""
    concepts, links = [], []
    for c in vocab.concepts.values():
        concepts.append(
            {
                "id": c.id,
                "kind": c.kind.value,
                "props": {
                    "id": c.id,
                    "kind": c.kind.value,
                    "label": c.label,
                    "synonyms": list(c.synonyms),
                    "synonyms_text": " | ".join(c.synonyms),
                    "definition": c.definition,
                    "mappings": [json.dumps(m.model_dump(mode="json"), sort_keys=True) for m in c.mappings],
                },
            }
        )
        links += [{"from": c.id, "to": b, "type": "BROADER"} for b in c.broader]
        links += [{"from": c.id, "to": r, "type": "RELATED"} for r in c.related]
    return concepts, links
