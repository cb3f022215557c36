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
    shown_by: FactRef | None = Field(
        default=None,
        description="the role or behavior fact that shows the targeted pattern, when that role or behavior is "
        "what was asked about (an intervention aimed at a pattern counts for the roles and behaviors showing it)",
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


class OutcomesAnswer(BaseModel):
    """What followed an intervention: each use, with the outcomes reported after it."""

    resolved: TermResolution
    items: list[RankedIntervention] = Field(description="each use of the intervention, with the outcomes after it")


class TargetEntry(BaseModel):
    concept: ConceptRef
    vignettes: int = Field(description="vignettes in which the intervention was used for it (or a narrower concept)")
    uses: int
    outcomes: ResultCounts = Field(description="results of the outcomes reported after those uses")
    counts_narrower: list[ConceptRef] = Field(
        default=[], description="concepts listed here that are narrower than this one and counted in it"
    )
    support: list[InterventionUse] = Field(description="the first uses, with their evidence; `uses` counts all")


class InterventionTargets(BaseModel):
    """What an intervention was used for: the patterns, behaviors and roles it targeted, with counts and evidence.

    The reverse of `/interventions?for=`: the same counts, read from the same aggregates."""

    resolved: TermResolution
    vignettes: int = Field(description="vignettes in which the intervention was used at all")
    uses: int
    patterns: list[TargetEntry]
    behaviors: list[TargetEntry]
    roles: list[TargetEntry]
    narrower: list[ConceptRef] = Field(
        default=[], description="narrower interventions, not counted here: ask about each on its own"
    )
    ranking: str = "by vignettes (most first), then uses, then name"


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


class Example(BaseModel):
    """A place a concept appears, with the words that support it: for citing."""

    vignette_id: str
    vignette_title: str
    fact_id: str
    concept: ConceptRef
    evidence: list[Quote]


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
    focus: str | None = Field(default=None, description="the kind asked for (roles, behaviors, ...), shown first")
    order: list[str] = Field(
        default=["roles", "behaviors", "interventions", "outcomes", "patterns"],
        description="the lists in the order to show them: the asked-for kind first",
    )


# --------------------------------------------------------------------------- vignettes


class VignetteBrief(BaseModel):
    id: str
    title: str
    summary: str
    composite: bool


class VignetteSummary(VignetteBrief):
    score: float | None = Field(default=None, description="full-text relevance, when searched")


class KinFilter(BaseModel):
    """Persons in a family relation: 'son' (someone's son), 'father and daughter' (a father and his daughter)."""

    words: str = Field(description="the filter as understood, e.g. 'father and daughter'")
    relation: str = Field(description="parent-child, sibling, partner or grandparent-grandchild")
    a: str | None = Field(description="gender of the first side (the parent, grandparent, a sibling or partner)")
    b: str | None = Field(description="gender of the second side (the child, grandchild), when given")


class VignetteList(Page[VignetteSummary]):
    filters: list[TermResolution] = []
    kin: list[KinFilter] = Field(default=[], description="family relations the vignettes must have")
    without: list[TermResolution] = Field(default=[], description="concepts the vignettes must not have")
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
    vignette: VignetteBrief
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


# --------------------------------------------------------------------------- compare


class CompareSide(BaseModel):
    concept: ConceptDetail
    profile: PatternProfile | None = Field(default=None, description="for a pattern: what goes with it")
    targets: InterventionTargets | None = Field(default=None, description="for an intervention: what it was used for")


class Comparison(BaseModel):
    kind: str = Field(description="the profile kind compared (roles, behaviors, ...) or 'targets'")
    shared: list[ConceptRef] = Field(description="in both")
    only_a: list[ConceptRef]
    only_b: list[ConceptRef]


class CompareAnswer(BaseModel):
    """Two concepts side by side: their definitions, and for patterns their profiles, for interventions what each
    was used for; then, per kind, what they share and what only one of them has."""

    a: CompareSide
    b: CompareSide
    vignettes_with_both: int = Field(description="vignettes having both concepts (or narrower ones)")
    differences: list[Comparison]
