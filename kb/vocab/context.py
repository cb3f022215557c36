"""Whether a text affirms a concept it mentions, or negates it, supposes it, or only talks about it in general.

A small ConText (Harkema et al., the successor of NegEx): trigger phrases of each
category open a scope that runs forward (or backward) from the trigger over a few
tokens, within the sentence, and stops at a termination word ("but", "however",
";"). A mention inside a scope takes the category; pseudo-triggers ("not only",
"no longer", "no doubt") open none. negspacy's NegEx was measured first: its
scope runs to the end of the clause, so in narrative prose ("her mother would never
get help for her alcoholism") it negated findings the story affirms; a bounded
window fixes that, and the same machinery gives the hypothetical and generic
categories articles need ("if you feel enmeshed", "codependency is a term that").

    negated        "she was not codependent", "no sign of parentification", "he denies drinking"
    hypothetical   "if you are in a codependent relationship", "you could benefit from psychotherapy"
    generic        "codependency is a term that...", "the concept of enmeshment", "signs of enabling"
    affirmed       everything else: the text's own finding

When several apply, the first of negated, hypothetical, generic wins.
"""

from __future__ import annotations

from enum import StrEnum

from spacy.tokens import Span


class Status(StrEnum):
    affirmed = "affirmed"
    negated = "negated"
    hypothetical = "hypothetical"
    generic = "generic"


# (words, window in tokens): a forward trigger covers the `window` tokens after it
NEGATION_BEFORE = {
    "not": 6,
    "n't": 6,
    "no": 5,
    "never": 6,
    "without": 9,  # over a list: "without much of the guilt , codependence , and ambivalence"
    "nor": 4,
    "neither": 6,
    "none of": 4,
    "denies": 6,
    "denied": 6,
    "denying": 6,
    "absence of": 4,
    "free of": 4,
    "lack of": 3,
    "no sign of": 4,
    "no signs of": 4,
    "no evidence of": 4,
    "no history of": 4,
    "ruled out": 4,
    "cannot": 6,
    "instead of": 3,  # "he felt like an adult instead of a caretaker"
    "rather than": 3,  # a contrast denies its second part: "a protest rather than anxiety"
    "than like": 2,  # "more like a protest than like anxiety"
    "better than": 3,  # "fit complicated grief much better than depression"
}
NEGATION_AFTER = {  # a backward trigger covers the tokens before it
    "was not": 4,
    "were not": 4,
    "is not": 4,
    "are not": 4,
    "was absent": 4,
    "was ruled out": 5,
    "was unlikely": 4,
    "is unlikely": 4,
}
HYPOTHETICAL_BEFORE = {
    "if": 10,
    "whether": 8,
    "unless": 8,
    "in case": 8,
    "suppose": 8,
    "imagine": 8,
    "could": 6,
    "might": 8,  # "you might find it useful to read about adult children of alcoholics"
    "would": 5,
    "should": 6,
    "may": 5,
    "perhaps": 6,
    "possibly": 6,
    "risk of": 4,
    "to prevent": 4,
    "to avoid": 4,
    "wonder": 6,
    "wondering": 6,
    "can benefit": 6,
    "could benefit": 8,  # "you could benefit from talking with a therapist about caregiver burden"
    "may benefit": 8,
    "might benefit": 8,
    "would benefit": 8,
    "try": 4,  # advice: "or to try an al-anon meeting"
}
GENERIC_BEFORE = {
    "the term": 3,
    "the word": 3,
    "the concept of": 3,
    "the notion of": 3,
    "the idea of": 3,
    "so-called": 3,
    "what is": 3,
    "known as": 3,
    "called": 3,
    "definition of": 3,
    "signs of": 4,
    "symptoms of": 4,
    "types of": 3,
    "kinds of": 3,
    "forms of": 3,
    "examples of": 3,
    "such as": 5,
    "a term": 3,
    "literature on": 3,
    "research on": 3,
    "studies of": 3,
    "in general": 8,
    "generally": 8,
    "typically": 8,
    "often": 4,
    "many": 4,  # "for many sons of alcoholic fathers"
}
GENERIC_FIRST = {"not every": 10, "not all": 10}  # before negation: "not every caretaker is codependent"
GENERIC_AFTER = {  # said of the mention that opens the sentence: "codependency is a term that..."
    "is a term": 4,
    "is a word": 4,
    "is a pattern": 4,
    "is defined": 4,
    "refers to": 4,
    "means": 3,
    "describes": 3,
    "is when": 4,
    "occurs when": 4,
    "is characterized": 4,
    "is common": 4,
    "is a common": 4,
    "is often": 4,
    "are often": 4,
    "can be": 4,
    "tends to": 4,
    "tend to": 4,
    "is a dynamic": 4,
    "is a relationship": 4,
}
DEFINITIONAL = {"is a term", "is a word", "refers to", "is defined"}  # generic wherever the mention stands

PSEUDO = {
    "not only",
    "not just",
    "no longer",
    "no doubt",
    "not necessarily",
    "nothing but",
    "never stopped",
    "not sure",
    "not certain",
    "would like",
    "if not",
    "if only",
    "no matter",
    "not every",
    "not all",
}
TERMINATION = {
    "but",
    "however",
    "although",
    "though",
    "yet",
    "except",
    "aside from",
    "apart from",
    "which",
    "who",  # a relative clause is a clause of its own: "cases without divorce where a child is parentified"
    "whose",
    "where",
    "whereas",
    "while",
    ";",
    "nevertheless",
    "instead",
    "when",  # "guilt whenever he was not available": the negation is the clause's, not the mention's
    "whenever",
    "because",
}
NEGATION_TERMINATION = {  # a negation before one of these words negates the verb it follows, not what comes after:
    "for",  # "she would never get help for her alcoholism"
    "about",
    "because",
    "since",
}
OPENERS = {"the", "a", "an", "this", "that", "such", "true", "so", "-"}  # may precede a sentence-opening mention


Phrases = dict[str, list[tuple[tuple[str, ...], int]]]  # first word -> (words, window), longest first


def _compile(triggers: set[str] | dict[str, int]) -> Phrases:
    out: Phrases = {}
    for p in triggers:
        words = tuple(p.split())
        out.setdefault(words[0], []).append((words, triggers[p] if isinstance(triggers, dict) else 0))
    for entries in out.values():
        entries.sort(key=lambda e: -len(e[0]))
    return out


_NEG_BEFORE, _NEG_AFTER = _compile(NEGATION_BEFORE), _compile(NEGATION_AFTER)
_HYPO_BEFORE = _compile(HYPOTHETICAL_BEFORE)
_GEN_BEFORE, _GEN_AFTER = _compile(GENERIC_BEFORE), _compile(GENERIC_AFTER)
_GEN_FIRST = _compile(GENERIC_FIRST)
_GEN_DEF = _compile({words: GENERIC_AFTER[words] for words in DEFINITIONAL})
_PSEUDO, _STOP = _compile(PSEUDO), _compile(TERMINATION)
_NEG_STOP = _compile(TERMINATION | NEGATION_TERMINATION)
REACH = 12  # tokens looked at on each side of a mention: more than any window


def _at(tokens: list[str], i: int, phrases: Phrases) -> tuple[tuple[str, ...], int] | None:
    """The longest phrase of `phrases` that starts at token i, with its window."""
    for words, window in phrases.get(tokens[i], ()) if i < len(tokens) else ():
        if tuple(tokens[i : i + len(words)]) == words:
            return words, window
    return None


def status_of(span: Span, sent: Span) -> tuple[Status, str | None]:
    """The status of a mention from the words around it (at most REACH tokens each side, within its sentence
    `sent`), and the trigger that set it (None when affirmed). The work is bounded per mention."""
    doc = span.doc
    lo, hi = max(sent.start, span.start - REACH), min(sent.end, span.end + REACH)
    tokens = [t.lower_ for t in doc[lo:hi]]
    start, end = span.start - lo, span.end - lo

    def pseudo(i: int) -> bool:  # the trigger at i is part of a pseudo-trigger ("not only")
        return any((hit := _at(tokens, j, _PSEUDO)) and j + len(hit[0]) > i for j in range(max(0, i - 2), i + 1))

    def stopped(a: int, b: int, stops: Phrases = _STOP) -> bool:  # a termination word between tokens a and b
        return any(_at(tokens, x, stops) for x in range(a, b))

    def forward(phrases: Phrases, stops: Phrases = _STOP, check_pseudo: bool = True) -> str | None:
        for i in range(start - 1, -1, -1):  # the nearest trigger first
            hit = _at(tokens, i, phrases)
            if (
                hit
                and i + len(hit[0]) <= start
                and start - (i + len(hit[0])) < hit[1]
                and not (check_pseudo and pseudo(i))
                and not stopped(i + len(hit[0]), start, stops)
            ):
                return " ".join(hit[0])
        return None

    def backward(phrases: Phrases, verbs: bool = False) -> str | None:
        for i in range(end, len(tokens)):
            hit = _at(tokens, i, phrases)
            if hit and i - end < hit[1] and not pseudo(i) and not stopped(end, i):
                after = i + len(hit[0])
                if verbs and after < len(tokens) and tokens[after].endswith("ing"):
                    return None  # "her codependent relationship was not helping her": it negates the verb
                return " ".join(hit[0])
        return None

    if cue := forward(_GEN_FIRST, check_pseudo=False):
        return Status.generic, cue
    if cue := forward(_NEG_BEFORE, _NEG_STOP) or backward(_NEG_AFTER, verbs=True):
        return Status.negated, cue
    if cue := forward(_HYPO_BEFORE):
        return Status.hypothetical, cue
    opens = span.start - sent.start <= 3 and all(t.lower_ in OPENERS for t in doc[sent.start : span.start])
    if cue := forward(_GEN_BEFORE) or (backward(_GEN_AFTER) if opens else backward(_GEN_DEF)):
        return Status.generic, cue
    return Status.affirmed, None
