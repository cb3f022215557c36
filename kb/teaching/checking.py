"""From an authored teaching case to a stored one: parse, check every reference, cut, snapshot.

A case names concepts (any synonym: kb.vocab.resolve), vignettes, their phases and facts. Each is checked
against the knowledge base and every problem is reported with its field path (and line, for YAML), before
anything is written. A section without passages gets them cut from its vignettes (kb.teaching.cutting); a
passage given must be the narrative's own text (trimmed at most). Each vignette's snapshot (its version, the
facts the answers cite with their quotes) is taken from the vignette as it is now, unless the case already
holds one of an older version: that one is kept, and the case is flagged stale, until it is refreshed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from kb.answers import VignetteDetail
from kb.authoring.validate import Problem
from kb.authoring.yamlsource import YamlDocument, YamlProblem, parse_yaml
from kb.errors import InvalidInput, UnknownVignette
from kb.models import CaseQuote, CaseVignette, Passage, SectionKind, SnapshotFact, TeachingCase, VignetteSnapshot
from kb.queries.vignettes import get_vignette
from kb.store.db import Database
from kb.teaching.cutting import cut, story_of
from kb.vocab.resolve import UnknownConcept, resolve
from kb.vocab.vocabulary import Vocabulary

MAX_BYTES = 1_000_000  # a case file or body larger than this is refused before it is parsed


class CaseInvalid(InvalidInput):
    """A teaching case with problems: every one of them, at its field path (and line, for a file)."""

    code = "invalid_teaching_case"

    def __init__(self, problems: list[Problem], outcome: str = "Nothing was written") -> None:
        first = problems[0]
        super().__init__(f"{len(problems)} problem(s) in the teaching case; first: {first.path}: {first.message}")
        self.problems, self.outcome = problems, outcome

    def details(self) -> dict[str, Any]:
        return {
            "problems": [{"file": p.file, "line": p.line, "path": p.path, "message": p.message} for p in self.problems]
        }

    def lines(self) -> list[str]:
        return [*map(str, self.problems), f"{self.outcome}: {len(self.problems)} problem(s)."]


# --------------------------------------------------------------------------- parsing


def parse_case(text: str, file: str = "request body", media: str = "yaml") -> TeachingCase:
    """A case from YAML (lines kept for the messages) or JSON text; CaseInvalid lists every shape problem."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise CaseInvalid([Problem(file, 1, "(file)", f"larger than {MAX_BYTES:,} bytes")])
    doc: YamlDocument | None = None
    if media == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CaseInvalid([Problem(file, exc.lineno, "(json)", f"not valid JSON: {exc.msg}")]) from None
    else:
        try:
            doc = parse_yaml(text)
        except YamlProblem as exc:
            raise CaseInvalid([Problem(file, exc.line, exc.path, exc.message)]) from None
        data = doc.data
    return case_from_data(data, file, doc)


def case_from_data(data: object, file: str = "request body", doc: YamlDocument | None = None) -> TeachingCase:
    if not isinstance(data, dict):
        raise CaseInvalid([Problem(file, 1, "(top)", "a teaching case is one mapping (id, title, audience, ...)")])
    try:
        return TeachingCase.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            line = doc.line_of(loc) if doc else 1
            problems.append(Problem(file, line, ".".join(map(str, loc)) or "(top)", _message(err)))
        raise CaseInvalid(problems) from None


def _message(err: Any) -> str:
    if err["type"] == "string_too_short":
        return "must not be empty"
    if err["type"] == "extra_forbidden":
        return "unknown field (see schema/teaching-case.schema.json)"
    return str(err["msg"])


# --------------------------------------------------------------------------- checking


@dataclass
class Mode:
    """How a save treats what the case already holds: `carried` is the case as stored before (None when new);
    `refresh` re-takes every snapshot and re-cuts every section; `trusted` (an import) keeps snapshots and
    passages as given."""

    carried: TeachingCase | None = None
    refresh: bool = False
    trusted: bool = False


class _Check:
    def __init__(self, db: Database, vocab: Vocabulary, case: TeachingCase, file: str, mode: Mode) -> None:
        self.db, self.vocab, self.case, self.file, self.mode = db, vocab, case, file, mode
        self.problems: list[Problem] = []
        self.details: dict[str, VignetteDetail | None] = {}
        self.fresh: dict[str, bool] = {}  # vignette id -> its snapshot is (to be) taken now

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, 1, path, message))

    def detail(self, vid: str) -> VignetteDetail | None:
        if vid not in self.details:
            try:
                self.details[vid] = get_vignette(self.db, self.vocab, vid)
            except UnknownVignette:
                self.details[vid] = None
        return self.details[vid]


def prepare(db: Database, vocab: Vocabulary, case: TeachingCase, file: str, mode: Mode) -> TeachingCase:
    """The case as it will be stored: concepts as ids, snapshots taken or kept, passages cut or checked.

    Raises CaseInvalid with every problem; reads only."""
    check = _Check(db, vocab, case, file, mode)
    concepts = _concepts(check)
    vignettes = [_vignette(check, i, cv) for i, cv in enumerate(case.vignettes)]
    if check.problems:
        raise CaseInvalid(check.problems)
    by_id = {cv.id: cv for cv in vignettes}
    sections = [_section(check, i, by_id) for i in range(len(case.sections))]
    if check.problems:
        raise CaseInvalid(check.problems)
    return case.model_copy(update={"concepts": concepts, "vignettes": vignettes, "sections": sections})


def _concepts(check: _Check) -> list[str]:
    ids: list[str] = []
    for i, term in enumerate(check.case.concepts):
        try:
            cid = resolve(check.vocab, term).concept.id
        except UnknownConcept as exc:
            check.add(f"concepts.{i}", exc.message)
            continue
        if cid not in ids:
            ids.append(cid)
    return ids


def _carried_snapshot(check: _Check, vid: str) -> VignetteSnapshot | None:
    carried = check.mode.carried
    if carried is None:
        return None
    return next((cv.snapshot for cv in carried.vignettes if cv.id == vid), None)


def _vignette(check: _Check, i: int, cv: CaseVignette) -> CaseVignette:
    path = f"vignettes.{i}"
    if any(other.id == cv.id for other in check.case.vignettes[:i]):
        check.add(f"{path}.id", f"the vignette {cv.id!r} is listed twice")
        return cv
    detail = check.detail(cv.id)
    given = cv.snapshot
    keep = given is not None and not check.mode.refresh and (detail is None or given.version != detail.version)
    if keep and given is not None:  # an older snapshot: kept only as it was stored (or as an export holds it)
        if not check.mode.trusted and given != _carried_snapshot(check, cv.id):
            check.add(
                f"{path}.snapshot",
                "differs from the snapshot stored with this case; leave `snapshot` out to cut the case from the "
                "vignette as it is now, or refresh the case",
            )
        phases = given.phases
        check.fresh[cv.id] = False
    elif detail is None:
        check.add(f"{path}.id", UnknownVignette(cv.id).message + " Check the id (GET /vignettes lists them).")
        return cv
    else:
        phases = list(detail.phases)
        check.fresh[cv.id] = True
    for j, phase in enumerate(cv.phases):
        if phase not in phases:
            check.add(f"{path}.phases.{j}", f"the vignette {cv.id!r} has no phase {phase!r}; its phases: {phases}")
    if check.fresh[cv.id] and detail is not None:
        return cv.model_copy(update={"snapshot": snapshot(detail)})
    return cv


def snapshot(v: VignetteDetail) -> VignetteSnapshot:
    """What a case keeps of a vignette: its version, title, client, phases, persons and every fact with its quotes."""
    names = {p.id: p.name for p in v.persons}
    order = {p.id: i for i, p in enumerate(v.persons)}  # the vignette's own order: the graph returns links unordered
    facts = [
        SnapshotFact(
            id=f.id,
            kind=f.kind,
            concept=f.concept.id,
            label=f.concept.label,
            phase=f.phase,
            persons=sorted(
                {pid for rel in ("ABOUT", "INVOLVES", "FOR") for pid in f.persons.get(rel, [])}, key=order.__getitem__
            ),
            description=f.description,
            result=f.result,
            evidence=[CaseQuote(text=q.text, start=q.start, end=q.end) for q in f.evidence],
        )
        for f in [*v.roles, *v.behaviors, *v.patterns, *v.interventions, *v.outcomes]
    ]
    client = next((f.persons["ABOUT"][0] for f in v.roles if f.concept.id == "client" and f.persons.get("ABOUT")), None)
    return VignetteSnapshot(
        version=v.version,
        title=v.title,
        client=names.get(client or (v.persons[0].id if v.persons else "")),
        phases=list(v.phases),
        persons=names,
        facts=facts,
    )


def _section(check: _Check, i: int, vignettes: dict[str, CaseVignette]) -> Any:
    section = check.case.sections[i]
    path = f"sections.{i}"
    used: set[str] = set()
    for j, c in enumerate(section.cuts):
        cv = vignettes.get(c.vignette)
        if cv is None or cv.snapshot is None:
            check.add(f"{path}.cuts.{j}.vignette", f"{c.vignette!r} is not among the case's vignettes ({_ids(check)})")
            continue
        used.add(c.vignette)
        allowed = cv.phases or cv.snapshot.phases
        for k, phase in enumerate(c.phases):
            if phase not in cv.snapshot.phases:
                check.add(
                    f"{path}.cuts.{j}.phases.{k}",
                    f"the vignette {c.vignette!r} has no phase {phase!r}; its phases: {cv.snapshot.phases}",
                )
            elif phase not in allowed:
                check.add(
                    f"{path}.cuts.{j}.phases.{k}",
                    f"the case uses only the phases {allowed} of {c.vignette!r}; add {phase!r} to vignettes[].phases",
                )
        known = {f.id for f in cv.snapshot.facts}
        for k, fid in enumerate(c.facts):
            if fid not in known:
                check.add(f"{path}.cuts.{j}.facts.{k}", f"the vignette {c.vignette!r} has no fact {fid!r}")
    for q, question in enumerate(section.questions):
        for k, ref in enumerate(question.answer.facts if question.answer else []):
            cv = vignettes.get(ref.vignette)
            if cv is None or cv.snapshot is None:
                check.add(
                    f"{path}.questions.{q}.answer.facts.{k}.vignette",
                    f"{ref.vignette!r} is not among the case's vignettes",
                )
            elif ref.fact not in {f.id for f in cv.snapshot.facts}:
                check.add(
                    f"{path}.questions.{q}.answer.facts.{k}.fact",
                    f"the vignette {ref.vignette!r} has no fact {ref.fact!r}",
                )
    if check.problems:
        return section
    return section.model_copy(update={"passages": _passages(check, i, vignettes, used)})


def _ids(check: _Check) -> str:
    return ", ".join(cv.id for cv in check.case.vignettes)


def _passages(check: _Check, i: int, vignettes: dict[str, CaseVignette], used: set[str]) -> list[Passage]:
    section = check.case.sections[i]
    path = f"sections.{i}.passages"
    stale = {vid for vid in used if not check.fresh.get(vid, False)}
    if not section.passages or (check.mode.refresh and not stale):
        out: list[Passage] = []
        for c in section.cuts:
            detail = check.detail(c.vignette)
            if c.vignette in stale or detail is None:
                check.add(path, f"cannot cut passages from {c.vignette!r}: it changed or is gone; refresh the case")
                continue
            stage = None if c.stage == "any" else SectionKind(c.stage or section.kind)
            allowed = vignettes[c.vignette].phases
            out += cut(story_of(detail), stage, c.phases, c.facts, allowed)
        return out
    carried = _carried_section(check, i)
    kept: list[Passage] = []
    for j, p in enumerate(section.passages):
        kept.append(p)
        if p.vignette not in used:
            check.add(f"{path}.{j}.vignette", f"{p.vignette!r} is not a vignette this section cuts from")
        elif p.vignette in stale:
            if not check.mode.trusted and (carried is None or p not in carried.passages):
                check.add(
                    f"{path}.{j}",
                    f"{p.vignette!r} changed since this case was cut: its passages cannot be edited until the case "
                    "is refreshed",
                )
        else:
            detail = check.detail(p.vignette)
            found = _locate(detail.narrative, p) if detail is not None else None
            if found is not None:
                kept[-1] = found
            else:
                check.add(
                    f"{path}.{j}.text",
                    f"is not the text of {p.vignette!r} from character {p.start} to {p.end}: a passage is cut from "
                    "the narrative and may be trimmed, never rewritten (remove `passages` to cut them again)",
                )
    return kept


def _carried_section(check: _Check, i: int) -> Any:
    carried = check.mode.carried
    return carried.sections[i] if carried is not None and i < len(carried.sections) else None


def _locate(narrative: str, p: Passage) -> Passage | None:
    """The passage with the offsets of its text in the narrative (a trimmed passage keeps its place), or None."""
    text = p.text.strip()
    if not text:
        return None
    if narrative[p.start : p.end] == text:
        return p.model_copy(update={"text": text})
    at = narrative.find(text, max(0, p.start - len(text)))
    if at < 0:
        at = narrative.find(text)
    return None if at < 0 else p.model_copy(update={"start": at, "end": at + len(text), "text": text})
