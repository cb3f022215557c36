"""The answers the knowledge base gives: pydantic models shared by the library, the API and the CLI."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class ConceptRef(BaseModel):
    id: str
    label: str
    kind: str
    retired: bool = Field(
        default=False,
        description="true for a concept the vignettes still use but the vocabulary "
        "no longer holds (its stored label is shown)",
    )


class TermResolution(BaseModel):
    """How a user's word was understood."""

    term: str = Field(description="the words as given")
    concept: ConceptRef
    how: str = Field(description="id, label, synonym, plural or fuzzy (a small typo)")
    matched: str = Field(description="the vocabulary term it matched")
    includes: list[ConceptRef] = Field(default=[], description="narrower concepts counted with it")


class Quote(BaseModel):
    text: str
    start: int = Field(description="character offset in the vignette's narrative")
    end: int


def quotes(texts: list[str] | None, starts: list[int] | None, ends: list[int] | None) -> list[Quote]:
    return [Quote(text=t, start=s, end=e) for t, s, e in zip(texts or [], starts or [], ends or [], strict=False)]


class Page(BaseModel, Generic[T]):
    total: int = Field(description="items in all pages")
    limit: int
    offset: int
    items: list[T]


# --------------------------------------------------------------------------- interventions


class FactRef(BaseModel):
    fact_id: str
    kind: str
    concept: ConceptRef


class EvidencePath(BaseModel):
    """intervention -TARGETS-> what it targeted (-shows-> the pattern asked about)."""

    targeted: FactRef
    shows: FactRef | None = Field(
        default=None, description="the pattern fact the target shows, when not the target itself"
    )
    matched: ConceptRef = Field(description="the concept asked about (or a narrower one) that this path reaches")


class OutcomeAfter(BaseModel):
    fact_id: str
    outcome: ConceptRef
    result: str
    description: str | None = None
    person: str | None = None
    evidence: list[Quote] = []


class InterventionUse(BaseModel):
    vignette_id: str
    vignette_title: str
    fact_id: str
    description: str | None = None
    phase: str | None = None
    evidence: list[Quote] = []
    paths: list[EvidencePath]
    outcomes: list[OutcomeAfter] = []


class ResultCounts(BaseModel):
    improved: int = 0
    mixed: int = 0
    unchanged: int = 0
    worse: int = 0


class RankedIntervention(BaseModel):
    intervention: ConceptRef
    vignettes: int = Field(description="vignettes in which it was used for the concept")
    uses: int
    outcomes: ResultCounts = Field(description="results of the outcomes reported after those uses")
    support: list[InterventionUse] = Field(
        description="the first uses (by vignette id), with their evidence; `uses` counts all"
    )


class InterventionsAnswer(Page[RankedIntervention]):
    resolved: TermResolution
    ranking: str = "by vignettes (most first), then by the share of improved outcomes after them, then by name"


# --------------------------------------------------------------------------- concepts


class MappingOut(BaseModel):
    """A code of an official code set, checked against its release: the code exists and `label` is its title."""

    system: str = Field(description="ICD-10-CM, ICD-10 (WHO) or ICD-11 (MMS)")
    code: str
    label: str = Field(description="the code's official title")
    match: str = Field(
        description="how the concept relates to the code: exact, close, broad (the code is broader), narrow, related"
    )
    note: str | None = None


class ConceptSummary(ConceptRef):
    vignettes: int = Field(description="vignettes with a fact of this concept")


class ConceptDetail(ConceptSummary):
    definition: str
    synonyms: list[str]
    broader: list[ConceptRef]
    narrower: list[ConceptRef]
    related: list[ConceptRef]
    mappings: list[MappingOut]


# --------------------------------------------------------------------------- pattern profile


class ProfileEntry(BaseModel):
    concept: ConceptRef
    vignettes: int = Field(description="vignettes showing the pattern that also have this")
    linked: int = Field(
        description="facts of it that the vignettes tie to the pattern (shows it, targets it, followed it)"
    )
    results: ResultCounts | None = Field(default=None, description="for outcomes: how they turned out")


class PatternProfile(BaseModel):
    resolved: TermResolution
    vignettes: int = Field(description="vignettes showing the pattern or a narrower one")
    roles: list[ProfileEntry]
    behaviors: list[ProfileEntry]
    interventions: list[ProfileEntry]
    outcomes: list[ProfileEntry]
    patterns: list[ProfileEntry] = Field(description="other patterns in the same vignettes")


# --------------------------------------------------------------------------- vignettes


class VignetteSummary(BaseModel):
    id: str
    title: str
    summary: str
    composite: bool
    score: float | None = Field(default=None, description="full-text relevance, when searched")


class VignetteList(Page[VignetteSummary]):
    filters: list[TermResolution] = []
    q: str | None = None
    total_capped: bool = Field(
        default=False, description="true when more matched than were counted: total is a lower bound"
    )


class SourceOut(BaseModel):
    article_id: str | None = None
    title: str | None = None
    author: str | None = None
    url: str | None = None


class RelationOut(BaseModel):
    type: str
    to: str
    phase: str | None = None
    evidence: list[str] = []


class PersonOut(BaseModel):
    id: str
    name: str
    gender: str
    age_band: str
    relations: list[RelationOut]


class FactOut(BaseModel):
    id: str
    kind: str
    concept: ConceptRef
    phase: str | None = None
    description: str | None = None
    result: str | None = None
    persons: dict[str, list[str]] = Field(description="role of the link (ABOUT, INVOLVES, FOR, BY) -> person ids")
    links: dict[str, list[str]] = Field(description="SHOWN_BY, TARGETS or AFTER -> fact ids")
    evidence: list[Quote]


class VignetteDetail(BaseModel):
    id: str
    version: str = Field(description="the content hash; send it back in If-Match to replace the vignette (PUT)")
    title: str
    summary: str
    composite: bool
    phases: list[str]
    source: SourceOut | None
    narrative: str
    persons: list[PersonOut]
    roles: list[FactOut]
    behaviors: list[FactOut]
    patterns: list[FactOut]
    interventions: list[FactOut]
    outcomes: list[FactOut]


class GraphNode(BaseModel):
    id: str
    type: str = Field(description="vignette, person, fact kind (role, behavior, ...) or concept")
    label: str
    data: dict[str, object] = {}


class GraphEdge(BaseModel):
    source: str
    target: str
    type: str
    label: str | None = None


class VignetteGraph(BaseModel):
    vignette_id: str
    nodes: list[GraphNode]
    edges: list[GraphEdge]


# --------------------------------------------------------------------------- similarity


class SharedConcept(BaseModel):
    kind: str
    query: ConceptRef
    match: ConceptRef
    relation: str = Field(description="same, broader, narrower or sibling (share a broader concept)")
    weight: float


class SimilarVignette(BaseModel):
    vignette: VignetteSummary
    score: float = Field(description="0..1: weighted mean of the per-kind scores")
    by_kind: dict[str, float] = Field(description="per kind (patterns, roles, behaviors): soft overlap 0..1")
    shared: list[SharedConcept]


class SimilarAnswer(BaseModel):
    query: str = Field(description="the vignette id, or 'partial case'")
    resolved: list[TermResolution] = []
    weights: dict[str, float]
    items: list[SimilarVignette]


# --------------------------------------------------------------------------- search


class SearchHit(BaseModel):
    type: str = Field(description="vignette or concept")
    id: str
    title: str
    score: float
    snippet: str = Field(description="text around the first match; matches wrapped in [[ and ]]")


class SearchAnswer(Page[SearchHit]):
    q: str
    total_capped: bool = Field(
        default=False, description="true when more matched than were counted: total is a lower bound"
    )


# --------------------------------------------------------------------------- writes


class Saved(BaseModel):
    """What a write did: created, replaced, or nothing (the same version was sent again)."""

    id: str
    status: Literal["created", "replaced", "unchanged"]
    version: str = Field(description="the content hash now stored (the ETag)")
