"""Every concept an article mentions, where, and in what sense; the counts that are the article's findings.

The mentions come from the vocabulary's one concept matcher (kb.vocab.matcher: any synonym, inflection,
hyphenation; negated, hypothetical and generic mentions marked by its ConText). Two decisions are the
articles' own (see tests/articles/annotations/GUIDELINE.md):

- Words that only name a person of the story ("her mother", "my father", "his stepfather", "the
  therapist", "a client": the roles parent, stepparent, stepchild, therapist and client) are kept as
  mentions with `person_word` set, and never counted as findings: an article about mothers and
  daughters says "mother" a hundred times, and a writer asking what the article discusses wants
  "parentified child" and "codependency", not "parent". The persons themselves are what the vignette
  draft is about (kb.articles.cast).
- Where the article holds a case story (kb.articles.passage), what the commentary around it affirms is
  said of people in general ("mothers often..."), not found in a case: those mentions are generic, with
  the cue "outside the case story", unless the words around them name the case (the client's name, "the
  vignette": "the following vignette illustrates how ambivalence...").
- Concepts are ranked by their affirmed mentions, most first; concepts only negated, supposed or
  discussed in general follow; person words come last.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import replace

from kb.articles.models import ArticleConcepts, ConceptTally, MentionOut
from kb.articles.passage import find_passage
from kb.vocab.context import Status
from kb.vocab.matcher import Mention, matcher_for
from kb.vocab.resolve import concept_ref
from kb.vocab.vocabulary import Vocabulary

PERSON_ROLES = frozenset({"parent", "therapist", "client", "stepparent", "stepchild"})  # words naming a person
STORY_KINDS = ("pattern", "role", "behavior", "intervention", "outcome")


def is_person_word(m: Mention) -> bool:
    return m.concept_id in PERSON_ROLES


def mentions(vocab: Vocabulary, text: str) -> list[Mention]:
    """Every concept mention of `text` (bounded by the matcher's MAX_CHARS), as the matcher marks it."""
    return matcher_for(vocab).mentions(text)


OUTSIDE = "outside the case story"
CASE_REACH = 12  # words around a commentary mention that may name the case (the client, "the vignette")


def article_mentions(vocab: Vocabulary, text: str) -> list[Mention]:
    """The mentions of an article: where the article holds a case story (kb.articles.passage), what its
    commentary affirms is said of people in general, not found in a case: such mentions are generic."""
    matcher = matcher_for(vocab)
    doc = matcher.parse(text)  # once, for the mentions and the passage
    found = matcher.mentions_in(doc)
    passage = find_passage(doc, vocab)
    if passage.client is None or (passage.start == 0 and passage.end >= len(text.rstrip())):
        return found
    case_words = {passage.client.lower(), "vignette"}
    starts = [t.idx for t in doc]

    def about_the_case(m: Mention) -> bool:  # "... that were involved with donna 's relationship", "the vignette ..."
        i = bisect_right(starts, m.start) - 1
        return any(t.lower_ in case_words for t in doc[max(0, i - CASE_REACH) : i + CASE_REACH])

    return [
        replace(m, status=Status.generic, cue=OUTSIDE)
        if m.affirmed and not (passage.start <= m.start < passage.end) and not about_the_case(m)
        else m
        for m in found
    ]


def tally(vocab: Vocabulary, found: list[Mention]) -> list[ConceptTally]:
    """Counts per concept and status, ranked: affirmed findings first (most first), person words last."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    first: dict[str, int] = {}
    for m in found:
        first.setdefault(m.concept_id, m.start)
        counts[m.concept_id]["person_words" if is_person_word(m) else m.status.value] += 1
    tallies = [
        ConceptTally(
            concept=concept_ref(vocab, cid),
            affirmed=c[Status.affirmed.value],
            negated=c[Status.negated.value],
            hypothetical=c[Status.hypothetical.value],
            generic=c[Status.generic.value],
            person_words=c["person_words"],
            first=first[cid],
        )
        for cid, c in counts.items()
    ]
    return sorted(
        tallies,
        key=lambda t: (
            t.concept.id in PERSON_ROLES,
            -t.affirmed,
            -(t.negated + t.hypothetical + t.generic),
            t.first,
        ),
    )


def tag_text(
    vocab: Vocabulary, text: str, article_id: str | None = None, person_words: bool = False
) -> ArticleConcepts:
    """The concepts of a text: each mention (person words only with `person_words`) and the tally per concept."""
    found = article_mentions(vocab, text)
    shown = [m for m in found if person_words or not is_person_word(m)]
    return ArticleConcepts(
        article_id=article_id,
        chars=len(text),
        concepts=tally(vocab, found),
        mentions=[
            MentionOut(
                concept=concept_ref(vocab, m.concept_id),
                start=m.start,
                end=m.end,
                text=m.text,
                matched=m.matched,
                sentence=text[m.sentence_start : m.sentence_end],
                sentence_start=m.sentence_start,
                sentence_end=m.sentence_end,
                status=m.status,
                cue=m.cue,
                person_word=is_person_word(m),
            )
            for m in shown
        ],
    )


def tag_rows(vocab: Vocabulary, text: str) -> list[dict[str, int | str]]:
    """The article's MENTIONS rows for the graph: per concept (person words left out), its counts per status."""
    return [
        {
            "concept_id": t.concept.id,
            "affirmed": t.affirmed,
            "negated": t.negated,
            "hypothetical": t.hypothetical,
            "generic": t.generic,
        }
        for t in tally(vocab, article_mentions(vocab, text))
        if t.concept.id not in PERSON_ROLES and not t.concept.retired
    ]
