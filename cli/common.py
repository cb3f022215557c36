"""What every command shares: the console, the settings, and turning known errors into clean exits."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from kb.db import Database, Neo4jQueryError, Neo4jUnavailable
from kb.localdb import LocalNeo4jError
from kb.settings import Settings, get_settings

console = Console()
err_console = Console(stderr=True)
# The driver logs a lost connection itself; a command reports it once, as its own clear error.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

KNOWN_ERRORS: tuple[type[Exception], ...] = (LocalNeo4jError, Neo4jUnavailable, Neo4jQueryError)


def settings() -> Settings:
    return get_settings()


@contextmanager
def clean_errors() -> Iterator[None]:
    """Known errors print one clear message (no stack trace) and exit 1."""
    try:
        yield
    except KNOWN_ERRORS as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
        raise typer.Exit(1) from None


@contextmanager
def database() -> Iterator[Database]:
    with clean_errors(), Database(settings()) as db:
        yield db
