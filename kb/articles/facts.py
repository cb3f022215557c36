"""The facts of a case story: roles, behaviors, patterns, interventions and outcomes, each given to a person,
a phase and the words that state it.

Two sources, both rules: the vocabulary's own terms where the story affirms them (kb.vocab.matcher;
negated, supposed and general mentions are left for the author), and the phrases of cues.yaml, which
state a fact without its term ("called her mother several times a day" is excessive contact). A few
rules follow from the cast: the client of a therapist plays the role client and the therapist the role
therapist; a teacher or counselor who encourages or helps plays mentor; a parent whose heavy drinking the
story states is an alcoholic parent. Whose fact it is: the person a term names ("her alcoholic mother"),
else the concept's usual actor (a parent confides in a child; a child is parentified), else the nearest
person named before it, skipping persons who are only the object of a verb ("told donna").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml
from spacy.tokens import Doc

from kb.articles.cast import KIN, Cast
from kb.articles.tagging import PERSON_ROLES
from kb.vocab.matcher import Mention, matcher_for
from kb.vocab.vocabulary import Vocabulary

PHASES = ("childhood", "adolescence", "college", "adulthood", "therapy", "follow-up")
GAP = 3  # words a "*" may stand for
REACH = 15  # words looked back for the person a fact belongs to
OBJECT_BEFORE = {"told", "tell", "asked", "encouraged", "helped", "with", "to", "for", "at", "from", "about", "called"}
PARENT_WORDS = {"mother", "father", "mom", "dad", "mum", "parent", "parents", "stepmother", "stepfather"}
HELP_WORDS = ("encourag", "help", "support", "suggest", "notic", "urged")
DEFAULT_ACTOR = {
    "role": "client",
    "behavior": "subject",
    "pattern": "subject",
    "intervention": "client",
    "outcome": "client",
}
RESULTS = {"conflict-escalation": "worse", "relapse": "worse", "treatment-dropout": "worse", "no-change": "unchanged",
           "continued-estrangement": "unchanged", "increased-autonomy": "mixed"}  # fmt: skip
THERAPIST_DELIVERED = {"psychoeducation", "genogram-work", "assertiveness-training", "dbt-skills",
                       "motivational-interviewing", "mindfulness-practice", "medication-evaluation",
                       "referral-to-treatment"}  # fmt: skip


@dataclass(frozen=True)
class Cue:
    kind: str  # role, behavior, intervention, outcome, phase
    concept: str  # a concept id, or a phase
    actor: str
    result: str | None
    words: tuple[str, ...]  # lemmas, "*", "<parent>", "<kin>", "<self>"


@dataclass
class Hit:
    kind: str
    concept: str
    start: int  # tokens
    end: int
    actor: str
    result: str | None = None
    slot: int | None = None  # the token of <parent> / <kin>
    source: str = "cue"


@dataclass
class Fact:
    kind: str
    concept: str
    person: str
    start: int
    end: int
    evidence: list[str]
    phase: str | None
    result: str | None = None
    persons: list[str] = field(default_factory=list)
    id: str = ""


@lru_cache(maxsize=4)
def load_cues(vocab: Vocabulary) -> dict[str, list[Cue]]:
    """cues.yaml, each phrase as lemmas (by the vocabulary's matcher), indexed by its first word."""
    matcher = matcher_for(vocab)
    data = yaml.safe_load(files("kb.articles").joinpath("cues.yaml").read_text(encoding="utf-8"))
    index: dict[str, list[Cue]] = {}
    kinds = {
        "roles": "role",
        "behaviors": "behavior",
        "patterns": "pattern",
        "interventions": "intervention",
        "outcomes": "outcome",
    }
    entries: list[tuple[str, str, str, str | None, str]] = []
    for section, kind in kinds.items():
        for concept, spec in (data.get(section) or {}).items():
            entries += [(kind, concept, spec.get("actor", "subject"), spec.get("result"), p) for p in spec["phrases"]]
    for phase, phrases in (data.get("phases") or {}).items():
        entries += [("phase", phase, "", None, p) for p in phrases]
    for kind, concept, actor, result, phrase in entries:
        words = tuple(w if w.startswith("<") or w == "*" else matcher.key(w) or w for w in phrase.split())
        index.setdefault(words[0], []).append(Cue(kind, concept, actor, result, words))
    return index


def _fits(token_norm: str, token_lower: str, word: str) -> bool:
    if word == "<parent>":
        return token_lower in PARENT_WORDS
    if word == "<kin>":
        return token_lower in KIN or token_lower in PARENT_WORDS
    if word == "<self>":
        return token_lower in {"herself", "himself", "themselves", "myself", "yourself"}
    return token_norm == word or token_lower == word


def _match(doc: Doc, i: int, words: tuple[str, ...], slot: list[int]) -> int | None:
    """The end token of `words` matched from token i ('*' spans 0..GAP words), or None. Bounded: at most
    (GAP + 1) ** stars tries, and cues have one or two stars."""
    if not words:
        return i
    word = words[0]
    if word == "*":
        for skip in range(GAP + 1):
            end = _match(doc, i + skip, words[1:], slot)
            if end is not None:
                return end
        return None
    if i >= len(doc) or not _fits(doc[i].norm_, doc[i].lower_, word):
        return None
    end = _match(doc, i + 1, words[1:], slot)
    if end is not None and word in ("<parent>", "<kin>"):
        slot.append(i)
    return end


def cue_hits(doc: Doc, vocab: Vocabulary) -> list[Hit]:
    """Every cue phrase of cues.yaml found in the story, in text order (phases included, kind "phase")."""
    index = load_cues(vocab)
    hits = []
    for t in doc:
        keys = [t.norm_, t.lower_] + (["<parent>", "<kin>"] if t.lower_ in PARENT_WORDS or t.lower_ in KIN else [])
        for key in dict.fromkeys(keys):
            for cue in index.get(key, ()):
                slot: list[int] = []
                end = _match(doc, t.i, cue.words, slot)
                if end is not None:
                    hits.append(Hit(cue.kind, cue.concept, t.i, end, cue.actor, cue.result, slot[0] if slot else None))
    return hits


def phase_marks(hits: list[Hit]) -> list[tuple[int, str]]:
    return sorted((h.start, h.concept) for h in hits if h.kind == "phase")


def phase_at(marks: list[tuple[int, str]], i: int) -> str | None:
    before = [p for at, p in marks if at <= i]
    return before[-1] if before else (marks[0][1] if marks else None)


def quote(doc: Doc, start: int, end: int, reach: int = 8) -> str:
    sent = doc[start].sent
    lo, hi = max(sent.start, start - reach), min(sent.end, end + reach)
    return doc[lo:hi].text.strip()


class Attribution:
    """Whose fact: the rules of the module's docstring."""

    def __init__(self, doc: Doc, cast: Cast) -> None:
        self.doc, self.cast = doc, cast
        self.client = cast.client.id if cast.client else None

    def person_in(self, start: int, end: int) -> str | None:
        return next((self.cast.ref_at[i] for i in range(start, end) if i in self.cast.ref_at), None)

    def main_parent(self) -> str | None:
        """The parent the story names most: who a parent's behavior belongs to when no parent is near."""
        parents = sorted(self.cast.parents, key=lambda p: -len(p.refs))
        return parents[0].id if parents else None

    def kin_in(self, start: int, end: int) -> str | None:
        """The cast's person whom a kin word inside a term names ("a single mother": the mother)."""
        for t in self.doc[start:end]:
            if t.lower_ in KIN and self.cast.get(KIN[t.lower_][0]):
                return KIN[t.lower_][0]
        return None

    def nearest(self, start: int, parents_only: bool = False) -> str | None:
        for i in range(start - 1, max(-1, start - REACH - 1), -1):
            pid = self.cast.ref_at.get(i)
            if pid is None or pid == "therapist":
                continue
            person = self.cast.get(pid)
            if parents_only and not (person and person.is_parent):
                continue
            owner_start = next((lo for lo, hi in person.refs if hi == i + 1), i) if person else i
            before = self.doc[owner_start - 1].lower_ if owner_start > 0 else ""
            if not parents_only and before in OBJECT_BEFORE:
                continue  # "told donna": donna is not the one who acts
            return pid
        return None

    def who(self, hit: Hit) -> str | None:
        if hit.slot is not None and hit.actor == "slot" and hit.slot in self.cast.ref_at:
            return self.cast.ref_at[hit.slot]
        named = self.person_in(hit.start, hit.end) or self.kin_in(hit.start, hit.end)
        if hit.actor == "parent":
            return (
                (named if named and self.cast.get(named) and self.cast.get(named).is_parent else None)  # type: ignore[union-attr]
                or self.nearest(hit.start, parents_only=True)
                or self.main_parent()
                or self.client
            )
        if named and hit.source == "term":
            return named
        if hit.actor in ("client", "slot"):
            return self.client
        return self.nearest(hit.start) or self.client


def _actor_of(vocab: Vocabulary, cues: dict[str, list[Cue]], kind: str, concept: str) -> str:
    for entries in cues.values():
        for cue in entries:
            if cue.concept == concept and cue.kind == kind:
                return cue.actor
    c = vocab.concepts.get(concept)
    if c and kind == "role" and "parent" in vocab.ancestors(concept):
        return "parent"
    return DEFAULT_ACTOR[kind]


def term_hits(doc: Doc, found: list[Mention], vocab: Vocabulary) -> list[Hit]:
    """The story's affirmed vocabulary terms as hits (person words are the cast's)."""
    cues = load_cues(vocab)
    hits = []
    for m in found:
        if not m.affirmed or m.concept_id in PERSON_ROLES:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        actor = _actor_of(vocab, cues, m.kind, m.concept_id)
        hits.append(Hit(m.kind, m.concept_id, span.start, span.end, actor, RESULTS.get(m.concept_id), None, "term"))
    return hits


def collect(doc: Doc, cast: Cast, found: list[Mention], vocab: Vocabulary) -> list[Fact]:
    """Every fact of the story, one per (kind, concept, person), with up to two evidence quotes each."""
    hits = cue_hits(doc, vocab)
    marks = phase_marks(hits)
    who = Attribution(doc, cast)
    facts: dict[tuple[str, str, str], Fact] = {}
    for hit in sorted([*term_hits(doc, found, vocab), *(h for h in hits if h.kind != "phase")],
                      key=lambda h: (h.start, h.kind)):  # fmt: skip
        person = who.who(hit)
        if person is None:
            continue
        key = (hit.kind, hit.concept, person)
        evidence = quote(doc, hit.start, hit.end)
        if key in facts:
            if len(facts[key].evidence) < 2 and evidence not in facts[key].evidence:
                facts[key].evidence.append(evidence)
            continue
        result = hit.result or RESULTS.get(hit.concept) if hit.kind == "outcome" else None
        facts[key] = Fact(hit.kind, hit.concept, person, hit.start, hit.end, [evidence], phase_at(marks, hit.start),
                          result or ("improved" if hit.kind == "outcome" else None))  # fmt: skip
    out = list(facts.values())
    out += _cast_rules(doc, cast, out, marks)
    for f in out:
        if f.kind == "pattern":
            f.persons = _involved(doc, cast, f)
    return sorted(out, key=lambda f: (f.start, f.kind, f.concept))


def _cast_rules(doc: Doc, cast: Cast, facts: list[Fact], marks: list[tuple[int, str]]) -> list[Fact]:
    """Roles that follow from who is in the story: client and therapist, mentors, an alcoholic parent."""
    out: list[Fact] = []
    have = {(f.kind, f.concept, f.person) for f in facts}
    therapist = cast.therapist
    if therapist and cast.client and therapist.evidence:
        at = _token_of(doc, therapist.evidence, end=True)
        phase = phase_at(marks, at)
        out.append(Fact("role", "client", cast.client.id, at, at + 1, [therapist.evidence], phase))
        out.append(Fact("role", "therapist", therapist.id, at, at + 1, [therapist.evidence], phase))
    for p in cast.persons:
        if p.relation in ("teacher_of", "counselor_of", "mentor_of") and p.refs:
            for lo, hi in p.refs:
                window = doc[max(0, lo - 8) : min(len(doc), hi + 25)].text.lower()
                if any(w in window for w in HELP_WORDS):
                    out.append(Fact("role", "mentor", p.id, lo, hi, [quote(doc, lo, hi, 12)], phase_at(marks, lo)))
                    break
        if p.is_parent and ("role", "alcoholic-parent", p.id) not in have:
            drinking = next(
                (
                    f
                    for f in facts
                    if f.person == p.id
                    and f.concept in {"heavy-drinking", "alcohol-use-problem", "parental-alcoholism"}
                ),
                None,
            )
            if drinking:
                out.append(
                    Fact(
                        "role",
                        "alcoholic-parent",
                        p.id,
                        drinking.start,
                        drinking.end,
                        list(drinking.evidence),
                        drinking.phase,
                    )
                )
    return out


def _token_of(doc: Doc, words: str, end: bool = False) -> int:
    """The first (or last) token of `words` in the story."""
    at = doc.text.find(words)
    span = doc.char_span(at, at + len(words), alignment_mode="expand") if at >= 0 else None
    return 0 if span is None else span.end - 1 if end else span.start


def _involved(doc: Doc, cast: Cast, fact: Fact) -> list[str]:
    """A pattern's persons: its own, and the persons the story names around its words (the therapist aside)."""
    persons = [fact.person]
    sent = doc[fact.start].sent
    for i in range(max(sent.start, fact.start - 10), min(sent.end, fact.end + 10)):
        pid = cast.ref_at.get(i)
        if pid and pid not in persons and pid != "therapist" and len(persons) < 3:
            persons.append(pid)
    return persons


def describe(fact: Fact) -> dict[str, Any]:
    return {"kind": fact.kind, "concept": fact.concept, "person": fact.person}
