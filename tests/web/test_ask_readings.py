"""The ask box's newer readings in a real browser, as a clinician uses them: what an intervention was used for,
two concepts compared, the other readings offered as questions, and family relations and left-out concepts named
in "understood as". Each page is checked against the JSON API's answer to the same question (/api/v1/ask)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from kb.queries.vignettes import list_vignettes
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from tests.web.conftest import REPORTS, SCREENS, Served

SHOWN = 10  # what the ask page asks the engine for (web.routes.ask.SHOWN)
USED_FOR = "what is inner child work used for"
COMPARE = "compare enmeshment and codependency"
WITHOUT = "cases of enmeshment without codependency"
SHOTS = {"ask-used-for": USED_FOR, "ask-compare": COMPARE, "ask-without": WITHOUT}


def api_answer(page: Page, served: Served, q: str, limit: int = SHOWN) -> dict:
    r = page.request.get(served.url(f"/api/v1/ask?q={quote(q)}&limit={limit}"))
    assert r.ok, r.text()
    return r.json()


def ask_in_the_box(page: Page, served: Served, q: str) -> None:
    page.goto(served.url("/"))
    page.fill("#q", q)
    page.press("#q", "Enter")
    # a comparison walks both patterns' vignettes: seconds on a cold database and a busy machine
    expect(page).to_have_url(re.compile(r"/ask\?q="), timeout=30_000)


def test_what_an_intervention_was_used_for_lists_its_targets_per_kind_with_the_apis_counts(
    page: Page, served: Served
) -> None:
    ask_in_the_box(page, served, USED_FOR)
    expect(page.locator(".understood")).to_contain_text("what Inner child work was used for")
    body = api_answer(page, served, USED_FOR)["answer"]
    expect(page.locator("#answer .count").first).to_contain_text(
        f"Inner child work was used in {body['vignettes']} vignettes ({body['uses']} uses)"
    )
    for kind in ("patterns", "behaviors", "roles"):
        items = page.locator(f"section[aria-labelledby='targets-{kind}'] li.target")
        expect(items).to_have_count(len(body[kind]))
        for item, entry in zip(items.all(), body[kind], strict=True):
            expect(item.locator("h4")).to_have_text(entry["concept"]["label"])
            n, uses = entry["vignettes"], entry["uses"]
            expect(item.locator(".meta")).to_have_text(
                f"{n} vignette{'s' if n != 1 else ''} · {uses} use{'s' if uses != 1 else ''}"
            )
            expect(item.locator("h4 a")).to_have_attribute("href", f"/concepts/{entry['concept']['id']}")
    # Parentification's evidence: the vignettes, their words, and a way to the story with the fact highlighted
    target = page.locator("li.target", has=page.locator("h4", has_text=re.compile(r"^Parentification$")))
    target.locator("summary").click()
    uses = target.locator(".uses > li")
    expect(uses).to_have_count(2)
    expect(uses.first.locator(".quote").first).to_contain_text("inner child work")
    link = uses.first.locator("a[href^='/vignettes/']").first
    title = link.inner_text()
    link.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("button.fact[aria-pressed=true] .fact-label")).to_contain_text("Inner child work")


def test_two_concepts_side_by_side_with_what_only_one_has(page: Page, served: Served) -> None:
    ask_in_the_box(page, served, COMPARE)
    expect(page.locator(".understood")).to_contain_text("Enmeshment compared with Codependency")
    body = api_answer(page, served, COMPARE)["answer"]
    sides = page.locator(".compare-side h3 a")
    expect(sides).to_have_text(["Enmeshment", "Codependency"])
    expect(page.locator(".compare-side").first).to_contain_text(body["a"]["concept"]["definition"])
    for d in body["differences"]:
        section = page.locator(f"section[aria-labelledby='cmp-{d['kind']}']")
        cols = section.locator(".compare-col")
        expect(cols.nth(0).locator("h4")).to_have_text("Mainly with Enmeshment")
        for col, refs in zip(cols.all(), (d["only_a"], d["shared"], d["only_b"]), strict=True):
            expect(col.locator("li > a")).to_have_text([c["label"] for c in refs])
    both = body["vignettes_with_both"]
    link = page.locator(".compare-both a")
    expect(link).to_have_text(f"{both} vignette{'s' if both != 1 else ''} {'has' if both == 1 else 'have'} both")
    link.click()  # the vignettes having both: as many as the comparison said
    expect(page.locator(".understood")).to_contain_text("vignettes with Enmeshment (pattern)")
    expect(page.locator(".understood")).to_contain_text("Codependency (pattern)")
    expect(page.locator("#answer .vignette-list > li")).to_have_count(both)


def test_another_reading_is_offered_as_a_question_that_gives_it(page: Page, served: Served) -> None:
    ask_in_the_box(page, served, COMPARE)
    also = api_answer(page, served, COMPARE)["interpretation"]["also"]
    assert also, "the engine offers another reading of this question"
    offered = page.locator(".understood .also a")
    expect(offered).to_have_text([r["question"] for r in also])
    offered.first.click()
    expect(page).to_have_url(re.compile(r"/ask\?q=vignettes"))
    expect(page.locator("#q")).to_have_value(also[0]["question"])
    expect(page.locator(".understood")).to_contain_text("vignettes with Enmeshment (pattern)")
    # and a question the engine read one way, with a definition offered instead
    ask_in_the_box(page, served, USED_FOR)
    page.locator(".understood .also a", has_text="what is Inner child work").click()
    expect(page.locator(".understood")).to_contain_text("what Inner child work means")
    expect(page.locator(".definition h3")).to_contain_text("Inner child work")


def test_left_out_concepts_and_family_relations_are_named_in_the_interpretation(
    page: Page, served: Served, db: Database
) -> None:
    ask_in_the_box(page, served, WITHOUT)
    understood = page.locator(".understood")
    expect(understood).to_contain_text("vignettes with Enmeshment (pattern), including Emotional incest")
    expect(understood).to_contain_text("without Codependency")
    expect(understood.locator("a", has_text="Codependency")).to_have_attribute("href", "/concepts/codependency")
    body = api_answer(page, served, WITHOUT)["answer"]
    expect(page.locator("#answer p.count")).to_contain_text(f"{body['total']} vignettes")
    shown = [a.get_attribute("href") for a in page.locator("#answer .vignette-list h3 a").all()]
    assert shown == [f"/vignettes/{v['id']}" for v in body["items"]]
    codependent = {v.id for v in list_vignettes(db, load_vocabulary(), [("pattern", "codependency")], limit=100).items}
    assert shown and not {h.rsplit("/", 1)[1] for h in shown} & codependent
    ask_in_the_box(page, served, "cases with a mother and daughter who are enmeshed")
    expect(page.locator(".understood")).to_contain_text("where the family has a mother and daughter")
    ask_in_the_box(page, served, "what does setting limits target")
    expect(page.locator(".understood .note")).to_contain_text("target")


def test_an_interventions_page_shows_what_it_was_used_for(page: Page, served: Served) -> None:
    page.goto(served.url("/concepts/boundary-setting"))
    section = page.locator("section[aria-labelledby='targets-title']")
    expect(section.locator("h2")).to_have_text("What it was used for")
    r = page.request.get(served.url("/api/v1/interventions/boundary-setting/targets?limit=8&support=2"))
    body = r.json()
    patterns = section.locator("section[aria-labelledby='targets-patterns'] li.target h4")
    expect(patterns).to_have_text([e["concept"]["label"] for e in body["patterns"]])


@pytest.mark.parametrize("name", list(SHOTS))
def test_the_new_answers_fit_a_phone_and_a_desktop(page: Page, served: Served, name: str) -> None:
    """No sideways scrolling; the compared sides stack on a phone; a screenshot of the answer at each width."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    for width, height in SCREENS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(served.url(f"/ask?q={quote(SHOTS[name])}"))
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at {width}px"
        if name == "ask-compare":
            a, b = (page.locator(".compare-side").nth(i).bounding_box() for i in (0, 1))
            assert a and b
            side_by_side = abs(a["y"] - b["y"]) < 1
            assert side_by_side == (width == 1280), f"the sides at {width}px: {a}, {b}"
        page.evaluate("() => window.scrollTo(0, document.getElementById('answer').offsetTop - 12)")
        page.screenshot(path=str(REPORTS / f"{name}-{width}-answer.png"))  # what docs/screenshots shows
