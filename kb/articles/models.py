"""The answers about articles: pydantic models shared by kb.articles, the API and the command line.

The article's own file format (`ArticleFile`, what `kb export` writes) is an authoring format and lives
in kb.models with the others.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from kb.answers import ConceptRef, Page, SimilarVignette, TermResolution
from kb.vocab.context import Status


class ArticleSaved(BaseModel):
    """What a write did: created, replaced, or nothing (the same content was sent again)."""

    id: str
    status: Literal["created", "replaced", "unchanged"]
    version: str = Field(description="the content hash now stored (the ETag)")


class ArticleSummary(BaseModel):
    id: str
    title: str
    author: str | None = None
    url: str | None = None
    format: str
    chars: int = Field(description="characters of its plain text")
    version: str
    updated_at: datetime | None = None
    top_concepts: list[ConceptRef] = Field(default=[], description="the concepts it mentions most (affirmed)")


class ArticlePage(Page[ArticleSummary]):
    pass


class LinkOut(BaseModel):
    type: str = Field(description="cites, illustrated-by, source-of (a vignette) or about (a concept)")
    target: Literal["vignette", "concept"]
    id: str
    title: str = Field(description="the vignette's title or the concept's label")


class ArticleDetail(ArticleSummary):
    text: str
    created_at: datetime | None = None
    links: list[LinkOut]
    source_of: list[LinkOut] = Field(
        default=[], description="vignettes whose own `source.article_id` names this article"
    )


class MentionOut(BaseModel):
    concept: ConceptRef
    start: int = Field(description="character offset in the article's text")
    end: int
    text: str = Field(description="the words as written")
    matched: str = Field(description="the vocabulary term they match")
    sentence: str = Field(description="the sentence around the mention (at most 40 words on each side)")
    sentence_start: int
    sentence_end: int
    status: Status = Field(description="affirmed, negated, hypothetical or generic")
    cue: str | None = Field(default=None, description="the words that made it negated, hypothetical or generic")
    person_word: bool = Field(
        default=False,
        description="a word naming a person of the story (mother, father, therapist, client): "
        "listed, never counted as a finding",
    )


class ConceptTally(BaseModel):
    concept: ConceptRef
    affirmed: int = Field(description="mentions that are the article's own findings")
    negated: int = 0
    hypothetical: int = 0
    generic: int = 0
    person_words: int = Field(default=0, description="mentions that only name a person (mother, therapist)")
    first: int = Field(description="offset of its first mention")


class ArticleConcepts(BaseModel):
    article_id: str | None = Field(default=None, description="the stored article; none for a text tagged as given")
    chars: int
    concepts: list[ConceptTally] = Field(
        description="every concept mentioned, ranked: those with affirmed mentions first, by count; words that "
        "only name a person of the story (mother, therapist, client) last"
    )
    mentions: list[MentionOut] = Field(description="every mention in text order (person words only if asked)")


class Suggestion(SimilarVignette):
    links: list[str] = Field(default=[], description="how the article is already linked to it (cites, source...)")


class ArticleSuggestions(BaseModel):
    article_id: str
    query: list[ConceptRef] = Field(description="the article's affirmed patterns, roles and behaviors compared")
    weights: dict[str, float]
    items: list[Suggestion]


class LinkSaved(BaseModel):
    article_id: str
    link: LinkOut


class ArticleRef(BaseModel):
    id: str
    title: str | None = None
    author: str | None = None
    url: str | None = None
    stored: bool = Field(description="false for an article known only as a vignette's source (no text stored)")


class VignetteBacklink(BaseModel):
    article: ArticleRef
    type: str = Field(description="cites, illustrated-by or source-of")
    via: Literal["article-link", "vignette-source"] = Field(
        description="article-link: linked from the article; vignette-source: the vignette's source names it"
    )


class VignetteArticles(BaseModel):
    vignette_id: str
    items: list[VignetteBacklink]


class TaggedArticle(BaseModel):
    article: ArticleRef
    concept: ConceptRef = Field(description="the concept mentioned: the one asked about or a narrower one")
    affirmed: int
    negated: int
    hypothetical: int
    generic: int


class ConceptArticles(BaseModel):
    resolved: TermResolution
    linked: list[ArticleRef] = Field(description="articles a writer linked to the concept (type about)")
    tagged: list[TaggedArticle] = Field(
        description="articles whose text mentions the concept or a narrower one, most affirmed mentions first"
    )


class DraftAnswer(BaseModel):
    article_id: str | None = None
    vignette_id: str
    yaml: str = Field(description="the draft vignette file, with what could not be placed as comments")
    valid: bool = Field(description="whether `kb validate` accepts the draft as it is")
    problems: list[str] = Field(default=[], description="what `kb validate` says about it, if anything")
    unplaced: list[str] = Field(default=[], description="what the draft could not place (also comments in the YAML)")
    passage_start: int = Field(description="where the case story starts in the article's text")
    passage_end: int
    counts: dict[str, int] = Field(description="persons, roles, behaviors, patterns, interventions, outcomes drafted")
