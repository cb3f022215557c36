"""The writers' pages in a real browser over the real app and Neo4j.

What a writer does: paste an article and see each concept it mentions marked (a negated one marked as such),
what it discusses, the cases it shares most with; link one and find the link on the case's page; download the
vignette drafted from it (a file `kb validate` accepts) and open it in the vignette editor; unlink. Upload a
Markdown file, edit it while someone else saves, and delete it. A reader sees none of the controls.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kb.articles.store import article_text, body_from_upload, create_article, get_article, prepare, prepare_revision
from kb.articles.store import replace_article as replace_stored
from kb.articles.suggest import suggest
from kb.articles.tagging import tag_text
from kb.authoring.validate import check_text
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor, list_audit
from tests.conftest import ROOT
from tests.web.conftest import Served, sign_in

VOCAB = load_vocabulary()
ARTICLES = ROOT / "tests" / "articles"
SHARED = ARTICLES / "ambivalence-codependence-mother-daughter.txt"
SHARED_ID = "ambivalence-codependence-mother-daughter"  # the article vignettes/donna.yaml names as its source
SHARED_TITLE = "Ambivalence and Codependency in Mother-Daughter Relationships"
MARKDOWN = ARTICLES / "the-peacemaker-child.md"


def store_shared(db: Database) -> None:
    """The shared article, as an editor would have added it (for the tests that do not add it themselves)."""
    if not db.read("article_get", id=SHARED_ID):
        body = body_from_upload(SHARED.read_bytes(), SHARED.name, None, {"id": SHARED_ID, "title": SHARED_TITLE})
        create_article(db, VOCAB, prepare(body, SHARED.name), Actor.command_line())


def test_an_editor_pastes_an_article_sees_its_mentions_links_a_case_and_gets_its_draft(
    page: Page, served: Served, db: Database, tmp_path: Path
) -> None:
    sign_in(page, served, "editor")
    page.goto(served.url("/articles"))
    page.get_by_role("link", name="Add an article").click()
    page.fill("#article-text", SHARED.read_text())
    page.fill("#article-title", SHARED_TITLE)
    page.fill("#article-author", "J. F., LCSW")
    page.locator(".more-choices summary").click()
    page.fill("#article-id", SHARED_ID)
    page.click("#save-article")
    expect(page).to_have_url(served.url(f"/articles/{SHARED_ID}"))
    expect(page.locator(".page-head .notice-ok")).to_contain_text("The article was added")

    # every mention the tagger finds is marked, each by what the text says of it, in words as well as by its line
    text, _ = article_text(db, SHARED_ID)
    tags = tag_text(VOCAB, text, SHARED_ID)
    expect(page.locator("#article-body mark.mention")).to_have_count(len(tags.mentions))
    negated = next(m for m in tags.mentions if m.status == "negated")
    mark = page.locator(f"#article-body mark.m-negated[data-concept='{negated.concept.id}']").first
    expect(mark).to_contain_text(negated.text)
    expect(mark.locator(".m-tag")).to_have_text("not")
    expect(mark.locator(".visually-hidden")).to_have_text("(negated)")
    expect(page.locator(".mention-legend")).to_contain_text("said not to be so")
    mark.click()
    expect(page.locator("#mention-status")).to_contain_text(f"names {negated.concept.label}")
    expect(page.locator("#mention-status")).to_contain_text(f"said not to be so (because of “{negated.cue}”)")
    # what it discusses: the concepts it states of its case, most first; Show marks one's words
    top = tags.concepts[0]
    first = page.locator("#discusses .tally").first
    expect(first.locator(".chip")).to_have_text(top.concept.label)
    expect(first.locator(".tally-found")).to_have_text(f"{top.affirmed} found")
    first.locator("button.show-mentions").click()
    of_top = sum(1 for m in tags.mentions if m.concept.id == top.concept.id)
    expect(page.locator("#article-body mark.mention.on")).to_have_count(of_top)
    expect(page.locator("#mention-status")).to_contain_text(f"{of_top} mention")

    # the suggested cases, as kb ranks them, each with what it shares; link one
    expected = suggest(db, VOCAB, SHARED_ID, k=8)
    cards = page.locator("#suggested .suggestion")
    expect(cards).to_have_count(len(expected.items))
    assert cards.locator("h3").all_inner_texts() == [s.vignette.title for s in expected.items]
    donna = page.locator("#suggested .suggestion[data-vignette='donna']")
    expect(donna.locator(".shares .chip").first).to_be_visible()
    expect(donna.locator(".already")).to_contain_text("named as the source")  # donna's own source names it
    donna.locator("select[name=type]").select_option("illustrated-by")
    donna.get_by_role("button", name=re.compile("^Link")).click()
    expect(page).to_have_url(re.compile(rf"/articles/{SHARED_ID}#links$"))
    expect(page.locator("#links .notice-ok")).to_contain_text("Linked: the article is illustrated by")
    linked = page.locator("#links .link-item", has=page.locator("a[href='/vignettes/donna']")).first
    expect(linked).to_contain_text("Is illustrated by")
    assert list_audit(db, entity_id=SHARED_ID).items[0].action == "link"

    # the case's page lists the article twice, told apart: linked by its writer, and named as the case's source
    page.goto(served.url("/vignettes/donna"))
    expect(page.locator("#articles .backlinks-linked")).to_contain_text(SHARED_TITLE)
    expect(page.locator("#articles .backlinks-linked")).to_contain_text("is illustrated by this case")
    expect(page.locator("#articles .backlinks-source")).to_contain_text(SHARED_TITLE)

    # the draft: a file kb validate accepts, and the same text in the vignette editor
    page.goto(served.url(f"/articles/{SHARED_ID}#draft"))
    download_link = page.get_by_role("link", name="Download the draft (YAML)")
    with page.expect_download() as got:
        download_link.click()
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    assert saved.name == "donna-draft.yaml"
    drafted = saved.read_text(encoding="utf-8")
    assert check_text(drafted, saved.name, VOCAB).vignette.id == "donna-draft"  # raises if it does not validate
    page.get_by_role("link", name="Open it in the vignette editor").click()
    expect(page.locator(".from-article")).to_contain_text(SHARED_TITLE)
    assert page.locator("#yaml-text").input_value().strip() == drafted.strip()

    # unlink
    page.goto(served.url(f"/articles/{SHARED_ID}"))
    linked = page.locator("#links .link-item", has=page.locator("a[href='/vignettes/donna']")).first
    linked.get_by_role("button", name=re.compile("^Unlink")).click()
    expect(page.locator("#links .notice-ok")).to_contain_text("Unlinked")
    expect(page.locator("#links .link-item a[href='/vignettes/donna']")).to_have_count(1)  # only as its source now


def test_an_editor_uploads_markdown_edits_it_meets_a_conflict_and_deletes_it(
    page: Page, served: Served, db: Database
) -> None:
    sign_in(page, served, "editor")
    page.goto(served.url("/articles/new"))
    page.set_input_files("#article-file", str(MARKDOWN))
    page.fill("#article-author", "A. Writer")
    page.click("#save-article")
    expect(page.locator("h1")).to_have_text(
        "The Peacemaker Child: When a Daughter Holds Her Parents' Marriage Together"
    )
    expect(page.locator(".page-head .meta")).to_contain_text("Came in as Markdown")
    article_id = page.url.rsplit("/", 1)[1]
    assert "**" not in page.locator("#article-body").inner_text()  # the Markdown was read, not shown as marks

    # edit while someone else saves the same article
    page.get_by_role("link", name="Edit the article").click()
    mine = page.locator("#article-text").input_value().replace("Peacemaker", "Go-between", 1)
    page.fill("#article-text", mine)
    stored = get_article(db, VOCAB, article_id)
    theirs = prepare_revision(
        article_id, stored.format, stored.text + "\n\nA note from a colleague.", {"title": stored.title}
    )
    replace_stored(db, VOCAB, article_id, theirs, Actor("other", "editor"), stored.version)
    page.click("#save-article")
    expect(page.locator(".conflict")).to_contain_text("Someone else saved this article while you were editing")
    assert page.locator("#article-text").input_value() == mine  # nothing of the editor's is lost
    page.locator(".conflict summary").click()
    expect(page.locator(".conflict pre")).to_contain_text("A note from a colleague.")
    page.get_by_role("button", name="Save mine over theirs").click()
    expect(page.locator(".page-head .notice-ok")).to_contain_text("Saved")
    after = get_article(db, VOCAB, article_id)
    assert "Go-between" in after.text and "A note from a colleague." not in after.text
    assert after.format == "markdown"  # the form it came in is kept

    page.get_by_role("link", name="Delete it").click()
    page.get_by_role("button", name="Delete the article").click()
    expect(page).to_have_url(served.url("/articles"))
    expect(page.locator(".notice-ok")).to_contain_text("was deleted")
    assert not db.read("article_get", id=article_id)


def test_a_reader_sees_no_edit_control_on_the_writers_pages(page: Page, served: Served, db: Database) -> None:
    store_shared(db)
    sign_in(page, served, "reader")
    page.goto(served.url("/articles"))
    expect(page.locator(".article-list h2").first).to_be_visible()
    expect(page.get_by_role("link", name="Add an article")).to_have_count(0)
    page.goto(served.url(f"/articles/{SHARED_ID}"))
    expect(page.locator("#article-body mark.mention").first).to_be_visible()
    expect(page.locator("#suggested .suggestion").first).to_be_visible()
    expect(page.get_by_role("link", name="Download the draft (YAML)")).to_be_visible()
    for name in ("Edit the article", "Delete it", "Open it in the vignette editor"):
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    expect(page.locator("form")).to_have_count(1)  # only Sign out: no link, unlink or delete form
    page.goto(served.url("/articles/new"))
    expect(page.locator(".notice-error")).to_contain_text("needs an editor's key")


@pytest.mark.parametrize("width", [390])
def test_the_writers_pages_fit_a_phone(page: Page, served: Served, db: Database, width: int) -> None:
    store_shared(db)
    sign_in(page, served, "editor")
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/articles", f"/articles/{SHARED_ID}", "/articles/new", f"/articles/{SHARED_ID}/edit"):
        page.goto(served.url(path))
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {width}px"
