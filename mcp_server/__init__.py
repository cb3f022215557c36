"""The knowledge base in AI assistants: a Model Context Protocol server (`kb mcp`), a face like api/ and cli/.

Read-only tools over the same core functions as the JSON API (kb.queries), each result with the vignette ids and
evidence quotes an assistant needs to cite what it says. Not named `mcp`: that is the SDK's package.
"""
