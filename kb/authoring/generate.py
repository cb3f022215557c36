"""Synthetic composite vignettes that look like real ones to the database, for benchmarks at scale.

Concepts are drawn from the vocabulary with skewed (Zipf-like) weights, so that
a few patterns and interventions are very common and most form a long tail, as
in real case collections. Every vignette has 4-12 persons, 3-15 behaviors, 1-5
interventions each followed by an outcome, and evidence quotes that are
sentences of its generated narrative. The same seed gives the same vignettes.
Every generated vignette is marked `synthetic: true` and its id starts with `syn-`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from kb.vocab.vocabulary import Vocabulary

PHASES = ["childhood", "adolescence", "adulthood", "therapy", "follow-up"]
FIRST_NAMES = [
    "Ada",
    "Bela",
    "Cato",
    "Dara",
    "Emil",
    "Fenna",
    "Gil",
    "Hana",
    "Ivo",
    "Juna",
    "Kai",
    "Lior",
    "Mika",
    "Noor",
    "Oren",
    "Pia",
    "Quin",
    "Rhea",
    "Sami",
    "Tove",
    "Uma",
    "Vero",
    "Wren",
    "Yara",
    "Zev",
]
FAMILY = [  # (descriptor, relation of the relative to the client)
    ("mother", "mother_of"),
    ("father", "father_of"),
    ("sister", "sibling_of"),
    ("brother", "sibling_of"),
    ("partner", "partner_of"),
    ("grandmother", "grandparent_of"),
    ("stepfather", "stepparent_of"),
    ("aunt", "relative_of"),
    ("friend", "friend_of"),
    ("teacher", "teacher_of"),
]
RESULTS = (["improved"] * 55) + (["mixed"] * 25) + (["unchanged"] * 10) + (["worse"] * 10)
ZIPF_S = 1.1


def popularity_order(ids: list[str]) -> list[str]:
    """Concept ids from the most to the least often drawn: a fixed order, the same for every seed."""
    order = sorted(ids)
    random.Random(7).shuffle(order)
    return order


class _Draw:
    """Weighted draws of concepts of one kind, in `popularity_order`."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = popularity_order(ids)
        self.weights = [1 / (rank + 1) ** ZIPF_S for rank in range(len(self.ids))]

    def some(self, rng: random.Random, k: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < min(k, len(self.ids)):
            cid = rng.choices(self.ids, self.weights)[0]
            if cid not in chosen:
                chosen.append(cid)
        return chosen


def generate(vocab: Vocabulary, n: int, seed: int) -> Iterator[dict[str, Any]]:
    """`n` synthetic vignettes as dicts in the authoring format, one at a time."""
    draws = {
        kind: _Draw([c.id for c in vocab.of_kind(kind)])
        for kind in ("pattern", "role", "behavior", "intervention", "outcome")
    }
    rng = random.Random(seed)
    for i in range(n):
        yield _one(vocab, draws, rng, f"syn-{seed}-{i + 1:06d}")


def _one(vocab: Vocabulary, draws: dict[str, _Draw], rng: random.Random, vid: str) -> dict[str, Any]:
    label = {cid: c.label.lower() for cid, c in vocab.concepts.items()}
    sentences: list[str] = []

    def say(sentence: str) -> str:
        sentences.append(sentence)
        return sentence

    client = rng.choice(FIRST_NAMES)
    n_persons = rng.randint(4, 12)
    persons: list[dict[str, Any]] = [
        {
            "id": "client",
            "name": client,
            "gender": rng.choice(["female", "male", "nonbinary"]),
            "age_band": "adult",
            "relations": [],
        },
        {
            "id": "therapist",
            "name": f"{client}'s therapist",
            "gender": "unknown",
            "age_band": "adult",
            "relations": [{"type": "therapist_of", "to": "client"}],
        },
    ]
    for j in range(n_persons - 2):
        descriptor, relation = FAMILY[j % len(FAMILY)]
        persons.append(
            {
                "id": f"p{j + 1}",
                "name": f"{client}'s {descriptor}" + (f" {j // len(FAMILY) + 1}" if j >= len(FAMILY) else ""),
                "gender": "unknown",
                "age_band": "adult",
                "relations": [{"type": relation, "to": "client"}],
            }
        )
    say(f"This synthetic case follows {client}, an adult who came to therapy with {n_persons - 1} people in the story.")
    ids = [p["id"] for p in persons]
    names = {p["id"]: p["name"] for p in persons}

    roles = [
        {
            "id": "r-client",
            "person": "client",
            "role": "client",
            "phase": "therapy",
            "evidence": say(f"In therapy {client} was seen as the client in case {vid}."),
        }
    ]
    for k, rid in enumerate(draws["role"].some(rng, rng.randint(1, 4))):
        pid = rng.choice(ids[:1] + ids[2:])
        phase = rng.choice(PHASES[:3])
        roles.append(
            {
                "id": f"r{k + 1}",
                "person": pid,
                "role": rid,
                "phase": phase,
                "evidence": say(f"During {phase} {names[pid]} took the role of {label[rid]} ({vid}/r{k + 1})."),
            }
        )

    behaviors = []
    for k, bid in enumerate(draws["behavior"].some(rng, rng.randint(3, 15))):
        pid = rng.choice(ids[:1] + ids[2:])
        phase = rng.choice(PHASES[:3])
        behaviors.append(
            {
                "id": f"b{k + 1}",
                "person": pid,
                "behavior": bid,
                "phase": phase,
                "description": f"{label[bid]} in {phase}",
                "evidence": say(f"In {phase} {names[pid]} showed {label[bid]} ({vid}/b{k + 1})."),
            }
        )

    shows = [r["id"] for r in roles[1:]] + [b["id"] for b in behaviors]
    patterns: list[dict[str, Any]] = []
    for k, pat in enumerate(draws["pattern"].some(rng, rng.randint(1, 4))):
        patterns.append(
            {
                "id": f"pt{k + 1}",
                "pattern": pat,
                "persons": ["client", rng.choice(ids[2:] or ["client"])],
                "shown_by": rng.sample(shows, min(len(shows), rng.randint(1, 3))),
                "evidence": say(f"The story of {client} shows {label[pat]} ({vid}/pt{k + 1})."),
            }
        )

    interventions, outcomes = [], []
    targets = [p["id"] for p in patterns] + [b["id"] for b in behaviors]
    for k, iid in enumerate(draws["intervention"].some(rng, rng.randint(1, 5))):
        interventions.append(
            {
                "id": f"i{k + 1}",
                "intervention": iid,
                "by": "therapist",
                "for": ["client"],
                "phase": "therapy",
                "targets": sorted(set(rng.sample(targets, min(len(targets), rng.randint(1, 3))))),
                "evidence": say(f"The therapist offered {label[iid]} to {client} ({vid}/i{k + 1})."),
            }
        )
        oid = draws["outcome"].some(rng, 1)[0]
        outcomes.append(
            {
                "id": f"o{k + 1}",
                "outcome": oid,
                "person": "client",
                "after": [f"i{k + 1}"],
                "result": rng.choice(RESULTS),
                "phase": "follow-up",
                "description": f"{label[oid]} after {label[iid]}",
                "evidence": say(f"At follow-up {client} reported {label[oid]} ({vid}/o{k + 1})."),
            }
        )

    return {
        "id": vid,
        "title": f"Synthetic case {vid[4:]}: {client}",
        "summary": f"A generated composite for benchmarks, showing {', '.join(label[p['pattern']] for p in patterns)}.",
        "composite": True,
        "synthetic": True,
        "phases": PHASES,
        "narrative": " ".join(sentences),
        "persons": persons,
        "roles": roles,
        "behaviors": behaviors,
        "patterns": patterns,
        "interventions": interventions,
        "outcomes": outcomes,
    }
