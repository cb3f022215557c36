"""What every command shares: the console, the settings, and turning known errors into clean exits."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape

from kb.errors import KbError
from kb.settings import Settings, get_settings
from kb.store.db import Database

console = Console()
err_console = Console(stderr=True)
# The driver logs a lost connection itself; a command reports it once, as its own clear error.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def settings() -> Settings:
    return get_settings()


@contextmanager
def clean_errors() -> Iterator[None]:
    """The library's errors (kb.errors) print what they say, without a stack trace, and end the command with
    their kind's exit code (2 for input that cannot be used, else 1)."""
    try:
        yield
    except KbError as exc:
        lines = exc.lines()
        for line in lines[:-1]:
            err_console.print(line, highlight=False, markup=False, soft_wrap=True)
        err_console.print(f"[bold red]error:[/] {escape(lines[-1])}", highlight=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None


@contextmanager
def database() -> Iterator[Database]:
    with clean_errors(), Database(settings()) as db:
        yield db
