"""The identifier check: a composite vignette naming a real person's details is refused, with every finding."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb.authoring.identifiers import scan_text
from kb.authoring.validate import VignetteInvalid, check_data, check_files, check_text
from kb.authoring.yamlsource import parse_yaml
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from tests.conftest import ROOT, kb_env, run_kb
from tests.vignette_texts import MINIMAL

VOCAB = load_vocabulary()
NARRATIVE_END = "  speak calmly once a week.\n"
HINT = "remove it, or pass --allow-identifiers (API: allow_identifiers=true) to store it anyway"

# one sentence per kind, added as a line of its own to MINIMAL's narrative: (kind, sentence, the span found)
KINDS = [
    ("email", "She wrote to him at mira.k@example.com every week.", "mira.k@example.com"),
    ("phone", "His number was (212) 555-0142, she said.", "(212) 555-0142"),
    ("phone", "She called 555-0142 whenever he was late.", "555-0142"),
    ("phone", "Her sister in London rang from +44 20 7946 0958.", "+44 20 7946 0958"),
    ("url", "His blog, https://brother-blog.example.net/posts, told it all.", "https://brother-blog.example.net/posts"),
    ("street_address", "He lived at 12 Oak Street with a friend.", "12 Oak Street"),
    ("street_address", "His flat was at Hauptstraße 5 in the old town.", "Hauptstraße 5"),
    ("exact_date", "The crisis came on March 3, 2019, after a party.", "March 3, 2019"),
    ("exact_date", "He was admitted on 3 March 2019 and left soon.", "3 March 2019"),
    ("exact_date", "The discharge note was dated 2019-03-03.", "2019-03-03"),
    ("exact_date", "The note was dated 03/03/2019 by the ward.", "03/03/2019"),
    ("age_over_89", "Their 92-year-old grandmother still lived alone.", "92-year-old"),
    ("age_over_89", "Their grandfather, aged 93, still drove.", "aged 93"),
    ("id_number", "His hospital file, MRN 00482913, listed two admissions.", "MRN 00482913"),
    ("id_number", "The court case no. 2019-4471 was dropped.", "case no. 2019-4471"),
    ("id_number", "The form showed 123-45-6789 in its corner.", "123-45-6789"),
    ("id_number", "His social security number 123-45-6789 was on it.", "social security number 123-45-6789"),
    ("id_number", "The form carried the number 48291736 at the top.", "48291736"),
    ("full_name", "Her friend Maria Gonzalez drove her to the meetings.", "Maria Gonzalez"),
    ("full_name", "At the meetings, Mira Brown was her sponsor's name for her.", "Mira Brown"),
    ("full_name", "Her doctor, Dr. Okafor, had warned her.", "Dr. Okafor"),
]


def with_sentence(sentence: str) -> str:
    return MINIMAL.replace(NARRATIVE_END, NARRATIVE_END + f"  {sentence}\n")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def refused(text: str, name: str = "v.yaml") -> list[str]:
    with pytest.raises(VignetteInvalid) as err:
        check_text(text, name, VOCAB)
    return [str(p) for p in err.value.problems]


@pytest.mark.parametrize(("kind", "sentence", "span"), KINDS, ids=[f"{k}:{s}" for k, _, s in KINDS])
def test_each_kind_is_refused_with_its_kind_field_line_and_span(kind: str, sentence: str, span: str) -> None:
    text = with_sentence(sentence)
    narrative = parse_yaml(text).data["narrative"]
    start = narrative.index(span)
    assert refused(text) == [
        f"v.yaml:{line_of(text, sentence)}: narrative: possible identifier ({kind}): "
        f"{span!r} at characters {start}-{start + len(span)}; {HINT}"
    ]


def test_the_refusal_lists_every_finding_in_every_field() -> None:
    text = with_sentence("Call 555-0142 or write to mira.k@example.com.")
    text = text.replace("summary: A sister keeps", "summary: On March 3, 2019 a sister keeps")
    text = text.replace("name: Mira's brother", "name: Mira's brother (tk@example.com)")
    text = text.replace("description: pays her brother's rent", "description: pays his rent at 12 Oak Street")
    problems = refused(text)
    found = [(p.split(": ")[1], p.split("(")[1].split(")")[0]) for p in problems]
    assert found == [
        ("summary", "exact_date"),
        ("narrative", "phone"),
        ("narrative", "email"),
        ("persons.1.name", "email"),
        ("behaviors.0.description", "street_address"),
    ]
    assert problems[3].startswith(
        f"v.yaml:{line_of(text, 'tk@example.com')}: persons.1.name: possible identifier "
        "(email): 'tk@example.com' at characters 16-30"
    )
    assert problems[4].startswith(f"v.yaml:{line_of(text, '12 Oak Street')}: behaviors.0.description:")


def test_evidence_quoting_an_identifier_is_a_finding_of_its_own() -> None:
    text = with_sentence("Maria Gonzalez drove her to the meetings.")
    text = text.replace('evidence: "she joined an Al-Anon group"', 'evidence: "Maria Gonzalez drove her"')
    assert [p.split(": ")[1] for p in refused(text)] == ["narrative", "interventions.0.evidence"]


def test_allow_identifiers_lets_it_through_and_keeps_the_findings() -> None:
    text = with_sentence("Call 555-0142 or write to mira.k@example.com.")
    checked = check_text(text, "v.yaml", VOCAB, allow_identifiers=True)
    findings = [(f.kind, f.path, f.excerpt) for f in checked.identifier_findings]
    assert findings == [("phone", "narrative", "555-0142"), ("email", "narrative", "mira.k@example.com")]
    f = checked.identifier_findings[0]
    assert checked.vignette.narrative[f.start : f.end] == "555-0142"


def test_check_data_refuses_too_with_line_1() -> None:
    data = parse_yaml(with_sentence("He lived at 12 Oak Street.")).data
    with pytest.raises(VignetteInvalid) as err:
        check_data(data, "request body", VOCAB)
    [problem] = err.value.problems
    assert (problem.line, problem.path) == (1, "narrative") and "(street_address): '12 Oak Street'" in problem.message
    allowed = check_data(data, "request body", VOCAB, allow_identifiers=True)
    assert [f.kind for f in allowed.identifier_findings] == ["street_address"]


def test_a_vignette_that_is_not_composite_is_not_refused_but_its_findings_are_kept() -> None:
    text = with_sentence("Call 555-0142.").replace("composite: true", "composite: false")
    checked = check_text(text, "v.yaml", VOCAB)
    assert [(f.kind, f.excerpt) for f in checked.identifier_findings] == [("phone", "555-0142")]


def test_other_problems_and_identifiers_are_reported_together() -> None:
    text = with_sentence("Call 555-0142.").replace("behavior: rescuing", "behavior: rescueing")
    problems = refused(text)
    assert len(problems) == 2
    # in the order of the file: the narrative comes before the behaviors
    assert "(phone): '555-0142'" in problems[0] and "unknown behavior 'rescueing'" in problems[1]


def test_pseudonyms_declared_names_and_the_source_url_are_not_flagged() -> None:
    text = with_sentence(
        "Mira read https://articles.example.org/mira-notes and www.articles.example.org/more; "
        "Mira's brother and Nora Lind came along."
    )
    text = text.replace("composite: true\n", "composite: true\nsource: {url: 'https://articles.example.org/a/1'}\n")
    text = text.replace("    age_band: adult\nroles:", "    age_band: adult\n  - {id: nora, name: Nora Lind}\nroles:")
    checked = check_text(text, "v.yaml", VOCAB)
    assert checked.identifier_findings == []
    other_site = text.replace("www.articles.example.org/more", "www.elsewhere.example.com/more")
    assert [p.split("(")[1][:4] for p in refused(other_site)] == ["url)"]


CLEAN = [
    "Mira, in her early forties, has paid her younger brother's rent three times this year.",
    "She attended 12 sessions over 6 months and scored 28 on the PHQ-9 at intake and 9 at follow-up.",
    "Her Beck Depression Inventory (BDI-II) score fell from 31 to 14; the GAD-7 dropped to 6.",
    "In 2019 she moved out; by March 2020 she was living alone, and in the spring of 2021 she started dating.",
    "Sessions were 50 minutes long, every 2 weeks, and she took 50 mg of sertraline daily.",
    "At 16 she cared for her 3-year-old sister; at 42 she still called her mother every night at 10 p.m.",
    "Her grandmother, an 89-year-old widow in her late eighties, lived with them in the 1990s.",
    "The diagnosis was recorded as DSM-5 major depressive disorder (ICD-10 F32.1).",
    "Using Internal Family Systems and Emotionally Focused Therapy, the therapist worked on the Inner Child.",
    "She joined an Adult Children of Alcoholics group and later Al-Anon; her father went to Alcoholics Anonymous.",
    "Child Protective Services visited once. On Christmas Eve and Mother's Day the old guilt returned.",
    "Gradually Mira saw that her role as The Hero kept the family together. When Mira stopped, nobody collapsed.",
    "Later that year, Mira and her brother spoke calmly once a week, on Sundays, for about 20 minutes.",
    "Individual DBT and a Skills Group helped; she practised the TIPP and DEAR MAN skills 3 to 4 times a week.",
    "Between ages 5 and 12 she was the family's peacemaker. She walked 10,000 steps a day and drove 200 miles.",
    "Her brother, now in his fifties, has been sober for 18 months and works 40 hours a week.",
    "Therapy lasted 1.5 years; the follow-up was at 6 and 12 months. Session 3 focused on grief.",
    'She said: "If I leave, Mom will fall apart." Her mother replied, "You are my whole life."',
    "The Twelve Steps, Cognitive Behavioral Therapy and Motivational Interviewing were all tried.",
    "Mira's brother missed 2 of 10 appointments. His score on the AUDIT was 24.",
    "Over the Thanksgiving holidays, the family met at her aunt's house for the first time in 3 years.",
    "She earned $45,000 a year and paid $1,200 a month in rent, about 30 percent of her income.",
    "Once a week, on Tuesday evenings, she went to a support group at the community center.",
    "Her therapist used the Gottman Method with the couple, and the Socratic questioning of CBT.",
    "She was 7 when her parents divorced, 13 when her father remarried, and 19 when she left for college.",
    "They used the Karpman Drama Triangle and the Satir Model; the Adverse Childhood Experiences questionnaire "
    "came back high.",
    "On New Year's Eve she stayed home; in the autumn of that year she found her first job.",
]


@pytest.mark.parametrize("sentence", CLEAN)
def test_ordinary_clinical_sentences_give_no_findings(sentence: str) -> None:
    assert scan_text(sentence, "narrative", ["Mira", "Mira's brother"]) == []


def test_ordinary_clinical_sentences_pass_inside_a_composite_vignette() -> None:
    text = MINIMAL.replace(NARRATIVE_END, NARRATIVE_END + "".join(f"  {s}\n" for s in CLEAN))
    assert check_text(text, "v.yaml", VOCAB).identifier_findings == []


def test_titles_are_title_case_so_only_a_title_with_a_name_counts() -> None:
    title_case = "The Sister Who Paid the Rent Every Month Together"
    assert (
        check_text(
            MINIMAL.replace("title: Mira and her brother", f"title: {title_case}"), "v.yaml", VOCAB
        ).identifier_findings
        == []
    )
    [problem] = refused(MINIMAL.replace("title: Mira and her brother", "title: Mira and Dr. Okafor"))
    assert problem.startswith("v.yaml:2: title: possible identifier (full_name): 'Dr. Okafor'")


def test_synthetic_vignettes_are_not_scanned() -> None:
    text = with_sentence("Call 555-0142.").replace("composite: true", "composite: true\nsynthetic: true")
    assert check_text(text, "v.yaml", VOCAB).identifier_findings == []


def test_the_project_vignettes_have_no_findings() -> None:
    results = list(check_files([ROOT / "vignettes"], VOCAB))
    assert [str(p) for _, _, found in results for p in found] == []
    assert len(results) >= 21
    assert {c.vignette.id: c.identifier_findings for _, c, _ in results if c and c.identifier_findings} == {}


def test_cli_validate_refuses_and_the_flag_lets_it_through(tmp_path: Path) -> None:
    path = tmp_path / "test-mira.yaml"
    path.write_text(with_sentence("Call 555-0142 or write to mira.k@example.com."))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KB_"))}
    refused_run = run_kb("validate", str(path), env=env)
    assert refused_run.returncode == 1
    lines = [line for line in refused_run.stderr.splitlines() if line.startswith(str(path))]
    assert [line.split(": ", 2)[2].split(" at ")[0] for line in lines] == [
        "possible identifier (phone): '555-0142'",
        "possible identifier (email): 'mira.k@example.com'",
    ]
    allowed = run_kb("validate", str(path), "--allow-identifiers", env=env)
    assert allowed.returncode == 0, allowed.stderr
    assert "1 vignettes valid." in allowed.stdout
    assert f"{path}: narrative: possible identifier (phone): '555-0142' at characters" in allowed.stderr
    assert "(allowed)" in allowed.stderr


def test_cli_load_writes_nothing_without_the_flag(clean_db: Database, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "test-mira.yaml").write_text(with_sentence("He lived at 12 Oak Street."))
    env = kb_env(settings)
    refused_run = run_kb("load", str(tmp_path), env=env)
    assert refused_run.returncode == 1
    assert "(street_address): '12 Oak Street'" in refused_run.stderr and "Nothing was written" in refused_run.stderr
    assert clean_db.read("load_vignette_hashes", ids=["test-mira"]) == []
    allowed = run_kb("load", str(tmp_path), "--allow-identifiers", env=env)
    assert allowed.returncode == 0, allowed.stderr
    assert [r["id"] for r in clean_db.read("load_vignette_hashes", ids=["test-mira"])] == ["test-mira"]
