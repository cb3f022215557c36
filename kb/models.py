"""The vignette authoring format: pydantic models, the single source of truth.

`kb schema export` writes schema/vignette.schema.json from `Vignette` and
schema/vocabulary.schema.json from `VocabularyFile`. Shapes are checked here;
references between parts of a vignette, concepts and evidence quotes are
checked by kb.authoring.validate, which knows the vocabulary and the narrative.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=100),
    Field(description="lower-case letters and digits, words joined by hyphens, e.g. donna or ravi-and-his-father"),
]
LocalId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=64),
    Field(description="an id local to this vignette: letters, digits, '-' and '_'"),
]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Term = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
    Field(description="a concept of schema/vocabulary.yaml: its id, label or any synonym"),
]


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


Evidence = Annotated[
    list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]],
    BeforeValidator(_one_or_many),
    Field(description="a quote from the narrative, or a list of quotes, that supports this fact"),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Gender(StrEnum):
    female = "female"
    male = "male"
    nonbinary = "nonbinary"
    unknown = "unknown"


class AgeBand(StrEnum):
    child = "child"
    adolescent = "adolescent"
    young_adult = "young-adult"
    adult = "adult"
    older_adult = "older-adult"
    unknown = "unknown"


class RelationType(StrEnum):
    """'<person> is <type> <to>'."""

    mother_of = "mother_of"
    father_of = "father_of"
    parent_of = "parent_of"
    stepparent_of = "stepparent_of"
    daughter_of = "daughter_of"
    son_of = "son_of"
    child_of = "child_of"
    stepchild_of = "stepchild_of"
    sibling_of = "sibling_of"
    half_sibling_of = "half_sibling_of"
    grandparent_of = "grandparent_of"
    grandchild_of = "grandchild_of"
    partner_of = "partner_of"
    spouse_of = "spouse_of"
    ex_partner_of = "ex_partner_of"
    friend_of = "friend_of"
    therapist_of = "therapist_of"
    counselor_of = "counselor_of"
    teacher_of = "teacher_of"
    sponsor_of = "sponsor_of"
    mentor_of = "mentor_of"
    relative_of = "relative_of"


class Result(StrEnum):
    improved = "improved"
    mixed = "mixed"
    worse = "worse"
    unchanged = "unchanged"


class ConceptKind(StrEnum):
    pattern = "pattern"
    role = "role"
    behavior = "behavior"
    intervention = "intervention"
    outcome = "outcome"


# --------------------------------------------------------------------------- vignette


class Source(Strict):
    article_id: Slug | None = None
    title: ShortText | None = None
    author: ShortText | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)] | None = None


class Relation(Strict):
    type: RelationType
    to: LocalId = Field(description="the id of the other person")
    phase: str | None = None
    evidence: Evidence = []


class Person(Strict):
    id: LocalId
    name: ShortText = Field(description="a pseudonym or a descriptor, e.g. Donna, Donna's mother")
    gender: Gender = Gender.unknown
    age_band: AgeBand = Field(default=AgeBand.unknown, description="at presentation")
    relations: list[Relation] = []


class Fact(Strict):
    id: LocalId | None = Field(default=None, description="needed only when another fact refers to this one")
    phase: str | None = Field(default=None, description="one of the vignette's phases")
    evidence: Evidence = []


class RoleFact(Fact):
    person: LocalId
    role: Term


class BehaviorFact(Fact):
    person: LocalId
    behavior: Term
    description: ShortText | None = Field(default=None, description="the vignette's own words, short")


class PatternFact(Fact):
    pattern: Term
    persons: list[LocalId] = Field(default=[], description="who is caught in the pattern")
    shown_by: list[LocalId] = Field(default=[], description="ids of the roles and behaviors that show it")


class InterventionFact(Fact):
    intervention: Term
    description: ShortText | None = None
    by: LocalId | None = Field(default=None, description="the provider; none for self-help")
    for_: list[LocalId] = Field(default=[], alias="for", description="the persons it was for")
    targets: list[LocalId] = Field(default=[], description="ids of the patterns, behaviors or roles it aimed at")


class OutcomeFact(Fact):
    outcome: Term
    description: ShortText | None = None
    person: LocalId | None = Field(default=None, description="whose outcome")
    after: list[LocalId] = Field(default=[], description="ids of the interventions it followed")
    result: Result


class Vignette(Strict):
    """One case vignette: a story, and the facts it shows, each tied to its words."""

    model_config = ConfigDict(title="Vignette")

    id: Slug
    title: ShortText
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
    composite: bool = Field(description="true for a composite or fictional vignette")
    synthetic: bool = Field(default=False, description="true for a machine-generated benchmark vignette (kb generate)")
    source: Source | None = None
    phases: list[Slug] = Field(default=[], description="the phases of the story, in order")
    narrative: Annotated[str, StringConstraints(min_length=1, max_length=200_000)]
    persons: list[Person] = Field(min_length=1)
    roles: list[RoleFact] = []
    behaviors: list[BehaviorFact] = []
    patterns: list[PatternFact] = []
    interventions: list[InterventionFact] = []
    outcomes: list[OutcomeFact] = []


# --------------------------------------------------------------------------- vocabulary


class Mapping(Strict):
    system: Annotated[str, StringConstraints(min_length=1, max_length=40)] = Field(description="e.g. MeSH, ICD-10")
    label: ShortText = Field(description="the descriptor's heading in that system")
    code: Annotated[str, StringConstraints(max_length=40)] = Field(
        default="", description="its code; empty unless certain"
    )


class Concept(Strict):
    id: Slug
    kind: ConceptKind
    label: ShortText
    synonyms: list[ShortText] = []
    definition: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=1000)]
    broader: list[Slug] = Field(default=[], description="ids of broader concepts of the same kind")
    related: list[Slug] = Field(default=[], description="ids of related concepts of any kind")
    mappings: list[Mapping] = []


class VocabularyFile(Strict):
    model_config = ConfigDict(title="Vocabulary")

    concepts: list[Concept] = Field(min_length=1)


FACT_LISTS: dict[str, str] = {
    "roles": "role",
    "behaviors": "behavior",
    "patterns": "pattern",
    "interventions": "intervention",
    "outcomes": "outcome",
}
"""The vignette's fact lists and the concept kind (also the field name) each one names."""


# --------------------------------------------------------------------------- articles


class ArticleFormat(StrEnum):
    """The form an article came in; its stored text is always plain text."""

    text = "text"
    markdown = "markdown"
    html = "html"


class ArticleLinkType(StrEnum):
    """How an article relates to what it links to: a vignette (cites, illustrated-by, source-of), a concept (about)."""

    cites = "cites"
    illustrated_by = "illustrated-by"
    source_of = "source-of"
    about = "about"


VIGNETTE_LINK_TYPES = (ArticleLinkType.cites, ArticleLinkType.illustrated_by, ArticleLinkType.source_of)


class ArticleLink(Strict):
    type: ArticleLinkType
    vignette: Slug | None = Field(default=None, description="the id of the vignette linked to")
    concept: Slug | None = Field(default=None, description="the id of the concept linked to")


class ArticleFile(Strict):
    """An article as `kb export` writes it (articles/<id>.json) and `kb import` reads it."""

    model_config = ConfigDict(title="Article")

    id: Slug
    title: ShortText
    author: ShortText | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)] | None = None
    format: ArticleFormat = Field(default=ArticleFormat.text, description="the form it came in")
    text: Annotated[str, StringConstraints(min_length=1, max_length=1_000_000)] = Field(
        description="the article as plain text (what is tagged; mention offsets index it)"
    )
    links: list[ArticleLink] = Field(default=[], description="its links to vignettes and concepts")
