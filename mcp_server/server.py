"""`kb mcp`: the knowledge base's read-only tools for AI assistants, over stdio or streamable HTTP (127.0.0.1).

Every tool makes one call into kb (the same core function as the API endpoint named in its description) and
returns that answer as structured content, plus, where the answer itself holds no quotes (a definition, a
profile), examples: vignettes where the concept appears, with their quotes. Errors of the knowledge base (an
unknown term, a question not understood) come back as tool errors with their message and closest concepts.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Literal, ParamSpec, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

import kb
from kb.answers import (
    CompareAnswer,
    ConceptDetail,
    Example,
    InterventionsAnswer,
    InterventionTargets,
    OutcomesAnswer,
    PatternProfile,
    SearchAnswer,
    SimilarAnswer,
    VignetteDetail,
    VignetteList,
)
from kb.errors import KbError
from kb.queries.ask import AskAnswer, find_vignette
from kb.queries.ask import ask as ask_question
from kb.queries.ask_parse import Intent
from kb.queries.compare import compare_concepts
from kb.queries.concepts import concept_examples, get_concept, pattern_profile
from kb.queries.interventions import interventions_for, outcomes_after
from kb.queries.search import search as search_text
from kb.queries.similarity import similar_to_vignette
from kb.queries.targets import intervention_targets
from kb.queries.vignettes import get_vignette, list_vignettes
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary

log = logging.getLogger("kb.mcp")
P = ParamSpec("P")
R = TypeVar("R")

INSTRUCTIONS = """\
A knowledge base of composite psychotherapy case vignettes (fictional composites, never real clients): persons,
their family relations, the roles they play, their behaviors, the clinical patterns these show (enmeshment,
codependency, parentification...), the interventions used and the outcomes after them. Every fact is tied to
quotes of the vignette's narrative. Words are read through a controlled vocabulary (any synonym, plural or small
typo). Start with `ask` for a question in plain English; use the other tools for one kind of answer. When you
use an answer, cite the vignette ids and quote the evidence given; do not present a composite as a real case."""

READ_ONLY = ToolAnnotations(readOnlyHint=True, destructiveHint=False, idempotentHint=True, openWorldHint=False)


class AskResult(AskAnswer):
    examples: list[Example] = Field(
        default=[], description="for a definition, a profile or a comparison: where the concepts appear, with quotes"
    )


class ConceptResult(BaseModel):
    concept: ConceptDetail
    examples: list[Example] = Field(description="vignettes where the concept appears, with the supporting quotes")


class ProfileResult(BaseModel):
    profile: PatternProfile
    examples: list[Example] = Field(description="vignettes showing the pattern, with the supporting quotes")


def _tool_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """The knowledge base's errors as tool errors (message and machine-readable details); anything else logged,
    answered with no detail."""

    @wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except KbError as exc:
            details = exc.details()
            extra = f" {json.dumps(details, default=str)}" if details else ""
            raise ToolError(f"{exc.code}: {exc.message}{extra}") from None
        except Exception:
            log.exception("tool %s failed", fn.__name__)
            raise ToolError("internal error: the knowledge base could not answer (see the server's log)") from None

    return call


def build_server(db: Database, vocab: Vocabulary) -> MCPServer:
    """The MCP server with its tools, over one Database and one vocabulary."""
    server: MCPServer = MCPServer(
        name="casevignette-kb",
        title="Case-vignette knowledge base",
        version=kb.__version__,
        instructions=INSTRUCTIONS,
    )

    def tool(fn: Callable[P, R]) -> Callable[P, R]:
        server.tool(annotations=READ_ONLY, structured_output=True)(_tool_errors(fn))
        return fn

    def examples(term: str, n: int = 3) -> list[Example]:
        return concept_examples(db, vocab, term, n)

    @tool
    def ask(
        question: Annotated[str, Field(min_length=1, max_length=300, description="a question in plain English")],
        limit: Annotated[int, Field(ge=1, le=50, description="items per list")] = 10,
    ) -> AskResult:
        """Answer a clinician's question in plain English, e.g. "what helps a parentified son", "what was family
        therapy used for", "cases where the mother drinks and the daughter takes care of her", "roles in enmeshed
        families", "what outcomes followed boundary setting", "cases like donna", "what is triangulation",
        "compare enmeshment and codependency". Returns how the question was understood (`interpretation`: the
        reading, the concepts and how each was recognized, other readings in `also`) and the answer, with vignette
        ids and evidence quotes (GET /api/v1/ask)."""
        a = ask_question(db, vocab, question, limit)
        cite: list[Example] = []
        if a.interpretation.intent in (Intent.define, Intent.profile, Intent.compare):
            cite = [e for t in a.interpretation.terms[:2] for e in examples(t.query, 2)]
        return AskResult(**a.model_dump(), examples=cite)

    @tool
    def interventions(
        term: Annotated[str, Field(description="a pattern, behavior or role: enmeshment, people-pleasing, scapegoat")],
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
        support: Annotated[int, Field(ge=1, le=10, description="uses shown with their quotes per intervention")] = 3,
    ) -> InterventionsAnswer:
        """Which interventions were used for a pattern, behavior or role (narrower concepts included), ranked by
        the number of vignettes and then by the outcomes after them; each with its first uses: vignette id, the
        quotes, what it targeted, and the outcomes that followed (GET /api/v1/interventions?for=)."""
        return interventions_for(db, vocab, term, limit=limit, support=support)

    @tool
    def intervention_used_for(
        intervention: Annotated[str, Field(description="an intervention: family therapy, CBT, boundary setting")],
        limit: Annotated[int, Field(ge=1, le=50, description="targets listed per kind")] = 10,
    ) -> InterventionTargets:
        """What an intervention was used for: the patterns, behaviors and roles it targeted, most vignettes first,
        with counts, the outcomes after those uses, and the first uses with vignette ids and quotes
        (GET /api/v1/interventions/{id}/targets)."""
        return intervention_targets(db, vocab, intervention, limit=limit)

    @tool
    def outcomes_after_intervention(
        intervention: Annotated[str, Field(description="an intervention: family therapy, EMDR, Al-Anon")],
    ) -> OutcomesAnswer:
        """The outcomes reported after an intervention: each use (vignette id, quotes) with the outcomes that
        followed it, improved, mixed, unchanged or worse, and their quotes (GET /api/v1/interventions/{id}/outcomes)."""
        return outcomes_after(db, vocab, intervention)

    @tool
    def find_vignettes(
        patterns: Annotated[list[str], Field(max_length=10, description="patterns all required")] = [],  # noqa: B006
        roles: Annotated[list[str], Field(max_length=10)] = [],  # noqa: B006
        behaviors: Annotated[list[str], Field(max_length=10)] = [],  # noqa: B006
        interventions: Annotated[list[str], Field(max_length=10)] = [],  # noqa: B006
        outcomes: Annotated[list[str], Field(max_length=10)] = [],  # noqa: B006
        kin: Annotated[
            list[str],
            Field(max_length=5, description="family relations: 'father and daughter', 'son', 'mother'"),
        ] = [],  # noqa: B006
        without: Annotated[list[str], Field(max_length=10, description="concepts that must be absent")] = [],  # noqa: B006
        text: Annotated[str | None, Field(max_length=200, description='full-text words or a "quoted phrase"')] = None,
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
    ) -> VignetteList:
        """Vignettes having every concept given (narrower ones count), every family relation of `kin` and none of
        `without`, optionally matching full text: ids, titles and summaries (GET /api/v1/vignettes). Read one in
        full, with its quotes, with `get_vignette`."""
        filters = [
            (kind, term)
            for kind, terms in (
                ("pattern", patterns),
                ("role", roles),
                ("behavior", behaviors),
                ("intervention", interventions),
                ("outcome", outcomes),
            )
            for term in terms
        ]
        return list_vignettes(db, vocab, filters, text, limit, kin=kin, without=without)

    @tool
    def get_vignette_detail(
        vignette: Annotated[str, Field(description="a vignette id (donna), a title, or a person's name in it")],
    ) -> VignetteDetail:
        """One vignette in full: its narrative, persons and their relations, and every role, behavior, pattern,
        intervention and outcome with the quotes (and offsets into the narrative) that support it
        (GET /api/v1/vignettes/{id})."""
        return get_vignette(db, vocab, find_vignette(db, vignette))

    @tool
    def similar_vignettes(
        vignette: Annotated[str, Field(description="a vignette id (donna), a title, or a person's name in it")],
        k: Annotated[int, Field(ge=1, le=20)] = 5,
    ) -> SimilarAnswer:
        """The vignettes most like one vignette, by the patterns, roles and behaviors they share (taxonomy-aware),
        with a score and what each shares (GET /api/v1/vignettes/{id}/similar)."""
        return similar_to_vignette(db, vocab, find_vignette(db, vignette), k)

    @tool
    def define_concept(
        term: Annotated[str, Field(description="any concept: a pattern, role, behavior, intervention or outcome")],
    ) -> ConceptResult:
        """What a concept is: definition, synonyms, broader and narrower concepts, mappings to standard
        vocabularies, how many vignettes use it (GET /api/v1/concepts/{id}), and where it appears, with quotes."""
        concept = get_concept(db, vocab, term)
        return ConceptResult(concept=concept, examples=examples(concept.id) if not concept.retired else [])

    @tool
    def profile(
        pattern: Annotated[str, Field(description="a pattern: enmeshment, codependency, triangulation")],
        focus: Annotated[
            Literal["roles", "behaviors", "interventions", "outcomes", "patterns"] | None,
            Field(description="the kind asked for, listed first"),
        ] = None,
    ) -> ProfileResult:
        """What goes with a pattern: the roles, behaviors, interventions, outcomes and other patterns in the
        vignettes that show it, with counts and how many are tied to the pattern itself
        (GET /api/v1/patterns/{id}/profile), and vignettes showing it, with quotes."""
        p = pattern_profile(db, vocab, pattern, focus)
        return ProfileResult(profile=p, examples=examples(p.resolved.concept.id))

    @tool
    def compare(
        a: Annotated[str, Field(description="a concept")],
        b: Annotated[str, Field(description="another concept")],
    ) -> CompareAnswer:
        """Two concepts side by side: definitions; for two patterns their profiles, for two interventions what each
        was used for; what both share and what only one has; how many vignettes have both (GET /api/v1/compare)."""
        return compare_concepts(db, vocab, a, b)

    @tool
    def search(
        query: Annotated[
            str, Field(min_length=1, max_length=200, description='words (small typos are forgiven) or a "phrase"')
        ],
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
    ) -> SearchAnswer:
        """Full text over vignette titles, summaries and narratives and concept labels, synonyms and definitions,
        best first, each hit with its id and a snippet with the matches in [[ ]] (GET /api/v1/search)."""
        return search_text(db, query, limit)

    return server


def run(db: Database, vocab: Vocabulary, transport: Literal["stdio", "http"], port: int = 8765) -> None:
    """Serve the tools until the client closes stdin (stdio) or the process is stopped (HTTP on 127.0.0.1)."""
    server = build_server(db, vocab)
    if transport == "stdio":
        server.run("stdio")
    else:
        server.run("streamable-http", host="127.0.0.1", port=port)
