"""The teaching case's edit form without a browser: a case round-trips through its fields unchanged, and what a
trainer does in them (trim a passage, drop and add questions, cite a fact from the list, a text box's CRLF line
breaks) becomes the case kb checks, with each problem placed at its field."""

from __future__ import annotations

import pytest
from starlette.datastructures import FormData, UploadFile

from kb.store.db import Database
from kb.teaching.checking import CaseInvalid, Mode, case_from_data, prepare
from kb.teaching.draft import draft_case
from kb.teaching.store import NEW, get_case, save_case
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.loader import load_paths
from tests.conftest import ROOT
from web.teaching_form import CaseForm, build, fact_choices, form_of, place, read_form

VOCAB = load_vocabulary()


Fields = list[tuple[str, str | UploadFile]]


def fields(form: CaseForm) -> Fields:
    """The form as a browser posts it (textareas with CRLF line breaks)."""
    out: Fields = [("title", form.title), ("audience", form.audience), ("summary", form.summary)]
    out += [("concepts", form.concepts), ("notes", form.notes)]
    out += [("objective", o.replace("\n", "\r\n")) for o in form.objectives]
    for s in form.sections:
        out += [(f"s{s.slot}-title", s.title), (f"s{s.slot}-notes", s.notes)]
        out += [(f"s{s.slot}-p{p.slot}", p.text.replace("\n", "\r\n")) for p in s.passages]
        for q in s.questions:
            name = f"s{s.slot}-q{q.slot}"
            out += [(f"{name}-kind", q.kind), (f"{name}-text", q.text), (f"{name}-answer", q.answer)]
            out += [(f"{name}-fact", ref) for ref in q.facts]
    return out


def test_a_case_comes_back_unchanged_and_edits_become_the_case(clean_db: Database) -> None:
    load_paths(clean_db, [ROOT / "vignettes" / "donna.yaml"], VOCAB)
    saved = save_case(
        clean_db, VOCAB, draft_case(clean_db, VOCAB, ["parentification"], None, 1).case, Actor.command_line(), NEW
    )
    case = get_case(clean_db, saved.id).case
    posted = fields(form_of(case, VOCAB, set()))
    same = build(read_form(FormData(posted), case, set()), case)
    assert same.problems == []
    assert prepare(clean_db, VOCAB, case_from_data(same.data, "form"), "form", Mode(carried=case)) == case

    stage = next(i for i, s in enumerate(case.sections) if len(s.questions) > 1 and s.passages)
    section = case.sections[stage]
    first = section.passages[0]
    kept = " ".join(first.text.split()[2:])  # two words cut off its start
    choice = fact_choices(case)[0]
    edited: Fields = [(k, kept if k == f"s{stage}-p0" else v) for k, v in posted]
    edited += [(f"s{stage}-q0-remove", "1")]  # the first question goes
    new = f"s{stage}-q9"  # a question added (its slot need not follow the others')
    edited += [
        (f"{new}-kind", "what-if"),
        (f"{new}-text", "What if she had said no?"),
        (f"{new}-answer", "Guilt, then distance."),
    ]
    edited += [(f"{new}-add", choice.option)]
    built = build(read_form(FormData(edited), case, set()), case)
    result = prepare(clean_db, VOCAB, case_from_data(built.data, "form"), "form", Mode(carried=case))
    questions = result.sections[stage].questions
    assert [q.text for q in questions[:-1]] == [q.text for q in section.questions[1:]]
    assert questions[-1].kind == "what-if" and questions[-1].text == "What if she had said no?"
    assert questions[-1].answer is not None and [f"{r.vignette}/{r.fact}" for r in questions[-1].answer.facts] == [
        choice.ref
    ]
    trimmed = result.sections[stage].passages[0]
    assert trimmed.text == kept and trimmed.end == first.end and trimmed.start > first.start

    # a rewritten passage, an empty title and a fact not in the list: each problem at its field
    broken: Fields = [(k, v) for k, v in posted if k not in ("title", f"s{stage}-p0")]
    broken += [("title", ""), (f"s{stage}-p0", first.text.replace(first.text.split()[0], "someone", 1))]
    broken += [(f"s{stage}-q1-add", "a fact nobody listed")]
    built = build(read_form(FormData(broken), case, set()), case)
    at, _ = place(built.problems, built.fields)
    assert at == {f"f-s{stage}-q1-add": ["choose one of the facts the list offers"]}
    with pytest.raises(CaseInvalid) as shape:  # the form's own problems first, then the case's shape
        case_from_data(built.data, "form")
    at, _ = place(shape.value.problems, built.fields)
    assert at == {"f-title": ["must not be empty"]}
    with pytest.raises(CaseInvalid) as refs:  # then what kb checks against the vignette
        prepare(clean_db, VOCAB, case_from_data(built.data | {"title": "A title"}, "form"), "form", Mode(carried=case))
    at, summary = place(refs.value.problems, built.fields)
    assert list(at) == [f"f-s{stage}-p0"] and "you may cut words off its start or end" in at[f"f-s{stage}-p0"][0]
    assert [s["field"] for s in summary] == [f"f-s{stage}-p0"]
