"""The controlled vocabulary: size, links clinicians rely on, and how terms resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.models import ConceptKind
from kb.vocab.resolve import find, suggest
from kb.vocab.vocabulary import Vocabulary, VocabularyError, load_vocabulary, parse_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def test_at_least_80_concepts_of_every_kind(vocab: Vocabulary) -> None:
    assert len(vocab) >= 80
    for kind in ConceptKind:
        assert len(vocab.of_kind(kind)) >= 10, kind
    for c in vocab.concepts.values():
        assert len(c.definition.split()) >= 8, c.id


def test_hierarchy_clinicians_expect(vocab: Vocabulary) -> None:
    assert "enmeshment" in vocab.concepts["emotional-incest"].broader
    assert "boundary-problems" in vocab.concepts["enmeshment"].broader
    assert "emotional-incest" in vocab.descendants("enmeshment")
    assert "emotional-incest" in vocab.descendants("boundary-problems")
    related = set(vocab.concepts["parentification"].related) | {
        c.id for c in vocab.concepts.values() if "parentification" in c.related
    }
    assert {"role-reversal", "parentified-child"} <= related


@pytest.mark.parametrize(
    ("term", "concept", "how"),
    [
        ("codependence", "codependency", "synonym"),
        ("Codependency", "codependency", "id"),
        ("ENMESHMENT", "enmeshment", "id"),
        ("enmeshed families", "enmeshment", "plural"),
        ("Al-Anon", "al-anon", "id"),
        ("emotional incest", "emotional-incest", "id"),
    ],
)
def test_terms_resolve(vocab: Vocabulary, term: str, concept: str, how: str) -> None:
    hit = find(vocab, term)
    assert hit is not None and hit.concept.id == concept and hit.how == how


def test_typo_resolves_only_when_fuzzy_and_suggestions_are_close(vocab: Vocabulary) -> None:
    assert find(vocab, "enmeshmnet", typos=False) is None
    hit = find(vocab, "enmeshmnet")
    assert hit is not None and hit.concept.id == "enmeshment" and hit.how == "fuzzy"
    assert suggest(vocab, "codependancy")[0].id == "codependency"
    assert find(vocab, "quantum chromodynamics") is None


def test_kind_restricts_resolution(vocab: Vocabulary) -> None:
    assert find(vocab, "enmeshment", ("role",)) is None
    assert find(vocab, "parentified child", ("role",)).concept.id == "parentified-child"


def test_a_term_shared_by_two_concepts_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "vocabulary.yaml"
    bad.write_text(
        "concepts:\n"
        "  - {id: a-one, kind: pattern, label: Alpha, synonyms: [shared], definition: The first test concept here.}\n"
        "  - {id: b-two, kind: pattern, label: Beta, synonyms: [Shared], definition: The second test concept here.}\n"
    )
    with pytest.raises(VocabularyError, match="'Shared' of 'b-two' is also a term of 'a-one'"):
        parse_vocabulary(bad)


def test_broader_cycle_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "vocabulary.yaml"
    bad.write_text(
        "concepts:\n"
        "  - {id: a-one, kind: pattern, label: Alpha, broader: [b-two], definition: The first test concept here.}\n"
        "  - {id: b-two, kind: pattern, label: Beta, broader: [a-one], definition: The second test concept here.}\n"
    )
    with pytest.raises(VocabularyError, match="cycle"):
        parse_vocabulary(bad)


def test_related_gives_each_concept_pair_its_relation() -> None:
    """same, broader and narrower at any depth, siblings under a shared direct broader concept, else nothing."""
    vocab = load_vocabulary()
    for a in vocab.concepts:
        related = vocab.related(a)
        for b in vocab.concepts:
            if a == b:
                expected = "same"
            elif b in vocab.ancestors(a):
                expected = "broader"
            elif a in vocab.ancestors(b):
                expected = "narrower"
            elif set(vocab.concepts[a].broader) & set(vocab.concepts[b].broader):
                expected = "sibling"
            else:
                expected = None
            assert related.get(b) == expected, (a, b)
    assert vocab.related("enmeshment")["emotional-incest"] == "narrower"
