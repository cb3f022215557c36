"""The trainers' pages in a real browser: draft a teaching case from a pattern, save it, edit a question, fix a
problem shown at its field, meet a conflict without losing the edit, restore an old version, preview both
editions (the student one holds no answer), download the PDF, see what changed in a vignette and refresh; a
reader sees no edit control."""

from __future__ import annotations

import re

import yaml
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from kb.authoring.validate import check_text
from kb.store.db import Database
from kb.teaching.draft import draft_case
from kb.teaching.store import create_case, get_case, update_case
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor, list_audit
from kb.writing.editing import save_vignette
from kb.writing.source import vignette_source
from tests.web.conftest import Served, sign_in

VOCAB = load_vocabulary()
OTHER = Actor("someone-else", "editor")


def _answers(db: Database, case_id: str) -> list[str]:
    return [q.answer.text for s in get_case(db, case_id).case.sections for q in s.questions if q.answer]


def test_a_trainer_drafts_saves_edits_meets_a_conflict_restores_previews_and_downloads(
    page: Page, served: Served, db: Database
) -> None:
    sign_in(page, served, "editor")
    page.goto(served.url("/teaching-cases"))
    page.click("text=Draft a new case")
    page.fill("#d-concepts", "parentification")
    page.press("#d-concepts", "Enter")  # the form by keyboard
    expect(page.locator("#understood")).to_contain_text("Parentification")
    expect(page.locator(".choice h4 a").first).to_be_visible()
    expect(page.locator(".choice").first).to_contain_text("evidence quote")  # why it was chosen
    chosen = page.locator(".choice h4 a").first.inner_text()
    page.fill("#s-title", "Parentification: a first case")
    page.fill("#s-id", "parentification-first")
    page.click("#save-draft")
    expect(page).to_have_url(served.url("/teaching-cases/parentification-first?saved=created"))
    expect(page.locator(".notice-ok")).to_contain_text("Saved as a new case")
    expect(page.locator(".case-actions")).to_contain_text(chosen)
    drafted = get_case(db, "parentification-first")
    assert drafted.revision == 1 and drafted.case.title == "Parentification: a first case"
    editor_key_id = served.keys["editor"].split("_")[1]
    assert list_audit(db, entity_id="parentification-first").items[0].key_id == editor_key_id

    # edit a question; an empty title is shown at its field first, and nothing is saved
    page.click("#edit-link")
    stage = next(i for i, s in enumerate(drafted.case.sections) if s.questions and i > 0)
    question = page.locator(f"#f-s{stage}-q0")
    question.locator("summary").click()
    new_text = "What did the child do for the parent, day to day, and which lines show it?"
    question.locator("textarea[name$='-text']").fill(new_text)
    page.fill("#f-title", "")
    page.click("#save-button")
    expect(page.locator("#problems")).to_contain_text("1 problem to fix before saving")
    expect(page.locator("#f-title")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#err-f-title")).to_contain_text("must not be empty")
    assert page.locator(f"#f-s{stage}-q0-text").input_value() == new_text  # the edit is kept
    assert get_case(db, "parentification-first").revision == 1
    page.fill("#f-title", "Parentification: a first case")
    page.click("#save-button")
    expect(page).to_have_url(re.compile(r"/teaching-cases/parentification-first\?saved=replaced"))
    expect(page.locator(f"#stage-{stage + 1}")).to_contain_text(new_text)
    edited = get_case(db, "parentification-first")
    assert edited.revision == 2 and edited.case.sections[stage].questions[0].text == new_text

    # someone else saves while the trainer edits: a clear message, the trainer's change kept, then theirs replaced
    page.click("#edit-link")
    page.fill("#f-title", "Parentification, revealed in stages")
    theirs = edited.case.model_copy(update={"summary": "Someone else's summary."})
    update_case(db, VOCAB, "parentification-first", theirs, OTHER, edited.version)
    page.click("#save-button")
    conflict = page.locator(".conflict")
    expect(conflict).to_contain_text("Someone else saved this case while you were editing")
    expect(conflict).to_contain_text("version 3")
    assert page.locator("#f-title").input_value() == "Parentification, revealed in stages"
    assert get_case(db, "parentification-first").case.title == "Parentification: a first case"
    page.click("#overwrite-button")
    expect(page.locator("h1")).to_have_text("Parentification, revealed in stages")
    assert get_case(db, "parentification-first").revision == 4

    # restore the first version, from the list of versions
    page.click("text=Versions (4)")
    expect(page.locator(".version")).to_have_count(4)
    page.click("button:has-text('Restore version 1')")
    expect(page.locator(".notice-ok")).to_contain_text("current again")
    restored = get_case(db, "parentification-first")
    assert restored.revision == 5 and restored.case == drafted.case

    # the two editions: the student's holds no answer; the instructor's holds them all
    answers = _answers(db, "parentification-first")
    expect(page.locator(".handout-student")).to_be_visible()  # the edition shown first
    student = page.locator(".handout").inner_text()
    assert "Answer." not in student and not any(a[:50] in student for a in answers)
    page.locator(".tabs a", has_text="Instructor edition").click()
    expect(page.locator(".handout-instructor")).to_be_visible()
    expect(page).to_have_url(re.compile(r"edition=instructor"))
    instructor = page.locator(".handout").inner_text()
    assert all(" ".join(a.split())[:50] in " ".join(instructor.split()) for a in answers)

    # the student PDF, downloaded: a real PDF whose text holds the title
    with page.expect_download() as download:
        page.click("a[data-format=pdf][data-edition=student]")
    pdf = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert download.value.suggested_filename == "parentification-first-student.pdf"
    assert restored.case.title in text and not any(a[:50] in text for a in answers)


def test_a_changed_vignette_says_what_changed_and_the_case_is_refreshed(
    page: Page, served: Served, db: Database
) -> None:
    draft = draft_case(db, VOCAB, ["parentification"], None, 1, ["carla-and-her-brother"])
    case = draft.case.model_copy(update={"id": "carla-stale"})
    create_case(db, VOCAB, case, Actor.command_line())
    data = yaml.safe_load(vignette_source(db, "carla-and-her-brother").text)
    data["title"] = data["title"] + " (revised)"
    save_vignette(
        db,
        VOCAB,
        check_text(yaml.safe_dump(data, sort_keys=False), "carla", VOCAB),
        OTHER,
        vignette_source(db, "carla-and-her-brother").version,
    )
    sign_in(page, served, "editor")
    page.goto(served.url("/teaching-cases?vignette=carla-and-her-brother"))
    expect(page.locator(".case-list .badge-warn")).to_contain_text("has changed")
    page.locator(".case-list h3 a", has_text=case.title).click()
    report = page.locator(".stale-report")
    expect(report).to_contain_text("A vignette this case uses has changed")
    expect(report).to_contain_text(f"Its title is now “{data['title']}”")
    page.click("#refresh-button")
    expect(page.locator(".notice-ok")).to_contain_text("Cut again from the vignettes")
    expect(page.locator(".stale-report")).to_have_count(0)
    assert get_case(db, "carla-stale").stale == []


def test_a_reader_sees_no_edit_control_on_teaching_cases(page: Page, served: Served, db: Database) -> None:
    if not db.read("teaching_case_get", id="parentification-donna"):
        create_case(db, VOCAB, draft_case(db, VOCAB, ["parentification"], None, 1, ["donna"]).case, OTHER)
    sign_in(page, served, "reader")
    page.goto(served.url("/teaching-cases/parentification-donna"))
    expect(page.locator(".handout")).to_be_visible()
    expect(page.locator("#edit-link")).to_have_count(0)
    expect(page.locator(".case-actions")).to_contain_text("Editing needs an editor's key")
    page.goto(served.url("/teaching-cases/parentification-donna/versions"))
    expect(page.locator(".version")).not_to_have_count(0)
    expect(page.locator("button", has_text="Restore")).to_have_count(0)
    page.goto(served.url("/teaching-cases/draft?concepts=parentification"))
    expect(page.locator("#understood")).to_be_visible()  # readers may draft (nothing is written)
    expect(page.locator("#save-draft")).to_have_count(0)
    expect(page.locator(".save-draft")).to_contain_text("Saving needs an editor's key")
    page.goto(served.url("/teaching-cases/parentification-donna/edit"))
    expect(page.locator(".notice-error")).to_contain_text("needs an editor's key")
