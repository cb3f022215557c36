"""`kb mcp`: serve the knowledge base's read-only tools to AI assistants (Model Context Protocol)."""

from __future__ import annotations

import logging
import sys

import typer

from cli.common import database
from kb.vocab.vocabulary import load_vocabulary


def mcp(
    http: bool = typer.Option(False, "--http", help="serve streamable HTTP on 127.0.0.1 instead of stdio"),
    port: int = typer.Option(8765, min=1, max=65535, help="the HTTP port (with --http)"),
) -> None:
    """Serve read-only tools (ask, interventions, what an intervention was used for, vignettes, definitions,
    profiles, similar cases, search) to an AI assistant over stdio (or streamable HTTP on 127.0.0.1 with --http)."""
    from mcp_server.server import run  # the SDK loads only for this command

    # stdout is the protocol's channel on stdio: logs go to stderr
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    if http:
        typer.echo(f"MCP over streamable HTTP at http://127.0.0.1:{port}/mcp", err=True)
    with database() as db:
        run(db, load_vocabulary(), "http" if http else "stdio", port)
