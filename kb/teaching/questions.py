"""The objectives and questions of a drafted case, written as a clinical supervisor would, answered from the facts.

Each stage has its questions: recognition (name the role or the pattern), evidence (point to the lines),
mechanism (explain what keeps it going), what next (predict or plan the next stage before it is revealed) and
what if (reason about another course). Each answer is built from the graph's facts whose evidence lies in the
stage it speaks of (or, for a what-next question, in the stage it predicts), and cites them, so that the
instructor edition shows their quotes. Objectives use Bloom's verbs: identify, explain, distinguish,
evaluate, plan. A question whose facts the vignette lacks is left out, never padded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kb.answers import VignetteDetail
from kb.models import Answer, CaseFactRef, Question, QuestionKind, SectionKind, SnapshotFact, VignetteSnapshot
from kb.teaching.cutting import staged_units, story_of
from kb.vocab.vocabulary import Vocabulary

K = QuestionKind
S = SectionKind

PHASE_WORDS = {
    "childhood": "as a child",
    "adolescence": "as a teenager",
    "young-adulthood": "as a young adult",
    "college": "at college",
    "family-of-origin": "growing up",
    "background": "before the family was referred",
    "marriage": "in the marriage",
}
PRONOUNS = {"female": ("she", "her", "her", "herself"), "male": ("he", "him", "his", "himself")}
THEY = ("they", "them", "their", "themselves")
NOT_A_ROLE = {"client", "therapist", "counselor", "mentor"}  # roles every case has, that teach nothing here
LEVELS = {"introductory": 2, "intermediate": 3, "advanced": 4}  # questions per section and vignette at most
ORDER = {
    "introductory": [K.recognition, K.evidence, K.what_next, K.mechanism, K.what_if],
    "intermediate": [K.recognition, K.evidence, K.mechanism, K.what_next, K.what_if],
    "advanced": [K.mechanism, K.what_if, K.recognition, K.evidence, K.what_next],
}


def level_of(audience: str) -> str:
    """The depth of a draft from its audience: first-year trainees and students get fewer, plainer questions;
    supervisors and experienced clinicians more on mechanism and alternatives."""
    words = audience.lower()
    if any(w in words for w in ("first-year", "first year", "student", "beginn", "introduct", "novice")):
        return "introductory"
    if any(w in words for w in ("supervisor", "experienced", "advanced", "senior", "faculty", "licensed")):
        return "advanced"
    return "intermediate"


@dataclass
class Reading:
    """One vignette as the questions see it: its facts with the stage their evidence lies in, and its people."""

    detail: VignetteDetail
    snap: VignetteSnapshot
    focus: set[str]  # the concepts asked about, with their narrower ones
    vocab: Vocabulary
    stage: dict[str, SectionKind] = field(default_factory=dict)
    links: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    client: str = ""

    def __post_init__(self) -> None:
        for unit in staged_units(story_of(self.detail)):
            for fid in sorted(unit.facts):
                self.stage.setdefault(fid, unit.stage or S.presenting_problem)
        every = [*self.detail.roles, *self.detail.behaviors, *self.detail.patterns]
        every += [*self.detail.interventions, *self.detail.outcomes]
        self.links = {f.id: f.links for f in every}
        clients = [
            f.persons["ABOUT"][0] for f in self.detail.roles if f.concept.id == "client" and "ABOUT" in f.persons
        ]
        self.client = clients[0] if clients else self.detail.persons[0].id

    # ------------------------------------------------------------------ people
    @property
    def name(self) -> str:
        return self.snap.persons.get(self.client, self.client)

    @property
    def pronouns(self) -> tuple[str, str, str, str]:
        gender = next((p.gender for p in self.detail.persons if p.id == self.client), "unknown")
        return PRONOUNS.get(gender, THEY)

    def person(self, pid: str) -> str:
        """A person as the client's story names them: "her mother" for "Donna's mother"."""
        name = self.snap.persons.get(pid, pid)
        prefix = f"{self.name}'s "
        return self.pronouns[2] + " " + name[len(prefix) :] if name.startswith(prefix) else name

    def other(self) -> str | None:
        """The person the client's pattern is with: the first other person its focus patterns involve."""
        for f in self.facts("pattern"):
            if f.concept in self.focus:
                others = [p for p in f.persons if p != self.client]
                if others:
                    return others[0]
        for f in self.facts("pattern"):
            others = [p for p in f.persons if p != self.client]
            if self.client in f.persons and others:
                return others[0]
        return None

    # ------------------------------------------------------------------ facts
    def facts(self, kind: str, stage: SectionKind | None = None) -> list[SnapshotFact]:
        return [f for f in self.snap.facts if f.kind == kind and (stage is None or self.stage.get(f.id) == stage)]

    def fact(self, fid: str) -> SnapshotFact | None:
        return next((f for f in self.snap.facts if f.id == fid), None)

    def linked(self, fid: str, rel: str) -> list[SnapshotFact]:
        return [f for f in (self.fact(x) for x in self.links.get(fid, {}).get(rel, [])) if f is not None]

    def focus_patterns(self) -> list[SnapshotFact]:
        hits = [f for f in self.facts("pattern") if f.concept in self.focus]
        return hits or [f for f in self.facts("pattern") if self.client in f.persons][:1]

    def answer(self, text: str, facts: list[SnapshotFact]) -> Answer:
        return Answer(text=text, facts=[CaseFactRef(vignette=self.snap_id, fact=f.id) for f in _unique(facts)])

    @property
    def snap_id(self) -> str:
        return self.detail.id

    def phrase(self, phase: str | None) -> str:
        return PHASE_WORDS.get(phase or "", f"in the {phase.replace('-', ' ')} phase" if phase else "at the time")


def _unique(facts: list[SnapshotFact]) -> list[SnapshotFact]:
    seen: dict[str, SnapshotFact] = {}
    for f in facts:
        seen.setdefault(f.id, f)
    return list(seen.values())


def item(f: SnapshotFact, r: Reading, with_person: bool = False) -> str:
    """One fact in an answer: its concept, and its own words when it has them."""
    text = f.label
    if with_person and f.persons:
        text += f" ({', '.join(r.person(p) for p in f.persons)})"
    if f.result:
        text += f" [{f.result}]"
    return text + (f": {f.description}" if f.description else "")


def listing(facts: list[SnapshotFact], r: Reading, with_person: bool = False) -> str:
    """The facts in an answer, each said once (two phases of the same role read as one)."""
    return "; ".join(dict.fromkeys(item(f, r, with_person) for f in _unique(facts)))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- per stage

Maker = Callable[[Reading], list[Question]]


def presenting(r: Reading) -> list[Question]:
    she, _her_obj, her, _ = r.pronouns
    now = [*r.facts("behavior", S.presenting_problem), *r.facts("pattern", S.presenting_problem)]
    out = []
    if now:
        out.append(
            Question(
                kind=K.evidence,
                text=f"What is {r.name}'s presenting problem as {she} describes it? Quote the lines of the opening "
                "that show it, and keep what is reported apart from what you infer.",
                answer=r.answer(f"As presented: {listing(now, r)}.", now),
            )
        )
    hypotheses = [f for f in r.facts("pattern") if r.client in f.persons and r.stage.get(f.id) != S.presenting_problem]
    if hypotheses:
        out.append(
            Question(
                kind=K.recognition,
                text=f"Which patterns would you hold as working hypotheses after this opening, and what would you "
                f"need to hear about {her} family to confirm or drop each?",
                answer=r.answer(
                    "The case goes on to show: " + listing(hypotheses[:5], r) + ". Credit any hypothesis a trainee "
                    "ties to a line of the opening, and ask what would disconfirm it.",
                    hypotheses[:5],
                ),
            )
        )
    ahead = [f for f in r.facts("role", S.history) if f.concept not in NOT_A_ROLE]
    ahead += [f for f in r.facts("behavior", S.history) if r.client not in f.persons][:2]
    if ahead:
        out.append(
            Question(
                kind=K.what_next,
                text=f"Before reading on: what would you ask about {r.name}'s family history in the next session, "
                "and what answer would change your formulation?",
                answer=r.answer("The history reveals: " + listing(ahead[:5], r, with_person=True) + ".", ahead[:5]),
            )
        )
    return out


def history(r: Reading) -> list[Question]:
    _she, her_obj, _her, _ = r.pronouns
    other = r.other()
    with_whom = f" with {r.person(other)}" if other else ""
    roles = [f for f in r.facts("role", S.history) if r.client in f.persons and f.concept not in NOT_A_ROLE]
    shown = {s.id for p in r.focus_patterns() for s in r.linked(p.id, "SHOWN_BY")}
    roles.sort(key=lambda f: (f.id not in shown, f.concept not in r.focus))
    out = []
    if roles:
        phase = roles[0].phase
        out.append(
            Question(
                kind=K.recognition,
                text=f"What role did {r.name} take{with_whom} {r.phrase(phase)}, and what in the text shows it?",
                answer=r.answer(_cap(listing(roles[:3], r)) + ".", roles[:3]),
            )
        )
    drawn = [f for f in r.facts("behavior", S.history) if r.client not in f.persons and f.id in shown]
    drawn = drawn or [f for f in r.facts("behavior", S.history) if other in f.persons]
    if drawn and other:
        out.append(
            Question(
                kind=K.evidence,
                text=f"Which of {r.person(other)}'s behaviors drew {r.name} into that role? Quote the lines that "
                "show them.",
                answer=r.answer(_cap(listing(drawn[:4], r)) + ".", drawn[:4]),
            )
        )
    for p in r.focus_patterns()[:1]:
        parts = r.linked(p.id, "SHOWN_BY")
        definition = r.vocab.concepts[p.concept].definition if p.concept in r.vocab.concepts else ""
        out.append(
            Question(
                kind=K.mechanism,
                text=f"How does {p.label.lower()} work in this family? Explain what {r.name} gained from the role "
                f"and what it cost {her_obj}, then and later.",
                answer=r.answer(
                    f"{p.label}: {definition} Here it is shown by {listing(parts, r, with_person=True)}."
                    if parts
                    else f"{p.label}: {definition}",
                    [p, *parts],
                ),
            )
        )
    return out


def family_dynamics(r: Reading) -> list[Question]:
    other = r.other()
    between = f"{r.name} and {r.person(other)}" if other else f"{r.name} and {r.pronouns[2]} family"
    now = [f for f in r.facts("pattern") if r.client in f.persons and (other is None or other in f.persons)]
    now.sort(key=lambda f: (f.concept not in r.focus, -len(r.linked(f.id, "SHOWN_BY"))))
    out = []
    if now:
        out.append(
            Question(
                kind=K.recognition,
                text=f"Which patterns describe the relationship between {between} as an adult? Name each and point "
                "to a line that supports it.",
                answer=r.answer(_cap(listing(now[:4], r)) + ".", now[:4]),
            )
        )
    pair = _sharing(r, now)
    if pair:
        a, b, common = pair
        out.append(
            Question(
                kind=K.mechanism,
                text=f"{a.label} and {b.label.lower()} are shown here by the same behaviors "
                f"({', '.join(sorted({f.label.lower() for f in common}))}). How do the two patterns keep each "
                "other going?",
                answer=r.answer(
                    f"Both rest on {listing(common, r, with_person=True)}: what serves one pattern feeds the other.",
                    [a, b, *common],
                ),
            )
        )
    pushback = _pushback(r)
    if pushback and other:
        behavior, intervention, outcomes = pushback
        what = behavior.label.lower() + (f" ({behavior.description})" if behavior.description else "")
        out.append(
            Question(
                kind=K.what_if,
                text=f"Suppose {r.name} gave up {what} overnight, without preparation. How might "
                f"{r.person(other)} respond, and what would that tell you about the family system?",
                answer=r.answer(
                    f"When {intervention.label.lower()} changed it, what followed was: {listing(outcomes, r)}. "
                    "A system organised around the pattern pushes back before it settles.",
                    [behavior, intervention, *outcomes],
                ),
            )
        )
    treatments = r.facts("intervention")
    if treatments:
        out.append(
            Question(
                kind=K.what_next,
                text=f"What would you work on first with {r.name}, and with which approach? Justify the order from "
                "what you have read.",
                answer=r.answer(
                    "What was done: "
                    + "; ".join(
                        f"{i.label}" + (f" (aimed at {', '.join(t.label.lower() for t in r.linked(i.id, 'TARGETS'))})")
                        for i in treatments
                    )
                    + ".",
                    treatments,
                ),
            )
        )
    return out


def _sharing(r: Reading, patterns: list[SnapshotFact]) -> tuple[SnapshotFact, SnapshotFact, list[SnapshotFact]] | None:
    """Two of the client's patterns shown by the same roles or behaviors, the focus pattern first."""
    best = None
    for i, a in enumerate(patterns):
        for b in patterns[i + 1 :]:
            if a.concept == b.concept:
                continue
            ids_b = {f.id for f in r.linked(b.id, "SHOWN_BY")}
            common = [f for f in r.linked(a.id, "SHOWN_BY") if f.id in ids_b]
            if common and (best is None or len(common) > len(best[2])):
                best = (a, b, common)
    return best


def _pushback(r: Reading) -> tuple[SnapshotFact, SnapshotFact, list[SnapshotFact]] | None:
    """A behavior of the client that an intervention targeted, and the outcomes after it that were not improvements
    (a worse one before a mixed one)."""
    found = []
    for i in r.facts("intervention"):
        after = [o for o in r.facts("outcome") if i.id in {x.id for x in r.linked(o.id, "AFTER")}]
        hard = [o for o in after if o.result in ("worse", "mixed")]
        targets = [t for t in r.linked(i.id, "TARGETS") if t.kind == "behavior" and r.client in t.persons]
        if hard and targets:
            found.append((all(o.result != "worse" for o in hard), targets[0], i, hard))
    if not found:
        return None
    _, behavior, intervention, hard = min(found, key=lambda x: x[0])
    return behavior, intervention, hard


def intervention(r: Reading) -> list[Question]:
    _she, _obj, _her, herself = r.pronouns
    done = sorted(r.facts("intervention"), key=lambda i: -len(r.linked(i.id, "TARGETS")))
    out = []
    for i in done[:2]:
        targets = r.linked(i.id, "TARGETS")
        if targets:
            out.append(
                Question(
                    kind=K.mechanism,
                    text=f"What was {i.label.lower()} meant to change for {r.name}? Link it to the patterns and "
                    "behaviors it worked on.",
                    answer=r.answer(
                        f"{i.label}" + (f" ({i.description})" if i.description else "") + " aimed at "
                        f"{listing(targets, r)}.",
                        [i, *targets],
                    ),
                )
            )
    by = {f.id: f.persons.get("BY", []) for f in r.detail.interventions}
    provided = [i for i in done if by.get(i.id)]
    own = [i for i in done if not by.get(i.id)]
    if own and provided:
        out.append(
            Question(
                kind=K.evidence,
                text=f"Which steps came from a professional, and which did {r.name} take {herself}, outside the "
                "sessions? Point to the lines.",
                answer=r.answer(
                    "With a professional: "
                    + "; ".join(f"{item(i, r)} (by {r.person(by[i.id][0])})" for i in provided)
                    + f". On {r.pronouns[2]} own: {listing(own, r)}.",
                    done,
                ),
            )
        )
    after = [o for o in r.facts("outcome") if o.result in ("worse", "mixed")] or r.facts("outcome")
    other = r.other()
    if after:
        out.append(
            Question(
                kind=K.what_next,
                text=f"How do you expect {r.person(other) if other else 'the family'} to react to these changes, "
                f"and how would you prepare {r.name} for it?",
                answer=r.answer("What followed: " + listing(after[:4], r, with_person=True) + ".", after[:4]),
            )
        )
    return out


def outcome(r: Reading) -> list[Question]:
    results = r.facts("outcome")
    out = []
    if results:
        lines = []
        for o in results:
            before = r.linked(o.id, "AFTER")
            lines.append(item(o, r) + (f" (after {', '.join(b.label.lower() for b in before)})" if before else ""))
        out.append(
            Question(
                kind=K.evidence,
                text=f"What changed for {r.name} and {r.pronouns[2]} family, and which intervention did each change "
                "follow?",
                answer=r.answer(_cap("; ".join(lines)) + ".", results),
            )
        )
    hard = [o for o in results if o.result in ("worse", "mixed", "unchanged")]
    if hard:
        out.append(
            Question(
                kind=K.recognition,
                text="Not every outcome here is an improvement. Which are not, and how would you work with them "
                "rather than treat them as failure?",
                answer=r.answer(_cap(listing(hard, r)) + ".", hard),
            )
        )
    counts: dict[str, list[SnapshotFact]] = {}
    for o in results:
        for b in r.linked(o.id, "AFTER"):
            counts.setdefault(b.id, []).append(o)
    if counts:
        key = max(counts, key=lambda k: (len(counts[k]), k))
        i = r.fact(key)
        if i is not None:
            out.append(
                Question(
                    kind=K.what_if,
                    text=f"What if {i.label.lower()} had not been part of the work? Which of these outcomes would "
                    "you still expect, and why?",
                    answer=r.answer(
                        f"After {i.label.lower()} came: {listing(counts[key], r)}. Outcomes that also followed other "
                        "interventions may have had more than one cause.",
                        [i, *counts[key]],
                    ),
                )
            )
    return out


SIGNATURE = {
    S.presenting_problem: K.what_next,
    S.history: K.recognition,
    S.family_dynamics: K.what_if,
    S.intervention: K.mechanism,
    S.outcome: K.evidence,
}
MAKERS: dict[SectionKind, Maker] = {
    S.presenting_problem: presenting,
    S.history: history,
    S.family_dynamics: family_dynamics,
    S.intervention: intervention,
    S.outcome: outcome,
}

NOTES = {
    S.presenting_problem: "Hand out only this page first. Ask for hypotheses before anyone reads on, and write them "
    "up where the group can see them: the later stages test them.",
    S.history: "Let trainees find the role in the text before naming it. The question is what the child did for "
    "the parent, not whether the parent was at fault.",
    S.family_dynamics: "Link the adult pattern back to the childhood role. Ask which behaviors serve more than one "
    "pattern: those are where change will be felt first.",
    S.intervention: "Before revealing the outcome, ask the group to predict the family's reaction to the changes.",
    S.outcome: "Weigh the outcomes together, including those that were not improvements, and return to the "
    "hypotheses of the first stage: which held, which did not?",
}


def questions(kind: SectionKind, readings: list[Reading], level: str) -> list[Question]:
    """The questions of one stage for each vignette, the most useful first, at most LEVELS[level] per vignette."""
    out: list[Question] = []
    rank = {k: i for i, k in enumerate(ORDER[level])}
    cap = max(1, LEVELS[level] - (len(readings) - 1))  # two vignettes: fewer each, so a session can cover both
    for r in readings:
        made = MAKERS[kind](r)
        signature = SIGNATURE[kind]  # each stage keeps the kind of question it is best at, so the case has all
        chosen = sorted(range(len(made)), key=lambda i: (made[i].kind != signature, rank[made[i].kind], i))[:cap]
        out += [made[i] for i in sorted(chosen)]  # the most useful, in the order a discussion takes them
    return out


def comparison(readings: list[Reading], labels: list[str], shared: list[str]) -> Question | None:
    """Across vignettes: how the same pattern arose and was treated in each."""
    if len(readings) < 2:
        return None
    names = " and ".join(f"{r.name}'s" for r in readings)
    lines, facts = [], []
    for r in readings:
        patterns = r.focus_patterns()
        done = r.facts("intervention")
        lines.append(
            f"{r.name}: {listing(patterns, r) or 'see the history'}; treated with "
            f"{', '.join(i.label.lower() for i in done) or 'no intervention told'}"
        )
        facts += [*patterns, *done]
    common = f" Both show {', '.join(shared)}." if shared else ""
    return Question(
        kind=K.mechanism,
        text=f"Compare how {' and '.join(labels).lower()} show themselves in {names} stories: what is alike, and "
        "what differs in how the pattern arose and how it was treated?",
        answer=Answer(
            text=". ".join(lines) + "." + common,
            facts=[
                CaseFactRef(vignette=r.snap_id, fact=f.id)
                for r in readings
                for f in _unique(facts)
                if r.fact(f.id) is f
            ],
        ),
    )


def objectives(readings: list[Reading], labels: list[str]) -> list[str]:
    """Learning objectives with Bloom's verbs, naming what the chosen vignettes actually show."""
    topic = " and ".join(labels).lower()
    first = readings[0]
    parts = [s for p in first.focus_patterns() for s in first.linked(p.id, "SHOWN_BY")]
    out = [
        f"Identify the signs of {topic} in a client's history and present relationships, citing the lines of the "
        "case that show them."
    ]
    if parts:
        shown = ", ".join(sorted({f.label.lower() for f in parts})[:3])
        out.append(f"Explain how {shown} keep {topic} going from childhood into adult life.")
    related = sorted(
        {
            f.label.lower()
            for r in readings
            for f in r.facts("pattern")
            if f.concept not in r.focus and r.client in f.persons
        }
    )[:3]
    if related:
        out.append(f"Distinguish {topic} from the patterns it travels with here: {', '.join(related)}.")
    done = sorted({i.label.lower() for r in readings for i in r.facts("intervention")})[:4]
    if done:
        out.append(
            f"Evaluate {', '.join(done)} against the outcomes that followed, "
            "including those that were not improvements."
        )
    if any(o.result in ("worse", "mixed") for r in readings for o in r.facts("outcome")):
        out.append("Plan how to prepare a client, and the family, for pushback when the client begins to change.")
    return out
