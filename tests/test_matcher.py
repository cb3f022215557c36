"""The concept matcher: every concept a text mentions, in any inflection, with its place and status. No database."""

from __future__ import annotations

import pytest

from kb.errors import InvalidInput
from kb.vocab.context import Status
from kb.vocab.matcher import MAX_CHARS, counts, matcher_for
from kb.vocab.vocabulary import load_vocabulary
from tests.conftest import ROOT

MATCHER = matcher_for(load_vocabulary())
ARTICLE = ROOT / "tests" / "articles" / "ambivalence-codependence-mother-daughter.txt"  # as received (see its .json)


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.concept_id, m.status.value) for m in MATCHER.mentions(text)]


@pytest.mark.parametrize(
    ("text", "words", "concept"),
    [
        ("They were an enmeshed family.", "enmeshed family", "enmeshment"),
        ("Enmeshed families rarely notice it.", "Enmeshed families", "enmeshment"),
        ("She had been parentified early.", "parentified", "parentification"),
        ("Classic role-reversal between them.", "role-reversal", "role-reversal"),
        ("Role reversals were common.", "Role reversals", "role-reversal"),
        ("a co-dependent marriage", "co-dependent", "codependency"),
        ("Enabling her brother kept them stuck.", "Enabling", "enabling"),  # sentence-initial, capitalised
        ("she was guilt-tripped for years", "guilt-tripped", "guilt-inducing"),
        ("He was scapegoated by the whole family.", "scapegoated", "scapegoating"),  # a verb: the pattern
        ("He became the family's scapegoat.", "scapegoat", "scapegoat"),  # a noun: the role
        ("The parentified child learned to anticipate needs.", "parentified child", "parentified-child"),
    ],
)
def test_a_concept_in_any_inflection(text: str, words: str, concept: str) -> None:
    [mention] = [m for m in MATCHER.mentions(text) if m.concept_id == concept]
    assert mention.text == words and text[mention.start : mention.end] == words
    assert mention.status is Status.affirmed


def test_the_longest_of_overlapping_matches_wins() -> None:
    """'parentified child' is the role, not the pattern 'parentified' followed by a word."""
    assert [c for _, c, _ in found("She was a parentified child.")] == ["parentified-child"]


@pytest.mark.parametrize(
    ("text", "status", "cue"),
    [
        ("She was not codependent at all.", Status.negated, "not"),
        ("There was no sign of parentification in the family.", Status.negated, "no sign of"),
        ("He denies any heavy drinking.", Status.negated, "denies"),
        ("If you feel enmeshed with your mother, call me.", Status.hypothetical, "if"),
        ("You could benefit from psychotherapy.", Status.hypothetical, "could benefit"),
        ("Codependency is a term that describes a relationship.", Status.generic, "is a term"),
        ("The concept of enmeshment comes from family therapy.", Status.generic, "the concept of"),
        ("She was codependent with her mother.", Status.affirmed, None),
        ("Not only was she enmeshed, she was also lonely.", Status.affirmed, None),  # a pseudo-negation
    ],
)
def test_status_of_a_mention(text: str, status: Status, cue: str | None) -> None:
    first = MATCHER.mentions(text)[0]
    assert (first.status, first.cue) == (status, cue)


def test_a_negation_stops_at_but_and_within_its_window() -> None:
    assert found("Donna was never enmeshed, but she was codependent.") == [
        ("enmeshed", "enmeshment", "negated"),
        ("codependent", "codependency", "affirmed"),
    ]
    story = "her mother would never get help for her serious and long untreated alcoholism at home"
    assert ("alcoholism", "alcohol-use-problem", "affirmed") in found(story)  # too far from "never"


def test_the_shared_article_as_received() -> None:
    """Lower-cased, tokenized, no sentence punctuation: the mentions are still found, each with a short context."""
    text = ARTICLE.read_text()
    mentions = MATCHER.mentions(text)
    affirmed = counts(mentions)
    for concept in (
        "codependency",
        "ambivalence",
        "parentified-child",
        "inner-child-work",
        "enmeshment",
        "overidentification",
        "only-child",
        "divorce-and-separation",
        "depression",
    ):
        assert affirmed[concept] >= 1, concept
    assert affirmed["codependency"] >= 3
    psychotherapy = [m for m in mentions if m.concept_id == "psychotherapy"]
    assert psychotherapy and psychotherapy[0].status is Status.hypothetical  # "you could benefit from ..."
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
        assert m.sentence_end - m.sentence_start < 800  # a readable piece, not the whole unpunctuated article


def test_a_text_too_long_is_refused_before_any_work() -> None:
    with pytest.raises(InvalidInput, match="at most"):
        MATCHER.mentions("a" * (MAX_CHARS + 1))


def test_a_negation_stops_at_a_relative_clause() -> None:
    """'who', 'whose', 'where' open a clause of their own: what it says is not under the negation before it."""
    assert found("There was no enmeshment in the family, where the son was parentified.") == [
        ("enmeshment", "enmeshment", "negated"),
        ("parentified", "parentification", "affirmed"),
    ]
    assert ("codependent", "codependency", "affirmed") in found("She did not blame her mother, who was codependent.")


@pytest.mark.parametrize(
    ("text", "concept", "named"),
    [
        ("Ingrid, a project manager, came in alone.", "parental-projection", False),
        ("Her mother projected her own fears onto her.", "parental-projection", True),
        ("I bet she felt alone.", "gambling", False),
        ("He kept betting on football.", "gambling", True),
        ("Her brother came to the rescue.", "rescuing", False),
        ("She rescued her brother again and again.", "rescuing", True),
        ("Therapy enabled her to set limits at last.", "enabling", False),
        ("She enabled his drinking for years.", "enabling", True),
    ],
)
def test_a_word_names_a_concept_only_in_its_sense(text: str, concept: str, named: bool) -> None:
    """Lemmas with a common other sense: "a project manager" is no parental projection."""
    assert (concept in {c for _, c, _ in found(text)}) is named


def test_advice_to_the_reader_is_hypothetical() -> None:
    text = "If this sounds familiar, you may benefit from talking with a therapist about caregiver burden."
    assert ("caregiver burden", "caregiver-burden", "hypothetical") in found(text)
