"""The pages in a real browser (Debian's chromium through Playwright) over the real app and Neo4j.

What a clinician does: ask a question and follow the answer to a vignette, see the words behind a
fact and the facts behind some words, open the graph and click a node, filter and page. What an
editor does: sign in, write, see a problem at its line, fix it, save, and meet a conflict without
losing their text. A reader sees no edit control.
"""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import Page, expect

from kb.authoring.validate import check_text
from kb.queries.search import search
from kb.queries.vignettes import get_vignette, list_vignettes
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor, list_audit
from kb.writing.editing import save_vignette
from kb.writing.source import vignette_source
from tests.vignette_texts import MINIMAL
from tests.web.conftest import Served, sign_in

VOCAB = load_vocabulary()


def test_ask_and_follow_the_answer_to_a_vignette(page: Page, served: Served) -> None:
    page.goto(served.url("/"))
    page.fill("#q", "interventions for enmeshment")
    page.press("#q", "Enter")
    understood = page.locator(".understood")
    expect(understood).to_contain_text("interventions for Enmeshment, including Emotional incest")
    expect(page).to_have_url(re.compile(r"/ask\?q=interventions(\+|%20)for(\+|%20)enmeshment$"))  # an address to share
    first = page.locator(".ranked-item").first
    expect(first.locator("h3")).to_have_text("Boundary setting")
    link = first.locator(".uses a[href^='/vignettes/']").first
    title = link.inner_text()
    link.click()
    expect(page.locator("h1")).to_have_text(title)
    # the fact the answer cited is selected and its words are highlighted
    selected = page.locator("button.fact[aria-pressed=true]")
    expect(selected).to_have_count(1)
    expect(selected.locator(".fact-label")).to_contain_text("Boundary setting")
    expect(page.locator("mark.ev.on").first).to_be_visible()


def test_a_question_not_understood_shows_the_forms_and_closest_concepts(page: Page, served: Served) -> None:
    page.goto(served.url("/ask?q=interventions+for+enmeshmentt+stuff"))  # a typo is read, the filler left
    expect(page.locator(".understood")).to_contain_text("interventions for Enmeshment")
    page.goto(served.url("/ask?q=what+helps+with+trauma+bonding"))  # no concept of the vocabulary
    expect(page.locator("#answer")).to_contain_text("“trauma bonding” names no concept")
    page.goto(served.url("/"))
    page.fill("#q", "tell me a joke")
    page.press("#q", "Enter")
    expect(page.locator("#answer")).to_contain_text("That question was not understood")
    expect(page.locator("#answer .forms li")).not_to_have_count(0)
    page.locator("#answer .forms a", has_text="what is triangulation").click()
    expect(page.locator(".understood")).to_contain_text("what Triangulation means")
    expect(page.locator("#q")).to_have_value("what is triangulation")


def test_a_fact_shows_its_words_and_words_show_their_facts(page: Page, served: Served, db: Database) -> None:
    donna = get_vignette(db, VOCAB, "donna")
    fact = next(f for f in donna.patterns if f.concept.id == "parentification")
    page.goto(served.url("/vignettes/donna"))
    button = page.locator(f"button.fact[data-fact='{fact.id}']")
    button.focus()
    page.keyboard.press("Enter")  # by keyboard
    expect(button).to_have_attribute("aria-pressed", "true")
    lit = " ".join(page.locator("mark.ev.on").all_inner_texts())
    for quote in fact.evidence:
        assert quote.text in lit or all(w in lit for w in quote.text.split()), (quote.text, lit)
    expect(page.locator("#evidence-status")).to_contain_text("Parentification")
    # the other way: click highlighted words, see every fact they are evidence for
    mark = page.locator("mark.ev").nth(3)
    ids = mark.get_attribute("data-facts").split()
    mark.click()
    for fid in ids:
        expect(page.locator(f"button.fact[data-fact='{fid}']")).to_have_class(re.compile(r"\bhit\b"))
    expect(page.locator("#evidence-status")).to_contain_text("These words support")
    # and by selecting words across a passage
    page.evaluate(
        """() => { const m = document.querySelectorAll('mark.ev')[5]; const r = document.createRange();
                   r.setStart(m.previousSibling || m, 0); r.setEnd(m.firstChild, 3);
                   const s = getSelection(); s.removeAllRanges(); s.addRange(r);
                   document.getElementById('narrative').dispatchEvent(new MouseEvent('mouseup', {bubbles: true})); }"""
    )
    selected_ids = page.locator("mark.ev").nth(5).get_attribute("data-facts").split()
    expect(page.locator(f"button.fact[data-fact='{selected_ids[0]}']")).to_have_class(re.compile(r"\bhit\b"))


def test_the_vignette_page_shows_persons_timeline_interventions_and_similar_cases(
    page: Page, served: Served, db: Database
) -> None:
    donna = get_vignette(db, VOCAB, "donna")
    page.goto(served.url("/vignettes/donna"))
    expect(page.locator("#persons .person")).to_have_count(len(donna.persons))
    expect(page.locator("#timeline .phase-step h3").first).to_have_text(donna.phases[0])
    expect(page.locator("#interventions .intervention")).to_have_count(len(donna.interventions))
    page.locator("#similar").scroll_into_view_if_needed()
    expect(page.locator("#similar .similar-list li").first).to_be_visible()
    expect(page.locator("#similar .shares").first).to_contain_text("Shares")


def test_the_graph_draws_the_vignette_and_a_click_shows_a_nodes_evidence(
    page: Page, served: Served, db: Database
) -> None:
    donna = get_vignette(db, VOCAB, "donna")
    fact = next(f for f in donna.behaviors if f.evidence)
    page.goto(served.url("/vignettes/donna/graph"))
    page.wait_for_function("() => window.kbGraph && window.kbGraph.nodes(':visible').length > 0")
    counts = page.evaluate(
        "() => ({persons: kbGraph.nodes('[kind = \"person\"]').length,"
        ' facts: kbGraph.nodes(\'[kind != "person"][kind != "concept"]\').length})'
    )
    n_facts = sum(len(getattr(donna, k)) for k in ("roles", "behaviors", "patterns", "interventions", "outcomes"))
    assert counts == {"persons": len(donna.persons), "facts": n_facts}
    # a real click on the node where the canvas draws it
    box = page.locator("#graph").bounding_box()
    assert box is not None
    pos = page.evaluate(f"() => kbGraph.getElementById('fact:{fact.id}').renderedPosition()")
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    panel = page.locator("#node-panel")
    expect(panel.locator("h2")).to_contain_text(fact.concept.label)
    expect(panel.locator("blockquote").first).to_have_text(fact.evidence[0].text)
    # the legend hides a kind
    page.locator(".legend input[value=behavior]").uncheck()
    assert page.evaluate("() => kbGraph.nodes('[kind = \"behavior\"]:visible').length") == 0


def test_filter_and_page_the_vignettes(page: Page, served: Served, db: Database) -> None:
    expected = list_vignettes(db, VOCAB, [("pattern", "codependency")], limit=20)
    page.goto(served.url("/vignettes"))
    page.fill("#f-pattern", "codependency")
    page.click(".filters button[type=submit]")
    expect(page.locator("#result-count")).to_contain_text(f"of {expected.total} vignettes")
    expect(page).to_have_url(re.compile(r"pattern=codependency"))
    titles = page.locator(".vignette-list h3").all_inner_texts()
    assert titles == [v.title for v in expected.items]
    # unfiltered: more than a page, so page on
    everything = list_vignettes(db, VOCAB, [], limit=20, offset=20)
    page.goto(served.url("/vignettes"))
    page.locator(".pager a[rel=next]").click()
    expect(page.locator("#result-count")).to_contain_text(
        f"Showing 21–{20 + len(everything.items)} of {everything.total}"
    )
    expect(page).to_have_url(re.compile(r"page=2"))
    assert page.locator(".vignette-list h3").all_inner_texts() == [v.title for v in everything.items]
    # a word that names no concept is told apart, with the closest ones
    page.goto(served.url("/vignettes?role=caretaking+sister"))
    expect(page.locator("#filter-error")).to_contain_text("Caretaker sibling")
    expect(page.locator("#f-role")).to_have_attribute("aria-invalid", "true")
    page.goto(served.url("/vignettes?role=enmeshment"))
    expect(page.locator("#filter-error")).to_contain_text("put it in that field instead")


def test_search_with_snippets_counts_and_pages(page: Page, served: Served, db: Database) -> None:
    first = search(db, "mother", 20, 0)
    page.goto(served.url("/search"))
    page.fill("#search-q", "mother")
    page.press("#search-q", "Enter")
    expect(page.locator("#result-count")).to_contain_text(f"of {first.total} matches")
    expect(page.locator(".hit .snippet mark").first).to_have_text(re.compile("mother", re.I))
    if first.total > 20:
        page.locator(".pager a[rel=next]").click()
        expect(page.locator("#result-count")).to_contain_text("Showing 21–")


def _replace_text(page: Page, text: str) -> None:
    page.locator("#yaml-text").fill(text)


def test_an_editor_writes_checks_fixes_saves_and_meets_a_conflict(page: Page, served: Served, db: Database) -> None:
    sign_in(page, served, "editor")
    expect(page.locator("header .who")).to_contain_text("editor")
    page.goto(served.url("/vignettes/new"))
    broken = MINIMAL.replace("behavior: rescuing", "behavior: rescuingg")
    bad_line = broken.splitlines().index("    behavior: rescuingg") + 1
    _replace_text(page, broken)
    page.click("#check-button")
    problem = page.locator(".problem").first
    expect(problem.locator(".goto-line")).to_have_text(f"Line {bad_line}")
    expect(problem).to_contain_text("rescuing")
    expect(page.locator(f"#gutter span[data-line='{bad_line}']")).to_have_class(re.compile(r"\bbad\b"))
    problem.locator(".goto-line").click()
    caret_line = page.evaluate(
        "() => { const a = document.getElementById('yaml-text');"
        " return a.value.slice(0, a.selectionStart).split('\\n').length; }"
    )
    assert caret_line == bad_line
    # saving it as it is refuses, keeps the text and shows the problem at its line
    page.click("#save-button")
    expect(page.locator(".problem .goto-line").first).to_have_text(f"Line {bad_line}")
    assert page.locator("#yaml-text").input_value() == broken
    # fixed: checks clean and saves
    _replace_text(page, MINIMAL)
    page.click("#check-button")
    expect(page.locator("#problems")).to_contain_text("No problems found")
    page.click("#save-button")
    expect(page).to_have_url(served.url("/vignettes/test-mira?saved=created"))
    expect(page.locator(".notice-ok")).to_contain_text("created")
    entries = list_audit(db, entity_id="test-mira").items
    editor_key_id = served.keys["editor"].split("_")[1]
    assert entries[0].key_id == editor_key_id and entries[0].action == "create"

    # edit it, while someone else saves first
    page.click("text=Edit this vignette")
    mine = (
        page.locator("#yaml-text")
        .input_value()
        .replace("title: Mira and her brother", "title: Mira, her brother and the rent")
    )
    _replace_text(page, mine)
    theirs = yaml.safe_load(vignette_source(db, "test-mira").text)
    theirs["summary"] = "Someone else's summary."
    save_vignette(
        db,
        VOCAB,
        check_text(yaml.safe_dump(theirs, sort_keys=False), "theirs", VOCAB),
        Actor("other", "editor"),
        vignette_source(db, "test-mira").version,
    )
    page.click("#save-button")
    conflict = page.locator(".conflict")
    expect(conflict).to_contain_text("Someone else saved this vignette while you were editing")
    assert page.locator("#yaml-text").input_value() == mine  # nothing of the editor's is lost
    conflict.locator("summary").click()
    expect(conflict.locator("pre")).to_contain_text("Someone else's summary.")
    # they decide theirs may be replaced
    page.click("button[name=overwrite]")
    expect(page.locator("h1")).to_have_text("Mira, her brother and the rent")
    assert get_vignette(db, VOCAB, "test-mira").summary != "Someone else's summary."


def test_a_reader_sees_no_edit_control(page: Page, served: Served) -> None:
    sign_in(page, served, "reader")
    page.goto(served.url("/vignettes/donna"))
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("text=Edit this vignette")).to_have_count(0)
    expect(page.locator("header nav a", has_text="New vignette")).to_have_count(0)
    page.goto(served.url("/vignettes/donna/edit"))
    expect(page.locator(".notice-error")).to_contain_text("needs an editor's key")


@pytest.mark.parametrize("width", [1280, 390])
def test_pages_at_phone_and_desktop_widths_without_horizontal_scroll(page: Page, served: Served, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/", "/vignettes/donna", "/vignettes", "/concepts/enmeshment", "/search?q=guilt"):
        page.goto(served.url(path))
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {width}px"
