"""Find every vocabulary concept a text mentions: in an article, a question, a vignette's words.

Built once per vocabulary on spaCy's blank English pipeline (no model, nothing
downloaded at run time): its tokenizer and sentencizer, then a component that sets
each token's NORM to its lemma from spaCy's English lookup table, looked up on the
LOWER-CASED word (the table is case-sensitive: a sentence-initial "Enabling" would
otherwise be missed), and a `PhraseMatcher` on NORM over every term of every
concept (id, label, synonyms; hyphens as written, as spaces, and joined), each term
normalized the same way. So "enmeshed families", "Parentified", "co-dependent",
"role reversal" and "remarried" find their concepts, whatever their inflection.

Overlapping matches keep the longest ("parentified child", a role, not
"parentified", a pattern). Where two concepts share a normalized form (the role
"scapegoat" and the pattern "scapegoating" both lemmatize to "scapegoat"), the
words as written decide: a verb form ("scapegoated", "scapegoating") is the
pattern, the noun is the role. A lemma with a common other sense counts only in
the vocabulary's (FORMS_ONLY, NOT_BEFORE_TO): "a project manager" is no parental
projection, "I bet" no gambling, "therapy enabled her to" no enabling.

Each mention then gets a status from its sentence (kb.vocab.context): affirmed,
negated ("she was not codependent"), hypothetical ("if you feel enmeshed") or
generic ("codependency is a term that..."). Only affirmed mentions are a text's
own findings.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.lookups import Table, load_lookups
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kb.errors import InvalidInput
from kb.models import Concept
from kb.vocab.context import Status, status_of
from kb.vocab.vocabulary import Vocabulary

MAX_CHARS = 2_000_000  # a text longer than this is refused before any work (a long book is about 1 MB)
_LEMMAS = "kb_lemma_norm"


@dataclass(frozen=True)
class Mention:
    """One place a text names a concept."""

    concept_id: str
    kind: str
    start: int  # character offsets in the text
    end: int
    text: str  # the words as written
    matched: str  # the vocabulary term they match
    sentence_start: int
    sentence_end: int
    status: Status
    cue: str | None = None  # the words that made it negated, hypothetical or generic

    @property
    def affirmed(self) -> bool:
        return self.status is Status.affirmed


@dataclass
class _Entry:
    concept: Concept
    term: str


@dataclass
class ConceptMatcher:
    vocab: Vocabulary
    nlp: Language = field(init=False)
    _matcher: PhraseMatcher = field(init=False)
    _entries: dict[str, list[_Entry]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.nlp = _pipeline()
        self._matcher = PhraseMatcher(self.nlp.vocab, attr="NORM")
        patterns: dict[str, dict[tuple[str, ...], Doc]] = {}
        for concept in self.vocab.concepts.values():
            for term in sorted(_terms(concept)):
                doc = self.nlp(term)
                key = " ".join(t.norm_ for t in doc if not (t.is_punct or t.is_space))
                if not key:
                    continue
                entries = self._entries.setdefault(key, [])
                if all(e.concept.id != concept.id for e in entries):
                    entries.append(_Entry(concept, term))
                patterns.setdefault(key, {})[tuple(t.norm_ for t in doc)] = doc  # "role-reversal", "role reversal"
        for key, docs in patterns.items():
            self._matcher.add(key, list(docs.values()))

    def key(self, words: str) -> str:
        """The normalized form under which words are matched: lower-cased lemmas, punctuation dropped."""
        return " ".join(t.norm_ for t in self.nlp(words) if not (t.is_punct or t.is_space))

    def parse(self, text: str) -> Doc:
        if len(text) > MAX_CHARS:
            raise InvalidInput(f"the text has {len(text):,} characters; at most {MAX_CHARS:,} can be tagged at once")
        return self.nlp(text)

    def mentions(self, text: str) -> list[Mention]:
        """Every concept mention in `text`, in text order, with its sentence and status."""
        return self.mentions_in(self.parse(text))

    def mentions_in(self, doc: Doc) -> list[Mention]:
        """The mentions of a text already parsed by `parse` (for callers that read the parse too)."""
        spans = [Span(doc, start, end, label=match_id) for match_id, start, end in self._matcher(doc)]
        starts = [s.start for s in doc.sents]  # once: Span.sent walks the tokens, quadratic in a long sentence
        found = []
        for span in filter_spans(spans):  # the longest of overlapping matches, each token once
            if not _in_sense(span):
                continue
            entry = self._choose(self._entries[self.nlp.vocab.strings[span.label]], span)
            i = bisect_right(starts, span.start) - 1
            sent = doc[starts[i] : starts[i + 1] if i + 1 < len(starts) else len(doc)]
            status, cue = status_of(span, sent)
            sentence = _clip(span, sent)
            found.append(
                Mention(
                    concept_id=entry.concept.id,
                    kind=entry.concept.kind.value,
                    start=span.start_char,
                    end=span.end_char,
                    text=span.text,
                    matched=entry.term,
                    sentence_start=sentence.start_char,
                    sentence_end=sentence.end_char,
                    status=status,
                    cue=cue,
                )
            )
        return found

    @staticmethod
    def _choose(entries: list[_Entry], span: Span) -> _Entry:
        """One concept for a span whose normalized form several share: a verb form picks the '-ing' term."""
        if len(entries) == 1:
            return entries[0]
        last = span[-1].lower_
        verbal = last.endswith(("ing", "ed"))
        for entry in entries:
            if entry.term.lower().endswith("ing") == verbal:
                return entry
        return entries[0]


# Lemmas whose other senses are common words: only these forms as written name the concept
# ("a project manager", "I bet", "came to the rescue" name nothing of the vocabulary).
FORMS_ONLY: dict[str, frozenset[str]] = {
    "project": frozenset({"projecting", "projected"}),  # parental projection, not a plan
    "bet": frozenset({"betting", "bets"}),  # gambling, not "I bet"
    "rescue": frozenset({"rescuing", "rescued", "rescues"}),  # the behavior, not "to the rescue"
}
# Lemmas that name nothing when a "to" follows closely: "therapy enabled her to set limits" is no enabling.
NOT_BEFORE_TO: dict[str, int] = {"enable": 3}


def _in_sense(span: Span) -> bool:
    """Whether a one-word match is used in the vocabulary's sense (see FORMS_ONLY, NOT_BEFORE_TO)."""
    if len(span) != 1:
        return True
    token = span[0]
    forms = FORMS_ONLY.get(token.norm_)
    if forms is not None and token.lower_ not in forms:
        return False
    reach = NOT_BEFORE_TO.get(token.norm_)
    if reach and not token.lower_.endswith("ing"):
        after = span.doc[token.i + 1 : token.i + 1 + reach]
        return not any(t.lower_ == "to" for t in after)
    return True


SENTENCE_REACH = 40  # tokens each side: a text without sentence punctuation is still shown in readable pieces


def _clip(span: Span, sent: Span) -> Span:
    """The mention's sentence, at most SENTENCE_REACH tokens on each side of it."""
    return span.doc[max(sent.start, span.start - SENTENCE_REACH) : min(sent.end, span.end + SENTENCE_REACH)]


def counts(mentions: list[Mention], affirmed_only: bool = True) -> Counter[str]:
    """How many times each concept is mentioned (by default only where the text affirms it)."""
    return Counter(m.concept_id for m in mentions if m.affirmed or not affirmed_only)


def _terms(concept: Concept) -> set[str]:
    """Every way a text may write a term: as given, hyphens as spaces, and words hyphenated ("role-reversal")."""
    out = set()
    for term in (concept.id.replace("-", " "), concept.label, *concept.synonyms):
        spaced = " ".join(term.replace("-", " ").split())
        out |= {term, spaced, spaced.replace(" ", "-")}
    return {t for t in out if t.strip()}


@lru_cache(maxsize=1)
def _lemma_table() -> Table:
    """spaCy's English lemma lookup table (spacy-lookups-data): 'enmeshed' -> 'enmesh', 'children' -> 'child'."""
    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@Language.component(_LEMMAS)
def _lemma_norm(doc: Doc) -> Doc:
    """NORM := the lemma of the lower-cased word; a hyphenated compound ("co-dependent", "role-reversals")
    becomes one token whose NORM is its parts joined, the last one lemmatized ("codependent", "rolereversal")."""
    table = _lemma_table()
    compounds = []
    i = 0
    while i < len(doc) - 2:
        j = i
        while (
            j + 2 < len(doc)
            and doc[j + 1].text == "-"
            and not doc[j].whitespace_
            and not doc[j + 1].whitespace_
            and doc[j].is_alpha
            and doc[j + 2].is_alpha
        ):
            j += 2
        if j > i:
            compounds.append(doc[i : j + 1])
        i = j + 1
    with doc.retokenize() as retokenizer:
        for span in compounds:
            retokenizer.merge(span)
    for token in doc:
        lower = token.lower_
        if "-" in lower and len(lower) > 2:
            *head, last = lower.split("-")
            token.norm_ = "".join(head) + table.get(last, last)
        else:
            token.norm_ = table.get(lower, lower)
    return doc


def _pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS + 1
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(_LEMMAS)
    return nlp


@lru_cache(maxsize=4)
def matcher_for(vocab: Vocabulary) -> ConceptMatcher:
    """The matcher of a vocabulary, built once per process (about a second)."""
    return ConceptMatcher(vocab)
