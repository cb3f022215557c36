"""What a new author ran into, each with the exact message `kb validate` now gives (no database needed)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from kb.authoring.validate import VignetteInvalid, check_files, check_text
from kb.models import BehaviorFact, InterventionFact, OutcomeFact, PatternFact, Person, Relation, RoleFact, Vignette
from kb.vocab.vocabulary import load_vocabulary
from tests.conftest import ROOT, run_kb
from tests.vignette_texts import MINIMAL

VOCAB = load_vocabulary()
ELLIPSIS_QUOTE = "He drinks\u2026 the moon"
ENV = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KB_"))}


def problems_of(text: str, name: str = "v.yaml") -> list[str]:
    with pytest.raises(VignetteInvalid) as err:
        check_text(text, name, VOCAB)
    return [str(p) for p in err.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_every_problem_of_a_file_in_one_run_sorted_by_line() -> None:
    text = (
        MINIMAL.replace("phases: [adulthood, therapy, follow-up]", "phases: [adulthood, Therapy Phase, follow-up]")
        .replace("    gender: male\n", "    gender: man\n")
        .replace("behavior: rescuing", "behavior: rescueing")
        .replace("persons: [mira, brother]", "persons: [mira, sister]")
        .replace('evidence: "she joined an Al-Anon group"', 'evidence: "she joined a support group"')
        .replace("    result: improved\n", "")
    )
    assert problems_of(text) == [
        f"v.yaml:{line_of(text, 'phases:')}: phases.1: phases are short slugs such as young-adulthood; "
        "got 'Therapy Phase' (write therapy-phase)",
        f"v.yaml:{line_of(text, 'gender: man')}: persons.1.gender: Input should be 'female', 'male', 'nonbinary' or "
        "'unknown'; got 'man'",
        f"v.yaml:{line_of(text, 'rescueing')}: behaviors.0.behavior: unknown behavior 'rescueing'; did you mean "
        "'rescuing' (Rescuing) or 'suppressing-own-needs' (Suppressing own needs) or "
        "'school-refusal' (School refusal)? "
        "(the behaviors are in kb/vocab/vocabulary.yaml)",
        f"v.yaml:{line_of(text, '[mira, sister]')}: patterns.0.persons.1: no person 'sister' in this vignette "
        "(persons: mira, brother)",
        f"v.yaml:{line_of(text, 'phase: therapy')}: interventions.0.phase: unknown phase 'therapy' "
        "(the vignette's phases: adulthood, Therapy Phase, follow-up)",
        f"v.yaml:{line_of(text, 'a support group')}: interventions.0.evidence: evidence quote not found in the "
        "narrative: 'she joined a support group'",
        f"v.yaml:{line_of(text, 'id: o-boundaries')}: outcomes.0.result: this field is required",
    ]


def test_a_misspelt_choice_gets_the_closest_one() -> None:
    text = MINIMAL.replace("{type: sibling_of, to: brother}", "{type: sibling, to: brother}")
    [problem] = problems_of(text)
    assert problem.endswith("; got 'sibling' (did you mean 'sibling_of'?)")


def test_shape_problems_do_not_hide_references_to_what_they_replaced() -> None:
    # the phase is reported once, as a slug; the role that names it is not also "unknown phase"
    text = (
        MINIMAL.replace("phases: [adulthood,", "phases: [Adult Years,")
        .replace("role: caretaker, phase: adulthood", "role: caretaker, phase: Adult Years")
        .replace('phase: adulthood\n    evidence: "has paid', 'phase: Adult Years\n    evidence: "has paid')
    )
    assert problems_of(text) == [
        f"v.yaml:{line_of(text, 'phases:')}: phases.0: phases are short slugs such as young-adulthood; "
        "got 'Adult Years' (write adult-years)",
        f"v.yaml:{line_of(text, 'id: b-drink')}: behaviors.1.phase: unknown phase 'adulthood' "
        "(the vignette's phases: Adult Years, therapy, follow-up)",
    ]


def test_a_single_id_where_a_list_is_expected_is_a_list_of_one() -> None:
    text = MINIMAL.replace("for: [mira]", "for: mira").replace("after: [i-alanon]", "after: i-alanon")
    checked = check_text(text, "v.yaml", VOCAB)
    assert checked.vignette.interventions[0].for_ == ["mira"]
    assert checked.vignette.outcomes[0].after == ["i-alanon"]
    # and the JSON Schema that editors use says the same: one id, or a list of them
    schema = json.loads((ROOT / "schema" / "vignette.schema.json").read_text())
    for_ = schema["$defs"]["InterventionFact"]["properties"]["for"]
    assert [alt["type"] for alt in for_["anyOf"]] == ["string", "array"]


def test_a_concept_of_another_kind_suggests_the_concept_of_the_right_kind() -> None:
    text = MINIMAL.replace("role: caretaker", "role: parentified")
    assert problems_of(text) == [
        f"v.yaml:{line_of(text, 'role: parentified')}: roles.0.role: 'parentified' is a pattern (parentification), "
        "not a role; did you mean the role 'parentified-child' (Parentified child)?"
    ]


def test_a_quote_joined_by_an_ellipsis_is_refused_with_the_two_quotes_to_write() -> None:
    text = MINIMAL.replace(
        'evidence: "rescuing him kept them both stuck"', 'evidence: "In therapy she saw ... kept them both stuck"'
    )
    assert problems_of(text) == [
        f"v.yaml:{line_of(text, 'In therapy she saw ...')}: patterns.0.evidence: quotes must be one continuous "
        'passage; write two quotes: evidence: ["In therapy she saw", "kept them both stuck"]'
    ]
    unicode = MINIMAL.replace('evidence: "He drinks most nights"', f'evidence: "{ELLIPSIS_QUOTE}"')
    assert problems_of(unicode) == [
        f"v.yaml:{line_of(unicode, ELLIPSIS_QUOTE)}: behaviors.1.evidence: quotes must be one continuous passage; "
        'write two quotes: evidence: ["He drinks", "the moon"] (not in the narrative either: \'the moon\')'
    ]


def test_warnings_for_a_file_named_unlike_its_id_and_a_short_summary(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "A sister keeps rescuing her brother from the consequences of his drinking. An Al-Anon group helps her stop.",
        "A sister rescues her brother.",
    )
    (tmp_path / "mira.yaml").write_text(text)
    [(_, checked, problems)] = list(check_files([tmp_path], VOCAB, with_warnings=True))
    assert checked is not None  # warnings are not errors
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'mira.yaml'}:1: id: warning: the file is named mira.yaml but the vignette's id is "
        "'test-mira'; name the file test-mira.yaml",
        f"{tmp_path / 'mira.yaml'}:3: summary: warning: a summary is two to four sentences (who, which pattern, "
        "what happened); this one has 1",
    ]
    result = run_kb("validate", str(tmp_path), env=ENV)
    assert result.returncode == 0, result.stderr
    assert [str(p) for p in problems] == result.stderr.splitlines()
    assert "1 vignettes valid (2 warnings)." in result.stdout


def test_the_readme_names_every_required_field() -> None:
    readme = (ROOT / "vignettes" / "README.md").read_text()
    section = readme[readme.index("## The fields") : readme.index("## Relations")]
    for model in (Vignette, Person, Relation, RoleFact, BehaviorFact, PatternFact, InterventionFact, OutcomeFact):
        for name, info in model.model_fields.items():
            if info.is_required():
                assert re.search(rf"`{info.alias or name}`[^|\n]*\| required", section), (model.__name__, name)
    for phrase in ("written once", "role-2", "relative to the file"):
        assert phrase in readme, phrase


def test_kb_new_vignette_writes_a_skeleton_that_validates_once_filled_in(tmp_path: Path) -> None:
    done = run_kb("new", "vignette", "nora-and-the-farm", "--dir", str(tmp_path), env=ENV)
    assert done.returncode == 0, done.stderr
    path = tmp_path / "nora-and-the-farm.yaml"
    text = path.read_text()
    assert text.startswith(f"# yaml-language-server: $schema={os.path.relpath(ROOT / 'schema', tmp_path)}/")
    unfilled = run_kb("validate", str(path), env=ENV)
    assert unfilled.returncode == 1
    assert f"{path}:8: title: fill in the placeholder '<A short title, e.g. The Son Who Kept the Peace>'" in (
        unfilled.stderr.splitlines()
    )
    story = (
        "Nora, a woman in her thirties, ran her parents' farm from the age of twelve. Her mother's illness "
        "left her cooking and keeping the accounts. In therapy she named how much she had carried. She now "
        "takes one day a week for herself."
    )
    fills = {
        "<A short title, e.g. The Son Who Kept the Peace>": "The Daughter Who Ran the Farm",
        "<First sentence>. <Second sentence>.": "Nora ran the farm as a child. Therapy helped her set limits.",
        "<Write the story here, in the past tense, as a clinician's case write-up.>": story,
        "<A pseudonym, e.g. Ravi>": "Nora",
        "<A descriptor, e.g. Ravi's mother>": "Nora's mother",
        "<a role, e.g. parentified child>": "parentified child",
        "<a behavior, e.g. caretaking>": "caretaking",
        "<the vignette's own words, short>": "cooked and kept the accounts",
        "<a pattern, e.g. parentification>": "parentification",
        "<an intervention, e.g. family therapy>": "individual psychotherapy",
        "<an outcome, e.g. healthier boundaries>": "healthier boundaries",
    }
    quotes = iter(
        [
            "Her mother's illness",
            "ran her parents' farm from the age of twelve",
            "cooking and keeping the accounts",
            "how much she had carried",
            "In therapy she named",
            "takes one day a week for herself",
        ]
    )
    for placeholder, value in fills.items():
        text = text.replace(placeholder, value)
    text = re.sub(r"<a quote from the narrative>", lambda _: next(quotes), text)
    path.write_text(text)
    filled = run_kb("validate", str(path), env=ENV)
    assert filled.returncode == 0, filled.stderr
    assert filled.stderr == "" and "1 vignettes valid." in filled.stdout
    again = run_kb("new", "vignette", "nora-and-the-farm", "--dir", str(tmp_path), env=ENV)
    assert again.returncode == 1
    assert f"error: {path} already exists; choose another id, or edit that file" in again.stderr
    bad = run_kb("new", "vignette", "Nora Farm", "--dir", str(tmp_path), env=ENV)
    assert bad.returncode == 2
    assert (
        "error: 'Nora Farm' is not a vignette id: a slug of lower-case letters, digits and hyphens, such as "
        "ravi-and-his-father" in bad.stderr
    )
