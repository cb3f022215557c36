"""How the ask box understood a question, in words: "interventions for Enmeshment, including Emotional incest".

Besides the sentence (`understood`), the other readings the engine offers (`alternatives`, each a question to ask
instead) and its notes on words it did not use are shown beside it: `Understanding` holds all three."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.answers import ConceptRef, TermResolution, VignetteList
from kb.queries.ask import AskAnswer
from kb.queries.ask_parse import Intent, Reading


@dataclass(frozen=True)
class Part:
    """One piece of the sentence: plain words, or a concept (a link to its page)."""

    text: str
    concept: ConceptRef | None = None


@dataclass(frozen=True)
class Alternative:
    """Another reading, as the question that gives it and what that answer would be, in plain words."""

    question: str
    gives: str


@dataclass(frozen=True)
class Understanding:
    parts: list[Part]
    alternatives: list[Alternative] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


FOCUS = {
    "roles": "the roles that go with",
    "behaviors": "the behaviors that go with",
    "interventions": "the interventions used in cases of",
    "outcomes": "the outcomes seen in cases of",
    "patterns": "what goes with",
}
GIVES = {  # what the answer of each reading is, for a clinician choosing another one
    Intent.interventions: "the interventions used for it",
    Intent.used_for: "what it was used for",
    Intent.outcomes_after: "the outcomes after it",
    Intent.vignettes: "the vignettes that have it",
    Intent.profile: "what goes with it",
    Intent.define: "its definition",
    Intent.similar: "the cases most like a vignette",
    Intent.compare: "the two side by side",
}


def resolutions(answer: AskAnswer) -> list[TermResolution]:
    a = answer.answer
    if hasattr(a, "resolved") and isinstance(a.resolved, TermResolution):
        return [a.resolved]
    if hasattr(a, "filters"):
        return list(a.filters)
    return []


def _listed(refs: list[ConceptRef], joiner: str = " and ") -> list[Part]:
    """Concepts as links, joined as a sentence: "A, B and C"."""
    parts: list[Part] = []
    for i, c in enumerate(refs):
        if i:
            parts.append(Part(joiner if i == len(refs) - 1 else ", "))
        parts.append(Part(c.label, c))
    return parts


def understood(answer: AskAnswer) -> list[Part]:
    """The interpretation as parts of a sentence, each concept a link, with the narrower concepts counted, and for
    vignettes the family relations asked for and the concepts left out."""
    parsed = answer.interpretation
    terms = [ConceptRef(id=t.concept_id, label=t.label, kind=t.kind) for t in parsed.terms]  # in the question's order
    includes = [c for r in resolutions(answer) for c in r.includes]

    def concepts(joiner: str = " and ") -> list[Part]:
        parts: list[Part] = []
        for i, c in enumerate(terms):
            if i:
                parts.append(Part(joiner if i == len(terms) - 1 else ", "))
            parts.append(Part(c.label, c))
            if parsed.intent == Intent.vignettes:
                parts.append(Part(f" ({c.kind})"))
        return parts

    if parsed.intent == Intent.interventions:
        parts = [Part("interventions for "), *concepts()]
    elif parsed.intent == Intent.used_for:
        parts = [Part("what "), *concepts(), Part(" was used for: the patterns, behaviors and roles it was aimed at")]
    elif parsed.intent == Intent.compare:
        parts = [*concepts(" compared with "), Part(" side by side")]
    elif parsed.intent == Intent.vignettes:
        parts = [Part("vignettes with "), *concepts()] if terms else [Part("vignettes")]
    elif parsed.intent == Intent.profile:
        parts = [Part(FOCUS.get(parsed.focus or "patterns", "what goes with") + " "), *concepts()]
    elif parsed.intent == Intent.outcomes_after:
        parts = [Part("the outcomes after "), *concepts()]
    elif parsed.intent == Intent.similar:
        parts = [Part(f"cases like the vignette \u201c{getattr(answer.answer, 'query', parsed.vignette_ref)}\u201d")]
    else:
        parts = [Part("what "), *concepts(), Part(" means")]
    if includes:
        parts += [Part(", including "), *_listed(includes)]
    if isinstance(answer.answer, VignetteList):
        parts += _kin_and_without(answer.answer, "," if terms else "")
    return parts


def _kin_and_without(a: VignetteList, comma: str) -> list[Part]:
    """ "where the family has a mother and daughter", "without Codependency (nor Emotional incest)"."""
    parts: list[Part] = []
    if a.kin:
        parts.append(Part(f"{comma} where the family has a " + " and a ".join(k.words for k in a.kin)))
    for i, w in enumerate(a.without):
        parts += [Part(f"{comma} without " if i == 0 else " or "), Part(w.concept.label, w.concept)]
        if w.includes:
            parts += [Part(" (nor "), *_listed(w.includes, " or "), Part(")")]
    return parts


def alternatives(readings: list[Reading]) -> list[Alternative]:
    return [Alternative(question=r.question, gives=GIVES.get(r.intent, r.form)) for r in readings]


def understanding(answer: AskAnswer) -> Understanding:
    parsed = answer.interpretation
    return Understanding(understood(answer), alternatives(parsed.also), list(parsed.notes))
