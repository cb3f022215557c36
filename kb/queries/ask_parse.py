"""Plain-English questions parsed into intents, deterministically.

A question is cleaned (case, spaces, a trailing "?" or ".", polite or listing
prefixes such as "please", "show me", "which", "what are the"), then matched
against templates, most specific first. The words a template captures are
resolved to vocabulary concepts (id, label, synonym, plural or a small typo;
a fuzzy hit counts only when the words are close to a whole term of the concept,
not a longer phrase that merely contains one); "similar" questions keep the
words naming a vignette instead. A misspelled template word among the first
three ("intervnetions for ...") is corrected when nothing else matched.

    parse_question("what helps with codependency?", load_vocabulary())
    # -> intent interventions, form "what helps with X", terms [codependency]

No template matching raises `QuestionNotUnderstood` (with example questions in
`.forms`); a template matching but naming no concept raises `UnknownTerms` (with
suggested concept ids). When a template matches but its words fail, later
templates are still tried, but only an exact resolution (no typo) is taken from
them, so "outcomes of enmeshment" is a profile, while "what is the treatment for
boundary setting" is not read as "define boundary setting".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from rapidfuzz import fuzz

from kb.errors import InvalidInput, NotFound
from kb.models import ConceptKind
from kb.vocab.resolve import Match, UnknownConcept, exact, resolve
from kb.vocab.vocabulary import Vocabulary

MAX_QUESTION_CHARS = 300


class Intent(StrEnum):
    interventions = "interventions"  # what was done for a pattern/behavior/role
    vignettes = "vignettes"  # vignettes having ALL of some concepts
    profile = "profile"  # what goes with a pattern (roles, behaviors, ...)
    outcomes_after = "outcomes_after"  # outcomes that followed an intervention
    similar = "similar"  # cases like a given vignette
    define = "define"  # what a concept is


class ResolvedTerm(BaseModel):
    """One concept named in the question, with the words that named it."""

    text: str
    concept_id: str
    label: str
    kind: str
    how: str


class ParsedQuestion(BaseModel):
    """What a question asks: the intent, the template that matched and the concepts it names."""

    question: str
    intent: Intent
    form: str
    terms: list[ResolvedTerm] = []
    focus: str | None = None
    vignette_ref: str | None = None


class QuestionNotUnderstood(InvalidInput):
    """No template matched. .forms lists example questions it understands."""

    code = "question_not_understood"
    forms: list[str]

    def __init__(self, message: str, forms: list[str] | None = None) -> None:
        super().__init__(message)
        self.forms = list(FORMS if forms is None else forms)

    def details(self) -> dict[str, Any]:
        return {"forms": self.forms}


class UnknownTerms(NotFound):
    """A template matched but some words name no concept.

    .form: the template; .unknown: list[tuple[str, list[str]]], the words and suggested concept ids."""

    code = "unknown_term"
    question: str
    form: str
    unknown: list[tuple[str, list[str]]]

    def __init__(self, question: str, form: str, unknown: list[tuple[str, list[str]]], notes: list[str]) -> None:
        self.question, self.form, self.unknown = question, form, unknown
        super().__init__(f"In {question!r} (read as {form!r}): " + "; ".join(notes))

    def details(self) -> dict[str, Any]:
        return {"unknown": [{"words": w, "suggestions": s} for w, s in self.unknown]}


# --------------------------------------------------------------------------- templates

PBR = frozenset({ConceptKind.pattern, ConceptKind.behavior, ConceptKind.role})
PATTERN = frozenset({ConceptKind.pattern})
INTERVENTION = frozenset({ConceptKind.intervention})


@dataclass(frozen=True)
class Template:
    form: str  # e.g. "interventions for X"
    example: str  # shown to users; must parse to this form
    intent: Intent
    regex: re.Pattern[str]
    kinds: frozenset[ConceptKind] | None = None  # allowed kinds of the term(s); None: any
    many: bool = False  # X is a list split on commas and "and"
    focus: str | None = None  # fixed focus; a (?P<focus>...) group overrides


def _t(form: str, example: str, intent: Intent, pattern: str, **kw: object) -> Template:
    return Template(form, example, intent, re.compile(pattern, re.IGNORECASE), **kw)  # type: ignore[arg-type]


X = r"(?P<x>.+)"
WHAT = r"(?:(?:what|which) )?"
ADJ = r"(?:(?:best|usual|common|typical|effective|main|recommended|possible) )?"
HELP = r"(?:helps?|helped|can help|could help|might help|would help|will help)"
NOUNS = r"(?:case vignettes?|vignettes?|cases?|stories|story|examples?|clients?|families|people)"
FOCUS = (
    r"(?P<focus>(?:family )?roles?|behaviou?rs?|interventions?|treatments?|therapies|"
    r"outcomes?|results?|patterns?|problems?|issues?)"
)
GO_WITH = (
    r"(?:go|goes|went|come|comes|tend to go|typically go|usually go|are found|occur|appear|show up|"
    r"co-?occur|co occur|are seen|are associated|are linked|cluster)"
    r" (?:with|along with|together with|alongside|in)"
)

TEMPLATES: list[Template] = [
    # ---- similar: the words name a vignette, not a concept; first, since they resolve nothing
    _t(
        "cases like X",
        "cases like donna",
        Intent.similar,
        rf"^{WHAT}(?:other |more )?{NOUNS}(?: (?:that|which) (?:are|were|is)| are| were| is)?"
        rf" (?:just )?(?:like|resembling|that resemble|comparable to) (?P<ref>.+)$",
    ),
    _t(
        "similar to X",
        "similar to donna",
        Intent.similar,
        rf"^{WHAT}(?:other |more )?(?:{NOUNS} |anything |anyone |something |others |ones )?(?:(?:that|which) )?"
        rf"(?:are |were |is )?(?:most )?similar (?:to|with) (?P<ref>.+)$",
    ),
    _t(
        "who else is like X",
        "who else is like donna",
        Intent.similar,
        r"^(?:who|what) else (?:is|was|are|were) (?:like|similar to) (?P<ref>.+)$",
    ),
    _t(
        "who else is like X",
        "anyone like donna",
        Intent.similar,
        r"^(?:any|some)(?:one|body|thing) (?:else )?(?:like|similar to) (?P<ref>.+)$",
    ),
    # ---- outcomes after an intervention (before define and profile)
    _t(
        "what outcomes followed X",
        "what outcomes followed boundary setting",
        Intent.outcomes_after,
        rf"^{WHAT}(?:outcomes?|results?) (?:followed|follows|follow|came after|come after|resulted from|"
        rf"result from|came from|come from) {X}$",
        kinds=INTERVENTION,
    ),
    _t(
        "outcomes of X",
        "outcomes of family therapy",
        Intent.outcomes_after,
        rf"^{WHAT}(?:outcomes?|results?|effects?) (?:of|from) {X}$",
        kinds=INTERVENTION,
    ),
    _t(
        "outcomes after X",
        "outcomes after inner child work",
        Intent.outcomes_after,
        rf"^{WHAT}(?:outcomes?|results?|effects?) (?:after|following) {X}$",
        kinds=INTERVENTION,
    ),
    _t(
        "what happened after X",
        "what happened after Al-Anon",
        Intent.outcomes_after,
        rf"^what (?:happened|happens|changed|changes|came) (?:after|following|from) {X}$",
        kinds=INTERVENTION,
    ),
    _t(
        "did X help",
        "did boundary setting help",
        Intent.outcomes_after,
        r"^(?:did|does|do|has|have) (?P<x>.+?) (?:help|helped|helps|work|worked|works)"
        r"(?: (?:at all|anyone|anybody|them|the clients?|clients))?$",
        kinds=INTERVENTION,
    ),
    _t(
        "did X help",
        "was family therapy effective",
        Intent.outcomes_after,
        r"^(?:is|was|are|were) (?P<x>.+?) (?:effective|helpful|useful|successful|any good)$",
        kinds=INTERVENTION,
    ),
    # ---- interventions for a pattern, behavior or role
    _t(
        "interventions for X",
        "interventions for enmeshment",
        Intent.interventions,
        rf"^{WHAT}(?:the )?{ADJ}(?:interventions?|approaches|therapeutic approaches|therapy|therapies)"
        rf" (?:were |are )?(?:for|used for|used with|used in|tried for|tried with|to treat|that treat|to address|"
        rf"to help with|addressing|targeting|against) {X}$",
        kinds=PBR,
    ),
    _t(
        "what interventions help with X",
        "what interventions help with emotional incest",
        Intent.interventions,
        rf"^{WHAT}{ADJ}(?:interventions?|treatments?|therapies|therapy|approaches) (?:{HELP}|work|works|worked)"
        rf"(?: (?:with|for|on|in|against))? {X}$",
        kinds=PBR,
    ),
    _t(
        "treatments for X",
        "treatments for triangulation",
        Intent.interventions,
        rf"^(?:what is the |what's the |what was the )?{WHAT}(?:the )?{ADJ}(?:treatments?|treatment options)"
        rf" (?:were |are )?(?:for|of|used for|used with|used in) {X}$",
        kinds=PBR,
    ),
    _t(
        "what helps with X",
        "what helps with codependency",
        Intent.interventions,
        rf"^(?:what|which things?|anything that) {HELP}(?: (?:with|for|in|against|on))? {X}$",
        kinds=PBR,
    ),
    _t(
        "what works for X",
        "what works for scapegoating",
        Intent.interventions,
        rf"^what (?:works|worked|has worked|can work|might work|would work)(?: (?:for|with|on|against))? {X}$",
        kinds=PBR,
    ),
    _t(
        "what was done for X",
        "what was done for a parentified child",
        Intent.interventions,
        rf"^what (?:was|were|is|gets|got|has been|can be|should be) done (?:for|about|with|in|to help) {X}$",
        kinds=PBR,
    ),
    _t(
        "how is X treated",
        "how is parentification treated",
        Intent.interventions,
        r"^how (?:is|are|was|were) (?P<x>.+?) (?:usually |typically |best )?(?:treated|handled|addressed|managed|"
        r"approached|worked with|dealt with|helped)$",
        kinds=PBR,
    ),
    _t(
        "how do you treat X",
        "how do you treat enabling",
        Intent.interventions,
        rf"^how (?:(?:do|does|did|can|could|should|would) (?:you|we|one|i|they|clinicians|therapists|"
        rf"a therapist|the therapists?) |to )(?:treat|address|handle|manage|approach|deal with|work with|"
        rf"help(?: clients| people| someone)?(?: with)?) {X}$",
        kinds=PBR,
    ),
    # ---- profile of a pattern (before vignettes and define)
    _t(
        "what roles go with X",
        "what roles go with parentification",
        Intent.profile,
        rf"^{WHAT}(?:typical |common |usual )?{FOCUS} (?:do |does |that |which )?(?:usually |typically |often )?"
        rf"{GO_WITH} {X}$",
        kinds=PATTERN,
    ),
    _t(
        "roles in X",
        "roles in enmeshed families",
        Intent.profile,
        rf"^{WHAT}(?:the )?(?:typical |common |usual )?{FOCUS} (?:in|of|within|among|seen in|found in|common in|"
        rf"typical of|associated with|linked to|related to|going with|co-?occurring with|accompanying) {X}$",
        kinds=PATTERN,
    ),
    _t(
        "what goes with X",
        "what goes with enmeshment",
        Intent.profile,
        rf"^what (?:else )?(?:goes|go|comes|tends to go|usually goes|co-?occurs|co occurs|"
        rf"is associated|is linked|is seen|appears) (?:with|along with|together with|alongside|in) {X}$",
        kinds=PATTERN,
    ),
    _t(
        "roles in X",
        "who is involved in triangulation",
        Intent.profile,
        rf"^who (?:is|are|was|were) (?:usually |typically )?(?:involved|found|seen) in {X}$",
        kinds=PATTERN,
        focus="roles",
    ),
    _t(
        "what goes with X",
        "profile of codependency",
        Intent.profile,
        rf"^(?:the )?(?:profile|picture|full picture|overview) (?:of|for) {X}$",
        kinds=PATTERN,
    ),
    # ---- vignettes having all of some concepts
    _t(
        "vignettes with X and Y",
        "vignettes with a parentified child and an alcoholic mother",
        Intent.vignettes,
        rf"^{WHAT}(?:all )?(?:the )?{NOUNS} (?:(?:that|which|where there) )?(?:are |is )?"
        rf"(?:with|having|have|has|had|showing|show|shows|featuring|feature|features|containing|contain|contains|"
        rf"where there is|where there are|in which there is|in which there are) {X}$",
        many=True,
    ),
    _t(
        "cases involving X, Y and Z",
        "cases involving enmeshment, guilt-tripping and people-pleasing",
        Intent.vignettes,
        rf"^{WHAT}(?:all )?(?:the )?{NOUNS} (?:(?:that|which) )?(?:involving|involve|involves|involved|including|"
        rf"include|includes|combining|combine) {X}$",
        many=True,
    ),
    _t(
        "vignettes about X",
        "vignettes about estrangement",
        Intent.vignettes,
        rf"^{WHAT}(?:all )?(?:the )?{NOUNS} (?:(?:that|which) )?(?:are |were |is )?(?:about|on|concerning|"
        rf"dealing with|deal with|deals with|mentioning|mention|mentions|describing|describe|describes) {X}$",
        many=True,
    ),
    _t(
        "cases of X",
        "cases of triangulation",
        Intent.vignettes,
        rf"^{WHAT}(?:all )?(?:the )?(?:case vignettes?|vignettes?|cases?|stories|instances) of {X}$",
        many=True,
    ),
    _t(
        "examples of X",
        "examples of role reversal",
        Intent.vignettes,
        rf"^{WHAT}(?:any )?(?:examples?|illustrations?) (?:of|for) {X}$",
        many=True,
    ),
    # ---- define: last, the most general
    _t(
        "meaning of X",
        "meaning of codependency",
        Intent.define,
        rf"^(?:what is |what's |what was )?(?:the )?(?:meaning|definition) (?:of|for) {X}$",
    ),
    _t(
        "what does X mean",
        "what does parentification mean",
        Intent.define,
        r"^what (?:does|do|did) (?P<x>.+?) (?:mean|stand for|refer to|involve)$",
    ),
    _t("define X", "define enmeshment", Intent.define, rf"^(?:define|definition|def) {X}$"),
    _t(
        "explain X",
        "explain scapegoating",
        Intent.define,
        rf"^(?:explain|describe|tell me about|what about|what is meant by|what's meant by) {X}$",
    ),
    _t(
        "what is X",
        "what is triangulation",
        Intent.define,
        rf"^(?:what|who)(?:'s| is| are| was| were|s) (?:an? |the )?(?:so-called )?{X}$",
    ),
]


def _forms() -> list[str]:
    seen: dict[str, str] = {}
    for intent in Intent:
        for t in TEMPLATES:
            if t.intent is intent and t.form not in seen:
                seen[t.form] = t.example
    return list(seen.values())


FORMS: list[str] = _forms()
"""One example question per form, grouped by intent, to show users what is understood."""


def _example(form: str) -> str:
    return next(t.example for t in TEMPLATES if t.form == form)


# --------------------------------------------------------------------------- cleaning

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
_PREFIX = re.compile(
    r"^(?:please|pls|kindly|(?:can|could|would|will) you(?: please)?(?: show me| tell me| list| find| give me)?|"
    r"show me(?: all)?|show(?: all)?|list(?: all)?|find(?: me)?(?: all)?|give me(?: all)?|get me|"
    r"do you have(?: any)?|are there(?: any)?|is there(?: any)?|i want(?: to see)?|i'd like(?: to see)?|"
    r"tell me(?! about)|which|what are the|what are|what were the|what were),?\s+",
    re.IGNORECASE,
)
_SUFFIX = re.compile(r"[\s?.!]*(?:\bplease\b)?[\s?.!]*$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:(?:a|an|the|some|any|both|either)(?:\s+|$))+", re.IGNORECASE)
_EDGE_PUNCT = " \t\"'()[]{}<>,;:.!?*_"
_SPLIT = re.compile(r"(\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+as well as\s+|\s+plus\s+)", re.IGNORECASE)
_KEYWORDS = (
    "interventions",
    "intervention",
    "treatments",
    "treatment",
    "therapies",
    "vignettes",
    "vignette",
    "cases",
    "examples",
    "outcomes",
    "outcome",
    "behaviors",
    "behaviours",
    "behavior",
    "behaviour",
    "patterns",
    "roles",
    "similar",
    "define",
    "explain",
    "meaning",
    "happened",
    "followed",
    "treated",
    "helps",
)


def _clean(question: str) -> str:
    q = " ".join(question.translate(_QUOTES).split())
    q = _SUFFIX.sub("", q)
    return q.strip(" ,;:")


def _variants(q: str) -> list[str]:
    """The question, then with polite or listing prefixes stripped one by one."""
    out = [q]
    while (m := _PREFIX.match(out[-1])) and m.end() < len(out[-1]):
        out.append(out[-1][m.end() :].strip())
    return out


def _fix_keyword_typos(q: str) -> str:
    """The first words of the question with a misspelled template word corrected ('intervnetions')."""
    words = q.split(" ")
    for i, w in enumerate(words[:3]):
        lw = w.lower()
        if len(lw) < 5 or lw in _KEYWORDS:
            continue
        best = max(_KEYWORDS, key=lambda k: fuzz.ratio(lw, k))
        if fuzz.ratio(lw, best) >= 85:
            words[i] = best
    return " ".join(words)


def _term_text(text: str) -> str:
    text = text.strip(_EDGE_PUNCT)
    return _ARTICLE.sub("", text).strip(_EDGE_PUNCT)


def _vignette_ref(text: str) -> str:
    ref = text.lower().strip(_EDGE_PUNCT)
    ref = re.sub(r"(?<=\w)'s\b", "", ref)
    ref = re.sub(r"(?<=s)'(?=\s|$)", "", ref)
    ref = _ARTICLE.sub("", ref)
    ref = re.sub(r"^(?:(?:case|vignette|story|one) (?:of|about|with|featuring) )", "", ref)
    ref = _ARTICLE.sub("", ref)
    ref = re.sub(r"\s+(?:case|vignette|story)$", "", ref)
    return " ".join(ref.split()).strip(_EDGE_PUNCT)


def _kinds_phrase(kinds: frozenset[ConceptKind] | None) -> str:
    if not kinds:
        return "concept"
    names = [k.value for k in ConceptKind if k in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


# --------------------------------------------------------------------------- resolution


class _Unresolved(Exception):
    def __init__(self, text: str, suggestions: list[str], note: str) -> None:
        self.text, self.suggestions, self.note = text, suggestions, note


def _resolve(vocab: Vocabulary, text: str, kinds: frozenset[ConceptKind] | None) -> Match:
    """The concept `text` names, of one of `kinds` (any when None), by the one resolver; raises _Unresolved."""
    if not text:
        raise _Unresolved(text, [], "no words name a concept")
    try:
        return resolve(vocab, text, kinds)
    except UnknownConcept as exc:
        ids = [c.id for c in exc.suggestions[:3]]
        if exc.other is not None:
            note = f"{text!r} is {_a(exc.other.kind.value)} ({exc.other.id}), not {_a(_kinds_phrase(kinds))}"
        else:
            note = f"{text!r} names no known {_kinds_phrase(kinds)}" + (
                f"; did you mean {', '.join(ids)}?" if ids else ""
            )
        raise _Unresolved(text, ids, note) from None


def _term(text: str, r: Match) -> ResolvedTerm:
    c = r.concept
    return ResolvedTerm(text=text, concept_id=c.id, label=c.label, kind=c.kind.value, how=r.how)


def _resolve_list(vocab: Vocabulary, text: str) -> tuple[list[ResolvedTerm], list[_Unresolved]]:
    """A list 'X, Y and Z' resolved part by part; parts joined by 'and' stay whole when the whole names a concept."""
    tokens = _SPLIT.split(text.strip(_EDGE_PUNCT))
    parts, seps = tokens[0::2], tokens[1::2]
    terms: list[ResolvedTerm] = []
    errors: list[_Unresolved] = []

    def joined(i: int, k: int) -> str:  # parts i..k-1 with the separators between them
        return "".join(parts[n] + (seps[n] if n < k - 1 else "") for n in range(i, k))

    i = 0
    while i < len(parts):
        j = i + 1
        for k in range(len(parts), i + 1, -1):  # longest exact concept first ("drug and alcohol treatment")
            words = _term_text(joined(i, k))
            if words and exact(vocab, words) is not None:
                j = k
                break
        words, i = _term_text(joined(i, j)), j
        if not words or words.lower() in {"and", "or", "&"}:
            continue
        try:
            term = _term(words, _resolve(vocab, words, None))
        except _Unresolved as exc:
            errors.append(exc)
            continue
        if all(t.concept_id != term.concept_id for t in terms):
            terms.append(term)
    return terms, errors


# --------------------------------------------------------------------------- parsing


def _apply(template: Template, m: re.Match[str], question: str, vocab: Vocabulary) -> ParsedQuestion:
    groups = m.groupdict()
    focus = template.focus
    if groups.get("focus"):
        focus = _normalize_focus(groups["focus"])
    if template.intent is Intent.similar:
        ref = _vignette_ref(groups["ref"])
        if not ref:
            raise UnknownTerms(question, template.form, [(groups["ref"], [])], ["no words name a vignette"])
        return ParsedQuestion(question=question, intent=template.intent, form=template.form, vignette_ref=ref)
    if template.many:
        terms, errors = _resolve_list(vocab, groups["x"])
        if not terms and not errors:
            errors = [_Unresolved(groups["x"], [], "no words name a concept")]
    else:
        words = _term_text(groups["x"])
        try:
            terms, errors = [_term(words, _resolve(vocab, words, template.kinds))], []
        except _Unresolved as exc:
            terms, errors = [], [exc]
    if errors:
        raise UnknownTerms(question, template.form, [(e.text, e.suggestions) for e in errors], [e.note for e in errors])
    return ParsedQuestion(question=question, intent=template.intent, form=template.form, terms=terms, focus=focus)


def _normalize_focus(word: str) -> str:
    w = word.lower().removeprefix("family ")
    if w.startswith("role"):
        return "roles"
    if w.startswith("behavio"):
        return "behaviors"
    if w.startswith(("intervention", "treatment", "therap")):
        return "interventions"
    if w.startswith(("outcome", "result")):
        return "outcomes"
    return "patterns"


def _match(question: str, cleaned: str, vocab: Vocabulary) -> tuple[ParsedQuestion | None, UnknownTerms | None]:
    variants = _variants(cleaned)
    first_error: UnknownTerms | None = None
    for template in TEMPLATES:
        for text in variants:
            m = template.regex.match(text)
            if not m:
                continue
            try:
                parsed = _apply(template, m, question, vocab)
            except UnknownTerms as exc:
                first_error = first_error or exc
                continue
            if first_error is None or all(t.how != "fuzzy" for t in parsed.terms):
                return parsed, None
    return None, first_error


def parse_question(question: str, vocab: Vocabulary) -> ParsedQuestion:
    """The intent of a plain-English question and the concepts it names.

    Raises QuestionNotUnderstood when no template matches (or the question is
    empty or longer than 300 characters), UnknownTerms when one matches but
    some of its words name no concept of the kind it needs.
    """
    question = (question or "").strip()
    if not question:
        raise QuestionNotUnderstood("The question is empty; ask e.g. " + repr(FORMS[0]))
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionNotUnderstood(
            f"The question is too long ({len(question)} characters; at most {MAX_QUESTION_CHARS})"
        )
    cleaned = _clean(question)
    parsed, error = _match(question, cleaned, vocab)
    if parsed is None and error is None:
        fixed = _fix_keyword_typos(cleaned)
        if fixed != cleaned:
            parsed, error = _match(question, fixed, vocab)
    if parsed is not None:
        return parsed
    if error is not None:
        raise error
    short = question if len(question) <= 80 else question[:77] + "..."
    raise QuestionNotUnderstood(
        f"Question not understood: {short!r}; try e.g. {_example('interventions for X')!r}, "
        f"{_example('vignettes with X and Y')!r} or {_example('what is X')!r}"
    )
