"""Plain-English questions read as clinicians write them: the concepts first, then the intent from the words around.

1. **Concepts.** Lay words are rewritten ("kids" -> "children", "dad" -> "father"),
   then the vocabulary's matcher (kb.vocab.matcher) finds every concept by any
   synonym or inflection ("enmeshed", "co-dependent", "parentified kids"), with
   negation kept ("without codependency", "not codependent"). Lay phrases with a
   slot ("leans on his daughter", "can't say no") name a concept by the table in
   kb.queries.ask_words; words left over are tried for a small typo by the one
   resolver (kb.vocab.resolve): "parentifed", "codependancy".
2. **Family words** ("a son", "their mom", "father and daughter") become person
   filters for vignette listings (kb.queries.kin); "alcoholic mother" is the role
   and a mother.
3. **Intent** from cue words in the question's skeleton (the question with each
   concept replaced by X) and from the kinds of the concepts: interventions for X,
   what X was used for, vignettes with X and Y, what goes with X, outcomes after X,
   what is X, cases like NAME, compare X and Y. The likelier reading is answered;
   other readings are listed in `also`, each as a question that would give it.

No concept, no vignette and no family word: `QuestionNotUnderstood` (422) with
example questions and the concepts closest to the words. An intent cue with words
naming no concept of the kind it needs: `UnknownTerms` (404) with suggestions.

    parse_question("what helps with co-dependency in marriage?", load_vocabulary())
    # -> intent interventions, terms [codependency], notes on "marriage"

The work is bounded: at most 300 characters, one matcher pass, a few linear regexes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process

from kb.errors import InvalidInput, NotFound
from kb.models import Concept, ConceptKind
from kb.queries import ask_words as w
from kb.queries.kin import kin_word, pair_words
from kb.vocab.matcher import matcher_for
from kb.vocab.resolve import exact, find, suggest
from kb.vocab.vocabulary import Vocabulary, normalize, singular

MAX_QUESTION_CHARS = 300


class Intent(StrEnum):
    interventions = "interventions"  # what was done for a pattern, behavior or role
    vignettes = "vignettes"  # vignettes having all of some concepts and family relations
    profile = "profile"  # what goes with a pattern (roles, behaviors, ...)
    outcomes_after = "outcomes_after"  # outcomes that followed an intervention
    similar = "similar"  # cases like a given vignette
    define = "define"  # what a concept is
    used_for = "used_for"  # what an intervention was used for
    compare = "compare"  # two concepts side by side


FORM = {
    Intent.interventions: "interventions for X",
    Intent.used_for: "what X was used for",
    Intent.vignettes: "vignettes with X and Y",
    Intent.profile: "what goes with X",
    Intent.outcomes_after: "outcomes after X",
    Intent.similar: "cases like X",
    Intent.define: "what is X",
    Intent.compare: "compare X and Y",
}

FORMS: list[str] = [
    "interventions for enmeshment",
    "what helps a parentified son",
    "how to support a client who is enmeshed with her dad",
    "what was family therapy used for",
    "vignettes with a parentified child and an alcoholic mother",
    "cases where the mother drinks and the daughter takes care of her",
    "cases of enmeshment without codependency",
    "roles in enmeshed families",
    "what goes with codependency",
    "what outcomes followed boundary setting",
    "cases like donna",
    "cases like The Daughter Who Could Not Leave Home",
    "what is triangulation",
    "compare enmeshment and codependency",
]
"""Example questions, one per kind of reading, shown to users when a question is not understood."""


class ResolvedTerm(BaseModel):
    """One concept named in the question, with the words that named it."""

    text: str = Field(description="the words as written in the question")
    concept_id: str
    label: str
    kind: str
    how: str = Field(
        description="id, label, synonym, plural or fuzzy (as the resolver matches words); 'word form' (another "
        "inflection of a term, or a lay word: 'parentified kids'); 'phrase' (a lay phrase: 'leans on his daughter')"
    )
    query: str = Field(default="", description="the words the answer was asked with (the term given to the endpoint)")

    def model_post_init(self, _: Any) -> None:
        if not self.query:
            self.query = self.text


class Reading(BaseModel):
    """Another way to read the question, as a question that gives it."""

    intent: Intent
    form: str
    question: str


class ParsedQuestion(BaseModel):
    """What a question asks: the intent, the form of the reading and the concepts it names."""

    question: str
    intent: Intent
    form: str
    terms: list[ResolvedTerm] = []
    focus: str | None = None
    vignette_ref: str | None = None
    kin: list[str] = Field(default=[], description="family relations a vignette must have: 'father and daughter'")
    without: list[ResolvedTerm] = Field(default=[], description="concepts negated in the question: left out")
    also: list[Reading] = Field(default=[], description="other readings, less likely; each as a question")
    notes: list[str] = Field(default=[], description="words read but not used in this reading, and why")


class QuestionNotUnderstood(InvalidInput):
    """Nothing in the question could be answered. .forms lists example questions; .closest the nearest concepts."""

    code = "question_not_understood"

    def __init__(self, message: str, forms: list[str] | None = None, closest: list[Concept] | None = None) -> None:
        super().__init__(message)
        self.forms = list(FORMS if forms is None else forms)
        self.closest = closest or []

    def details(self) -> dict[str, Any]:
        return {
            "forms": self.forms,
            "closest": [{"id": c.id, "label": c.label, "kind": c.kind.value} for c in self.closest],
        }


class UnknownTerms(NotFound):
    """An intent was read but its words name no concept of the kind it needs.

    .form: the reading; .unknown: list[tuple[str, list[str]]], the words and suggested concept ids."""

    code = "unknown_term"

    def __init__(self, question: str, form: str, unknown: list[tuple[str, list[str]]], notes: list[str]) -> None:
        self.question, self.form, self.unknown = question, form, unknown
        super().__init__(f"In {question!r} (read as {form!r}): " + "; ".join(notes))

    def details(self) -> dict[str, Any]:
        return {"form": self.form, "unknown": [{"words": w, "suggestions": s} for w, s in self.unknown]}


# --------------------------------------------------------------------------------------------- the question


@dataclass
class Spot:
    """A concept found in the question: where (offsets in the original question), how, and whether negated."""

    concept: Concept
    start: int
    end: int
    text: str
    how: str
    query: str
    negated: bool = False

    @property
    def kind(self) -> str:
        return self.concept.kind.value

    def term(self) -> ResolvedTerm:
        c = self.concept
        return ResolvedTerm(
            text=self.text, concept_id=c.id, label=c.label, kind=c.kind.value, how=self.how, query=self.query
        )


@dataclass
class Question:
    """The question as read: the original, the rewritten text matched on, and what was found in it."""

    original: str
    text: str  # lay words rewritten; same words otherwise
    offsets: list[tuple[int, int, int]]  # (start in text, start in original, shift): rewritten words
    spots: list[Spot] = field(default_factory=list)
    kin: list[tuple[int, str]] = field(default_factory=list)  # (offset in text, family word as written)
    role_kin: list[tuple[int, str]] = field(default_factory=list)  # family words inside a role ("alcoholic mother")
    skeleton: str = ""
    notes: list[str] = field(default_factory=list)

    def orig(self, pos: int) -> int:
        """An offset in `text` as an offset in the original question."""
        i = bisect_right([o[0] for o in self.offsets], pos) - 1
        return pos if i < 0 else pos - self.offsets[i][2]

    def words(self, start: int, end: int) -> str:
        return self.original[self.orig(start) : self.orig(end)]


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_NEG_STRONG = {"not", "no", "without", "never", "nor", "neither", "none of", "absence of", "free of", "lack of"}
_NEG_WEAK = re.compile(r"(?:n't|cannot|not)\s+(?:\w+\s+)?(?:have|has|had|show|shows|involve|involves|include|be)\b")
_ARTICLE = re.compile(r"^(?:(?:a|an|the|some|any|both|either)(?:\s+|$))+", re.IGNORECASE)
_EDGE = " \t\"'()[]{}<>,;:.!?*_"


def _rewrite(question: str) -> tuple[str, list[tuple[int, int, int]]]:
    """Lay words replaced by the vocabulary's words, with where each replacement shifted the offsets."""
    out, offsets, last, shift = [], [], 0, 0
    for m in _WORD.finditer(question):
        word = m.group(0)
        repl = w.LAY_WORDS.get(word.lower())
        if repl is None:
            continue
        out.append(question[last : m.start()])
        new_start = m.start() + shift
        out.append(repl)
        shift += len(repl) - len(word)
        offsets.append((new_start + len(repl), m.end(), shift))
        last = m.end()
    out.append(question[last:])
    return "".join(out), offsets


def read_question(question: str, vocab: Vocabulary) -> Question:
    """Concepts (matcher, lay phrases, typos), family words and the skeleton of a cleaned question."""
    text, offsets = _rewrite(question)
    q = Question(original=question, text=text, offsets=offsets)
    lower = text.lower()
    taken: list[tuple[int, int]] = []
    for m in matcher_for(vocab).mentions(text):
        concept = vocab.concepts[m.concept_id]
        if concept.id == "parent" and kin_word(m.text) is not None:
            q.kin.append((m.start, q.words(m.start, m.end)))  # "mother", "dad": a person, not the role
            continue
        words = q.words(m.start, m.end)
        how, query = _how(vocab, words, concept, m.matched)
        q.spots.append(
            Spot(concept, m.start, m.end, words, how, query, _negated(m.status.value, m.cue, lower, m.start))
        )
        taken.append((m.start, m.end))
        if concept.kind is ConceptKind.role:
            for k in _WORD.finditer(m.text):
                kin = kin_word(k.group(0))
                if kin is not None and kin.relation == "parent-child" and kin.gender is not None:
                    q.role_kin.append((m.start + k.start(), k.group(0)))
    matched = list(taken)  # family words inside a lay phrase ("leans on his daughter") still count
    for pattern, cid in w.LAY_PHRASES:
        for hit in pattern.finditer(lower):
            a, b = hit.start(), hit.end()
            agents = [x for x in q.spots if x.concept.id in w.AGENT_ROLES and x.start < b and a < x.end]
            inside = [x for x in q.spots if a <= x.start and x.end <= b]  # "a sibling is the caretaker"
            if agents or inside:  # "became her mother's therapist": the phrase, not the role it holds
                q.spots = [x for x in q.spots if x not in agents and x not in inside]
                taken[:] = [(x.start, x.end) for x in q.spots]
            if cid in vocab.concepts and not _overlaps(taken, a, b):
                negated = _negated("negated" if _cue_before(lower, a) else "", None, lower, a)
                q.spots.append(Spot(vocab.concepts[cid], a, b, q.words(a, b), "phrase", cid, negated))
                taken.append((a, b))
    for word in _WORD.finditer(text):
        known = any(start == word.start() for start, _ in q.kin)
        if not known and not _overlaps(matched, word.start(), word.end()) and kin_word(word.group(0)) is not None:
            q.kin.append((word.start(), word.group(0)))
    q.kin.sort()
    _typos(q, vocab, taken)
    q.spots.sort(key=lambda s: s.start)
    q.skeleton = _skeleton(lower, sorted(taken))
    return q


def _how(vocab: Vocabulary, words: str, concept: Concept, matched: str) -> tuple[str, str]:
    """How the words name the concept, as the resolver would say, and the words to ask the answer with."""
    hit = exact(vocab, words)
    if hit is not None and hit.concept.id == concept.id:
        return hit.how, words
    return "word form", matched


def _negated(status: str, cue: str | None, lower: str, start: int) -> bool:
    """Negated in a question: by 'not', 'no', 'without'...; "can't" only before have/show/involve/be
    ("cases that don't have codependency"), not in "can't stop caretaking"."""
    if status != "negated":
        return False
    if cue in _NEG_STRONG or cue is None:
        return True
    return bool(_NEG_WEAK.search(lower[max(0, start - 40) : start]))


_NEG_BEFORE = re.compile(r"\b(?:not|no|without|never)\s+(?:\w+\s+){0,2}$")


def _cue_before(lower: str, start: int) -> bool:
    return bool(_NEG_BEFORE.search(lower[max(0, start - 30) : start]))


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _typos(q: Question, vocab: Vocabulary, taken: list[tuple[int, int]]) -> None:
    """Words left over that are a small typo of a whole concept term ("parentifed", "codependancy"): runs of
    content words, longest n-gram first (at most 4 words)."""
    words = [
        m
        for m in _WORD.finditer(q.text)
        if not _overlaps(taken, m.start(), m.end())
        and (kin_word(m.group(0)) is not None or (m.group(0).lower() not in w.FILLER and len(m.group(0)) >= 4))
    ]
    runs: list[list[re.Match[str]]] = []
    for m in words:
        if runs and re.fullmatch(r"[\s-]*", q.text[runs[-1][-1].end() : m.start()]):
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        i = 0
        while i < len(run):
            for n in range(min(4, len(run) - i), 0, -1):
                start, end = run[i].start(), run[i + n - 1].end()
                words_ = q.text[start:end]
                if len(words_) < 5 or all(kin_word(m.group(0)) is not None for m in run[i : i + n]):
                    continue
                hit = find(vocab, words_)
                if hit is not None and _word_by_word(words_, hit.matched):
                    negated = _cue_before(q.text.lower(), start)
                    text = q.words(start, end)
                    # a typo is asked with the words as matched (lay words rewritten): they resolve the same
                    how, query = (
                        (hit.how, words_) if hit.how == "fuzzy" else _how(vocab, text, hit.concept, hit.matched)
                    )
                    q.spots.append(Spot(hit.concept, start, end, text, how, query, negated))
                    taken.append((start, end))
                    i += n
                    break
            else:
                i += 1


def _word_by_word(words: str, term: str) -> bool:
    """A typo of several words is close word by word ("alcoholic familes", not "alcoholic families" for
    "alcoholic father")."""
    a, b = normalize(words).split(), normalize(term).split()
    if len(a) != len(b) or len(a) == 1:
        return True
    return all(fuzz.ratio(x, y) >= 75 or fuzz.ratio(singular(x), singular(y)) >= 75 for x, y in zip(a, b, strict=True))


def _fix_cue_typos(skeleton: str) -> str:
    """Misspelt cue words corrected ('intervnetions' -> 'interventions'): words of 6 letters or more, close to one."""
    out = []
    for word in skeleton.split(" "):
        if len(word) >= 6 and word.isalpha() and word not in w.CUE_WORDS and word not in w.FILLER:
            best = process.extractOne(word, w.CUE_WORDS, scorer=fuzz.ratio, score_cutoff=85)
            if best is not None:
                word = best[0]
        out.append(word)
    return " ".join(out)


def _skeleton(lower: str, spans: list[tuple[int, int]]) -> str:
    """The question with each concept replaced by X, spaces normalized: where the cues are looked for."""
    out, last = [], 0
    for s, e in spans:
        if s < last:
            continue
        out.append(lower[last:s])
        out.append(" X ")
        last = e
    out.append(lower[last:])
    text = "".join(out)
    text = re.sub(r"[?!.,;:]+(?=\s|$)", " ", text)
    return _fix_cue_typos(" ".join(text.replace('"', " ").split()))


def _leftover(q: Question) -> str:
    """The content words that named nothing, in order (for suggestions and for the 'unknown' of an error)."""
    spans = [(s.start, s.end) for s in q.spots] + [(k[0], k[0] + len(k[1])) for k in q.kin]
    words = [
        m.group(0)
        for m in _WORD.finditer(q.text)
        if not _overlaps(spans, m.start(), m.end()) and m.group(0).lower() not in w.FILLER
    ]
    return " ".join(words)


# --------------------------------------------------------------------------------------------- the intent


PBR = ("pattern", "behavior", "role")


def _cue(regex: re.Pattern[str], skeleton: str) -> bool:
    return bool(regex.search(skeleton))


def _pos(regex: re.Pattern[str], skeleton: str) -> int:
    """Where a cue first appears in the skeleton (past the end when it does not)."""
    m = regex.search(skeleton)
    return m.start() if m else len(skeleton) + 1


def _focus(skeleton: str) -> str | None:
    """The kind asked for, from a word before the first concept ("which roles ... X", "behaviors in X")."""
    if re.search(r"\bwho (?:is|are|was|were) (?:usually |typically |often )?(?:involved|found|seen)\b", skeleton):
        return "roles"
    head = skeleton.split(" X", 1)[0] if " X" in skeleton else skeleton
    m = w.FOCUS.search(head) or w.FOCUS.search(skeleton)
    if not m:
        return None
    word = m.group("focus")
    if word.startswith("role"):
        return "roles"
    if word.startswith("behavio"):
        return "behaviors"
    if word.startswith(("intervention", "treatment", "therap")):
        return "interventions"
    if word.startswith(("outcome", "result")):
        return "outcomes"
    return "patterns"


_LIKE_AFTER = re.compile(
    r"(?:^|\b(?:cases?|vignettes?|stor(?:y|ies)|examples?|ones?|others?|any(?:one|body|thing)|some(?:one|body|thing)|"
    r"else|more|families|clients?|situations?|similar|is|are|was|were|just|exactly)\s+(?:(?:that|which|who|are|is|"
    r"were|was|more|most|just|a lot|much|other)\s+){0,2})$"
)


def _similar_ref(q: Question) -> str | None:
    lower = q.text.lower()
    m = w.SIMILAR.search(lower)
    if not m:
        return None
    if lower[m.start() : m.start("ref")].strip().endswith("like") and not _LIKE_AFTER.search(lower[: m.start()]):
        return None  # "clients who feel like a failure": 'like' as a verb or a comparison, not a case named
    ref = _vignette_ref(q.original[q.orig(m.start("ref")) :])
    return ref or None


def _vignette_ref(text: str) -> str:
    ref = text.lower().translate(_QUOTES).strip(_EDGE)
    ref = re.sub(r"(?<=\w)'s\b", "", ref)
    ref = re.sub(r"(?<=s)'(?=\s|$)", "", ref)
    ref = _ARTICLE.sub("", ref)
    ref = re.sub(r"^(?:(?:case|vignette|story|one) (?:of|about|with|featuring|called|named) )", "", ref)
    ref = re.sub(r"^(?:(?:vignette|story|case) )", "", ref)
    ref = _ARTICLE.sub("", ref)
    ref = re.sub(r"\s+(?:case|vignette|story|one)$", "", ref)
    return " ".join(ref.split()).strip(_EDGE)


@dataclass
class Choice:
    intent: Intent
    spots: list[Spot]
    focus: str | None = None
    ref: str | None = None


def _choices(q: Question, ref: str | None) -> tuple[list[Choice], list[str]]:
    """The readings of a question, likeliest first, and notes on what was left out."""
    sk = q.skeleton
    notes: list[str] = []
    spots = [s for s in q.spots if not s.negated]
    agents = [s for s in spots if s.concept.id in w.AGENT_ROLES]
    if agents and len(agents) < len(spots):
        spots = [s for s in spots if s.concept.id not in w.AGENT_ROLES]
        notes += [f"{s.text!r} is who is helped or helps, not what is asked about: left out" for s in agents]
    elif agents and _cue(w.INTERVENTION, sk) and not (_cue(w.VIGNETTES, sk) or _cue(w.DEFINE, sk)):
        spots = []  # "what helps clients who feel like a failure": the client is not what is asked about
    by_kind = {k: [s for s in spots if s.kind == k] for k in ("pattern", "behavior", "role", "intervention", "outcome")}
    pbr = [s for s in spots if s.kind in PBR]
    inter = by_kind["intervention"]
    patterns = by_kind["pattern"]
    cue = {
        "interventions": _cue(w.INTERVENTION, sk),
        "outcomes": _cue(w.OUTCOME, sk),
        "used_for": _cue(w.USED_FOR, sk),
        "profile": _cue(w.PROFILE, sk),
        "vignettes": _cue(w.VIGNETTES, sk),
        "vignettes_weak": _cue(w.VIGNETTES_WEAK, sk),
        "define": _cue(w.DEFINE, sk),
        "define_weak": _cue(w.DEFINE_WEAK, sk),
        "compare": _cue(w.COMPARE, sk),
    }
    focus = _focus(sk)
    out: list[Choice] = []

    def add(intent: Intent, chosen: list[Spot], focus: str | None = None, ref: str | None = None) -> None:
        if chosen or intent in (Intent.similar, Intent.vignettes):
            c = Choice(intent, chosen, focus, ref)
            if all(
                (o.intent, [s.concept.id for s in o.spots]) != (intent, [s.concept.id for s in chosen]) for o in out
            ):
                out.append(c)

    # cases like NAME: the words after "like" name a vignette, unless they are all concepts
    if ref is not None:
        ref_spots = [s for s in spots if s.start >= len(q.text) - len(ref) - 2]
        if ref_spots and _covered(ref, ref_spots):
            if cue["compare"] and len(spots) >= 2:  # "is enmeshment the same as codependency"
                add(Intent.compare, spots[:2])
            add(Intent.vignettes, spots)
            add(Intent.similar, [], ref=ref)
        else:
            add(Intent.similar, [], ref=ref)
            if spots:
                add(Intent.vignettes, spots)
        return out, notes
    if cue["compare"] and len(spots) >= 2:
        add(Intent.compare, spots[:2])
    if cue["define"] and spots:
        add(Intent.define, spots[:1])
    first_cue = min(_pos(r, sk) for r in (w.INTERVENTION, w.USED_FOR, w.OUTCOME, w.PROFILE))
    vignettes_first = cue["vignettes"] and _pos(w.VIGNETTES, sk) < first_cue
    if vignettes_first and (spots or q.kin or _negated_spots(q)):
        add(Intent.vignettes, spots)  # "cases where boundary setting was used for enmeshment"
    profile_focus = focus in ("roles", "behaviors", "patterns") or (
        focus in ("interventions", "outcomes") and cue["profile"]
    )
    if inter and not pbr:
        if cue["used_for"]:
            add(Intent.used_for, inter[:1])
        if cue["outcomes"] or by_kind["outcome"] or (cue["interventions"] and re.search(r"\b(?:help|work)", sk)):
            add(Intent.outcomes_after, inter[:1])
        if cue["vignettes"] or (cue["vignettes_weak"] and len(inter) > 1):
            add(Intent.vignettes, spots)
        if cue["define_weak"]:
            add(Intent.define, inter[:1])
        if cue["interventions"] and not out:
            add(Intent.used_for, inter[:1])
    if (
        pbr
        and not patterns
        and (focus in ("roles", "behaviors", "patterns") or cue["profile"])
        and not (cue["interventions"] or cue["vignettes"] or cue["define"] or cue["define_weak"])
    ):
        return (
            [],
            notes,
        )  # "which behaviors go with a parentified child": a profile needs a pattern (see _not_understood)
    if pbr:
        first = pbr[:1]
        if cue["used_for"] and inter:
            add(Intent.used_for, inter[:1])
        if patterns and ((cue["profile"] and focus != "interventions") or profile_focus) and not vignettes_first:
            add(Intent.profile, patterns[:1], focus)
        if cue["vignettes"] or (q.kin and cue["vignettes_weak"] and not cue["interventions"]):
            add(Intent.vignettes, spots)
        if cue["interventions"] and not (inter and cue["outcomes"]):
            add(Intent.interventions, first)
            for other in pbr[1:3]:
                add(Intent.interventions, [other])
        if inter and (cue["outcomes"] or cue["interventions"]):
            add(Intent.outcomes_after, inter[:1])
        if patterns and cue["outcomes"] and not inter:
            add(Intent.profile, patterns[:1], "outcomes")
        if patterns and cue["profile"]:
            add(Intent.profile, patterns[:1], focus if profile_focus else None)
        if cue["define_weak"]:
            add(Intent.define, spots[:1])
        if len(spots) >= 2 or q.kin or cue["vignettes_weak"]:
            add(Intent.vignettes, spots)
        if len(spots) >= 2 and {s.kind for s in spots[:2]} == {"pattern"} and not cue["vignettes"]:
            add(Intent.compare, spots[:2])
    elif not spots and q.kin and (cue["vignettes"] or cue["vignettes_weak"]):
        add(Intent.vignettes, [])
    if spots and cue["vignettes"]:
        add(Intent.vignettes, spots)
    if spots and not out:
        add(Intent.define, spots[:1])
    if len(spots) == 1 and out and out[0].intent is Intent.define:  # a bare concept: what else one may want
        only = spots[0]
        if only.kind in PBR:
            add(Intent.interventions, [only])
        if only.kind == "pattern":
            add(Intent.profile, [only])
        if only.kind == "intervention":
            add(Intent.used_for, [only])
        add(Intent.vignettes, [only])
    if out and out[0].intent is Intent.vignettes and not out[0].spots and not q.kin and not _negated_spots(q):
        out.pop(0)
    return out, notes


def _negated_spots(q: Question) -> list[Spot]:
    return [s for s in q.spots if s.negated]


def _covered(ref: str, spots: list[Spot]) -> bool:
    """Whether the concepts cover the content words of `ref` ("cases like codependency", not "like julian")."""
    text = ref.lower()
    for s in spots:
        text = text.replace(s.text.lower(), " ")
    return not [x for x in _WORD.findall(text) if x.lower() not in w.FILLER]


def _question_for(c: Choice, q: Question) -> str:
    """A question that gives this reading: shown under 'also understood as'."""
    labels = [s.concept.label.lower() if s.kind != "intervention" else s.concept.label for s in c.spots]
    if c.intent is Intent.interventions:
        return f"interventions for {labels[0]}"
    if c.intent is Intent.used_for:
        return f"what was {labels[0]} used for"
    if c.intent is Intent.outcomes_after:
        return f"outcomes after {labels[0]}"
    if c.intent is Intent.profile:
        return f"{c.focus} in {labels[0]}" if c.focus else f"what goes with {labels[0]}"
    if c.intent is Intent.define:
        return f"what is {labels[0]}"
    if c.intent is Intent.compare:
        return f"compare {labels[0]} and {labels[1]}"
    if c.intent is Intent.similar:
        return f"cases like {c.ref}"
    parts = labels + pair_words([k for k in (kin_word(x) for _, x in q.kin) if k])
    return "vignettes with " + " and ".join(parts) if parts else "vignettes"


def _form(c: Choice) -> str:
    if c.intent is Intent.profile and c.focus:
        return f"{c.focus} in X"
    if c.intent is Intent.vignettes and len(c.spots) == 1:
        return "vignettes with X"
    return FORM[c.intent]


def parse_question(question: str, vocab: Vocabulary) -> ParsedQuestion:
    """The likeliest reading of a plain-English question, with the others in `also`.

    Raises QuestionNotUnderstood when nothing in it can be answered (or it is empty or longer than 300 characters),
    UnknownTerms when an intent is clear but its words name no concept of the kind it needs."""
    question = " ".join((question or "").translate(_QUOTES).split())
    if not question:
        raise QuestionNotUnderstood("The question is empty; ask e.g. " + repr(FORMS[0]))
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionNotUnderstood(
            f"The question is too long ({len(question)} characters; at most {MAX_QUESTION_CHARS})"
        )
    q = read_question(question, vocab)
    ref = _similar_ref(q)
    choices, notes = _choices(q, ref)
    if not choices:
        _not_understood(q, question, vocab)
    best = choices[0]
    kin: list[str] = []
    if best.intent is Intent.vignettes:  # "an absent father and a son": the role's family word pairs up too
        kin = pair_words([k for k in (kin_word(x) for _, x in sorted(q.kin + q.role_kin)) if k])
    elif q.kin and best.intent is not Intent.similar:
        notes.append(
            "family words ("
            + ", ".join(x for _, x in q.kin)
            + ") filter only vignette listings: not used in this reading"
        )
    terms = _unique([s.term() for s in best.spots])
    without = _unique([s.term() for s in _negated_spots(q)]) if best.intent is Intent.vignettes else []
    if best.intent is not Intent.vignettes and _negated_spots(q):
        notes += [f"{s.text!r} is negated in the question: left out" for s in _negated_spots(q)]
    used = {t.concept_id for t in terms} | {t.concept_id for t in without}
    unused = [s for s in q.spots if s.concept.id not in used and s.concept.id not in w.AGENT_ROLES]
    if best.intent is not Intent.similar:
        notes += [f"{s.text!r} ({s.kind}) is not used in this reading" for s in unused]
    leftover = _leftover(q)
    if leftover and best.intent is not Intent.similar:
        notes.append(f"these words named no concept: {leftover!r}")
    return ParsedQuestion(
        question=question,
        intent=best.intent,
        form=_form(best),
        terms=terms,
        focus=best.focus if best.intent is Intent.profile else None,
        vignette_ref=best.ref,
        kin=kin,
        without=without,
        also=[Reading(intent=c.intent, form=_form(c), question=_question_for(c, q)) for c in choices[1:4]],
        notes=list(dict.fromkeys(notes)),
    )


def _unique(terms: list[ResolvedTerm]) -> list[ResolvedTerm]:
    seen: set[str] = set()
    out = []
    for t in terms:
        if t.concept_id not in seen:
            seen.add(t.concept_id)
            out.append(t)
    return out


WANTS = {  # the kinds a reading needs, when its cue is clear but no concept was found
    "interventions": ("pattern", "behavior", "role"),
    "outcomes": ("intervention",),
    "used_for": ("intervention",),
    "profile": ("pattern",),
}


def _not_understood(q: Question, question: str, vocab: Vocabulary) -> None:
    """Raise the clearest error: which words named nothing of the kind the cue needs, or what is understood."""
    leftover = _leftover(q)
    sk = q.skeleton
    spots = [s for s in q.spots if not s.negated and s.concept.id not in w.AGENT_ROLES]
    if spots and all(s.kind in PBR for s in spots) and (_cue(w.PROFILE, sk) or _focus(sk) in ("roles", "behaviors")):
        s = spots[0]
        related = [vocab.concepts[r] for r in s.concept.related if vocab.concepts[r].kind is ConceptKind.pattern]
        ids = [c.id for c in related] or [c.id for c in suggest(vocab, s.text, ("pattern",))]
        note = f"{s.text!r} is {_a(s.kind)} ({s.concept.id}), not a pattern; what goes with X needs a pattern"
        raise UnknownTerms(question, "what goes with X", [(s.text, ids)], [note + f": try {', '.join(ids)}"])
    for name, regex in (("used_for", w.USED_FOR), ("outcomes", w.OUTCOME), ("interventions", w.INTERVENTION)):
        if _cue(regex, sk) and spots and all(s.kind not in WANTS[name] for s in spots):
            s = spots[0]
            kinds = " or ".join(WANTS[name])
            form = {"used_for": "what X was used for", "outcomes": "outcomes after X"}.get(name, "interventions for X")
            ids = [c.id for c in suggest(vocab, s.text, WANTS[name])]
            note = f"{s.text!r} is {_a(s.kind)} ({s.concept.id}), not {_a(kinds)}"
            raise UnknownTerms(question, form, [(s.text, ids)], [note])
    if leftover and (_cue(w.INTERVENTION, sk) or _cue(w.PROFILE, sk) or _cue(w.DEFINE, sk) or _cue(w.VIGNETTES, sk)):
        form = (
            "interventions for X"
            if _cue(w.INTERVENTION, sk)
            else "what goes with X"
            if _cue(w.PROFILE, sk)
            else "what is X"
            if _cue(w.DEFINE, sk)
            else "vignettes with X and Y"
        )
        wanted = WANTS["interventions"] if form == "interventions for X" else None
        ids = [c.id for c in suggest(vocab, leftover, wanted)]
        what = "a pattern, behavior or role" if wanted else "a concept"
        hint = f"; did you mean {', '.join(ids)}?" if ids else ""
        raise UnknownTerms(question, form, [(leftover, ids)], [f"{leftover!r} names no known {what[2:]}{hint}"])
    words = leftover or " ".join(x for x in _WORD.findall(q.text.lower()) if x not in _QUESTION_WORDS)
    closest = suggest(vocab, words, limit=3) if words else []
    short = question if len(question) <= 80 else question[:77] + "..."
    near = f"; closest concepts: {', '.join(c.id for c in closest)}" if closest else ""
    raise QuestionNotUnderstood(
        f"Question not understood: {short!r}: it names no concept, vignette or family relation{near}; "
        f"try e.g. {FORMS[0]!r}, {FORMS[4]!r} or {FORMS[12]!r}",
        closest=closest,
    )


_QUESTION_WORDS = frozenset("what which who how is are was were the a an of for to in on me tell show define".split())


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word
