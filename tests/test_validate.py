"""`kb validate`: every bad file gives `file:line: field.path: message`, without a database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb.authoring.validate import VignetteInvalid, check_files, check_text
from kb.vocab.vocabulary import load_vocabulary
from tests.conftest import ROOT, run_kb
from tests.vignette_texts import MINIMAL

VOCAB = load_vocabulary()


def problems_of(text: str, name: str = "v.yaml") -> list[str]:
    with pytest.raises(VignetteInvalid) as err:
        check_text(text, name, VOCAB)
    return [str(p) for p in err.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_minimal_vignette_is_valid_and_quotes_are_located() -> None:
    checked = check_text(MINIMAL, "v.yaml", VOCAB)
    assert checked.concepts[("patterns", 0)] == "codependency"  # named by a synonym
    assert checked.concepts[("interventions", 0)] == "al-anon"  # named by its label
    quote = checked.quotes[("behaviors", 0)][0]
    assert checked.vignette.narrative[quote.start : quote.end] == quote.text
    assert quote.text.startswith("has paid her younger brother")


def test_quotes_tolerate_case_whitespace_and_punctuation_spacing() -> None:
    text = MINIMAL.replace('evidence: "He drinks most nights"', 'evidence: "HE   drinks\\nmost nights"')
    text = text.replace('evidence: "paid her younger brother\'s rent"', 'evidence: "paid her younger brother \'s rent"')
    checked = check_text(text, "v.yaml", VOCAB)
    q = checked.quotes[("behaviors", 1)][0]
    assert q.text == "He drinks most nights"


def test_missing_field() -> None:
    text = MINIMAL.replace("title: Mira and her brother\n", "")
    assert problems_of(text) == ["v.yaml:1: title: this field is required"]


def test_missing_field_inside_a_list_names_its_line() -> None:
    text = MINIMAL.replace("    result: improved\n", "")
    line = line_of(text, "- id: o-boundaries")
    assert problems_of(text) == [f"v.yaml:{line}: outcomes.0.result: this field is required"]


def test_unknown_concept_suggests_the_closest() -> None:
    text = MINIMAL.replace("behavior: rescuing", "behavior: rescueing")
    [problem] = problems_of(text)
    assert problem.startswith(
        f"v.yaml:{line_of(text, 'behavior: rescueing')}: behaviors.0.behavior: unknown behavior 'rescueing'"
    )
    assert "did you mean 'rescuing'" in problem


def test_concept_of_the_wrong_kind() -> None:
    text = MINIMAL.replace("role: caretaker", "role: enmeshment")
    [problem] = problems_of(text)
    assert "roles.0.role: 'enmeshment' is a pattern (enmeshment), not a role" in problem


def test_evidence_quote_not_in_the_text() -> None:
    text = MINIMAL.replace(
        'evidence: "rescuing him kept them both stuck"', 'evidence: "she rescued him from every storm"'
    )
    [problem] = problems_of(text)
    line = line_of(text, "she rescued him from every storm")
    assert (
        problem == f"v.yaml:{line}: patterns.0.evidence: evidence quote not found in the narrative: "
        "'she rescued him from every storm'"
    )


def test_relation_to_unknown_person() -> None:
    text = MINIMAL.replace("{type: sibling_of, to: brother}", "{type: sibling_of, to: sister}")
    [problem] = problems_of(text)
    assert problem.startswith(f"v.yaml:{line_of(text, 'to: sister')}: persons.0.relations.0.to: no person 'sister'")


def test_reference_to_a_fact_of_the_wrong_kind() -> None:
    text = MINIMAL.replace("after: [i-alanon]", "after: [b-rescue]")
    [problem] = problems_of(text)
    assert "outcomes.0.after.0: 'b-rescue' is a behavior; after names ids of intervention facts (i-alanon)" in problem


def test_unknown_phase_and_unknown_field_and_bad_enum_all_reported() -> None:
    text = MINIMAL.replace("phase: therapy", "phase: rehab").replace("gender: male", "gender: mail")
    text = text.replace("composite: true", "composite: true\nauthor_notes: hi")
    found = problems_of(text)
    assert any("author_notes: unknown field" in p for p in found)
    assert any("persons.1.gender: Input should be" in p and "'mail'" in p for p in found)
    # shape errors stop the checks that need a valid shape; fix them and the phase error shows
    text = MINIMAL.replace("phase: therapy", "phase: rehab")
    [problem] = problems_of(text)
    assert (
        "interventions.0.phase: unknown phase 'rehab' (the vignette's phases: adulthood, therapy, follow-up)" in problem
    )


def test_malformed_yaml() -> None:
    text = MINIMAL.replace("  - id: brother\n", "  - id: brother\n   bad: [unclosed\n")
    [problem] = problems_of(text)
    assert problem.startswith("v.yaml:")
    assert "malformed YAML" in problem
    line = int(problem.split(":")[1])
    assert abs(line - line_of(text, "bad: [unclosed")) <= 2


def test_duplicate_key_in_yaml() -> None:
    text = MINIMAL.replace("title: Mira and her brother\n", "title: Mira and her brother\ntitle: Again\n")
    [problem] = problems_of(text)
    assert problem == "v.yaml:3: title: the key 'title' appears twice in the same mapping"


def test_duplicate_vignette_id_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(MINIMAL)
    (tmp_path / "b.yaml").write_text(MINIMAL)
    results = list(check_files([tmp_path], VOCAB))
    assert results[0][2] == []
    [problem] = results[1][2]
    assert (
        str(problem) == f"{tmp_path / 'b.yaml'}:1: id: vignette id 'test-mira' is already used by {tmp_path / 'a.yaml'}"
    )


def test_cli_reports_every_error_of_every_file(tmp_path: Path) -> None:
    (tmp_path / "test-good.yaml").write_text(MINIMAL.replace("test-mira", "test-good"))
    (tmp_path / "test-mira.yaml").write_text(
        MINIMAL.replace("behavior: rescuing", "behavior: rescueing").replace("to: brother}", "to: nobody}")
    )
    (tmp_path / "bad2.yaml").write_text("id: [unclosed\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KB_"))}
    result = run_kb("validate", str(tmp_path), env=env)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(tmp_path))]
    assert len(lines) == 3
    assert any("test-mira.yaml:" in line and "behaviors.0.behavior" in line for line in lines)
    assert any("test-mira.yaml:" in line and "persons.0.relations.0.to" in line for line in lines)
    assert any("bad2.yaml:" in line and "malformed YAML" in line for line in lines)
    assert "2 of 3 files have problems" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_project_vignettes_are_valid() -> None:
    results = list(check_files([ROOT / "vignettes"], VOCAB))
    problems = [str(p) for _, _, found in results for p in found]
    assert problems == []
    assert len(results) >= 21
    composites = [c for _, c, _ in results if c and c.vignette.composite]
    assert len(composites) >= 21
