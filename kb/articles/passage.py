"""Where the case story is inside an article, and who its client is: rules, no model.

The client is named by a pseudonym: a word that is not an English word (spaCy's lemma table), nor a
vocabulary word, that recurs in the places a person's name takes ("donna 's", "donna began", "told
donna"), or that the writer declares ("let's call her Mira", "Mira (not her real name)"). In text that has
capital letters, a name is also written capitalised where a sentence does not start.

The story is the stretch of the text that is most about that person in the past tense: every word gets a
score (the client's name and third-person pronouns and past-tense verbs count for it; "you", present-tense
generalisations, plural nouns for kinds of people, "article", "vignette", "composite" count against it,
and any other word a little against), and the passage is the run of words with the highest total
(Kadane's maximum-sum segment: one linear pass). Its ends are then moved to sentence boundaries where
the text has them, a heading that only names the client is left out, and the end is carried over the
neutral words that finish the last clause.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.lookups import load_lookups
from spacy.tokens import Doc

from kb.vocab.vocabulary import Vocabulary

PRONOUNS = {"she", "her", "hers", "herself", "he", "him", "his", "himself"}
PAST = {
    "was", "were", "had", "did", "began", "became", "felt", "told", "said", "came", "went", "got", "made", "knew",
    "thought", "saw", "took", "found", "left", "grew", "started", "stopped", "wanted", "decided", "realized",
    "realised", "remembered", "learned", "learnt", "could", "would",
}  # fmt: skip
AGAINST_STRONG = {
    "you", "your", "yours", "yourself", "you're", "article", "articles", "blog", "post", "vignette", "vignettes",
    "composite", "consultation", "website", "site", "readers", "reader", "subscribe", "disclaimer", "copyright",
}  # fmt: skip
AGAINST = {
    "is", "are", "can", "may", "often", "many", "most", "people", "mothers", "daughters", "fathers", "sons",
    "parents", "children", "families", "clients", "relationships", "cases", "patients", "adults", "kids", "tend",
    "typically", "usually", "common", "research", "studies", "therapists", "we're", "let's",
}  # fmt: skip
CLAUSE_STARTS = {"when", "as", "at", "in", "after", "before", "by", "for", "on", "during", "while", "since", "growing"}
DECLARED = (
    re.compile(r"\bcall (?:her|him|them) ([A-Za-z]{3,})", re.IGNORECASE),
    re.compile(r"\b([A-Za-z]{3,}) \(not (?:her|his|their) real name\)", re.IGNORECASE),
    re.compile(r"\b([A-Za-z]{3,}) ?, (?:as )?i(?:'| ')?ll call (?:her|him)", re.IGNORECASE),
    re.compile(r"\bnamed ([A-Z][a-z]{2,})"),
)
SCORES = {"name": 4.0, "other_name": 2.0, "pronoun": 1.0, "past": 0.5, "strong": -4.0, "against": -1.5, "other": -0.15}
PERSON_NEXT = PAST | {"'s", "’s", "and", "began", "felt", "told", "had", "was", "is", "has", "says", "said", ","}
PERSON_PREV = {"told", "asked", "encouraged", "helped", "with", "to", "for", "called", "visited", "and", "that"}


@dataclass(frozen=True)
class Passage:
    start: int  # character offsets in the article's text
    end: int
    client: str | None  # the client's pseudonym as first written
    names: tuple[str, ...]  # every pseudonym found, most used first (lower-cased)


class _English:
    """The words of spaCy's English lemma table, inflected forms (its keys) and lemmas: what is not a name."""

    def __init__(self) -> None:
        self.table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
        self.lemmas = frozenset(str(v) for _, v in self.table.items()) | STOP_WORDS

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and (word in self.lemmas or word in self.table)


@lru_cache(maxsize=1)
def english_words() -> _English:
    return _English()


@lru_cache(maxsize=4)
def _vocabulary_words(vocab: Vocabulary) -> frozenset[str]:
    words = set()
    for c in vocab.concepts.values():
        for term in (c.id, c.label, *c.synonyms):
            words |= set(re.findall(r"[a-z]+", term.lower()))
    return frozenset(words)


@dataclass(frozen=True)
class Words:
    """The tokens of a parse as plain lists, read once: walking a spaCy Doc token by token costs an object each."""

    text: list[str]
    lower: list[str]
    norm: list[str]
    sent_start: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> Words:
        return cls(
            [t.text for t in doc], [t.lower_ for t in doc], [t.norm_ for t in doc], [bool(t.is_sent_start) for t in doc]
        )


def names(doc: Doc, vocab: Vocabulary, words: Words | None = None) -> list[str]:
    """The pseudonyms of the text, most used first (lower-cased): recurring non-words in a person's places."""
    w = words or Words.of(doc)
    text = doc.text
    has_capitals = any(ch.isupper() for ch in text[:20000])
    english, vocabulary = english_words(), _vocabulary_words(vocab)
    declared = {m.group(1).lower() for pattern in DECLARED for m in pattern.finditer(text)}
    counts: Counter[str] = Counter()
    in_place: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    n = len(w.lower)
    for i, word in enumerate(w.lower):
        if len(word) < 3 or not word.isalpha():
            continue
        counts[word] += 1
        if w.text[i][0].isupper() and not w.sent_start[i] and (i == 0 or w.text[i - 1] not in {".", "!", "?", "\n"}):
            capital[word] += 1
        nxt = w.lower[i + 1] if i + 1 < n else ""
        prev = w.lower[i - 1] if i > 0 else ""
        if nxt in PERSON_NEXT or prev in PERSON_PREV:
            in_place[word] += 1
    found = []
    for word, n in counts.items():
        if word in declared:
            found.append((word, n + 100))
            continue
        if n < 3 or in_place[word] < 2:
            continue
        if has_capitals:
            if capital[word] < max(2, n // 2):
                continue
            if (word in english or word in vocabulary) and capital[word] < n * 0.9:
                continue
        elif word in english or word in vocabulary:
            continue
        found.append((word, n))
    return [w for w, _ in sorted(found, key=lambda wn: (-wn[1], wn[0]))]


def _score(word: str, norm: str, client: str | None, others: set[str]) -> float:
    if client and word == client:
        return SCORES["name"]
    if word in others:
        return SCORES["other_name"]
    if word in PRONOUNS:
        return SCORES["pronoun"]
    if word in AGAINST_STRONG:
        return SCORES["strong"]
    if word in AGAINST:
        return SCORES["against"]
    if word in PAST or (word.endswith("ed") and len(word) > 4 and norm != word):
        return SCORES["past"]
    return SCORES["other"]


def _best_run(scores: list[float]) -> tuple[int, int]:
    """Kadane: the [start, end) of the run with the highest total."""
    best, best_span = float("-inf"), (0, 0)
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = s, i
        else:
            total += s
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def find_passage(doc: Doc, vocab: Vocabulary) -> Passage:
    """The case story of an article (the whole text when nothing in it reads as one)."""
    if not len(doc):
        return Passage(0, 0, None, ())
    words = Words.of(doc)
    found = names(doc, vocab, words)
    client = found[0] if found else None
    others = set(found[1:])
    scores = [_score(word, norm, client, others) for word, norm in zip(words.lower, words.norm, strict=True)]
    lo, hi = _best_run(scores)
    if hi - lo < 20:  # nothing reads as a story: draft from the whole text
        lo, hi = 0, len(doc)
    punctuated = sum(1 for t in words.text if t in {".", "!", "?"}) >= 3
    if punctuated:
        lo, hi = _snap_to_sentences(doc, lo, hi)
    else:
        hi = _finish_clause(hi, scores)
        if client:  # no sentences to snap to: the story starts where its client is first named
            lo = next((i for i in range(lo, hi) if words.lower[i] == client), lo)
    while lo < hi and client and words.lower[lo] == client and lo + 1 < hi and words.lower[lo + 1] in CLAUSE_STARTS:
        lo += 1  # "donna when donna began therapy": the first word is the story's heading
    lo = _skip_heading(doc, lo, hi)
    first = next((words.text[i] for i in range(lo, hi) if words.lower[i] == client), client)
    return Passage(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text), first, tuple(found))


def _snap_to_sentences(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    start = doc[lo].sent.start
    sent_end = doc[hi - 1].sent.end
    return start, sent_end


def _skip_heading(doc: Doc, lo: int, hi: int) -> int:
    """A first line that is only a heading (a few words, no verb-like word, then a line break) is left out."""
    text = doc.text
    start = doc[lo].idx
    line_end = text.find("\n", start)
    if line_end == -1 or line_end >= doc[hi - 1].idx:
        return lo
    line = text[start:line_end].strip()
    if 0 < len(line.split()) <= 6 and not line.endswith((".", "!", "?", ":")):
        for i in range(lo, hi):
            if doc[i].idx > line_end and not doc[i].is_space:
                return i
    return lo


def _finish_clause(hi: int, scores: list[float], reach: int = 6) -> int:
    """Carry the end over the neutral words that finish the last clause: at most `reach`, up to the next word
    that counts against the story (in text without sentence punctuation, the clause has no other end)."""
    end = hi
    for i in range(hi, min(len(scores), hi + reach)):
        if scores[i] < SCORES["other"]:
            break
        end = i + 1
    return end
