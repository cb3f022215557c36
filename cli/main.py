"""The `kb` command."""

from __future__ import annotations

import typer

from cli import article as article_commands
from cli import assistant as assistant_commands
from cli import audit as audit_commands
from cli import db as db_commands
from cli import exchange as exchange_commands
from cli import keys as key_commands
from cli import query as query_commands
from cli import schema as schema_commands
from cli import stats as stats_commands
from cli import teach as teach_commands
from cli import vignettes as vignette_commands
from cli import vocab as vocab_commands
from cli.common import settings

app = typer.Typer(
    help="The case-vignette knowledge base: vignettes as a Neo4j graph, answered with their evidence.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(db_commands.app, name="db")
app.add_typer(schema_commands.app, name="schema")
app.add_typer(stats_commands.app, name="stats")
app.add_typer(key_commands.app, name="keys")
app.add_typer(vocab_commands.app, name="vocab")
app.add_typer(vignette_commands.new_app, name="new")
app.add_typer(teach_commands.app, name="teach")
app.add_typer(article_commands.app, name="article")


@app.command()
def serve(
    host: str = typer.Option(None, help="interface to listen on (default KB_API_HOST, 127.0.0.1)"),
    port: int = typer.Option(None, help="port (default KB_API_PORT, 8000)"),
    workers: int = typer.Option(1, min=1, max=32, help="uvicorn worker processes, each with its own Neo4j driver"),
) -> None:
    """Serve the HTTP API with uvicorn."""
    import uvicorn

    from api.app import create_app

    s = settings()
    host, port = host or s.kb_api_host, port or s.kb_api_port
    if workers == 1:
        uvicorn.run(create_app(s), host=host, port=port)
    else:  # each worker process builds the app from the same settings (environment and .env)
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers)


app.command()(vignette_commands.validate)
app.command()(vignette_commands.load)
app.command()(vignette_commands.remove)
app.command()(vignette_commands.generate)
app.command("export")(exchange_commands.export)
app.command("import")(exchange_commands.import_)
app.command()(audit_commands.audit)
for command in (query_commands.ask, query_commands.interventions, query_commands.vignettes, query_commands.similar):
    app.command()(command)
app.command("mcp")(assistant_commands.mcp)
