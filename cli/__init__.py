"""The `kb` command line: a thin typer adapter over the kb library."""
