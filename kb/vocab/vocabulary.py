"""The controlled vocabulary: concepts with labels, synonyms, broader and related links.

The vocabulary indexes every term (id, label, synonym, and their singular) and
knows the hierarchy; turning a user's words into a concept is kb.vocab.resolve's
job, the one resolver.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError
from rapidfuzz import fuzz, process

from kb.errors import InvalidInput
from kb.models import Concept, ConceptKind, VocabularyFile

VOCABULARY_FILE = Path(__file__).resolve().parent / "vocabulary.yaml"


class VocabularyError(InvalidInput):
    """The vocabulary file itself is wrong; the message names the file and the concept."""

    code = "invalid_vocabulary"
    exit_code = 1


def normalize(term: str) -> str:
    """'Al-Anon' -> 'al anon'; "Children's" -> 'children s'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", term.lower()).split())


def singular(norm: str) -> str:
    """The last word made singular by the common English endings; good enough for concept terms."""
    head, _, last = norm.rpartition(" ")
    irregular = {"children": "child", "men": "man", "women": "woman", "people": "person"}
    if last in irregular:
        return f"{head} {irregular[last]}".strip()
    for plural, single in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if last.endswith(plural) and len(last) > len(plural) + 1:
            last = last[: -len(plural)] + single
            break
    else:
        if last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3:
            last = last[:-1]
    return f"{head} {last}".strip()


class Vocabulary:
    def __init__(self, concepts: Iterable[Concept], source: Path | str = VOCABULARY_FILE) -> None:
        self.source = str(source)
        self.concepts: dict[str, Concept] = {}
        self._terms: dict[str, tuple[str, str, str]] = {}  # normalized term -> (concept id, term, how)
        for c in concepts:
            if c.id in self.concepts:
                raise VocabularyError(f"{self.source}: concept {c.id!r} is defined twice")
            self.concepts[c.id] = c
        for c in self.concepts.values():
            self._add_term(c, c.id, "id")
            self._add_term(c, c.label, "label")
            for s in c.synonyms:
                self._add_term(c, s, "synonym")
        self._check_links()
        self.narrower: dict[str, list[str]] = {cid: [] for cid in self.concepts}
        for c in self.concepts.values():
            for b in c.broader:
                self.narrower[b].append(c.id)
        self._choices = list(self._terms)
        self._ancestors: dict[str, list[str]] = {}
        self._related: dict[str, dict[str, str]] = {}
        self._check_related()

    # ------------------------------------------------------------------ building
    def _add_term(self, c: Concept, term: str, how: str) -> None:
        for key in {normalize(term), singular(normalize(term))}:
            owner = self._terms.get(key)
            if owner and owner[0] != c.id:
                raise VocabularyError(
                    f"{self.source}: the term {term!r} of {c.id!r} is also a term of {owner[0]!r}; "
                    "a term may name one concept only"
                )
            if not owner or how == "id":
                self._terms[key] = (c.id, term, how)

    def _check_links(self) -> None:
        for c in self.concepts.values():
            for field in ("broader", "related"):
                for target in getattr(c, field):
                    if target not in self.concepts:
                        raise VocabularyError(f"{self.source}: {c.id}.{field}: no concept {target!r}")
                    if field == "broader" and self.concepts[target].kind != c.kind:
                        raise VocabularyError(
                            f"{self.source}: {c.id}.broader: {target!r} is a {self.concepts[target].kind}, "
                            f"not a {c.kind}; broader links stay within one kind"
                        )
        for c in self.concepts.values():
            codes = [(m.system, m.code) for m in c.mappings]
            for system, code in {k for k in codes if codes.count(k) > 1}:
                raise VocabularyError(f"{self.source}: {c.id}.mappings: {system} {code} is mapped twice")
        for c in self.concepts.values():  # no cycles
            seen, stack = set(), list(c.broader)
            while stack:
                b = stack.pop()
                if b == c.id:
                    raise VocabularyError(f"{self.source}: {c.id}.broader leads back to {c.id!r} (a cycle)")
                if b not in seen:
                    seen.add(b)
                    stack.extend(self.concepts[b].broader)

    def _check_related(self) -> None:
        """SKOS keeps `related` apart from the hierarchy: a concept is not related to its own broader or narrower."""
        for c in self.concepts.values():
            for r in c.related:
                if r in self.ancestors(c.id) or c.id in self.ancestors(r):
                    raise VocabularyError(
                        f"{self.source}: {c.id}.related: {r!r} is already broader or narrower than {c.id!r}; "
                        "related links join concepts outside one line of the hierarchy"
                    )

    # ------------------------------------------------------------------ lookups
    def __len__(self) -> int:
        return len(self.concepts)

    def of_kind(self, kind: ConceptKind | str | None) -> list[Concept]:
        return [c for c in self.concepts.values() if kind is None or c.kind == kind]

    def term(self, key: str) -> tuple[str, str, str] | None:
        """The (concept id, vocabulary term, how) a normalized term names exactly; kb.vocab.resolve builds on it."""
        return self._terms.get(key)

    def fuzzy(self, norm: str, kinds: tuple[str, ...] = (), limit: int = 3) -> list[tuple[str, float, str]]:
        """(normalized term, score, concept id) of the concepts of `kinds` (all when empty) whose terms are
        closest to `norm`, one entry per concept, best first."""
        choices = [k for k in self._choices if not kinds or self.concepts[self._terms[k][0]].kind.value in kinds]
        found = process.extract(norm, choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=50)
        best: dict[str, tuple[str, float, str]] = {}
        for key, score, _ in found:
            cid = self._terms[key][0]
            if cid not in best or score > best[cid][1]:
                best[cid] = (key, score, cid)
        return sorted(best.values(), key=lambda t: -t[1])[:limit]

    def descendants(self, concept_id: str) -> list[str]:
        """The concept and every concept narrower than it, at any depth."""
        out, stack = [], [concept_id]
        while stack:
            cid = stack.pop()
            if cid not in out:
                out.append(cid)
                stack.extend(self.narrower.get(cid, []))
        return out

    def ancestors(self, concept_id: str) -> list[str]:
        """Every concept broader than this one, at any depth (not the concept itself); computed once per concept."""
        if concept_id not in self._ancestors:
            self._ancestors[concept_id] = self._walk_up(concept_id)
        return self._ancestors[concept_id]

    def related(self, concept_id: str) -> dict[str, str]:
        """Every concept that stands in a relation to this one, with the relation: same, broader (any depth),
        narrower (any depth), sibling (sharing a direct broader concept); computed once per concept."""
        if concept_id not in self._related:
            rel: dict[str, str] = {}
            for parent in self.concepts[concept_id].broader:
                rel.update(dict.fromkeys(self.narrower.get(parent, []), "sibling"))
            rel.update(dict.fromkeys(self.descendants(concept_id), "narrower"))
            rel.update(dict.fromkeys(self.ancestors(concept_id), "broader"))
            rel[concept_id] = "same"
            self._related[concept_id] = rel
        return self._related[concept_id]

    def _walk_up(self, concept_id: str) -> list[str]:
        out, stack = [], list(self.concepts[concept_id].broader)
        while stack:
            cid = stack.pop()
            if cid not in out:
                out.append(cid)
                stack.extend(self.concepts[cid].broader)
        return out


def parse_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    try:
        data = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise VocabularyError(f"{path}: cannot read the vocabulary: {exc}") from exc
    try:
        parsed = VocabularyFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise VocabularyError(f"{path}: {where}: {first['msg']} ({exc.error_count()} errors)") from exc
    return Vocabulary(parsed.concepts, path)


@cache
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """The project's vocabulary, read once per process."""
    return parse_vocabulary(path)
