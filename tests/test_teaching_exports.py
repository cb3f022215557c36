"""Teaching cases handed out (Markdown, HTML, PDF; student and instructor editions), exported and imported
byte for byte, and from the `kb teach` command line."""

from __future__ import annotations

import io
import re
from pathlib import Path

import html5lib
import pytest
from pypdf import PdfReader

from kb.settings import Settings
from kb.store.db import Database
from kb.teaching.checking import parse_case
from kb.teaching.draft import draft_case
from kb.teaching.exchange import TeachingCases
from kb.teaching.render import render_case
from kb.teaching.store import NEW, get_case, save_case
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.exchange import export_all, import_dir
from kb.writing.loader import load_paths
from tests.conftest import ROOT, kb_env, run_kb

VOCAB = load_vocabulary()
USED = ["donna", "carla-and-her-brother", "mei-the-second-mother"]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture()
def stored(clean_db: Database) -> str:
    load_paths(clean_db, [ROOT / "vignettes" / f"{vid}.yaml" for vid in USED], VOCAB)
    draft = draft_case(clean_db, VOCAB, ["parentification", "codependency"], None, 2, ["donna"])
    return save_case(clean_db, VOCAB, draft.case, Actor.command_line(), NEW).id


def test_each_format_and_edition(stored: str, db: Database) -> None:
    case = get_case(db, stored).case
    first = case.sections[0].questions[0]
    answers = [q.answer.text for s in case.sections for q in s.questions if q.answer]

    for edition in ("student", "instructor"):
        pdf = render_case(db, VOCAB, stored, "pdf", edition)
        assert pdf.media_type == "application/pdf" and pdf.content.startswith(b"%PDF-")
        reader = PdfReader(io.BytesIO(pdf.content))
        text = flat(" ".join(page.extract_text() for page in reader.pages))
        assert flat(case.title) in text and flat(first.text) in text
        assert len(reader.pages) >= len(case.sections) + 1  # a cover, then each stage on a page of its own
        if edition == "student":
            assert "Answer." not in text and not any(flat(a)[:60] in text for a in answers)
        else:
            assert flat(answers[0])[:60] in text and "Facts of Donna" in text

        page = render_case(db, VOCAB, stored, "html", edition).content.decode()
        document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)  # raises if invalid
        stages = document.findall(".//main/section")
        assert len([s for s in stages if s.get("id", "").startswith("stage-")]) == len(case.sections)
        css = document.find(".//style").text
        printed = css[css.index("@media print") :]
        assert re.search(r"\.stage\s*\{[^}]*break-before:\s*page", printed)
        assert ('class="answer"' in page) == (edition == "instructor")

        md = render_case(db, VOCAB, stored, "md", edition).content.decode()
        assert md.startswith(f"# {case.title}\n") and flat(first.text) in flat(md)
        assert ("**Answer:**" in md) == (edition == "instructor")


def test_export_import_round_trip_with_teaching_cases(stored: str, db: Database, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    sections = [TeachingCases(VOCAB)]
    summary = export_all(db, VOCAB, first, sections=sections)
    assert summary.sections == {"teaching-cases": 1}
    assert (first / "teaching-cases" / f"{stored}.json").is_file()
    imported = import_dir(db, VOCAB, first, wipe_first=True, actor=Actor.command_line(), sections=sections)
    assert imported.sections == {"teaching-cases": 1}
    export_all(db, VOCAB, second, sections=sections)
    assert {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()} == {
        p.relative_to(second): p.read_bytes() for p in second.rglob("*") if p.is_file()
    }
    assert get_case(db, stored).stale == []


def test_the_command_line(stored: str, settings: Settings, tmp_path: Path) -> None:
    env = kb_env(settings)
    out = tmp_path / "case.pdf"
    done = run_kb("teach", "export", stored, "--format", "pdf", "--edition", "instructor", "-o", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    bad = run_kb("teach", "export", stored, "--format", "docx", env=env)
    assert bad.returncode == 2 and "format" in bad.stderr
    refused = run_kb("remove", "donna", env=env)
    assert refused.returncode == 1 and "teaching case" in refused.stderr and "--confirm" in refused.stderr
    shown = run_kb("teach", "show", stored, env=env)
    assert shown.returncode == 0 and "stale" not in shown.stderr
    assert run_kb("remove", "donna", "--confirm", env=env).returncode == 0
    assert "stale: donna removed" in run_kb("teach", "show", stored, env=env).stderr


EXAMPLE = ROOT / "examples" / "parentification-and-codependency"
TRAINER_EDITS = {"id", "title", "summary", "instructor_notes", "audience"}  # what its README says the trainer changed


def test_the_worked_example_is_what_the_commands_of_its_readme_make_today(clean_db: Database) -> None:
    """examples/ saves against vignettes/ as they are, its case is today's draft with the trainer's edits, and its
    Markdown and HTML are what the templates render (it went stale once, unseen, when Donna was re-tagged)."""
    load_paths(clean_db, [ROOT / "vignettes"], VOCAB)
    case = parse_case((EXAMPLE / "case.yaml").read_text(encoding="utf-8"), file="case.yaml")
    draft = draft_case(clean_db, VOCAB, ["parentification", "codependency"], case.audience, 2, ["donna"]).case
    assert draft.model_dump(exclude=TRAINER_EDITS) == case.model_dump(exclude=TRAINER_EDITS)
    saved = save_case(clean_db, VOCAB, case, Actor.command_line(), NEW)
    for edition in ("student", "instructor"):
        for fmt in ("md", "html"):
            made = render_case(clean_db, VOCAB, saved.id, fmt, edition).content.decode()
            assert made == (EXAMPLE / f"{edition}.{fmt}").read_text(encoding="utf-8"), f"{edition}.{fmt}"
