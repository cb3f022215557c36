"""`kb teach ...`: teaching cases drafted from the graph, saved with versions, handed out as Markdown, HTML, PDF."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from cli.common import console, database, err_console
from kb.authoring.yamlsource import dump_yaml
from kb.teaching.checking import parse_case
from kb.teaching.draft import DEFAULT_AUDIENCE, MAX_VIGNETTES, draft_case
from kb.teaching.render import EDITIONS, FORMATS, render_case, render_check
from kb.teaching.store import (
    NEW,
    UnknownCase,
    case_versions,
    delete_case,
    get_case,
    list_cases,
    refresh_case,
    restore_case,
    save_case,
)
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor

app = typer.Typer(
    help="Teaching cases: draft from the graph, save (every save a version), hand out.", no_args_is_help=True
)
JSON = typer.Option(False, "--json", help="print the API's JSON instead")
VERSION = typer.Option(None, "--version", help="the version you edited, as `kb teach show` prints it")


def _case_text(case: object) -> str:
    return "# yaml-language-server: $schema=../schema/teaching-case.schema.json\n" + dump_yaml(
        case.model_dump(mode="json", exclude_defaults=True)  # type: ignore[attr-defined]
    )


@app.command()
def draft(
    concepts: list[str] = typer.Argument(..., help="the patterns or concepts to teach (any synonym)"),
    audience: str = typer.Option(DEFAULT_AUDIENCE, help="who the case is for, e.g. 'first-year trainees'"),
    vignettes: int = typer.Option(1, "-n", "--vignettes", min=1, max=MAX_VIGNETTES, help="how many vignettes"),
    include: list[str] = typer.Option([], "--with", help="a vignette the case must use (repeatable)"),
    out: Path = typer.Option(None, "-o", "--out", help="write the draft case here as YAML, to edit and save"),
    save: bool = typer.Option(False, "--save", help="save the draft as a new case right away"),
    as_json: bool = JSON,
) -> None:
    """Draft a case: the vignettes that show the concepts best (and why), staged passages, questions, answers."""
    vocab = load_vocabulary()
    with database() as db:
        result = draft_case(db, vocab, concepts, audience, vignettes, include)
        saved = save_case(db, vocab, result.case, Actor.command_line(), NEW) if save else None
    if out:
        out.write_text(_case_text(result.case), encoding="utf-8")
    if as_json:
        console.print_json(result.model_dump_json())
        return
    table = Table(title=f"Draft: {result.case.title}", show_lines=True)
    for col in ("vignette", "evidence", "similarity", "why"):
        table.add_column(col, overflow="fold")
    for c in result.choices:
        table.add_row(c.vignette, f"{c.evidence:g}", "" if c.similarity is None else f"{c.similarity:.2f}", c.why)
    console.print(table)
    console.print(
        f"{len(result.case.sections)} stages, {sum(len(s.questions) for s in result.case.sections)} questions, "
        f"{len(result.case.objectives)} objectives; chosen from {result.considered} vignettes that show "
        f"{', '.join(r.concept.label for r in result.resolved)}."
    )
    if out:
        console.print(f"Wrote {out}; edit it, then `kb teach save {out}`.")
    if saved:
        console.print(f"Saved teaching case {saved.id!r}, version {saved.revision} ({saved.version}).")


@app.command("save")
def save_command(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="a teaching case file (YAML or JSON)"),
    version: str = VERSION,
) -> None:
    """Save a case file: a new case, or a new version of one (then --version, the version you edited)."""
    vocab = load_vocabulary()
    text = path.read_text(encoding="utf-8")
    with database() as db:
        case = parse_case(text, str(path), "json" if path.suffix == ".json" else "yaml")
        if version is None:
            try:
                get_case(db, case.id)
            except UnknownCase:
                pass
            else:
                err_console.print(
                    f"[red]Teaching case {case.id!r} exists: give --version (the version `kb teach show "
                    f"{case.id}` prints) so that nobody's save in between is overwritten.[/]"
                )
                raise typer.Exit(1)
        saved = save_case(db, vocab, case, Actor.command_line(), version, file=str(path))
    console.print(f"Teaching case {saved.id!r}: {saved.status}, version {saved.revision} ({saved.version}).")


@app.command()
def show(
    case_id: str = typer.Argument(..., help="the case's id"),
    revision: int = typer.Option(None, "--revision", min=1, help="an earlier version"),
    out: Path = typer.Option(None, "-o", "--out", help="write the case here as YAML, to edit and save"),
    as_json: bool = JSON,
) -> None:
    """A case: its version (to edit it), its stages, and whether a vignette it uses changed since."""
    with database() as db:
        stored = get_case(db, case_id, revision)
    if out:
        out.write_text(_case_text(stored.case), encoding="utf-8")
    if as_json:
        console.print_json(stored.model_dump_json())
        return
    c = stored.case
    console.print(f"[bold]{c.title}[/]  ({c.id}, version {stored.revision}: {stored.version})")
    console.print(
        f"for {c.audience}; teaches {', '.join(c.concepts)}; "
        f"saved {stored.saved_at:%Y-%m-%d %H:%M} by {stored.saved_by}"
    )
    for i, s in enumerate(c.sections, start=1):
        console.print(f"  {i}. {s.title or s.kind.value}: {len(s.passages)} passage(s), {len(s.questions)} question(s)")
    for flag in stored.stale:
        err_console.print(
            f"[yellow]stale: {flag.vignette} {flag.reason} since the case was cut (stages "
            f"{', '.join(str(i + 1) for i in flag.sections)}); `kb teach refresh {c.id} --version {stored.version}`[/]"
        )
    if out:
        console.print(f"Wrote {out}.")


@app.command("list")
def list_command(
    concept: str = typer.Option(None, help="cases teaching this concept (any synonym)"),
    vignette: str = typer.Option(None, help="cases using this vignette"),
    limit: int = typer.Option(50, min=1, max=100),
    as_json: bool = JSON,
) -> None:
    """The teaching cases, by id."""
    with database() as db:
        page = list_cases(db, load_vocabulary(), concept, vignette, limit)
    if as_json:
        console.print_json(page.model_dump_json())
        return
    table = Table(title=f"{page.total} teaching case(s)")
    for col in ("id", "title", "vignettes", "version", "stale"):
        table.add_column(col, overflow="fold")
    for c in page.items:
        table.add_row(c.id, c.title, ", ".join(c.vignettes), str(c.revision), "yes" if c.stale else "")
    console.print(table)


@app.command()
def versions(case_id: str = typer.Argument(...), as_json: bool = JSON) -> None:
    """Every saved version of a case, newest first."""
    with database() as db:
        history = case_versions(db, case_id)
    if as_json:
        console.print_json(history.model_dump_json())
        return
    table = Table(title=f"Versions of {case_id}")
    for col in ("version", "saved", "by", "action", "title"):
        table.add_column(col, overflow="fold")
    for v in history.items:
        action = v.action + (f" of {v.restored_from}" if v.restored_from else "")
        table.add_row(str(v.revision), f"{v.saved_at:%Y-%m-%d %H:%M:%S}", v.saved_by, action, v.title)
    console.print(table)


@app.command()
def restore(
    case_id: str = typer.Argument(...),
    revision: int = typer.Argument(..., min=1, help="the version to make current again"),
    version: str = typer.Option(..., "--version", help="the case's current version, as `kb teach show` prints it"),
) -> None:
    """Make an earlier version current again (saved as a new version)."""
    with database() as db:
        saved = restore_case(db, case_id, revision, Actor.command_line(), version)
    console.print(f"Restored version {revision} of {case_id!r} as version {saved.revision} ({saved.version}).")


@app.command()
def refresh(
    case_id: str = typer.Argument(...),
    version: str = typer.Option(..., "--version", help="the case's current version, as `kb teach show` prints it"),
) -> None:
    """Cut a case again from its vignettes as they are now (after one changed)."""
    with database() as db:
        saved = refresh_case(db, load_vocabulary(), case_id, Actor.command_line(), version)
    console.print(f"Teaching case {case_id!r}: {saved.status}, version {saved.revision} ({saved.version}).")


@app.command()
def delete(case_id: str = typer.Argument(...), version: str = VERSION) -> None:
    """Remove a case with all its versions (with --version: only if it is still at that version)."""
    with database() as db:
        delete_case(db, case_id, Actor.command_line(), version)
    console.print(f"Removed teaching case {case_id!r} with its versions.")


@app.command()
def export(
    case_id: str = typer.Argument(...),
    fmt: str = typer.Option("pdf", "--format", help=f"one of {', '.join(FORMATS)}"),
    edition: str = typer.Option("student", "--edition", help=f"one of {', '.join(EDITIONS)}"),
    out: Path = typer.Option(None, "-o", "--out", help="the file to write (default: <id>-<edition>.<format>)"),
    revision: int = typer.Option(None, "--revision", min=1, help="an earlier version"),
) -> None:
    """Write a case as a student handout or an instructor edition, in Markdown, HTML or PDF."""
    with database() as db:
        render_check(fmt, edition)
        rendered = render_case(db, load_vocabulary(), case_id, fmt, edition, revision)
    target = out or Path(rendered.filename)
    target.write_bytes(rendered.content)
    console.print(f"Wrote {target} ({len(rendered.content):,} bytes).")
