"""What a trainer is told before refreshing a stale case (kb.teaching.changes), and the student edition's view,
which holds no answer key whatever template shows it (kb.teaching.render.view), against the real Neo4j."""

from __future__ import annotations

import yaml

from kb.authoring.validate import check_text
from kb.models import Passage
from kb.store.db import Database
from kb.teaching.changes import refresh_preview
from kb.teaching.draft import draft_case
from kb.teaching.render import view
from kb.teaching.store import NEW, get_case, save_case, update_case
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.editing import save_vignette
from kb.writing.loader import load_paths
from kb.writing.source import vignette_source
from tests.conftest import ROOT

VOCAB = load_vocabulary()
ME = Actor.command_line()


def _saved_case(db: Database) -> str:
    load_paths(db, [ROOT / "vignettes" / "donna.yaml"], VOCAB)
    draft = draft_case(db, VOCAB, ["parentification"], None, 1, ["donna"])
    return save_case(db, VOCAB, draft.case, ME, NEW).id


def _change_donna(db: Database, change) -> None:
    data = yaml.safe_load(vignette_source(db, "donna").text)
    change(data)
    checked = check_text(yaml.safe_dump(data, sort_keys=False), "donna", VOCAB)
    save_vignette(db, VOCAB, checked, Actor("other", "editor"), vignette_source(db, "donna").version)


def test_a_fresh_case_needs_no_refresh_and_a_trimmed_stage_is_told_apart(clean_db: Database) -> None:
    cid = _saved_case(clean_db)
    stored = get_case(clean_db, cid)
    preview = refresh_preview(clean_db, VOCAB, stored)
    assert preview.vignettes == [] and preview.sections == [] and preview.blocked == []
    # a trainer trims the history's first passage: a refresh would bring it back whole, and says so
    history = next(i for i, s in enumerate(stored.case.sections) if s.kind == "history")
    section = stored.case.sections[history]
    first = section.passages[0]
    words = first.text.split()
    trimmed = Passage(
        vignette=first.vignette, start=first.start, end=first.end, text=" ".join(words[: len(words) // 2])
    )
    changed = stored.case.model_copy(
        update={
            "sections": [
                s.model_copy(update={"passages": [trimmed, *s.passages[1:]]}) if i == history else s
                for i, s in enumerate(stored.case.sections)
            ]
        }
    )
    update_case(clean_db, VOCAB, cid, changed, ME, stored.version)
    [change] = refresh_preview(clean_db, VOCAB, get_case(clean_db, cid)).sections
    assert change.section == history and change.title == "History"
    assert change.words_before < change.words_after == sum(len(p.text.split()) for p in section.passages)


def test_what_changed_in_a_vignette_and_what_blocks_a_refresh(clean_db: Database) -> None:
    cid = _saved_case(clean_db)
    case = get_case(clean_db, cid).case
    role_question = next(
        f"{n}.{m}"
        for n, s in enumerate(case.sections, start=1)
        for m, q in enumerate(s.questions, start=1)
        if q.answer and any(ref.fact == "r-parentified" for ref in q.answer.facts)
    )

    def edit(data: dict) -> None:
        data["title"] = "The Daughter Who Stayed"
        roles = data["roles"]
        roles[:] = [r for r in roles if r["id"] != "r-parentified"]  # a fact an answer cites goes
        only = next(r for r in roles if r["id"] == "r-only-child")
        only["evidence"] = "as an only child , donna remembered feeling responsible"  # a quote shortened
        for p in data["patterns"]:
            p["shown_by"] = [x for x in p.get("shown_by", []) if x != "r-parentified"]

    _change_donna(clean_db, edit)
    stored = get_case(clean_db, cid)
    assert [s.vignette for s in stored.stale] == ["donna"]
    preview = refresh_preview(clean_db, VOCAB, stored)
    [donna] = preview.vignettes
    assert donna.reason == "changed" and donna.title == "The Daughter Who Could Not Leave Home"
    assert donna.new_title == "The Daughter Who Stayed"
    by_id = {f.fact: f for f in donna.facts}
    assert by_id["r-parentified"].change == "removed" and role_question in by_id["r-parentified"].cited_by
    assert by_id["r-only-child"].change == "changed" and by_id["r-only-child"].what == ["its evidence quotes"]
    assert all(f.what for f in donna.facts if f.change == "changed")  # unchanged facts are not listed
    # the answers still cite the removed fact: refreshing is blocked until they no longer do, and says where
    assert preview.blocked and any("r-parentified" in b for b in preview.blocked)
    assert get_case(clean_db, cid).case == case  # nothing was written


def test_the_student_view_holds_no_answer_note_or_facts(clean_db: Database) -> None:
    stored = get_case(clean_db, _saved_case(clean_db))
    answers = [q.answer.text for s in stored.case.sections for q in s.questions if q.answer]
    assert answers
    student = view(stored, "student", VOCAB)
    assert not student.instructor and student.case.instructor_notes is None
    assert all(q.answer is None and q.quotes == [] for s in student.sections for q in s.questions)
    assert all(s.notes is None for s in student.sections) and all(v.facts == [] for v in student.vignettes)
    dumped = student.case.model_dump_json()
    assert not any(a in dumped for a in answers)
    instructor = view(stored, "instructor", VOCAB)
    assert [q.answer for s in instructor.sections for q in s.questions if q.answer] == answers
