"""`kb article ...`: writers' articles: add, list, show, remove, tags, suggest, link, unlink, draft."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from cli.common import clean_errors, console, database, err_console
from kb.articles.draft import draft_article
from kb.articles.links import link, unlink
from kb.articles.store import (
    body_from_upload,
    create_article,
    delete_article,
    get_article,
    list_articles,
    prepare,
    replace_article,
)
from kb.articles.suggest import suggest
from kb.articles.tagging import tag_text
from kb.articles.text import MAX_BYTES, ArticleTextInvalid, decode, guess_format, plain_text
from kb.models import ArticleFormat, ArticleLinkType
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor

app = typer.Typer(help="Writers' articles: stored, tagged with concepts, linked to vignettes, drafted into vignettes.")
JSON = typer.Option(False, "--json", help="print the API's JSON answer")
FORMAT = typer.Option(None, "--format", help="text, markdown or html (default: from the file's extension or content)")


def _bytes(path: Path) -> bytes:
    """A file's bytes; refused when missing or too large."""
    if not path.is_file():
        raise ArticleTextInvalid(f"{path} is not a file", "file")
    if path.stat().st_size > MAX_BYTES:
        raise ArticleTextInvalid(f"{path} has {path.stat().st_size:,} bytes; at most {MAX_BYTES:,} are read", "file")
    return path.read_bytes()


def _read(path: Path) -> tuple[str, ArticleFormat]:
    """A file's text and format; refused when missing, too large, binary or not UTF-8."""
    text = decode(_bytes(path), str(path))
    return text, guess_format(path.name, None, text)


@app.command("add")
def add(
    file: Path = typer.Argument(..., help="the article: plain text, Markdown (.md) or HTML (.html)"),
    title: str = typer.Option(None, help="its title (default: its own heading, else the file name)"),
    author: str = typer.Option(None, help="who wrote it"),
    url: str = typer.Option(None, help="where it is published (http:// or https://)"),
    article_id: str = typer.Option(None, "--id", help="its id (default: made from the title)"),
    fmt: ArticleFormat = FORMAT,
    replace: bool = typer.Option(False, "--replace", help="replace the stored article of the same id"),
    as_json: bool = JSON,
) -> None:
    """Store an article: its text is kept (HTML and Markdown as plain text) and tagged with concepts."""
    vocab = load_vocabulary()
    with clean_errors():
        fields = {"title": title, "author": author, "url": url, "id": article_id, "format": fmt.value if fmt else None}
        body = body_from_upload(_bytes(file), file.name, None, fields)
        prepared = prepare(body, file.name)
    with database() as db:
        actor = Actor.command_line()
        if replace:
            current = get_article(db, vocab, prepared.article.id).version
            saved = replace_article(db, vocab, prepared.article.id, prepared, actor, current)
        else:
            saved = create_article(db, vocab, prepared, actor)
    if as_json:
        console.print_json(saved.model_dump_json())
        return
    console.print(
        f"Article {saved.id!r} {saved.status} "
        f"({len(prepared.article.text):,} characters, version {saved.version[:12]})."
    )


@app.command("list")
def list_(
    limit: int = typer.Option(20, min=1, max=100),
    offset: int = typer.Option(0, min=0),
    as_json: bool = JSON,
) -> None:
    """The stored articles, most recently changed first."""
    vocab = load_vocabulary()
    with database() as db:
        page = list_articles(db, vocab, limit, offset)
    if as_json:
        console.print_json(page.model_dump_json())
        return
    table = Table(title=f"{page.total} articles")
    for col in ("id", "title", "author", "chars", "top concepts"):
        table.add_column(col)
    for a in page.items:
        table.add_row(a.id, a.title, a.author or "", f"{a.chars:,}", ", ".join(c.label for c in a.top_concepts))
    console.print(table)


@app.command("show")
def show(article_id: str = typer.Argument(..., help="the article's id"), as_json: bool = JSON) -> None:
    """One article: its fields, links and the beginning of its text."""
    vocab = load_vocabulary()
    with database() as db:
        detail = get_article(db, vocab, article_id)
    if as_json:
        console.print_json(detail.model_dump_json())
        return
    table = Table(title=detail.title, show_header=False, box=None)
    table.add_row("id", detail.id)
    table.add_row("author", detail.author or "")
    table.add_row("url", detail.url or "")
    table.add_row("format", detail.format)
    table.add_row("characters", f"{detail.chars:,}")
    table.add_row("version", detail.version)
    for lk in detail.links:
        table.add_row(lk.type, f"{lk.target} {lk.id} ({lk.title})")
    for lk in detail.source_of:
        table.add_row("source of", f"vignette {lk.id} ({lk.title})")
    console.print(table)
    console.print(detail.text[:600] + ("…" if len(detail.text) > 600 else ""), highlight=False, markup=False)


@app.command("remove")
def remove(article_id: str = typer.Argument(..., help="the article's id")) -> None:
    """Remove an article with its tags and links (a vignette citing it as its source keeps that citation)."""
    with database() as db:
        kept = delete_article(db, article_id, Actor.command_line())
    note = " (vignettes still name it as their source: that citation stays)" if kept else ""
    console.print(f"Removed article {article_id!r}{note}.")


@app.command("tags")
def tags(
    file: Path = typer.Argument(..., help="an article file (no database needed)"),
    fmt: ArticleFormat = FORMAT,
    person_words: bool = typer.Option(False, "--person-words", help="also list words that only name a person"),
    as_json: bool = JSON,
) -> None:
    """Every concept the article mentions, where and how (affirmed, negated, hypothetical, generic)."""
    vocab = load_vocabulary()
    with clean_errors():
        raw, guessed = _read(file)
        text = plain_text(raw, fmt or guessed, "file").text
        answer = tag_text(vocab, text, None, person_words)
    if as_json:
        console.print_json(answer.model_dump_json())
        return
    table = Table(title=f"Concepts in {file.name} ({answer.chars:,} characters)")
    for col in ("concept", "kind", "affirmed", "negated", "hypothetical", "generic"):
        table.add_column(col, justify="right" if col not in ("concept", "kind") else "left")
    for t in answer.concepts:
        if t.person_words and not (t.affirmed or t.negated or t.hypothetical or t.generic):
            continue
        table.add_row(
            t.concept.label, t.concept.kind, str(t.affirmed), str(t.negated), str(t.hypothetical), str(t.generic)
        )
    console.print(table)
    mentions = Table(title="Mentions not affirmed")
    for col in ("at", "words", "concept", "status", "cue"):
        mentions.add_column(col)
    for m in answer.mentions:
        if m.status.value != "affirmed":
            mentions.add_row(str(m.start), m.text, m.concept.id, m.status.value, m.cue or "")
    if mentions.row_count:
        console.print(mentions)


@app.command("suggest")
def suggest_(
    article_id: str = typer.Argument(..., help="the article's id"),
    k: int = typer.Option(10, min=1, max=50, help="how many"),
    as_json: bool = JSON,
) -> None:
    """The vignettes that share the most with the article's concepts, with what they share."""
    vocab = load_vocabulary()
    with database() as db:
        answer = suggest(db, vocab, article_id, k)
    if as_json:
        console.print_json(answer.model_dump_json())
        return
    table = Table(title=f"Vignettes for {article_id}")
    for col in ("score", "vignette", "shares", "linked"):
        table.add_column(col)
    for s in answer.items:
        shares = ", ".join(
            f"{x.match.label}" + ("" if x.relation == "same" else f" ({x.relation})") for x in s.shared[:6]
        )
        table.add_row(f"{s.score:.2f}", f"{s.vignette.id}: {s.vignette.title}", shares, ", ".join(s.links))
    console.print(table)


@app.command("link")
def link_(
    article_id: str = typer.Argument(..., help="the article's id"),
    vignette: str = typer.Option(None, help="a vignette id"),
    concept: str = typer.Option(None, help="a concept (id or any of its words)"),
    link_type: ArticleLinkType = typer.Option(None, "--type", help="cites (default), illustrated-by, source-of; about"),
) -> None:
    """Link an article to a vignette or a concept."""
    vocab = load_vocabulary()
    with database() as db:
        saved = link(db, vocab, article_id, Actor.command_line(), vignette, concept, link_type)
    console.print(f"{article_id} {saved.link.type} {saved.link.target} {saved.link.id} ({saved.link.title}).")


@app.command("unlink")
def unlink_(
    article_id: str = typer.Argument(..., help="the article's id"),
    vignette: str = typer.Option(None, help="a vignette id"),
    concept: str = typer.Option(None, help="a concept (id or any of its words)"),
    link_type: ArticleLinkType = typer.Option(None, "--type", help="the link's type (default cites / about)"),
) -> None:
    """Remove one link of an article."""
    vocab = load_vocabulary()
    with database() as db:
        unlink(db, vocab, article_id, Actor.command_line(), vignette, concept, link_type)
    console.print("Link removed.")


@app.command("draft")
def draft(
    file: Path = typer.Argument(..., help="an article file holding a case story (no database needed)"),
    out: Path = typer.Option(..., "-o", "--out", help="the YAML file to write the draft vignette to"),
    fmt: ArticleFormat = FORMAT,
    title: str = typer.Option(None, help="the article's title, cited as the draft's source"),
    author: str = typer.Option(None, help="the article's author, cited as the draft's source"),
    url: str = typer.Option(None, help="the article's address, cited as the draft's source"),
    article_id: str = typer.Option(None, "--id", help="the article's id in the base, cited as the draft's source"),
    force: bool = typer.Option(False, "--force", help="overwrite OUT if it exists"),
) -> None:
    """Draft a vignette from the case story in an article: persons, phases, facts with their evidence."""
    vocab = load_vocabulary()
    with clean_errors():
        raw, guessed = _read(file)
        converted = plain_text(raw, fmt or guessed, "file")
        if out.exists() and not force:
            raise ArticleTextInvalid(f"{out} exists; choose another file or pass --force", "out")
        fields = {"id": article_id, "title": title or converted.title, "author": author, "url": url}
        answer = draft_article(vocab, converted.text, fields)
        out.write_text(answer.yaml, encoding="utf-8")
    counts = ", ".join(f"{n} {k}" for k, n in answer.counts.items())
    console.print(f"Wrote {out}: {counts}.")
    if answer.unplaced:
        console.print(f"{len(answer.unplaced)} things not placed are listed as comments at its end.")
    if not answer.valid:
        for p in answer.problems:
            err_console.print(p, highlight=False, markup=False)
        err_console.print("[red]kb validate refuses the draft as it is; fix the problems above.[/]")
        raise typer.Exit(1)
