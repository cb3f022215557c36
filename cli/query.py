"""`kb ask`, `kb interventions`, `kb vignettes`, `kb similar`: the API's answers as rich tables, or JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer
from pydantic import BaseModel
from rich.table import Table

from cli.common import console, database
from kb.answers import (
    CompareAnswer,
    ConceptDetail,
    InterventionsAnswer,
    InterventionTargets,
    OutcomesAnswer,
    PatternProfile,
    SharedConcept,
    SimilarAnswer,
    VignetteList,
)
from kb.queries.ask import ask as ask_question
from kb.queries.interventions import interventions_for
from kb.queries.similarity import similar_to_vignette
from kb.queries.vignettes import list_vignettes
from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary, load_vocabulary

JSON = typer.Option(False, "--json", help="print the answer as JSON (the API's shape)")


@contextmanager
def answering() -> Iterator[tuple[Database, Vocabulary]]:
    """A database and the vocabulary, for a question; its errors end the command cleanly (cli.common)."""
    with database() as db:
        yield db, load_vocabulary()


def emit(answer: BaseModel, as_json: bool) -> bool:
    if as_json:
        console.print_json(answer.model_dump_json())
    return as_json


def show_interventions(a: InterventionsAnswer) -> None:
    included = f" (with {', '.join(c.label for c in a.resolved.includes)})" if a.resolved.includes else ""
    console.print(
        f"Interventions for [bold]{a.resolved.concept.label}[/]{included}; "
        f"'{a.resolved.term}' matched by {a.resolved.how}. Ranked {a.ranking}."
    )
    table = Table("#", "intervention", "vignettes", "outcomes after", "evidence")
    for n, item in enumerate(a.items, start=a.offset + 1):
        o = item.outcomes
        lines = []
        for use in item.support[:3]:
            targets = "; ".join(
                p.targeted.concept.label
                + (f" (shows {p.shows.concept.label})" if p.shows else "")
                + (f" (shown by {p.shown_by.concept.label})" if p.shown_by else "")
                for p in use.paths[:2]
            )
            quote = " ".join(use.evidence[0].text.split()) if use.evidence else ""
            lines.append(f"[bold]{use.vignette_id}[/]: \u201c{quote}\u201d \u2192 {targets}")
        table.add_row(
            str(n),
            item.intervention.label,
            str(item.vignettes),
            f"{o.improved} improved, {o.mixed} mixed, {o.unchanged} unchanged, {o.worse} worse",
            "\n".join(lines),
        )
    console.print(table)
    console.print(f"{len(a.items)} of {a.total} interventions shown.")


def show_vignettes(a: VignetteList) -> None:
    said = [f"{f.concept.kind} {f.concept.label}" for f in a.filters] + [f"a {k.words}" for k in a.kin]
    said += [f"without {f.concept.label}" for f in a.without]
    if said:
        console.print("Filters: " + ", ".join(said))
    table = Table("id", "title", "summary")
    for v in a.items:
        table.add_row(v.id, v.title, v.summary)
    console.print(table)
    console.print(f"{len(a.items)} of {a.total} vignettes shown.")


SHOWN_PER_KIND = {"pattern": 6, "role": 4, "behavior": 4}


def shared_by_kind(shared: list[SharedConcept]) -> str:
    """What a similar vignette shares, kind by kind (patterns first), a few of each and how many more."""
    lines = []
    for kind, n in SHOWN_PER_KIND.items():
        of_kind = [x for x in shared if x.kind == kind]
        if not of_kind:
            continue
        names = ", ".join(
            x.match.label + ("" if x.relation == "same" else f" ({x.relation} of {x.query.label})") for x in of_kind[:n]
        )
        more = f" (+{len(of_kind) - n})" if len(of_kind) > n else ""
        lines.append(f"{kind}s: {names}{more}")
    return "\n".join(lines)


def show_similar(a: SimilarAnswer) -> None:
    table = Table("vignette", "score", "patterns / roles / behaviors", "shares")
    for s in a.items:
        kinds = " / ".join(f"{s.by_kind.get(k, 0):.2f}" for k in ("pattern", "role", "behavior"))
        table.add_row(f"{s.vignette.id}\n{s.vignette.title}", f"{s.score:.2f}", kinds, shared_by_kind(s.shared))
    console.print(f"Vignettes like [bold]{a.query}[/] (weights {a.weights}):")
    console.print(table)


def show_profile(a: PatternProfile) -> None:
    console.print(f"[bold]{a.resolved.concept.label}[/] occurs in {a.vignettes} vignettes.")
    for name in a.order:  # the kind asked for first
        entries = getattr(a, name)
        table = Table(name, "vignettes", "tied to the pattern", title=name.capitalize(), title_justify="left")
        for e in entries[:10]:
            table.add_row(e.concept.label, str(e.vignettes), str(e.linked))
        console.print(table)


def show_concept(a: ConceptDetail) -> None:
    console.print(f"[bold]{a.label}[/] ({a.kind}, in {a.vignettes} vignettes): {a.definition}")
    for name, refs in (("broader", a.broader), ("narrower", a.narrower), ("related", a.related)):
        if refs:
            console.print(f"  {name}: " + ", ".join(r.label for r in refs))
    if a.synonyms:
        console.print("  synonyms: " + ", ".join(a.synonyms))


def show_outcomes(a: OutcomesAnswer) -> None:
    table = Table("vignette", "intervention", "outcomes after it")
    for item in a.items:
        for use in item.support:
            table.add_row(
                use.vignette_id,
                item.intervention.label,
                "\n".join(f"{o.outcome.label} ({o.result}): {o.description or ''}" for o in use.outcomes),
            )
    console.print(f"Outcomes after [bold]{a.resolved.concept.label}[/]:")
    console.print(table)


def show_targets(a: InterventionTargets) -> None:
    console.print(
        f"[bold]{a.resolved.concept.label}[/] was used {a.uses} times in {a.vignettes} vignettes, for "
        f"(ranked {a.ranking}):"
    )
    for name in ("patterns", "behaviors", "roles"):
        table = Table(
            name[:-1], "vignettes", "outcomes after", "evidence", title=name.capitalize(), title_justify="left"
        )
        for e in getattr(a, name)[:10]:
            o = e.outcomes
            quotes = "\n".join(
                f"[bold]{u.vignette_id}[/]: \u201c{' '.join(u.evidence[0].text.split())}\u201d"
                for u in e.support[:2]
                if u.evidence
            )
            table.add_row(e.concept.label, str(e.vignettes), f"{o.improved} improved, {o.worse} worse", quotes)
        console.print(table)
    if a.narrower:
        console.print("Narrower interventions, asked on their own: " + ", ".join(c.label for c in a.narrower))


def show_compare(a: CompareAnswer) -> None:
    left, right = a.a.concept, a.b.concept
    console.print(f"[bold]{left.label}[/] ({left.kind}, {left.vignettes} vignettes): {left.definition}")
    console.print(f"[bold]{right.label}[/] ({right.kind}, {right.vignettes} vignettes): {right.definition}")
    console.print(f"Vignettes with both: {a.vignettes_with_both}")
    table = Table("", "both", f"only {left.label}", f"only {right.label}")
    for d in a.differences:
        table.add_row(d.kind, *(", ".join(c.label for c in refs[:6]) for refs in (d.shared, d.only_a, d.only_b)))
    if a.differences:
        console.print(table)


def interventions(
    term: str = typer.Argument(..., help="a pattern, behavior or role, e.g. enmeshment"),
    limit: int = typer.Option(20, min=1, max=100),
    as_json: bool = JSON,
) -> None:
    """Interventions used for a pattern, behavior or role, ranked by their evidence."""
    with answering() as (db, vocab):
        a = interventions_for(db, vocab, term, limit)
    if not emit(a, as_json):
        show_interventions(a)


def vignettes(
    pattern: list[str] = typer.Option([], help="repeatable; all must hold"),
    role: list[str] = typer.Option([]),
    behavior: list[str] = typer.Option([]),
    intervention: list[str] = typer.Option([]),
    outcome: list[str] = typer.Option([]),
    q: str = typer.Option(None, help="full text"),
    limit: int = typer.Option(20, min=1, max=100),
    as_json: bool = JSON,
) -> None:
    """Vignettes having every concept given, optionally matching a full-text query."""
    filters = [
        (k, t)
        for k, ts in (
            ("pattern", pattern),
            ("role", role),
            ("behavior", behavior),
            ("intervention", intervention),
            ("outcome", outcome),
        )
        for t in ts
    ]
    with answering() as (db, vocab):
        a = list_vignettes(db, vocab, filters, q, limit)
    if not emit(a, as_json):
        show_vignettes(a)


def similar(
    vignette_id: str = typer.Argument(..., help="a vignette id, e.g. donna"),
    k: int = typer.Option(5, min=1, max=50),
    as_json: bool = JSON,
) -> None:
    """The vignettes most like this one, and what they share."""
    with answering() as (db, vocab):
        a = similar_to_vignette(db, vocab, vignette_id, k)
    if not emit(a, as_json):
        show_similar(a)


def ask(
    question: str = typer.Argument(..., help='e.g. "interventions for enmeshment"'),
    limit: int = typer.Option(20, min=1, max=100),
    as_json: bool = JSON,
) -> None:
    """A question in plain English: how it was understood, and the answer."""
    with answering() as (db, vocab):
        a = ask_question(db, vocab, question, limit)
    if emit(a, as_json):
        return
    p = a.interpretation
    terms = ", ".join(f"'{t.text}' \u2192 {t.label} ({t.kind}, by {t.how})" for t in p.terms)
    terms += "".join(f", a {k}" for k in p.kin) + "".join(f", without {t.label}" for t in p.without)
    console.print(
        f"Understood as [bold]{p.form}[/]" + (f": {terms.lstrip(', ')}" if terms else f": {p.vignette_ref or ''}")
    )
    for note in p.notes:
        console.print(f"  [dim]{note}[/]")
    if p.also:
        console.print("  Also understood as: " + "; ".join(f"'{r.question}'" for r in p.also))
    shows: dict[type, Callable[[Any], None]] = {
        InterventionsAnswer: show_interventions,
        VignetteList: show_vignettes,
        SimilarAnswer: show_similar,
        PatternProfile: show_profile,
        ConceptDetail: show_concept,
        OutcomesAnswer: show_outcomes,
        InterventionTargets: show_targets,
        CompareAnswer: show_compare,
    }
    shows[type(a.answer)](a.answer)
