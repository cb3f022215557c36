"""Check vignette files: YAML, shape (pydantic), references, concepts and evidence.

Every problem names its file, line and field path (`file:line: field.path: message`);
all problems of all files are collected, not only the first. A file that passes
becomes a `CheckedVignette`: the model with its concepts resolved, its facts given
ids, and every evidence quote located in the narrative. No database is needed.

A composite vignette is also scanned for what could identify a real person
(kb.authoring.identifiers); each finding is a problem unless `allow_identifiers` is given,
and then the findings stay on the CheckedVignette so the override can be recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kb.authoring.bounds import MAX_PROBLEMS, MAX_TEXT_CHARS, some
from kb.authoring.evidence import Narrative, Span
from kb.authoring.identifiers import Finding, scan_vignette, vocabulary_words
from kb.authoring.jsonsource import parse_json
from kb.authoring.yamlsource import YamlDocument, YamlProblem, parse_yaml
from kb.errors import InvalidInput
from kb.models import FACT_LISTS, Vignette
from kb.vocab.resolve import exact, find, suggest
from kb.vocab.vocabulary import Vocabulary

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message}"


@dataclass(frozen=True)
class LocatedQuote:
    text: str
    start: int
    end: int


@dataclass
class CheckedVignette:
    vignette: Vignette
    file: str
    fact_ids: dict[Loc, str] = field(default_factory=dict)  # ("roles", 0) -> "r-parentified"
    concepts: dict[Loc, str] = field(default_factory=dict)  # ("roles", 0) -> "parentified-child"
    quotes: dict[Loc, list[LocatedQuote]] = field(default_factory=dict)  # ("roles", 0) -> located quotes
    identifier_findings: list[Finding] = field(default_factory=list)  # kept when allowed, or not composite

    @property
    def composite_findings(self) -> list[Finding]:
        """The findings that refuse this vignette unless allowed: those of a composite one."""
        return self.identifier_findings if self.vignette.composite else []


class VignetteInvalid(InvalidInput):
    """A vignette (file or request body) with problems: every one of them, each at its file, line and field.

    `outcome` says, for the command line, what was done about it ("Nothing was written")."""

    code = "invalid_vignette"
    exit_code = 1

    def __init__(self, problems: list[Problem], outcome: str | None = None) -> None:
        first = problems[0] if problems else None
        summary = (
            f"{len(problems)} problem(s) in the vignette; first: {first.path}: {first.message}"
            if first
            else "the vignette is not valid"
        )
        super().__init__(summary)
        self.problems, self.outcome = problems, outcome

    def details(self) -> dict[str, Any]:
        return {
            "problems": [{"file": p.file, "line": p.line, "path": p.path, "message": p.message} for p in self.problems]
        }

    def lines(self) -> list[str]:
        tail = [f"{self.outcome}: {len(self.problems)} problems."] if self.outcome else []
        return [*map(str, self.problems), *tail]


def _path(loc: Loc) -> str:
    return ".".join(str(p) for p in loc) or "(top)"


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


class _Checker:
    def __init__(self, doc: YamlDocument, file: str, vocab: Vocabulary) -> None:
        self.doc, self.file, self.vocab = doc, file, vocab
        self.problems: list[Problem] = []
        self.found = 0  # problems found; at most MAX_PROBLEMS are kept

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS

    def add(self, loc: Loc, message: str) -> None:
        self.found += 1
        if not self.full:
            self.problems.append(Problem(self.file, self.doc.line_of(loc), _path(loc), message))

    def all_problems(self) -> list[Problem]:
        """The problems kept, and a last one counting those left out."""
        left_out = self.found - len(self.problems)
        more = [Problem(self.file, 1, "(more)", f"{left_out:,} more problems are not listed; fix these first")]
        return self.problems + (more if left_out else [])

    def shape(self) -> Vignette | None:
        if not isinstance(self.doc.data, dict):
            self.add((), "a vignette file holds one mapping (id, title, summary, narrative, persons, ...)")
            return None
        try:
            return Vignette.model_validate(self.doc.data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = tuple(err["loc"])
                msg = err["msg"]
                if err["type"] == "missing":
                    msg = "this field is required"
                elif err["type"] == "extra_forbidden":
                    msg = "unknown field (see vignettes/README.md for the fields a vignette has)"
                elif err["type"] == "enum":
                    msg = f"{msg}; got {err['input']!r}"
                self.add(loc, msg)
            return None

    def semantics(self, v: Vignette) -> CheckedVignette:
        checked = CheckedVignette(v, self.file)
        narrative = Narrative(v.narrative)
        phases = set(v.phases)
        if len(phases) != len(v.phases):
            self.add(("phases",), "a phase is listed twice")

        persons: dict[str, int] = {}
        for i, p in enumerate(v.persons):
            if p.id in persons:
                self.add(("persons", i, "id"), f"person id {p.id!r} is used twice")
            persons[p.id] = i

        def person_ref(loc: Loc, pid: str | None) -> None:
            if pid is not None and pid not in persons:
                self.add(loc, f"no person {pid!r} in this vignette (persons: {some(list(persons))})")

        def phase_ref(loc: Loc, phase: str | None) -> None:
            if phase is not None and phase not in phases:
                known = ", ".join(v.phases) or "none are listed"
                self.add(loc, f"unknown phase {phase!r} (the vignette's phases: {known})")

        def quotes(loc: Loc, evidence: list[str]) -> None:
            found = []
            for j, q in enumerate(evidence):
                span: Span | None = narrative.locate(q)
                if span is None:
                    self.add(
                        (*loc, "evidence", j) if len(evidence) > 1 else (*loc, "evidence"),
                        f"evidence quote not found in the narrative: {_short(q)!r}",
                    )
                else:
                    found.append(LocatedQuote(v.narrative[span.start : span.end], span.start, span.end))
            checked.quotes[loc] = found

        for i, p in enumerate(v.persons):
            for j, rel in enumerate(p.relations):
                at: Loc = ("persons", i, "relations", j)
                person_ref((*at, "to"), rel.to)
                if rel.to == p.id:
                    self.add((*at, "to"), "a person cannot be related to themself")
                phase_ref((*at, "phase"), rel.phase)
                quotes(at, rel.evidence)

        # facts: ids, concepts, persons, phases, evidence
        fact_kind: dict[str, str] = {}
        for list_name, kind in FACT_LISTS.items():
            for i, fact in enumerate(getattr(v, list_name)):
                loc: Loc = (list_name, i)
                fid = fact.id or f"{kind}-{i + 1}"
                if fid in fact_kind:
                    self.add((*loc, "id"), f"fact id {fid!r} is used twice")
                fact_kind[fid] = kind
                checked.fact_ids[loc] = fid
                term = getattr(fact, kind)
                concept = self.concept((*loc, kind), term, kind)
                if concept:
                    checked.concepts[loc] = concept
                phase_ref((*loc, "phase"), fact.phase)
                quotes(loc, fact.evidence)

        having: dict[tuple[str, ...], str] = {}  # the ids of the facts of some kinds, for messages: listed once

        def fact_refs(loc: Loc, ids: list[str], allowed: tuple[str, ...], what: str) -> None:
            for j, fid in enumerate(ids):
                kind = fact_kind.get(fid)
                if kind not in allowed:
                    if allowed not in having:
                        having[allowed] = some([k for k, kd in fact_kind.items() if kd in allowed])
                    have = having[allowed]
                    why = f"is a {kind}" if kind else "does not exist"
                    self.add(
                        (*loc, j),
                        f"{fid!r} {why}; {what} names ids of {' or '.join(allowed)} facts ({have or 'none here'})",
                    )

        for i, r in enumerate(v.roles):
            person_ref(("roles", i, "person"), r.person)
        for i, b in enumerate(v.behaviors):
            person_ref(("behaviors", i, "person"), b.person)
        for i, pat in enumerate(v.patterns):
            for j, pid in enumerate(pat.persons):
                person_ref(("patterns", i, "persons", j), pid)
            fact_refs(("patterns", i, "shown_by"), pat.shown_by, ("role", "behavior"), "shown_by")
        for i, iv in enumerate(v.interventions):
            person_ref(("interventions", i, "by"), iv.by)
            for j, pid in enumerate(iv.for_):
                person_ref(("interventions", i, "for", j), pid)
            fact_refs(("interventions", i, "targets"), iv.targets, ("pattern", "behavior", "role"), "targets")
        for i, o in enumerate(v.outcomes):
            person_ref(("outcomes", i, "person"), o.person)
            fact_refs(("outcomes", i, "after"), o.after, ("intervention",), "after")
        return checked

    def identifiers(self, checked: CheckedVignette, allow: bool) -> None:
        """Scan for identifiers; a composite vignette's findings are problems unless allowed.

        Synthetic vignettes (kb generate) are made by a program from no one's story and are not scanned.
        """
        v = checked.vignette
        if v.synthetic:
            return
        checked.identifier_findings = scan_vignette(v, _vocabulary_words(self.vocab))
        if not v.composite or allow:
            return
        for f in checked.identifier_findings:
            self.found += 1
            if self.full:
                continue
            loc = _loc(f.path)
            text = _field_text(v, loc)
            line = self.doc.line_in(loc, text, f.start) if text is not None else self.doc.line_of(loc)
            self.problems.append(
                Problem(
                    self.file,
                    line,
                    f.path,
                    f"{f.describe()}; remove it, or pass "
                    "--allow-identifiers (API: allow_identifiers=true) to store it anyway",
                )
            )

    def concept(self, loc: Loc, term: str, kind: str) -> str | None:
        """The concept a fact names: exactly (a file says what it means; a typo gets suggestions, not a guess)."""
        hit = find(self.vocab, term, (kind,), typos=False)
        if hit:
            return hit.concept.id
        other = exact(self.vocab, term)
        if other:
            self.add(loc, f"{term!r} is a {other.concept.kind} ({other.concept.id}), not a {kind}")
            return None
        ideas = suggest(self.vocab, term, (kind,))
        hint = "; did you mean " + " or ".join(f"{c.id!r} ({c.label})" for c in ideas) + "?" if ideas else ""
        self.add(loc, f"unknown {kind} {term!r}{hint} (the {kind}s are in kb/vocab/vocabulary.yaml)")
        return None


@lru_cache(maxsize=4)
def _vocabulary_words(vocab: Vocabulary) -> frozenset[str]:
    return vocabulary_words(t for c in vocab.concepts.values() for t in (c.label, *c.synonyms))


def _loc(path: str) -> Loc:
    """'persons.2.name' -> ('persons', 2, 'name')."""
    return tuple(int(p) if p.isdigit() else p for p in path.split("."))


def _field_text(v: Vignette, loc: Loc) -> str | None:
    """The string at `loc` in the model (an evidence list of one is written as a single string)."""
    value: Any = v
    for part in loc:
        value = value[part] if isinstance(part, int) else getattr(value, "for_" if part == "for" else part)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value if isinstance(value, str) else None


def _check(doc: YamlDocument, file: str, vocab: Vocabulary, allow_identifiers: bool) -> CheckedVignette:
    checker = _Checker(doc, file, vocab)
    model = checker.shape()
    checked = checker.semantics(model) if model else None
    if checked is not None and not checker.full:  # a full list of problems would not show the findings
        checker.identifiers(checked, allow_identifiers)
    if checker.problems or checked is None:
        raise VignetteInvalid(checker.all_problems())
    return checked


def check_text(text: str, file: str, vocab: Vocabulary, *, allow_identifiers: bool = False) -> CheckedVignette:
    """Check one vignette's YAML text; raises VignetteInvalid with every problem found."""
    try:
        doc = parse_yaml(text)
    except YamlProblem as p:
        raise VignetteInvalid([Problem(file, q.line, q.path, q.message) for q in p.all()]) from None
    return _check(doc, file, vocab, allow_identifiers)


def check_json(text: str, file: str, vocab: Vocabulary, *, allow_identifiers: bool = False) -> CheckedVignette:
    """Check one vignette's JSON text, within the same bounds and rules as YAML; lines are then all 1."""
    try:
        doc = parse_json(text)
    except YamlProblem as p:
        raise VignetteInvalid([Problem(file, q.line, q.path, q.message) for q in p.all()]) from None
    return _check(doc, file, vocab, allow_identifiers)


def check_data(data: Any, file: str, vocab: Vocabulary, *, allow_identifiers: bool = False) -> CheckedVignette:
    """Check an already parsed vignette (a JSON body, say); lines are then all 1."""
    return _check(YamlDocument(data, None), file, vocab, allow_identifiers)


def vignette_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The .yaml/.yml files named, or found (sorted) under the folders named."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            yield path


def check_files(
    paths: Iterable[Path],
    vocab: Vocabulary,
    *,
    allow_identifiers: bool = False,
) -> Iterator[tuple[Path, CheckedVignette | None, list[Problem]]]:
    """Check each file in turn (streaming: one file in memory at a time), with duplicate ids across files."""
    first_file_of: dict[str, str] = {}
    for path in vignette_files(paths):
        try:
            if path.stat().st_size > 4 * MAX_TEXT_CHARS:
                yield path, None, [Problem(str(path), 1, "(file)", f"larger than {4 * MAX_TEXT_CHARS:,} bytes")]
                continue
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield path, None, [Problem(str(path), 1, "(file)", f"cannot read: {exc}")]
            continue
        try:
            checked = check_text(text, str(path), vocab, allow_identifiers=allow_identifiers)
        except VignetteInvalid as exc:
            yield path, None, exc.problems
            continue
        vid = checked.vignette.id
        if vid in first_file_of:
            line = parse_yaml(text).line_of(("id",))
            yield (
                path,
                None,
                [Problem(str(path), line, "id", f"vignette id {vid!r} is already used by {first_file_of[vid]}")],
            )
            continue
        first_file_of[vid] = str(path)
        yield path, checked, []
