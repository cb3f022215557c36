"""Plain-English questions read concepts-first: pure unit tests, no database.

The question set (tests/ask/questions.yaml, scored by tests/test_ask_eval.py) covers the phrasings; these tests
pin the behaviours: the 29 example questions of the template parser this one replaced, how each word was matched,
lay words, family words, negation, typos, the readings listed in `also`, and the errors.
"""

from __future__ import annotations

import pytest

from kb.errors import InvalidInput, NotFound
from kb.queries.ask_parse import (
    FORMS,
    Intent,
    ParsedQuestion,
    QuestionNotUnderstood,
    UnknownTerms,
    parse_question,
)
from kb.vocab.vocabulary import Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def ids(p: ParsedQuestion) -> list[str]:
    return [t.concept_id for t in p.terms]


I, V, P, O, S, D, U, C = (
    Intent.interventions,
    Intent.vignettes,
    Intent.profile,
    Intent.outcomes_after,
    Intent.similar,
    Intent.define,
    Intent.used_for,
    Intent.compare,
)

# the example questions of the 29 forms the template parser understood: each still gives the same reading
LEGACY_FORMS = [
    ("interventions for enmeshment", I, ["enmeshment"], None, None),
    ("what interventions help with emotional incest", I, ["emotional-incest"], None, None),
    ("treatments for triangulation", I, ["triangulation"], None, None),
    ("what helps with codependency", I, ["codependency"], None, None),
    ("what works for scapegoating", I, ["scapegoating"], None, None),
    ("what was done for a parentified child", I, ["parentified-child"], None, None),
    ("how is parentification treated", I, ["parentification"], None, None),
    ("how do you treat enabling", I, ["enabling"], None, None),
    (
        "vignettes with a parentified child and an alcoholic mother",
        V,
        ["parentified-child", "alcoholic-parent"],
        None,
        None,
    ),
    (
        "cases involving enmeshment, guilt-tripping and people-pleasing",
        V,
        ["enmeshment", "guilt-inducing", "people-pleasing"],
        None,
        None,
    ),
    ("vignettes about estrangement", V, ["estrangement"], None, None),
    ("cases of triangulation", V, ["triangulation"], None, None),
    ("examples of role reversal", V, ["role-reversal"], None, None),
    ("what roles go with parentification", P, ["parentification"], "roles", None),
    ("roles in enmeshed families", P, ["enmeshment"], "roles", None),
    ("what goes with enmeshment", P, ["enmeshment"], None, None),
    ("what outcomes followed boundary setting", O, ["boundary-setting"], None, None),
    ("outcomes of family therapy", O, ["family-therapy"], None, None),
    ("outcomes after inner child work", O, ["inner-child-work"], None, None),
    ("what happened after Al-Anon", O, ["al-anon"], None, None),
    ("did boundary setting help", O, ["boundary-setting"], None, None),
    ("cases like donna", S, [], None, "donna"),
    ("similar to donna", S, [], None, "donna"),
    ("who else is like donna", S, [], None, "donna"),
    ("meaning of codependency", D, ["codependency"], None, None),
    ("what does parentification mean", D, ["parentification"], None, None),
    ("define enmeshment", D, ["enmeshment"], None, None),
    ("explain scapegoating", D, ["scapegoating"], None, None),
    ("what is triangulation", D, ["triangulation"], None, None),
]


@pytest.mark.parametrize(("question", "intent", "concepts", "focus", "ref"), LEGACY_FORMS)
def test_the_29_forms_of_the_template_parser_still_read_the_same(
    vocab: Vocabulary, question: str, intent: Intent, concepts: list[str], focus: str | None, ref: str | None
) -> None:
    p = parse_question(question, vocab)
    assert (p.intent, ids(p), p.focus, p.vignette_ref) == (intent, concepts, focus, ref)
    assert p.question == question


def test_every_example_shown_to_users_is_understood(vocab: Vocabulary) -> None:
    readings = {parse_question(f, vocab).intent for f in FORMS}
    assert readings == set(Intent)
    assert FORMS[0] == "interventions for enmeshment"


def test_terms_say_which_words_named_them_and_how(vocab: Vocabulary) -> None:
    p = parse_question("vignettes with a parentified child and an alcoholic mother", vocab)
    assert [(t.text, t.concept_id, t.kind, t.how, t.query) for t in p.terms] == [
        ("parentified child", "parentified-child", "role", "id", "parentified child"),
        ("alcoholic mother", "alcoholic-parent", "role", "synonym", "alcoholic mother"),
    ]
    assert p.kin == ["mother"]  # the role's family word filters too


def test_inflections_lay_words_and_phrases(vocab: Vocabulary) -> None:
    p = parse_question("how to support a client who is enmeshed with her dad", vocab)
    assert (p.intent, ids(p), p.terms[0].how) == (I, ["enmeshment"], "synonym")
    assert any("client" in n for n in p.notes)  # the client is who is helped, not what is asked about
    kids = parse_question("what helps parentified kids", vocab).terms[0]
    assert (kids.text, kids.concept_id, kids.how, kids.query) == (
        "parentified kids",
        "parentified-child",
        "word form",
        "Parentified child",  # the vocabulary term the words are a form of: what the answer is asked with
    )
    lean = parse_question("any cases about a father who leans on his daughter emotionally", vocab)
    assert (lean.intent, ids(lean), lean.kin) == (V, ["emotional-dependence"], ["father and daughter"])
    assert (lean.terms[0].text, lean.terms[0].how) == ("leans on his daughter", "phrase")
    drinks = parse_question("cases where the mother drinks and the daughter takes care of her", vocab)
    assert (ids(drinks), drinks.kin) == (["heavy-drinking", "caretaking"], ["mother and daughter"])


def test_enmeshed_families_resolves_by_plural(vocab: Vocabulary) -> None:
    t = parse_question("roles in enmeshed families", vocab).terms[0]
    assert (t.text, t.concept_id, t.kind, t.how) == ("enmeshed families", "enmeshment", "pattern", "plural")


def test_a_concept_with_and_in_its_name_is_not_split(vocab: Vocabulary) -> None:
    p = parse_question("vignettes with EMDR and drug and alcohol treatment", vocab)
    assert ids(p) == ["emdr", "substance-use-treatment"]
    assert p.terms[1].text == "drug and alcohol treatment"


def test_a_concept_named_twice_is_listed_once(vocab: Vocabulary) -> None:
    assert ids(parse_question("cases with enmeshment and enmeshed families", vocab)) == ["enmeshment"]


def test_typos_in_the_concept_and_in_the_cue_word(vocab: Vocabulary) -> None:
    t = parse_question("interventions for enmeshmnet", vocab).terms[0]
    assert (t.text, t.concept_id, t.how) == ("enmeshmnet", "enmeshment", "fuzzy")
    p = parse_question("intervnetions for enmeshmnet", vocab)
    assert (p.intent, ids(p)) == (I, ["enmeshment"])
    assert ids(parse_question("what helps parentifed kids", vocab)) == ["parentified-child"]


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("interventions for codependancy", "codependency"),
        ("define triangualtion", "triangulation"),
        ("roles in enmeshmant", "enmeshment"),
    ],
)
def test_small_typos_are_accepted(vocab: Vocabulary, question: str, concept: str) -> None:
    t = parse_question(question, vocab).terms[0]
    assert (t.concept_id, t.how) == (concept, "fuzzy")


def test_a_longer_phrase_is_not_taken_for_a_typo(vocab: Vocabulary) -> None:
    # "alcoholic families" is close to "alcoholic father" as a whole, not word by word
    p = parse_question("the roles kids take on in alcoholic families", vocab)
    assert ids(p) == ["parental-alcoholism"]


def test_negation_is_kept(vocab: Vocabulary) -> None:
    p = parse_question("cases of enmeshment without codependency", vocab)
    assert (p.intent, ids(p), [t.concept_id for t in p.without]) == (V, ["enmeshment"], ["codependency"])
    p = parse_question("vignettes where the son is not codependent", vocab)
    assert [t.concept_id for t in p.without] == ["codependency"] and p.kin == ["son"]
    # "can't stop" does not negate what follows
    p = parse_question("what helps clients who can't stop caretaking", vocab)
    assert (p.intent, ids(p), p.without) == (I, ["caretaking"], [])


def test_family_words_become_relations(vocab: Vocabulary) -> None:
    assert parse_question("cases with a son", vocab).kin == ["son"]
    assert parse_question("stories about their mom", vocab).kin == ["mother"]
    assert parse_question("father and daughter cases", vocab).kin == ["father and daughter"]
    assert parse_question("cases about two sisters", vocab).kin == ["sister and sister"]
    # outside a listing they are not used, and the interpretation says so
    p = parse_question("what helps with co-dependency in marriage", vocab)
    assert (p.intent, ids(p), p.kin) == (I, ["codependency"], [])
    assert any("marriage" in n for n in p.notes)


def test_the_other_readings_are_listed_as_questions(vocab: Vocabulary) -> None:
    p = parse_question("what is triangulation", vocab)
    assert [r.question for r in p.also] == [
        "interventions for triangulation",
        "what goes with triangulation",
        "vignettes with triangulation",
    ]
    for reading in p.also:
        assert parse_question(reading.question, vocab).intent is reading.intent
    p = parse_question("compare enmeshment and codependency", vocab)
    assert (p.intent, ids(p)) == (C, ["enmeshment", "codependency"])
    assert p.also[0].question == "vignettes with enmeshment and codependency"


def test_the_reverse_question_what_an_intervention_was_used_for(vocab: Vocabulary) -> None:
    for q in ("what is family therapy used for", "which patterns was boundary setting used for"):
        p = parse_question(q, vocab)
        assert p.intent is U and p.terms[0].kind == "intervention"
    # "interventions for" an intervention: what it was used for
    assert parse_question("interventions for family therapy", vocab).intent is U


def test_cases_like_a_title_or_an_id_in_words(vocab: Vocabulary) -> None:
    p = parse_question("cases like The Daughter Who Could Not Leave Home", vocab)
    assert (p.intent, p.vignette_ref, p.kin, p.notes) == (S, "daughter who could not leave home", [], [])
    assert parse_question("cases like julian and his mother", vocab).vignette_ref == "julian and his mother"
    # words after "like" that are all concepts are read as a listing first
    p = parse_question("cases like codependency", vocab)
    assert (p.intent, ids(p)) == (V, ["codependency"])
    assert p.also[0].intent is S


def test_define_accepts_any_kind(vocab: Vocabulary) -> None:
    for question, kind in [
        ("define enmeshment", "pattern"),
        ("define family hero", "role"),
        ("define enabling", "behavior"),
        ("define CBT", "intervention"),
        ("define relapse", "outcome"),
    ]:
        assert parse_question(question, vocab).terms[0].kind == kind


@pytest.mark.parametrize("question", ["tell me a joke", "hello", "what time is it now in Paris, exactly", "???"])
def test_nonsense_is_not_understood(vocab: Vocabulary, question: str) -> None:
    with pytest.raises(QuestionNotUnderstood) as exc:
        parse_question(question, vocab)
    assert exc.value.forms == FORMS
    assert "\n" not in str(exc.value)
    assert isinstance(exc.value, InvalidInput)  # 422
    assert set(exc.value.details()) == {"forms", "closest"}


def test_not_understood_names_the_question_and_the_closest_concepts(vocab: Vocabulary) -> None:
    with pytest.raises(QuestionNotUnderstood, match="tell me a joke"):
        parse_question("tell me a joke", vocab)
    with pytest.raises(QuestionNotUnderstood) as exc:
        parse_question("define therapy", vocab)
    assert "individual-psychotherapy" in [c["id"] for c in exc.value.details()["closest"]]


def test_an_idiom_is_no_cue(vocab: Vocabulary) -> None:
    """'what's the deal with' asks what something is, not how to deal with it: a term the vocabulary lacks is
    not understood (422 with the closest concepts), not a 404 for 'interventions for trauma bonding'."""
    with pytest.raises(QuestionNotUnderstood):
        parse_question("what's the deal with trauma bonding", vocab)
    assert parse_question("how to deal with guilt-tripping", vocab).intent.value == "interventions"


def test_a_clear_question_with_unknown_words_names_them(vocab: Vocabulary) -> None:
    with pytest.raises(UnknownTerms) as exc:
        parse_question("interventions for quantum physics", vocab)
    e = exc.value
    assert e.form == "interventions for X"
    assert [words for words, _ in e.unknown] == ["quantum physics"]
    assert all(vocab.concepts[cid].kind in {"pattern", "behavior", "role"} for _, s in e.unknown for cid in s)
    assert isinstance(e, NotFound)  # 404, exit 1


def test_a_profile_needs_a_pattern_and_says_which(vocab: Vocabulary) -> None:
    with pytest.raises(UnknownTerms) as exc:
        parse_question("which behaviors go with a parentified child", vocab)
    assert "not a pattern" in str(exc.value)
    assert exc.value.unknown[0][1] == ["parentification"]  # the pattern the role is related to


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question(vocab: Vocabulary, question: str) -> None:
    with pytest.raises(QuestionNotUnderstood, match="empty") as exc:
        parse_question(question, vocab)
    assert "interventions for enmeshment" in exc.value.forms


def test_too_long_question(vocab: Vocabulary) -> None:
    question = "interventions for " + "enmeshment and " * 30 + "codependency"
    with pytest.raises(QuestionNotUnderstood, match="too long"):
        parse_question(question, vocab)
    assert parse_question("interventions for" + " " * 270 + "enmeshment", vocab).terms[0].concept_id == "enmeshment"


def test_parsed_question_is_plain_data(vocab: Vocabulary) -> None:
    p = parse_question("roles in enmeshed families?", vocab)
    data = p.model_dump(mode="json")
    assert data["intent"] == "profile" and data["form"] == "roles in X" and data["focus"] == "roles"
    assert data["terms"] == [
        {
            "text": "enmeshed families",
            "concept_id": "enmeshment",
            "label": "Enmeshment",
            "kind": "pattern",
            "how": "plural",
            "query": "enmeshed families",
        }
    ]
    assert ParsedQuestion.model_validate(data) == p


def test_parsing_is_deterministic(vocab: Vocabulary) -> None:
    for question, *_ in LEGACY_FORMS:
        assert parse_question(question, vocab) == parse_question(question, vocab)
