"""How the ask box understood a question, in words: "interventions for Enmeshment, including Emotional incest"."""

from __future__ import annotations

from dataclasses import dataclass

from kb.answers import ConceptRef, TermResolution
from kb.queries.ask import AskAnswer
from kb.queries.ask_parse import Intent


@dataclass(frozen=True)
class Part:
    """One piece of the sentence: plain words, or a concept (a link to its page)."""

    text: str
    concept: ConceptRef | None = None


FOCUS = {
    "roles": "the roles that go with",
    "behaviors": "the behaviors that go with",
    "interventions": "the interventions used in cases of",
    "outcomes": "the outcomes seen in cases of",
    "patterns": "what goes with",
}


def resolutions(answer: AskAnswer) -> list[TermResolution]:
    a = answer.answer
    if hasattr(a, "resolved") and isinstance(a.resolved, TermResolution):
        return [a.resolved]
    if hasattr(a, "filters"):
        return list(a.filters)
    return []


def understood(answer: AskAnswer) -> list[Part]:
    """The interpretation as parts of a sentence, each concept a link, with the narrower concepts counted."""
    parsed = answer.interpretation
    resolved = resolutions(answer)
    terms = [
        ConceptRef(id=t.concept_id, label=t.label, kind=t.kind) for t in parsed.terms
    ]  # the concepts the question named, in its order
    includes = [c for r in resolved for c in r.includes]

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
    elif parsed.intent == Intent.vignettes:
        parts = [Part("vignettes with "), *concepts()]
    elif parsed.intent == Intent.profile:
        parts = [Part(FOCUS.get(parsed.focus or "patterns", "what goes with") + " "), *concepts()]
    elif parsed.intent == Intent.outcomes_after:
        parts = [Part("the outcomes after "), *concepts()]
    elif parsed.intent == Intent.similar:
        parts = [Part(f"cases like the vignette \u201c{getattr(answer.answer, 'query', parsed.vignette_ref)}\u201d")]
    else:
        parts = [Part("what "), *concepts(), Part(" means")]
    if includes:
        parts.append(Part(", including "))
        for i, c in enumerate(includes):
            if i:
                parts.append(Part(" and " if i == len(includes) - 1 else ", "))
            parts.append(Part(c.label, c))
    return parts
