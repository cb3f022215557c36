"""Each main page, at a phone's and a desktop's width: axe-core (vendored, run in the page) finds no serious or
critical violation, and a screenshot is written to var/test-reports/web/ for anyone to look at."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from kb.store.db import Database
from kb.teaching.draft import draft_case
from kb.teaching.store import create_case, update_case
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from tests.web.conftest import AXE, REPORTS, SCREENS, Served, sign_in
from tests.web.test_articles import store_shared

PAGES = {
    "home": "/",
    "ask": "/ask?q=interventions+for+enmeshment",
    "ask-used-for": "/ask?q=what+is+inner+child+work+used+for",
    "ask-compare": "/ask?q=compare+enmeshment+and+codependency",
    "ask-without": "/ask?q=cases+of+enmeshment+without+codependency",
    "vignette": "/vignettes/donna?fact=p-parentification",  # with a fact's evidence highlighted
    "graph": "/vignettes/donna/graph",
    "vignettes": "/vignettes?pattern=codependency",
    "concept": "/concepts/enmeshment",
    "concepts": "/concepts?kind=role",
    "search": "/search?q=guilt",
    "signin": "/signin",
    "not-found": "/vignettes/no-such-case",
    "edit": "/vignettes/donna/edit",
    "teaching-cases": "/teaching-cases",
    "teaching-draft": "/teaching-cases/draft?concepts=parentification&with=donna",
    "teaching-case": "/teaching-cases/parentification-donna?edition=instructor",
    "teaching-edit": "/teaching-cases/parentification-donna/edit",
    "teaching-versions": "/teaching-cases/parentification-donna/versions",
    "articles": "/articles",
    "article": "/articles/ambivalence-codependence-mother-daughter",
    "article-new": "/articles/new",
    "article-edit": "/articles/ambivalence-codependence-mother-daughter/edit",
}


@pytest.fixture(scope="module", autouse=True)
def teaching_case(served: Served, db: Database) -> None:
    """The teaching case the trainers' pages show: drafted from the graph, saved, then edited twice."""
    vocab, me = load_vocabulary(), Actor.command_line()
    case = draft_case(db, vocab, ["parentification"], None, 1, ["donna"]).case
    saved = create_case(db, vocab, case, me)
    saved = update_case(
        db, vocab, case.id, case.model_copy(update={"audience": "second-year trainees"}), me, saved.version
    )
    update_case(
        db,
        vocab,
        case.id,
        case.model_copy(update={"title": "Parentification: Donna and her mother"}),
        me,
        saved.version,
    )


@pytest.fixture(scope="module")
def editor_page(browser: Browser, served: Served, db: Database) -> Iterator[Page]:
    """One signed-in page for all the checks (the edit page needs an editor; the others look the same)."""
    store_shared(db)  # the writers' pages show a stored article
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    p = ctx.new_page()
    sign_in(p, served, "editor")
    yield p
    ctx.close()


def axe_violations(page: Page) -> list[dict]:
    page.add_script_tag(url=AXE)
    result = page.evaluate(
        """async () => {
          const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
          const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                         nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return result


@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_and_shot_at_two_widths(editor_page: Page, served: Served, name: str) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    found: dict[int, list[dict]] = {}
    for width, height in SCREENS.items():
        editor_page.set_viewport_size({"width": width, "height": height})
        editor_page.goto(served.url(PAGES[name]))
        editor_page.wait_for_load_state("networkidle")
        if name == "graph":
            editor_page.wait_for_function("() => window.kbGraph && window.kbGraph.nodes(':visible').length > 0")
        editor_page.screenshot(path=str(REPORTS / f"{name}-{width}.png"), full_page=True)
        editor_page.screenshot(path=str(REPORTS / f"{name}-{width}-first-screen.png"))  # what one sees on arrival
        found[width] = axe_violations(editor_page)
    (REPORTS / f"{name}-axe.json").write_text(json.dumps(found, indent=2) + "\n")  # every finding, minor ones too
    serious = {w: [v for v in vs if v["impact"] in ("serious", "critical")] for w, vs in found.items()}
    assert not any(serious.values()), f"{name}: serious or critical accessibility violations: {serious}"
