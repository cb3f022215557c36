"""What the teaching room answers: a stored case with its versions and staleness, listings, drafts, renderings."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from kb.answers import Page, SharedConcept, TermResolution
from kb.models import TeachingCase


class StaleVignette(BaseModel):
    """A vignette the case was cut from that changed or was removed since: the case keeps what it was cut from."""

    vignette: str
    reason: Literal["changed", "removed"]
    saved_version: str = Field(description="the vignette's version the case was cut from")
    current_version: str | None = Field(description="its version now; null when removed")
    sections: list[int] = Field(description="indexes of the sections whose passages or answers came from it")


class StoredCase(BaseModel):
    id: str
    version: str = Field(description="the content hash (the ETag); send it back in If-Match to change the case")
    revision: int = Field(description="1 for the first save, one more for each save since")
    saved_at: datetime
    saved_by: str | None = Field(default=None, description="the API key id, or cli:<user>, of the last save")
    stale: list[StaleVignette] = Field(
        default=[], description="vignettes changed or removed since the case was cut; refresh the case to re-cut it"
    )
    case: TeachingCase


class CaseSummary(BaseModel):
    id: str
    title: str
    audience: str
    concepts: list[str]
    vignettes: list[str]
    version: str
    revision: int
    saved_at: datetime
    stale: bool = Field(description="true when a vignette it uses changed or was removed since it was cut")


class CaseList(Page[CaseSummary]):
    filters: list[TermResolution] = Field(default_factory=list)
    vignette: str | None = None


class CaseVersion(BaseModel):
    revision: int
    version: str
    saved_at: datetime
    saved_by: str
    action: str = Field(description="create, replace, restore, refresh or import")
    title: str
    restored_from: int | None = None


class CaseVersions(BaseModel):
    id: str
    current: int
    items: list[CaseVersion] = Field(description="newest first")


class SavedCase(BaseModel):
    id: str
    status: Literal["created", "replaced", "restored", "refreshed", "unchanged"]
    version: str = Field(description="the content hash now stored (the ETag)")
    revision: int


class Choice(BaseModel):
    """Why a vignette was chosen for a draft: its evidence for the concepts, and how it relates to the others."""

    vignette: str
    title: str
    evidence: float = Field(description="the strength of its evidence for the concepts (facts, quotes, links, arc)")
    facts: int = Field(description="its facts of the concepts (or narrower ones)")
    quotes: int = Field(description="the evidence quotes behind them")
    similarity: float | None = Field(default=None, description="0..1 to the first vignette chosen (kb.queries)")
    shared: list[SharedConcept] = Field(default=[], description="what it shares with the first vignette chosen")
    why: str


class Draft(BaseModel):
    resolved: list[TermResolution]
    audience: str
    choices: list[Choice] = Field(description="the vignettes chosen, best first, each with the reason")
    considered: int = Field(description="vignettes that show the concepts")
    case: TeachingCase


class FactChange(BaseModel):
    fact: str
    label: str = Field(description="the fact's concept, as the case knew it (or as it is now, for an added fact)")
    kind: str
    change: Literal["added", "removed", "changed"]
    what: list[str] = Field(default=[], description="for a changed fact: what differs (concept, phase, quotes...)")
    cited_by: list[str] = Field(
        default=[], description="the questions (stage.question, e.g. 2.1) whose answers cite it"
    )


class VignetteChanges(BaseModel):
    """What differs between a vignette as the case was cut from it and as it is now."""

    vignette: str
    reason: Literal["changed", "removed"]
    title: str = Field(description="its title when the case was cut")
    new_title: str | None = Field(default=None, description="its title now, when it changed")
    phases_added: list[str] = []
    phases_removed: list[str] = []
    facts: list[FactChange] = []


class SectionChange(BaseModel):
    """A stage whose text a refresh would change (cut again from the story as it is now, trims undone)."""

    section: int = Field(description="its index in the case")
    title: str
    passages_before: int
    passages_after: int
    words_before: int
    words_after: int


class RefreshPreview(BaseModel):
    """What changed in the vignettes a case was cut from, and what refreshing it would do; nothing is written."""

    vignettes: list[VignetteChanges] = Field(description="one per vignette changed or removed since the case was cut")
    sections: list[SectionChange] = Field(description="the stages whose text a refresh would change")
    blocked: list[str] = Field(
        default=[], description="why a refresh cannot be done yet (each a field path and message); empty when it can"
    )
