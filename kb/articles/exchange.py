"""The articles' section of `kb export` / `kb import`: `articles/<id>.json`, one stored article each.

A file is an `ArticleFile` (kb.models; schema/article.schema.json): id, title, author, url, format, the
plain text, and the article's links (vignettes first, then concepts, each by id). The tags are not
written: they are the text's, computed again on import. Files are JSON with two-space indents, keys in
the model's order, a final newline: the same graph gives the same bytes. Import checks every file (its
shape, and that each link's vignette is in the export or, without --wipe, in the base, and each concept
in the vocabulary) before anything is written or wiped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kb.articles.store import PreparedArticle, content_hash, save_steps
from kb.authoring.validate import Problem
from kb.models import ArticleFile, ArticleLink, ArticleLinkType
from kb.store.db import Database, Step
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor, audit_step, entry
from kb.writing.exportfolder import ARTICLES, Section

FOLDER = "articles"
PAGE = 100


def article_doc(row: dict[str, Any]) -> dict[str, Any]:
    """A row of `export_articles` as an article file's mapping, keys in the model's order, defaults left out."""
    links = [{"type": link["type"], link["kind"]: link["id"]} for link in row["links"]]
    doc = {
        "id": row["id"],
        "title": row["title"],
        "author": row["author"],
        "url": row["url"],
        "format": row["format"],
        "text": row["text"],
        "links": links,
    }
    return {k: v for k, v in doc.items() if v is not None and v != []}


def dump_article(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


@dataclass
class ArticlesSection:
    """The articles' records in an export (kb.writing.exchange.Records)."""

    vocab: Vocabulary
    layout: Section = ARTICLES

    def export(self, db: Database) -> Iterator[tuple[str, str]]:
        after = ""
        while rows := db.read("export_articles", after=after, limit=PAGE):
            for row in rows:
                yield f"{row['id']}.json", dump_article(article_doc(row))
            after = rows[-1]["id"]

    def _read(self, files: list[Path]) -> tuple[list[ArticleFile], list[Problem]]:
        articles: list[ArticleFile] = []
        problems: list[Problem] = []
        for path in files:
            try:
                article = ArticleFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                problems.append(Problem(str(path), 1, "(file)", f"not readable JSON: {exc}"))
                continue
            except ValidationError as exc:
                problems += [
                    Problem(str(path), 1, ".".join(str(p) for p in e["loc"]) or "(file)", e["msg"])
                    for e in exc.errors()
                ]
                continue
            if article.id != path.stem:
                message = f"{article.id!r} differs from the file name; name it {article.id}.json"
                problems.append(Problem(str(path), 1, "id", message))
            articles.append(article)
        return articles, problems

    def check(self, db: Database, files: list[Path], vignettes: set[str], wipe: bool) -> list[Problem]:
        """Each file's shape, and each link's target: a vignette of the export (or, without a wipe, of the base),
        a concept of the vocabulary."""
        articles, problems = self._read(files)
        wanted = {link.vignette for a in articles for link in a.links if link.vignette} - vignettes
        in_base = set() if wipe or not wanted else set(db.read("vignettes_existing", ids=sorted(wanted))[0]["found"])
        for a in articles:
            for i, link in enumerate(a.links):
                problems += _link_problems(self.vocab, a, i, link, vignettes | in_base)
        return problems

    def wipe(self, db: Database) -> int:
        return 0  # the export's own wipe (kb.writing.exchange.wipe) deletes the articles with the vignettes

    def load(self, db: Database, files: list[Path], actor: Actor | None) -> int:
        articles, _ = self._read(files)
        for article in articles:
            _write(db, self.vocab, article, actor)
        return len(articles)


def _link_problems(vocab: Vocabulary, a: ArticleFile, i: int, link: ArticleLink, vignettes: set[str]) -> list[Problem]:
    file, where = f"{FOLDER}/{a.id}.json", f"links.{i}"

    def problem(field: str, message: str) -> list[Problem]:
        return [Problem(file, 1, where + field, message)]

    if bool(link.vignette) == bool(link.concept):
        return problem("", "give either vignette or concept")
    if link.vignette and link.vignette not in vignettes:
        return problem(".vignette", f"no vignette {link.vignette!r} in the export or the base")
    if link.concept and link.concept not in vocab.concepts:
        return problem(".concept", f"no concept {link.concept!r} in the vocabulary")
    if link.concept and link.type is not ArticleLinkType.about:
        return problem(".type", f"a concept is linked as about, not {link.type.value}")
    if link.vignette and link.type is ArticleLinkType.about:
        return problem(".type", "a vignette is linked as cites, illustrated-by or source-of")
    return []


def _write(db: Database, vocab: Vocabulary, article: ArticleFile, actor: Actor | None) -> None:
    """One article and exactly its links, in one transaction (with its audit entry when it changed)."""
    prepared = PreparedArticle(article, content_hash(article))
    links = [
        {
            "type": link.type.value,
            "kind": "vignette" if link.vignette else "concept",
            "target": link.vignette or link.concept,
        }
        for link in article.links
    ]

    def plan(found: list[dict[str, Any]]) -> list[Step]:
        current = found[0]["version"] if found else None
        steps: list[Step] = [("article_links_replace", {"id": article.id, "links": links})]
        if current == prepared.version:
            return steps
        change = {"before": current, "after": prepared.version, "chars": len(article.text), "import": True}
        action = "create" if current is None else "replace"
        audit = [audit_step(actor, [entry(action, "article", article.id, change)])] if actor else []
        return [*save_steps(vocab, prepared), *steps, *audit]

    db.write_guarded(("article_lock_new", {"id": article.id}), plan)
