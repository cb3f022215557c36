"""Cut a vignette's narrative into the stages of a teaching case, by phase and by the evidence of its facts.

The narrative is split into units: paragraphs, then sentences. A narrative written without sentence
punctuation (a transcript-like text) is split further where a clause plainly starts a new sentence (a subject
pronoun or a person's name after a word that does not bind it to what precedes). Each unit takes the phase of
the facts whose evidence it holds (the phase covering most of its characters); a unit with no evidence takes
the phase of its neighbours in the same paragraph. The phase, and the kinds of facts in the unit, give its
stage:

    presenting problem   the opening of the story, before it turns back to the history, and any unit of a
                         phase named like presentation, intake or referral
    history              the phases before the current one (childhood, adolescence, background ...)
    family dynamics      the current phase, the last before treatment (adulthood, caregiving, marriage ...)
    intervention         the treatment phase (therapy, treatment ...), except units telling only outcomes
    outcome              those units, and every phase after treatment (follow-up ...)

A section's passages are the units of its stage (optionally only some phases), plus the units holding the
evidence of facts it names, merged where they touch. Every passage is the narrative's own characters: a
trainer may trim one, never rewrite it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kb.answers import VignetteDetail
from kb.models import Passage, SectionKind

PARAGRAPH = re.compile(r"\n[ \t]*\n")
# the end of a sentence: . ! ? (and any closing quotes or brackets), space, then what starts a sentence
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
WORD = re.compile(r"\S+")
PARAGRAPH_CHARS = 700  # a text without paragraphs is handed out in paragraphs of about this length, at units
LONG = 350  # a unit longer than this without sentence punctuation is split at clause starts

TREATMENT = {"therapy", "treatment", "counseling", "counselling", "sessions", "intervention", "psychotherapy"}
PRESENTING = {"presentation", "presenting", "intake", "referral", "assessment"}
SUBJECTS = {"she", "he", "they", "we", "i"}
# a word after which a subject continues the same sentence ("... because she", "... told her that he")
BINDING = set(
    "a an the and but or nor so yet that which who whom whose when whenever why where how what whether if "
    "because since as than though although while until unless once before after then to of for with about "
    "said says say thought thinks felt feels knew know realized realised feared told tell sure whom even "
    "also not just only like until till by from into at on in".split()
)


@dataclass(frozen=True)
class Evidence:
    """One evidence quote of a fact, where it lies in the narrative."""

    fact: str
    kind: str
    phase: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Story:
    """What cutting needs of a vignette: its narrative, phases, evidence, and the names that start sentences."""

    id: str
    narrative: str
    phases: list[str]
    evidence: list[Evidence]
    names: frozenset[str] = frozenset()


@dataclass
class Unit:
    start: int
    end: int
    paragraph: int
    phase: str | None = None
    stage: SectionKind | None = None
    facts: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Timeline:
    """A vignette's phases sorted into the stages: which phase is the present, which treatment, which after."""

    history: tuple[str, ...]
    current: str | None
    presenting: tuple[str, ...]
    treatment: tuple[str, ...]
    after: tuple[str, ...]

    def stage_of(self, phase: str | None, kinds: set[str]) -> SectionKind | None:
        if phase is None:
            return None
        if phase in self.after:
            return SectionKind.outcome
        if phase in self.treatment:
            only_outcomes = "outcome" in kinds and "intervention" not in kinds
            return SectionKind.outcome if only_outcomes else SectionKind.intervention
        if phase in self.presenting:
            return SectionKind.presenting_problem
        if phase in self.history:
            return SectionKind.history
        return SectionKind.family_dynamics


def timeline(phases: list[str], evidence: Iterable[Evidence]) -> Timeline:
    """Sort the phases: treatment is the first phase named like therapy (else the one with most interventions)."""
    start = next((i for i, p in enumerate(phases) if p in TREATMENT), None)
    if start is None:
        counts = dict.fromkeys(phases, 0)
        for e in evidence:
            if e.kind == "intervention" and e.phase in counts:
                counts[e.phase] += 1
        busiest = max(counts.values(), default=0)
        start = next((i for i, p in enumerate(phases) if busiest and counts[p] == busiest), len(phases))
    before = [p for p in phases[:start] if p not in PRESENTING]
    presenting = [p for p in phases[:start] if p in PRESENTING]
    current = None if presenting or not before else before[-1]  # a named presentation phase is the present
    return Timeline(
        history=tuple(p for p in before if p != current),
        current=current,
        presenting=tuple(presenting),
        treatment=tuple(phases[start : start + 1]),
        after=tuple(phases[start + 1 :]),
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _clause_starts(text: str, start: int, end: int, names: frozenset[str]) -> list[int]:
    """Where a new sentence plainly starts in unpunctuated text: a subject after a word that does not bind it."""
    cuts = []
    previous = ""
    for m in WORD.finditer(text, start, end):
        word = m.group().lower()
        if previous and word in SUBJECTS and previous not in BINDING and previous[-1:] != ",":
            cuts.append(m.start())
        previous = word
    return cuts


def units(story: Story) -> list[Unit]:
    """The narrative's paragraphs split into sentences (and long unpunctuated sentences into clauses)."""
    text = story.narrative
    out: list[Unit] = []
    bounds = [0, *(m.end() for m in PARAGRAPH.finditer(text)), len(text)]
    for number, (p_start, p_end) in enumerate(itertools.pairwise(bounds)):
        cuts = [p_start, *(m.end() for m in SENTENCE_END.finditer(text, p_start, p_end)), p_end]
        for s_start, s_end in itertools.pairwise(cuts):
            s_start, s_end = _trimmed(text, s_start, s_end)
            if s_start >= s_end:
                continue
            inner = [s_start, s_end]
            if s_end - s_start > LONG and not re.search(r"[.!?]", text[s_start:s_end]):
                inner = [s_start, *_clause_starts(text, s_start, s_end, story.names), s_end]
            for u_start, u_end in itertools.pairwise(inner):
                u_start, u_end = _trimmed(text, u_start, u_end)
                if u_start < u_end:
                    out.append(Unit(u_start, u_end, number))
    return out


def staged_units(story: Story) -> list[Unit]:
    """The units, each with its phase, stage and the facts whose evidence it holds."""
    line = timeline(story.phases, story.evidence)
    parts = units(story)
    for unit in parts:
        overlap: dict[str, int] = {}
        kinds: set[str] = set()
        for e in story.evidence:
            shared = min(unit.end, e.end) - max(unit.start, e.start)
            if shared > 0:
                unit.facts.add(e.fact)
                kinds.add(e.kind)
                if e.phase is not None:
                    overlap[e.phase] = overlap.get(e.phase, 0) + shared
        if overlap:  # the phase covering most of it; a tie goes to the later phase of the story
            order = {p: i for i, p in enumerate(story.phases)}
            unit.phase = max(overlap, key=lambda p: (overlap[p], order.get(p, -1)))
            unit.stage = line.stage_of(unit.phase, kinds)
        treated = [e for e in story.evidence if e.fact in unit.facts and e.kind == "intervention"]
        if any(e.phase in line.treatment for e in treated):  # a session told with the past it works on
            unit.stage = SectionKind.intervention
    _inherit(parts)
    _opening(parts, line)
    _no_flashbacks(parts)
    return parts


def _inherit(parts: list[Unit]) -> None:
    """A unit without evidence continues the one before it in its paragraph (or, first, the one after it)."""
    for i, unit in enumerate(parts):
        if unit.stage is not None:
            continue
        before = parts[i - 1] if i and parts[i - 1].paragraph == unit.paragraph else None
        after = next((u for u in parts[i + 1 :] if u.paragraph == unit.paragraph and u.stage is not None), None)
        source = before or after or (parts[i - 1] if i else None)
        if source is not None and source.stage is not None:
            unit.phase, unit.stage = source.phase, source.stage
    for unit in parts:
        if unit.stage is None:
            unit.stage = SectionKind.presenting_problem  # a story with no located evidence at all


def _no_flashbacks(parts: list[Unit]) -> None:
    """Once the story has told an outcome, and within a paragraph after an intervention, a unit about the past
    stays in the later stage: a staged case must not reveal an ending, or a session, in an earlier stage."""
    early = {SectionKind.presenting_problem, SectionKind.history, SectionKind.family_dynamics}
    outcome_seen = False
    treating: int | None = None  # the paragraph in which an intervention was told
    for unit in parts:
        if unit.stage in early:
            if outcome_seen:
                unit.stage = SectionKind.outcome
            elif treating == unit.paragraph:
                unit.stage = SectionKind.intervention
        elif unit.stage == SectionKind.intervention:
            treating = unit.paragraph
        elif unit.stage == SectionKind.outcome:
            outcome_seen = True


def _opening(parts: list[Unit], line: Timeline) -> None:
    """The story's opening, until it turns to the history (or past its first paragraph), is the presenting problem."""
    if not parts:
        return
    opening = {SectionKind.presenting_problem, SectionKind.family_dynamics, SectionKind.intervention}
    if not line.history and not line.presenting:
        opening.discard(SectionKind.intervention)
    for unit in parts:
        if unit.paragraph != parts[0].paragraph or unit.stage not in opening:
            break
        unit.stage = SectionKind.presenting_problem


def cut(
    story: Story,
    stage: SectionKind | None,
    phases: Iterable[str] = (),
    facts: Iterable[str] = (),
    allowed: Iterable[str] = (),
) -> list[Passage]:
    """The passages of `stage` (None: every stage), only of `phases` if given and of `allowed` phases (the ones
    the case uses; empty: all), plus the units holding the evidence of `facts`; touching units merge."""
    want, only, named = set(phases), set(allowed), set(facts)
    chosen = []
    for unit in staged_units(story):
        in_scope = (not want or unit.phase in want) and (not only or unit.phase is None or unit.phase in only)
        if (in_scope and (stage is None or unit.stage == stage)) or unit.facts & named:
            chosen.append(unit)
    return merge(story, chosen)


def merge(story: Story, chosen: list[Unit]) -> list[Passage]:
    """Runs of units with only white space between them (within a paragraph), as passages of the narrative."""
    text = story.narrative
    spans: list[list[int]] = []
    for unit in chosen:
        gap = text[spans[-1][1] : unit.start] if spans else "x"
        if not gap.strip() and "\n\n" not in gap and spans[-1][1] - spans[-1][0] < PARAGRAPH_CHARS:
            spans[-1][1] = unit.end
        else:
            spans.append([unit.start, unit.end])
    return [Passage(vignette=story.id, start=s, end=e, text=text[s:e]) for s, e in spans]


def story_of(v: VignetteDetail) -> Story:
    """The story of a stored vignette: its narrative, phases, every located evidence quote, its persons' names."""
    evidence = [
        Evidence(f.id, f.kind, f.phase, q.start, q.end)
        for f in [*v.roles, *v.behaviors, *v.patterns, *v.interventions, *v.outcomes]
        for q in f.evidence
    ]
    names = frozenset(p.name.split()[0].lower() for p in v.persons if " " not in p.name.strip())
    return Story(v.id, v.narrative, list(v.phases), evidence, names)
