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

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rapidfuzz import fuzz

from kb.authoring.bounds import MAX_PROBLEMS, MAX_TEXT_CHARS, some
from kb.authoring.evidence import Narrative, Span
from kb.authoring.identifiers import Finding, scan_vignette, vocabulary_words
from kb.authoring.jsonsource import parse_json
from kb.authoring.shape import count_word, relax
from kb.authoring.shape import message as shape_message
from kb.authoring.yamlsource import YamlDocument, YamlProblem, parse_yaml
from kb.errors import InvalidInput
from kb.models import FACT_LISTS, Concept, Vignette
from kb.vocab.resolve import exact, find, suggest
from kb.vocab.vocabulary import Vocabulary, normalize

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str
    severity: str = "error"  # or "warning": worth fixing, but the vignette is accepted

    def __str__(self) -> str:
        label = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}: {self.path}: {label}{self.message}"


def by_line(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in the order of the file (stable: the same line keeps the order found)."""
    return sorted(problems, key=lambda p: p.line)


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
    warnings: list[Problem] = field(default_factory=list)  # accepted all the same (kb validate prints them)

    @property
    def composite_findings(self) -> list[Finding]:
        """The findings that refuse this vignette unless allowed: those of a composite one."""
        return self.identifier_findings if self.vignette.composite else []


class VignetteInvalid(InvalidInput):
    """A vignette (file or request body) with problems: every one of them, each at its file, line and field.

    `outcome` says, for the command line, what was done about it ("Nothing was written")."""

    code = "invalid_vignette"
    exit_code = 1

    def __init__(
        self, problems: list[Problem], outcome: str | None = None, warnings: list[Problem] | None = None
    ) -> None:
        first = problems[0] if problems else None
        summary = (
            f"{len(problems)} problem(s) in the vignette; first: {first.path}: {first.message}"
            if first
            else "the vignette is not valid"
        )
        super().__init__(summary)
        self.problems, self.outcome, self.warnings = problems, outcome, warnings or []

    def details(self) -> dict[str, Any]:
        return {
            "problems": [{"file": p.file, "line": p.line, "path": p.path, "message": p.message} for p in self.problems]
        }

    def lines(self) -> list[str]:
        tail = [f"{self.outcome}: {len(self.problems)} problems."] if self.outcome else []
        return [*map(str, by_line([*self.problems, *self.warnings])), *tail]


def _path(loc: Loc) -> str:
    return ".".join(str(p) for p in loc) or "(top)"


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


class _Checker:
    def __init__(self, doc: YamlDocument, file: str, vocab: Vocabulary) -> None:
        self.doc, self.file, self.vocab = doc, file, vocab
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.silenced: set[Loc] = set()  # places whose shape was wrong: reported once, not again
        self.invalid_values: set[str] = set()  # ids and phases that were not valid: references to them are not
        self.narrative_replaced = False
        self.found = 0  # problems found; at most MAX_PROBLEMS are kept

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS

    def add(self, loc: Loc, message: str) -> None:
        if any(loc[: len(s)] == s for s in self.silenced):
            return
        self.found += 1
        if not self.full:
            self.problems.append(Problem(self.file, self.doc.line_of(loc), _path(loc), message))

    def all_problems(self) -> list[Problem]:
        """The problems kept, in the order of the file, and a last one counting those left out."""
        left_out = self.found - len(self.problems)
        more = [Problem(self.file, 1, "(more)", f"{left_out:,} more problems are not listed; fix these first")]
        return by_line(self.problems) + (more if left_out else [])

    def warn(self, loc: Loc, message: str) -> None:
        self.warnings.append(Problem(self.file, self.doc.line_of(loc), _path(loc), message, "warning"))

    def shape(self) -> Vignette | None:
        """The vignette; with a wrong shape, every shape problem is reported and a relaxed copy is returned, so
        that the rest of the file is checked too (None when even that cannot be made)."""
        if not isinstance(self.doc.data, dict):
            self.add((), "a vignette file holds one mapping (id, title, summary, narrative, persons, ...)")
            return None
        try:
            return Vignette.model_validate(self.doc.data)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        for err in errors:
            self.add(tuple(err["loc"]), shape_message(err))
        relaxed = relax(self.doc.data, errors)
        if relaxed is None:
            return None
        self.silenced, self.invalid_values = relaxed.silenced, relaxed.invalid_values
        self.narrative_replaced = relaxed.narrative_replaced
        return relaxed.model

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
            if pid is not None and pid not in persons and pid not in self.invalid_values:
                self.add(loc, f"no person {pid!r} in this vignette (persons: {some(list(persons))})")

        def phase_ref(loc: Loc, phase: str | None) -> None:
            if phase is not None and phase not in phases and phase not in self.invalid_values:
                written = self.doc.data.get("phases") if isinstance(self.doc.data, dict) else None
                names = [str(p) for p in written] if isinstance(written, list) else v.phases  # as the author wrote
                known = ", ".join(names) or "none are listed"
                self.add(loc, f"unknown phase {phase!r} (the vignette's phases: {known})")

        def quotes(loc: Loc, evidence: list[str]) -> None:
            found = []
            for j, q in enumerate(evidence):
                if self.narrative_replaced:
                    break
                span: Span | None = narrative.locate(q)
                if span is None:
                    self.add(
                        (*loc, "evidence", j) if len(evidence) > 1 else (*loc, "evidence"),
                        _quote_problem(narrative, q),
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
                if kind not in allowed and fid not in self.invalid_values:
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
        self.summary(v.summary)
        self.placeholders(v)
        return checked

    def placeholders(self, v: Vignette) -> None:
        """The `<...>` of a skeleton (kb new vignette) that are still to be filled in."""
        texts: list[tuple[Loc, str | None]] = [(("title",), v.title), (("summary",), v.summary)]
        texts += [(("narrative",), v.narrative)]
        texts += [(("persons", i, "name"), p.name) for i, p in enumerate(v.persons)]
        for list_name in ("behaviors", "interventions", "outcomes"):
            texts += [((list_name, i, "description"), f.description) for i, f in enumerate(getattr(v, list_name))]
        for loc, text in texts:
            found = _PLACEHOLDER.search(text or "")
            if found:
                self.add(loc, f"fill in the placeholder {found.group()!r}")

    def summary(self, text: str) -> None:
        n = len(_SENTENCE_END.findall(text.strip()))
        if not 2 <= n <= 4 and ("summary",) not in self.silenced:
            self.warn(
                ("summary",),
                f"a summary is two to four sentences (who, which pattern, what happened); this one has {n}",
            )

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
            idea = _counterpart(self.vocab, other.concept, term, kind)
            hint = f"; did you mean the {kind} {idea.id!r} ({idea.label})?" if idea else ""
            self.add(loc, f"{term!r} is a {other.concept.kind} ({other.concept.id}), not a {kind}{hint}")
            return None
        ideas = suggest(self.vocab, term, (kind,))
        hint = "; did you mean " + " or ".join(f"{c.id!r} ({c.label})" for c in ideas) + "?" if ideas else ""
        self.add(loc, f"unknown {kind} {term!r}{hint} (the {kind}s are in kb/vocab/vocabulary.yaml)")
        return None


_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)")
_PLACEHOLDER = re.compile(r"<[A-Z][^<>\n]{0,200}>")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|\u2026)\s*")


def _quote_problem(narrative: Narrative, quote: str) -> str:
    """Why a quote is not in the narrative: an ellipsis joining two passages, or simply not found."""
    parts = [p.strip() for p in _ELLIPSIS.split(quote) if p.strip()]
    if len(parts) < 2:
        return f"evidence quote not found in the narrative: {_short(quote)!r}"
    missing = [p for p in parts if narrative.locate(p) is None]
    tail = f" (not in the narrative either: {', '.join(repr(_short(p)) for p in missing)})" if missing else ""
    as_yaml = "[" + ", ".join(json.dumps(p, ensure_ascii=False) for p in parts) + "]"
    return f"quotes must be one continuous passage; write {count_word(len(parts))} quotes: evidence: {as_yaml}{tail}"


def _counterpart(vocab: Vocabulary, other: Concept, term: str, kind: str) -> Concept | None:
    """The concept of `kind` linked to `other` (a concept of another kind that `term` names) closest to `term`:
    'parentified' is the pattern parentification, and the role is parentified-child."""
    linked = {r for r in other.related if vocab.concepts[r].kind == kind}
    linked |= {c.id for c in vocab.of_kind(kind) if other.id in c.related}
    if not linked:
        ideas = suggest(vocab, term, (kind,), limit=1)
        return ideas[0] if ideas else None
    best = max(sorted(linked), key=lambda cid: fuzz.WRatio(normalize(term), normalize(vocab.concepts[cid].label)))
    return vocab.concepts[best]


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
        raise VignetteInvalid(checker.all_problems(), warnings=checker.warnings)
    checked.warnings = checker.warnings
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
    with_warnings: bool = False,
) -> Iterator[tuple[Path, CheckedVignette | None, list[Problem]]]:
    """Check each file in turn (streaming: one file in memory at a time), with duplicate ids across files.

    Yields (path, the checked vignette or None, its problems in file order); `with_warnings` adds the warnings
    (severity "warning") to the problems, and a file with warnings only still comes with its vignette."""
    for path, checked, problems, warnings in _check_files(paths, vocab, allow_identifiers):
        yield path, checked, by_line([*problems, *warnings]) if with_warnings else problems


def _check_files(
    paths: Iterable[Path], vocab: Vocabulary, allow_identifiers: bool
) -> Iterator[tuple[Path, CheckedVignette | None, list[Problem], list[Problem]]]:
    first_file_of: dict[str, str] = {}
    for path in vignette_files(paths):
        try:
            if path.stat().st_size > 4 * MAX_TEXT_CHARS:
                yield path, None, [Problem(str(path), 1, "(file)", f"larger than {4 * MAX_TEXT_CHARS:,} bytes")], []
                continue
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield path, None, [Problem(str(path), 1, "(file)", f"cannot read: {exc}")], []
            continue
        try:
            checked = check_text(text, str(path), vocab, allow_identifiers=allow_identifiers)
        except VignetteInvalid as exc:
            yield path, None, exc.problems, [*exc.warnings, *_file_name_warning(path, text)]
            continue
        vid = checked.vignette.id
        warnings = [*checked.warnings, *_file_name_warning(path, text, vid)]
        if vid in first_file_of:
            line = parse_yaml(text).line_of(("id",))
            problem = Problem(str(path), line, "id", f"vignette id {vid!r} is already used by {first_file_of[vid]}")
            yield path, None, [problem], warnings
            continue
        first_file_of[vid] = str(path)
        yield path, checked, [], warnings


def _file_name_warning(path: Path, text: str, vid: str | None = None) -> list[Problem]:
    """A vignette's file is named by its id: `ravi-and-his-father.yaml`."""
    try:
        doc = parse_yaml(text)
    except YamlProblem:
        return []
    if vid is None:
        vid = doc.data.get("id") if isinstance(doc.data, dict) else None
        if not isinstance(vid, str) or not vid:
            return []
    if path.stem == vid:
        return []
    return [
        Problem(
            str(path),
            doc.line_of(("id",)),
            "id",
            f"the file is named {path.name} but the vignette's id is {vid!r}; name the file {vid}.yaml",
            "warning",
        )
    ]
