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
from spacy.tokens import Doc, Token

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


def names(doc: Doc, vocab: Vocabulary) -> list[str]:
    """The pseudonyms of the text, most used first (lower-cased): recurring non-words in a person's places."""
    text = doc.text
    has_capitals = any(ch.isupper() for ch in text[:20000])
    english, vocabulary = english_words(), _vocabulary_words(vocab)
    declared = {m.group(1).lower() for pattern in DECLARED for m in pattern.finditer(text)}
    counts: Counter[str] = Counter()
    in_place: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for t in doc:
        word = t.lower_
        if not t.is_alpha or len(word) < 3:
            continue
        counts[word] += 1
        if t.text[0].isupper() and not t.is_sent_start and (t.i == 0 or doc[t.i - 1].text not in {".", "!", "?", "\n"}):
            capital[word] += 1
        nxt = doc[t.i + 1].lower_ if t.i + 1 < len(doc) else ""
        prev = doc[t.i - 1].lower_ if t.i > 0 else ""
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


def _score(t: Token, client: str | None, others: set[str]) -> float:
    word = t.lower_
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
    if word in PAST or (word.endswith("ed") and len(word) > 4 and t.norm_ != word):
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
    found = names(doc, vocab)
    if not len(doc):
        return Passage(0, 0, None, ())
    client = found[0] if found else None
    scores = [_score(t, client, set(found[1:])) for t in doc]
    lo, hi = _best_run(scores)
    if hi - lo < 20:  # nothing reads as a story: draft from the whole text
        lo, hi = 0, len(doc)
    punctuated = sum(1 for t in doc if t.text in {".", "!", "?"}) >= 3
    if punctuated:
        lo, hi = _snap_to_sentences(doc, lo, hi)
    else:
        hi = _finish_clause(doc, hi, scores)
        if client:  # no sentences to snap to: the story starts where its client is first named
            lo = next((t.i for t in doc[lo:hi] if t.lower_ == client), lo)
    while lo < hi and client and doc[lo].lower_ == client and lo + 1 < hi and doc[lo + 1].lower_ in CLAUSE_STARTS:
        lo += 1  # "donna when donna began therapy": the first word is the story's heading
    lo = _skip_heading(doc, lo, hi, client)
    first = next((t.text for t in doc[lo:hi] if t.lower_ == client), client)
    return Passage(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text), first, tuple(found))


def _snap_to_sentences(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    start = doc[lo].sent.start
    sent_end = doc[hi - 1].sent.end
    return start, sent_end


def _skip_heading(doc: Doc, lo: int, hi: int, client: str | None) -> int:
    """A first line that is only a heading (a few words, no verb-like word, then a line break) is left out."""
    text = doc.text
    start = doc[lo].idx
    line_end = text.find("\n", start)
    if line_end == -1 or line_end >= doc[hi - 1].idx:
        return lo
    line = text[start:line_end].strip()
    if 0 < len(line.split()) <= 6 and not line.endswith((".", "!", "?", ":")):
        for t in doc[lo:hi]:
            if t.idx > line_end and not t.is_space:
                return t.i
    return lo


def _finish_clause(doc: Doc, hi: int, scores: list[float], reach: int = 6) -> int:
    """Carry the end over the neutral words that finish the last clause: at most `reach`, up to the next word
    that counts against the story (in text without sentence punctuation, the clause has no other end)."""
    end = hi
    for i in range(hi, min(len(doc), hi + reach)):
        if scores[i] < SCORES["other"]:
            break
        end = i + 1
    return end
