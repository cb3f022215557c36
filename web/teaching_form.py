"""The teaching case's edit form: a case as the fields a trainer fills in, and those fields back into a case.

This is the page's parsing of its input, as a route parses its query: the form carries only what a trainer
edits (title, audience, summary, the concepts taught, objectives, each stage's title, passages' text, questions
with their answers and the facts they cite, notes). Everything else (the vignettes and their snapshots, the
cuts, where each passage lies in its story) comes from the version the trainer started from, so a save changes
nothing the trainer did not see. The case is then checked by kb (kb.teaching.checking through save_case) and
each problem it names (a field path) is placed back at its field.

Field names: title, audience, summary, concepts, notes, objective (repeated), s{S}-title, s{S}-notes,
s{S}-recut, s{S}-p{P} (a passage's text), s{S}-q{Q}-kind|text|answer|add|remove and s{S}-q{Q}-fact (repeated),
where S and P are indexes in the version started from, and Q numbers the questions in their order on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from kb.authoring.validate import Problem
from kb.models import QuestionKind, SectionKind, TeachingCase
from kb.teaching.render import KIND_NAMES, STAGE_NAMES
from kb.vocab.resolve import concept_ref
from kb.vocab.vocabulary import Vocabulary

MAX_FIELDS = 5000  # form fields read at most (a large case has a few hundred)
FIELD = re.compile(r"^s(\d{1,3})-(?:(title|notes|recut)|p(\d{1,4})|q(\d{1,4})-(kind|text|answer|fact|add|remove))$")
CHOSEN = re.compile(r"\[([a-z0-9]+(?:-[a-z0-9]+)*)/([A-Za-z0-9][A-Za-z0-9_-]{0,63})\]\s*$")
KIND_HELP = {
    QuestionKind.recognition: "name what is there: the role, the pattern",
    QuestionKind.evidence: "point to the lines that show it",
    QuestionKind.mechanism: "explain how it works, what keeps it going",
    QuestionKind.what_next: "predict or plan before the next stage is read",
    QuestionKind.what_if: "reason about another course",
}
KINDS = [(k.value, KIND_NAMES[k], KIND_HELP[k]) for k in QuestionKind]


@dataclass(frozen=True)
class FactChoice:
    """A fact of one of the case's vignettes that an answer may cite (its quotes print in the instructor edition)."""

    ref: str  # vignette/fact
    label: str
    kind: str
    where: str  # whose case, and the phase
    quote: str

    @property
    def option(self) -> str:
        """How the fact reads in the list offered when adding one to an answer."""
        return f"{self.label} ({self.kind}) · {self.where} [{self.ref}]"


@dataclass
class QuestionField:
    slot: int
    kind: str = QuestionKind.recognition.value
    text: str = ""
    answer: str = ""
    facts: list[str] = field(default_factory=list)  # vignette/fact of each fact cited
    add: str = ""
    remove: bool = False
    new: bool = False

    @property
    def blank(self) -> bool:
        return not (self.text.strip() or self.answer.strip() or self.facts or self.add.strip())


@dataclass
class PassageField:
    slot: int
    vignette: str
    start: int
    end: int
    text: str
    full: str  # the passage as it was in the version started from
    locked: bool  # its vignette changed since the case was cut: it cannot be edited until the case is refreshed


@dataclass
class SectionField:
    slot: int
    kind: SectionKind
    title: str
    passages: list[PassageField]
    questions: list[QuestionField]
    notes: str
    recut: bool = False

    @property
    def stage(self) -> str:
        return STAGE_NAMES[self.kind]


@dataclass
class CaseForm:
    title: str
    audience: str
    summary: str
    concepts: str
    objectives: list[str]
    notes: str
    sections: list[SectionField]


# --------------------------------------------------------------------------- from a case to fields


def fact_choices(case: TeachingCase) -> list[FactChoice]:
    out = []
    for cv in case.vignettes:
        snap = cv.snapshot
        if snap is None:
            continue
        who = snap.client or snap.title
        for f in snap.facts:
            where = who + (f", {f.phase}" if f.phase else "")
            quote = f.evidence[0].text if f.evidence else ""
            out.append(FactChoice(f"{cv.id}/{f.id}", f.label, f.kind.value, where, quote))
    return out


def form_of(case: TeachingCase, vocab: Vocabulary, stale: set[str]) -> CaseForm:
    """The fields of a stored case, with a blank question in each stage and a blank objective to fill in."""
    sections = []
    for i, s in enumerate(case.sections):
        questions = [
            QuestionField(
                slot=k,
                kind=q.kind.value,
                text=q.text,
                answer=q.answer.text if q.answer else "",
                facts=[f"{ref.vignette}/{ref.fact}" for ref in q.answer.facts] if q.answer else [],
            )
            for k, q in enumerate(s.questions)
        ]
        questions.append(QuestionField(slot=len(questions), new=True))
        sections.append(
            SectionField(
                slot=i,
                kind=s.kind,
                title=s.title or STAGE_NAMES[s.kind],
                passages=_passages(case, i, stale),
                questions=questions,
                notes=s.instructor_notes or "",
            )
        )
    return CaseForm(
        title=case.title,
        audience=case.audience,
        summary=case.summary or "",
        concepts=", ".join(concept_ref(vocab, c).label for c in case.concepts),
        objectives=[*case.objectives, ""],
        notes=case.instructor_notes or "",
        sections=sections,
    )


def _passages(case: TeachingCase, i: int, stale: set[str], texts: dict[int, str] | None = None) -> list[PassageField]:
    return [
        PassageField(
            slot=j,
            vignette=p.vignette,
            start=p.start,
            end=p.end,
            text=p.text if texts is None else texts.get(j, ""),
            full=p.text,
            locked=p.vignette in stale,
        )
        for j, p in enumerate(case.sections[i].passages)
    ]


# --------------------------------------------------------------------------- from the posted fields


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.replace("\r\n", "\n") if isinstance(value, str) else ""  # a textarea sends CRLF line breaks


def read_form(form: FormData, base: TeachingCase, stale: set[str]) -> CaseForm:
    """The fields as posted, over the version started from (whose stages and passages they index)."""
    by_section: dict[int, dict[str, Any]] = {}
    for name in form:
        m = FIELD.match(name)
        if not m or int(m.group(1)) >= len(base.sections):
            continue
        entry = by_section.setdefault(int(m.group(1)), {"passages": {}, "questions": {}})
        if m.group(3) is not None:
            entry["passages"][int(m.group(3))] = _text(form, name)
        elif m.group(4) is not None:
            entry["questions"].setdefault(int(m.group(4)), {})[m.group(5)] = (
                [v for v in form.getlist(name) if isinstance(v, str)] if m.group(5) == "fact" else _text(form, name)
            )
    sections = []
    for i, s in enumerate(base.sections):
        entry = by_section.get(i, {"passages": {}, "questions": {}})
        questions = [
            QuestionField(
                slot=k,
                kind=q.get("kind") or QuestionKind.recognition.value,
                text=q.get("text", ""),
                answer=q.get("answer", ""),
                facts=q.get("fact", []),
                add=q.get("add", ""),
                remove=bool(q.get("remove")),
            )
            for k, q in sorted(entry["questions"].items())
        ]
        sections.append(
            SectionField(
                slot=i,
                kind=s.kind,
                title=_text(form, f"s{i}-title"),
                passages=_passages(base, i, stale, entry["passages"]),
                questions=questions,
                notes=_text(form, f"s{i}-notes"),
                recut=bool(form.get(f"s{i}-recut")),
            )
        )
    return CaseForm(
        title=_text(form, "title"),
        audience=_text(form, "audience"),
        summary=_text(form, "summary"),
        concepts=_text(form, "concepts"),
        objectives=[v.replace("\r\n", "\n") for v in form.getlist("objective") if isinstance(v, str)] or [""],
        notes=_text(form, "notes"),
        sections=sections,
    )


# --------------------------------------------------------------------------- from fields to a case


@dataclass
class Built:
    """The case's data as the form gives it (kb checks it), where each of its paths came from, and the problems
    found while reading the fields themselves (a fact that is not one of the list's)."""

    data: dict[str, Any]
    fields: dict[str, str]  # a path of the data (sections.0.title) -> the id of its field on the page
    problems: list[Problem]


def build(f: CaseForm, base: TeachingCase) -> Built:
    fields = {"title": "f-title", "audience": "f-audience", "summary": "f-summary", "concepts": "f-concepts"}
    fields |= {"instructor_notes": "f-notes", "objectives": "f-objective-0"}
    problems: list[Problem] = []
    objectives: list[str] = []
    for slot, text in enumerate(f.objectives):
        if text.strip():
            fields[f"objectives.{len(objectives)}"] = f"f-objective-{slot}"
            objectives.append(text)
    known = {c.ref for c in fact_choices(base)}
    sections = []
    for i, (sf, s) in enumerate(zip(f.sections, base.sections, strict=True)):
        at = f"sections.{i}"
        fields[at] = fields[f"{at}.title"] = f"f-s{sf.slot}-title"
        fields[f"{at}.instructor_notes"] = f"f-s{sf.slot}-notes"
        passages: list[dict[str, Any]] = []
        if not sf.recut:
            for pf in sf.passages:
                if pf.text.strip():
                    fields[f"{at}.passages.{len(passages)}"] = f"f-s{sf.slot}-p{pf.slot}"
                    passages.append({"vignette": pf.vignette, "start": pf.start, "end": pf.end, "text": pf.text})
        fields[f"{at}.passages"] = f"f-s{sf.slot}-recut"
        questions: list[dict[str, Any]] = []
        for qf in sf.questions:
            if qf.remove or qf.blank:
                continue
            ids = f"f-s{sf.slot}-q{qf.slot}"
            path = f"{at}.questions.{len(questions)}"
            fields |= {path: f"{ids}-text", f"{path}.kind": f"{ids}-kind", f"{path}.text": f"{ids}-text"}
            fields |= {f"{path}.answer": f"{ids}-answer", f"{path}.answer.text": f"{ids}-answer"}
            fields[f"{path}.answer.facts"] = f"{ids}-add"
            refs = [r for r in qf.facts if r in known]
            if qf.add.strip():
                chosen = _chosen(qf.add, fact_choices(base))
                if chosen is None:
                    problems.append(
                        Problem("form", 1, f"{path}.answer.facts", "choose one of the facts the list offers")
                    )
                elif chosen not in refs:
                    refs.append(chosen)
            question: dict[str, Any] = {"kind": qf.kind, "text": qf.text}
            if qf.answer.strip() or refs:
                question["answer"] = {"text": qf.answer, "facts": [_ref(r) for r in refs]}
            questions.append(question)
        section: dict[str, Any] = {
            "kind": s.kind.value,
            "cuts": [c.model_dump(mode="json", exclude_defaults=True) for c in s.cuts],
            "passages": passages,
            "questions": questions,
        }
        if sf.title.strip():  # empty: the stage's own name
            section["title"] = sf.title
        if sf.notes.strip():
            section["instructor_notes"] = sf.notes
        sections.append(section)
    data: dict[str, Any] = {
        "id": base.id,
        "title": f.title,
        "audience": f.audience,
        "concepts": [t.strip() for t in f.concepts.split(",") if t.strip()],
        "objectives": objectives,
        "vignettes": [cv.model_dump(mode="json", exclude_defaults=True) for cv in base.vignettes],
        "sections": sections,
    }
    if f.summary.strip():
        data["summary"] = f.summary
    if f.notes.strip():
        data["instructor_notes"] = f.notes
    return Built(data, fields, problems)


def _ref(ref: str) -> dict[str, str]:
    vignette, fact = ref.split("/", 1)
    return {"vignette": vignette, "fact": fact}


def _chosen(typed: str, choices: list[FactChoice]) -> str | None:
    """The fact a trainer chose from the list (its option ends with [vignette/fact]), or named by its exact label."""
    m = CHOSEN.search(typed)
    if m:
        ref = f"{m.group(1)}/{m.group(2)}"
        return ref if any(c.ref == ref for c in choices) else None
    named = [c.ref for c in choices if c.label.lower() == typed.strip().lower()]
    return named[0] if len(named) == 1 else None


# --------------------------------------------------------------------------- problems at their fields

FRIENDLY = {
    ("concepts", "List should have at least 1 item"): "name at least one pattern or concept the case teaches",
    ("objectives", "List should have at least 1 item"): "write at least one learning objective",
}


def place(problems: list[Problem], fields: dict[str, str]) -> tuple[dict[str, list[str]], list[dict[str, str]]]:
    """Each problem at the field its path names (the longest known prefix), and the list for the page's top:
    each with its message and the field to go to (none when the form has no field for it)."""
    at: dict[str, list[str]] = {}
    summary = []
    for p in problems:
        parts = p.path.split(".")
        prefixes = (".".join(parts[:n]) for n in range(len(parts), 0, -1))
        target = next((fields[x] for x in prefixes if x in fields), "")
        message = _friendly(p)
        if target:
            at.setdefault(target, []).append(message)
        summary.append({"field": target, "message": message, "path": p.path})
    return at, summary


def _friendly(p: Problem) -> str:
    base = p.path.split(".")[0]
    if (base, p.message) in FRIENDLY and p.path == base:
        return FRIENDLY[(base, p.message)]
    if p.path.endswith("answer.text") and p.message == "must not be empty":
        return "write the answer, or untick the evidence it cites"
    if ".passages." in p.path and "never rewritten" in p.message:
        return (
            "this is no longer the story's own text: you may cut words off its start or end, or empty it to leave "
            "it out, but not change its words (tick “Cut this stage's text again” to start over)"
        )
    return p.message
